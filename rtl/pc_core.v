// SPDX-License-Identifier: ISC
//
// pc_core — the plasticore learning core behind the frame layer: command sequencer, memories
// and the learning engines; the register file (pc_regs), LFSR (pc_lfsr), counters (pc_counters),
// the one shared rounding shifter (pc_rnd) and the DSP wrappers (pc_mad, pc_cdec, pc_apd) are
// submodules. Bit-exact with host/core.c (the spec) and host/refdev.c (the protocol decisions);
// docs/rtl.md describes the micro-architecture.
//
// Interfaces (all synchronous to i_clk):
//   frame_rx side: a held good frame (i_frame_valid, i_cmd, i_seq, i_len, payload read port
//     o_pay_raddr -> i_pay_rdata, 1-cycle latency), released with a one-cycle o_frame_done when
//     the command has finished; a held parser error (i_err_valid, code, seq) released with
//     o_err_ack when its error response starts (both with o_tx_start: the held cmd / seq are
//     read from frame_rx while the command runs, no copies); i_dropped strobes;
//     o_timeout = register RX_TIMEOUT.
//   frame_tx side: o_tx_start (one cycle, while !i_tx_busy) with cmd/seq/len (o_tx_len = tw_q
//     held until frame_tx is done: nothing writes the buffer or tw_q while i_tx_busy, and
//     i_tx_done clears it for the next answer); the payload comes from the response buffer,
//     read at frame_tx's i_tx_pay_idx when i_tx_pay_re (o_tx_pay_data is the byte frame_tx
//     offers).
//
// Memories: slots (spram_bank, 48-bit {aux, w, age, idx}, one access per cycle), W2 / nlive /
// a / score / acc2-e (EBR), present-stamp bitmap (EBR, structural grow), counters (EBR, 48 bit),
// response buffer (EBR). The slot engine is a 5-stage stream (read, slot word, pixel, products,
// decide/write); writes take the single slot port only when a slot really changes. The forward
// and update phases stream the neurons back to back; a W2 row engine (li_q, m1..m3) reads W2
// rows behind the forward stream (output layer), for the deltas, and for the update (whose W2
// words go down the slot stream ahead of the neuron's slots and are decided in S4).
`default_nettype none

module pc_core #(
	parameter integer H_MAX         = 64,
	parameter integer SLOT_CAP      = 16384,
	parameter integer RX_FIFO_BYTES = 2048,
	parameter integer CACHE         = 1           // synaptic caching built in (CTRL bit 2, FEATURES)
) (
	input  wire        i_clk,
	input  wire        i_rst,
	// request frames
	input  wire        i_frame_valid,
	input  wire [7:0]  i_cmd,
	input  wire [7:0]  i_seq,
	input  wire [10:0] i_len,
	output reg         o_frame_done,
	output reg  [9:0]  o_pay_raddr,
	input  wire [7:0]  i_pay_rdata,
	input  wire        i_err_valid,
	input  wire [7:0]  i_err_code,
	input  wire [7:0]  i_err_seq,
	output reg         o_err_ack,
	input  wire        i_dropped,
	output wire [31:0] o_timeout,
	// response frames
	output reg         o_tx_start,
	output wire [7:0]  o_tx_cmd,
	output wire [7:0]  o_tx_seq,
	output wire [10:0] o_tx_len,
	input  wire        i_tx_busy,
	input  wire [9:0]  i_tx_pay_idx,
	input  wire        i_tx_pay_re,
	input  wire        i_tx_done,
	output wire [7:0]  o_tx_pay_data,
	// status
	output wire        o_busy,
	output reg         o_error
);
	// ------------------------------------------------------------------ sizes
	localparam integer HW   = $clog2(H_MAX + 1);                 // holds 0..H_MAX
	localparam integer HAW  = (H_MAX > 1) ? $clog2(H_MAX) : 1;   // neuron address
	localparam integer SAW  = (SLOT_CAP > 16384) ? $clog2(SLOT_CAP) : 14; // slot address
	localparam integer BW   = SAW + 1;
	localparam integer MAW  = SAW + 1;                           // MEM address (>= every size)
	localparam integer NCW  = $clog2(SLOT_CAP + 1);              // 0..SLOT_CAP
	localparam integer PW   = (NCW + 1 < 24) ? NCW + 1 : 24;     // act-prune P / ties
	localparam [23:0]  PMAX = (24'd1 << PW) - 24'd1;
	localparam integer W2D  = H_MAX * 10;
	localparam integer W2AW = $clog2(W2D);
	localparam [31:0]  SLOT_CAP32 = SLOT_CAP;
	localparam [31:0]  W2D32 = W2D;
	localparam [31:0]  HMAX32 = H_MAX;
	localparam [15:0]  HMAX16 = HMAX32[15:0];
	localparam [15:0]  RXF16 = RX_FIFO_BYTES[15:0];
	// STATUS payload, byte 0 in the low bits: magic, version 1, H_MAX, SLOT_CAP, 1024, RX FIFO
	wire [127:0] status_rom_w = {RXF16, 16'd1024, SLOT_CAP32, HMAX16, 16'd1, 32'h3143_4C50};

	// counters
	localparam [4:0] C_TRAIN_S = 5'd1, C_TRAIN_C = 5'd2, C_INFER_S = 5'd3,
		C_INFER_C = 5'd4, C_L1R = 5'd5, C_L1G = 5'd7, C_L2R = 5'd9, C_L2G = 5'd11,
		C_STR = 5'd14, C_PERS = 5'd18, C_FERR = 5'd19, C_DROP = 5'd20;

	// commands
	localparam [7:0] CMD_STATUS = 8'h01, CMD_WREG = 8'h02, CMD_RREG = 8'h03, CMD_TRAIN = 8'h04,
		CMD_INFER = 8'h05, CMD_PERS = 8'h06, CMD_CNTS = 8'h07, CMD_MWRITE = 8'h08,
		CMD_MREAD = 8'h09, CMD_STRUCT = 8'h0A, CMD_APRUNE = 8'h0B;
	localparam [2:0] E_LEN = 3'd2, E_CMD = 3'd3, E_ARG = 3'd5;    // error codes (all < 8)

	// ctrl bits
	localparam integer B_GATE1 = 0, B_GATE2 = 1, B_CACHE = 2, B_STRUCT = 3, B_STOCH = 6;

	// phases of the neuron loop
	localparam [2:0] PH_CHECK = 3'd0, PH_FWD = 3'd1, PH_UPD = 3'd2, PH_PERS = 3'd3,
		PH_STRUCT = 3'd4, PH_ACNT = 3'd5, PH_ACMP = 3'd6, PH_DL = 3'd7;

	// states
	localparam [6:0]
		ST_INIT = 7'd3, ST_IDLE = 7'd7, ST_DISP = 7'd36, ST_FAIL = 7'd0, ST_FAIL_TX = 7'd9,
		ST_FETCH = 7'd1, ST_EMIT = 7'd8,
		ST_SEND = 7'd32,
		ST_PRE = 7'd13, ST_WR = 7'd14, ST_WR_ENT = 7'd15, ST_MREST = 7'd41,
		ST_RR = 7'd18, ST_RR_CHK = 7'd19, ST_CNTS = 7'd22, ST_C_RD = 7'd20,
		ST_MW_LOOP = 7'd27, ST_MW_WORD = 7'd28,
		ST_MARGS = 7'd29, ST_MR_LOOP = 7'd30,
		ST_CONS = 7'd64, ST_LOOP0 = 7'd2,
		ST_NL_START = 7'd37, ST_NL_LOAD = 7'd38, ST_NL_STREAM = 7'd39, ST_NL_END = 7'd40,
		ST_NL_NEXT = 7'd16, ST_PH_DONE = 7'd42,
		ST_L2F_Y = 7'd45, ST_DL_J = 7'd47, ST_DL_RUN = 7'd48,
		ST_SEL = 7'd50, ST_SEL_RUN = 7'd52,
		ST_SEL_MARK = 7'd53, ST_UPD_NP = 7'd54, ST_W2U = 7'd55,
		ST_SINCE = 7'd57, ST_PCLR = 7'd58, ST_GR_CHK = 7'd60,
		ST_GR_DRAW = 7'd61, ST_GR_TEST = 7'd62, ST_GR_END = 7'd63, ST_AP_CHK = 7'd34,
		ST_AP_PASS = 7'd65, ST_AP_STEP = 7'd66,
		ST_FIN = 7'd69, ST_FLUSH = 7'd70,
		ST_PRED2 = 7'd78, ST_UPD_START = 7'd79;

	localparam [1:0] OK_UNKNOWN = 2'd0, OK_BAD = 2'd1, OK_GOOD = 2'd2;
	localparam [1:0] COP_ADD = 2'd0, COP_LO = 2'd1, COP_HI = 2'd2;

	// ------------------------------------------------------------------ arithmetic helpers

	function automatic [15:0] sat16_32(input [31:0] v);  // saturate a 32-bit signed value
		begin
			if (!v[31] && (v[30:15] != 16'd0))
				sat16_32 = 16'h7FFF;
			else if (v[31] && (v[30:15] != 16'hFFFF))
				sat16_32 = 16'h8000;
			else
				sat16_32 = v[15:0];
		end
	endfunction

	function automatic [31:0] sat32_add(input [31:0] a, input [31:0] b);
		reg [32:0] s;
		begin
			s = {a[31], a} + {b[31], b};
			if (s[32] != s[31])
				sat32_add = s[32] ? 32'h8000_0000 : 32'h7FFF_FFFF;
			else
				sat32_add = s[31:0];
		end
	endfunction

	// |v| as unsigned (|-32768| = 32768), as (v ^ sign) + sign: one LUT per bit in front of the
	// carry chain (the XOR) instead of an inverter there and a select after it
	function automatic [15:0] abs16(input [15:0] v);
		abs16 = (v ^ {16{v[15]}}) + {15'd0, v[15]};
	endfunction

	// v < k for a constant k (callers zero-extend v): folds into a few LUTs. Yosys maps a `<`
	// with a constant operand to a full-width carry chain (~2 LCs per bit).
	// (simulators get the plain compare: the same value, far cheaper to evaluate per cycle)
	function automatic ltk(input [31:0] v, input [31:0] k);
`ifdef SYNTHESIS
		integer i;
		begin
			ltk = 1'b0;
			for (i = 0; i < 32; i = i + 1)
				ltk = k[i] ? (!v[i] || ltk) : (!v[i] && ltk);
		end
`else
		ltk = v < k;
`endif
	endfunction

	// leaky ReLU (slope 1/8): a > 0 ? a : a >>> 3
	function automatic [15:0] hfun(input [15:0] a);
		hfun = (!a[15] && (a != 16'd0)) ? a : {{3{a[15]}}, a[15:3]};
	endfunction

	// ------------------------------------------------------------------ registers
	wire [6:0]  ctrl_q;
	wire [HW-1:0] hid_q;
	wire [9:0]  slots_q;
	wire [3:0]  cdecay_q;
	wire [15:0] ta_rd_w;                          // THETA1 / THETA2 / THETA_C / PRUNE_THETA (S3)
	reg  [4:0]  ta_w;
	wire [23:0] live_n_w;                         // ~LIVE (pc_regs keeps it inverted)
	wire [31:0] lfsr_q, lfsr_next_w, rxto_q, reg_rd_w;
	wire        reg_ok_w, prune_due_w, due_v_w;
	reg  [4:0]  pa_w;
	wire        reg_we_w, lfsr_step_w, live_inc_w, live_dec_w, since_clr_w, since_inc_w;
	wire [4:0]  rr_addr_w;
	reg  [63:8] sh_q;                             // fetched payload bytes (newest on top)

	assign o_timeout = rxto_q;

	wire [1:0] sel_w = ctrl_q[5:4];

	pc_regs #(.H_MAX(H_MAX), .HW(HW), .FEATURES(CACHE != 0 ? 7'h7F : 7'h7B)) u_regs (
		.i_clk(i_clk), .i_rst(i_rst),
		.i_we(reg_we_w), .i_waddr(sh_q[20:16]), .i_wdata(sh_q[63:32]),
		.i_chk_addr(sh_q[31:16]), .i_chk_val(sh_q[63:32]), .o_chk_ok(reg_ok_w),
		.i_rr(cmd_w == CMD_RREG), .i_release(o_frame_done),
		.i_rd_addr(rr_addr_w), .i_pa(pa_w), .i_lfsr(lfsr_q), .o_rd_data(reg_rd_w),
		.i_ta(ta_w), .o_ta_data(ta_rd_w),
		.i_live_inc(live_inc_w), .i_live_dec(live_dec_w),
		.i_since_clr(since_clr_w), .i_since_inc(since_inc_w),
		.o_prune_due(prune_due_w), .o_due_v(due_v_w),
		.o_ctrl(ctrl_q), .o_hid(hid_q), .o_slots(slots_q),
		.o_cdecay(cdecay_q),
		.o_live_n(live_n_w), .o_rxto(rxto_q));

	pc_lfsr u_lfsr (
		.i_clk(i_clk), .i_rst(i_rst),
		.i_load(reg_we_w && sh_q[20:16] == 5'h10), .i_load_val(sh_q[63:32]),
		.i_step(lfsr_step_w), .o_state(lfsr_q), .o_next(lfsr_next_w));

	// ------------------------------------------------------------------ state
	assign rr_addr_w = sh_q[52:48];
	// st_q: every next state is a constant (by state, command, condition), so Yosys extracts the FSM
	// and encodes it one-hot (no 7-bit state compares: ~70 LCs less on the board)
	(* fsm_encoding = "one-hot" *)
	reg [6:0]  st_q;
	reg [2:0]  ph_q;
	// the command is read from the held frame (frame_rx keeps it until o_frame_done, raised with
	// o_tx_start, so no copy here; known commands have 4 bits, cerr_q flags the others)
	wire [7:0] cmd_w = {4'd0, i_cmd[3:0]};
	// the register shadow's read address outside READ_REG: a parameter read where it is used (the
	// word one cycle after the state that addresses it), else parked on PRUNE_EVERY (0x0B) for
	// pc_regs' bit-serial o_prune_due
	always @(*) begin
		case (st_q)
		ST_NL_START:            pa_w = 5'h15;   // GROW_MAX  -> grown_q in ST_NL_LOAD
		ST_NL_END, ST_GR_TEST:  pa_w = 5'h0F;   // GROW_TRIES -> tries_q in ST_GR_CHK
		ST_GR_DRAW:             pa_w = 5'h0E;   // GROW_W    -> gw_w in ST_GR_TEST
		ST_PH_DONE, ST_L2F_Y:   pa_w = 5'h12;   // TARGET    -> ediff_w in ST_L2F_Y
		ST_UPD_START:           pa_w = 5'h08;   // K         -> r_q / klt_q in ST_DL_J
		default:                pa_w = 5'h0B;
		endcase
		// per item: the update's LR of the S1 item (LR2 for a W2 word, else LR1) -> S2, in
		// every state the update stream runs in; PROTECT in the structural stream -> S3
		if (ph_q == PH_UPD && (st_q == ST_NL_STREAM || st_q == ST_W2U || st_q == ST_UPD_NP ||
		                       st_q == ST_NL_START || st_q == ST_PH_DONE))
			pa_w = {4'b0010, t1_q};
		else if (ph_q == PH_STRUCT && st_q == ST_NL_STREAM)
			pa_w = 5'h0D;
	end
	reg        cerr_q;                            // unknown command / an error response
	reg [2:0]  errc_q;
	wire [7:0] label_w = sh_q[63:56];             // TRAIN / INFER: the label byte stays in sh_q
	reg        fromframe_q;
	reg [1:0]  ok_q;
	reg [15:0] drop_q;

	// payload fetch: fetched bytes enter sh_q at the top; response emitter: the bytes of a word
	// loaded into sh_q leave at the bottom (sh_q[15:8]) into the response buffer
	reg [9:0]  pa_q;
	reg [3:0]  bc_q;                              // bytes to fetch / to emit
	reg        fv_q;
	wire [10:0] tw_q;                             // response bytes written = response length
	reg        emrom_q;                           // emit the STATUS table instead of sh_q
	reg        eskip_q;                           // READ_REG counter hi: skip bytes 0..3
	// loop helpers: rem_q counts payload bytes (WRITE_REG, READ_REG, MEM_WRITE: down to 5) or
	// words (MEM_READ); pre_q: the length / range pre-pass is done; apply_q: WRITE_REG pass 2
	reg [10:0] rem_q;
	reg        pre_q, apply_q, mbad_q;
	reg [1:0]  mem_q;
	reg [4:0]  ci_q;                              // counter index (COUNTERS, READ_REG)
	// learning
	reg [HW-1:0] j_q;
	reg [BW-1:0] base_q;
	reg [3:0]  kiss_q, kw_q;                      // e / acc2 RAM read address; kw_q: last cycle's
	reg [3:0]  li_q;                              // forward: W2 reads of the L2 row still to issue
	reg        yv_q;                              // y loop: acc2[kw_q] on the e RAM output
	// S2 multiplicand (the d*x DSP's A register, in pc_mad): the neuron's delta d (update, from its
	// decision on) or, forward, the w of the slot in S2 (loaded from the word in S1); djs_q: its
	// sign (d*x's: the DSP subtracts it from the rounding constant)
	reg        djs_q;
	reg        e2s_q;                             // the sign of e (e*h DSP's A register)
	reg [31:0] acc2_q;
	reg [3:0]  pred_q;
	// the best so far of the y loop's argmax (y with its sign bit flipped: unsigned order) and of
	// a selection pass (score): one register and one comparator (cmp_a_w > bst_q) for both; also
	// the score RAM's write data (the delta pass' score, a pass' best marked taken)
	reg [15:0] bst_q;
	reg        pix_off_q;
	reg        chk_bad_q;
	// W2 row engine (forward output layer, deltas, update rows)
	reg        m1v_q, m2v_q, m3v_q;
	reg        mf1_q, mf2_q, ml1_q, ml2_q, ml3_q; // first / last word of a W2 row (m1..m3)
	reg [W2AW-1:0] ma1_q;
	// selection
	reg          klt_q;                           // K < HIDDEN (latched in ST_DL_J)
	// the score written / marked: j_q (delta pass) or, in a selection pass, the neuron whose score
	// is on the RAM output, j_q - 1 (j_q moved on when it was read): one subtract, no copy of j_q
	wire [HAW-1:0] swa_n_w = j_q[HAW-1:0] - {{(HAW - 1){1'b0}}, st_q == ST_SEL_RUN};
	reg        s1v_q, best_f_q;
	// structural / act prune
	wire [9:0] wp_q;
	reg  [9:0] grown_q;
	reg [7:0]  tries_q, stamp_q;
	// grow draw (r_q[10:0]); also the address counter of the memory clears (ST_INIT, ST_PCLR) and
	// the count of gate 2's selection passes
	localparam integer IW = (W2AW > 10) ? W2AW : 10;            // clear 2^IW words at reset
	localparam integer RW = (IW > 11) ? IW : 11;
	reg [RW-1:0] r_q;
	// P (slots to prune), saturated at PW bits: every count compared with it is <= SLOT_CAP <
	// 2^NCW, so a saturated P gives the same decisions as the true P. cand_q is the stream's
	// threshold: T | 2^b in the counting pass of bit b (amask_q = 2^b), then T in the compaction.
	// ncnt counts the slots below cand_q (counting pass), then the prunes of the compaction
	// (from below: every slot below T goes, and the ties while ncnt < P): the pruned count.
	reg [PW-1:0] P_q;
	reg          ale_q, atie_q;                 // ncnt <= P, ncnt < P (registered, see ap_s_w)
	// (both kept inverted, ~count: P - ncnt is then P + ~ncnt + 1 with no inverted operand, and
	// a count up is an add of all ones)
	wire [NCW-1:0] ncnt_n_q;                      // counts <= live slots <= SLOT_CAP
	reg  [NCW-1:0] below_n_q;
	reg [30:0] cand_q, amask_q;

	// ------------------------------------------------------------------ memories
	// slot memory
	reg              wr_q;                        // slot write request (takes the port)
	reg [SAW-1:0]    wa_q;
	reg [47:0]       wd_q;
	// slot read address; also the MEM address (low bits; mbad_q: out of range) of MEM_WRITE /
	// MEM_READ and their pre-pass (bit SAW only there)
	wire [MAW-1:0]   sra_q;
	wire [47:0]      slot_rd_w;
	spram_bank #(.DEPTH(SLOT_CAP), .WIDTH(48)) u_slots (
		.i_clk   (i_clk),
		.i_addr  (wr_q ? wa_q : sra_q[SAW-1:0]),
		.i_we    (wr_q),
		.i_wdata (wd_q),
		.o_rdata (slot_rd_w)
	);

	wire [31:0]      e_rd_w;                      // acc2 / e RAM (u_e, below)

	// W2
	reg              w2we_q;
	reg [W2AW-1:0]   w2wa_q, w2ra_q;
	reg [15:0]       w2wd_q;
	wire [15:0]      w2_rd_w;
	pc_ram #(.W(16), .D(W2D), .AW(W2AW)) u_w2 (
		.i_clk(i_clk), .i_we(w2we_q), .i_waddr(w2wa_q), .i_wdata(w2wd_q),
		.i_re(1'b1), .i_raddr(w2ra_q), .o_rdata(w2_rd_w));

	// nlive
	reg              nlwe_q;
	reg [HAW-1:0]    nlwa_q;
	reg [15:0]       nlwd_q;
	wire [15:0]      nl_rd_w;
	wire [HAW-1:0]   nl_ra_w = c_mr_w ? w2ra_q[HAW-1:0] : j_q[HAW-1:0];   // MEM_READ: w2ra_q
	pc_ram #(.W(16), .D(H_MAX), .AW(HAW)) u_nlive (
		.i_clk(i_clk), .i_we(nlwe_q), .i_waddr(nlwa_q), .i_wdata(nlwd_q),
		.i_re(1'b1), .i_raddr(nl_ra_w), .o_rdata(nl_rd_w));

	// a (hidden pre-activations, Q3.12)
	// written at jw_q, which moves on after the write (no copy of it as a write address)
	reg              awe_q;
	reg [HAW-1:0]    jw_q;                       // forward: neuron whose a is written next
	reg [15:0]       awd_q;                      // also a of the neuron in the W2 pipeline
	wire [15:0]      a_rd_w;
	pc_ram #(.W(16), .D(H_MAX), .AW(HAW)) u_a (
		.i_clk(i_clk), .i_we(awe_q), .i_waddr(jw_q), .i_wdata(awd_q),
		.i_re(1'b1), .i_raddr(j_q[HAW-1:0]), .o_rdata(a_rd_w));

	// gate-2 score {taken, score}
	// written {swt_q, bst_q} at swa_q: the delta pass loads bst_q with the score; a selection
	// pass keeps its best score in bst_q and its index in swa_q, the write marks it taken
	reg              swe_q, swt_q;
	reg [HAW-1:0]    swa_q;
	wire [16:0]      s_rd_w;
	pc_ram #(.W(17), .D(H_MAX), .AW(HAW)) u_score (
		.i_clk(i_clk), .i_we(swe_q), .i_waddr(swa_q), .i_wdata({swt_q, bst_q}),
		.i_re(1'b1), .i_raddr(j_q[HAW-1:0]), .o_rdata(s_rd_w));

	// present stamps (structural pass): input i is present in neuron j iff stamp[i] == stamp_q
	reg              pwe_q;
	reg [9:0]        pwa_q;
	reg [7:0]        pwd_q;
	wire [7:0]       p_rd_w;
	pc_ram #(.W(8), .D(1024), .AW(10)) u_present (
		.i_clk(i_clk), .i_we(pwe_q), .i_waddr(pwa_q), .i_wdata(pwd_q),
		.i_re(1'b1), .i_raddr(lfsr_next_w[9:0]), .o_rdata(p_rd_w));

	// counters (pc_counters: CYCLES register, EBR + one shared saturating adder)
	wire [47:0]      c_rd_w;
	wire             cnt_busy_w;
	reg              fl_go_q;
	// counter read: COUNTERS ci_q, READ_REG the fetched address (it reads sh_q[52:48] for pc_regs
	// too), read in ST_C_RD (pc_counters' read strobe: CYCLES adds its pre-count,
	// a same-index addition in flight is merged), the word there in ST_RR_CHK / ST_CNTS
	wire [4:0]       c_ra_w = (cmd_w[3:0] == 4'h3) ? sh_q[53:49] : ci_q;

	// response buffer: written at tw_q straight from the emitter (ST_EMIT: the STATUS table or
	// sh_q's bottom byte; ST_FAIL_TX: the error code); tw_q counts the bytes, so it is the
	// response length when o_tx_start rises (frame_tx latches cmd / seq / len then)
	wire             eskip_w = eskip_q && (bc_q[3] || (bc_q[2] && bc_q[1:0] != 2'd0));
	wire             emit_w  = (st_q == ST_EMIT) && !i_tx_busy;
	wire             tx_we_w = (emit_w && !eskip_w) || (st_q == ST_FAIL_TX);
	wire [7:0]       tx_wd_w = (st_q == ST_FAIL_TX) ? {5'd0, errc_q} :
	                           emrom_q ? status_rom_w[{tw_q[3:0], 3'b000} +: 8] : sh_q[15:8];
	pc_ram #(.W(8), .D(1024), .AW(10)) u_txbuf (
		.i_clk(i_clk), .i_we(tx_we_w), .i_waddr(tw_q[9:0]), .i_wdata(tx_wd_w),
		.i_re(i_tx_pay_re), .i_raddr(i_tx_pay_idx), .o_rdata(o_tx_pay_data));
	assign o_tx_seq = fromframe_q ? i_seq : i_err_seq;   // held until o_tx_start (one register in frame_rx)
	assign o_tx_len = tw_q;
	assign o_tx_cmd = cerr_q ? 8'hFF : (cmd_w | 8'h80);
	assign o_busy   = (st_q != ST_IDLE) || i_tx_busy;

	// fetch (fv_q: a byte enters at the top) / emitter (ST_EMIT: a byte leaves at the bottom, a
	// zero enters: COUNTERS bytes 6, 7, READ_REG counter hi bytes 6, 7) / word loads (below)
	wire        rr_reg_w  = ltk({16'd0, sh_q[63:48]}, 32'h16) || (sh_q[63:48] == 16'h1F);   // 0..0x15, FEATURES
	wire        rr_cnt_w  = (sh_q[63:54] == 10'd1) && ltk({26'd0, sh_q[53:48]}, 32'h2A);   // 0x40..0x69
	wire        ld_cnt_w  = ((st_q == ST_RR_CHK) && rr_cnt_w) || (st_q == ST_CNTS);
	wire        ld_reg_w  = (st_q == ST_RR_CHK) && rr_reg_w;
	wire        ld_mem_w  = (st_q == ST_MR_LOOP);
	wire        ld_misc_w = (st_q == ST_FLUSH);
	wire [15:0] mword_w   = (mem_q == 2'd0) ? slot_rd_w[15:0] : (mem_q == 2'd1) ? w2_rd_w : nl_rd_w;
	wire [31:0] misc_w    = (cmd_w == CMD_APRUNE) ? {{(32 - NCW){1'b0}}, ~ncnt_n_q} :
	                        {16'd0, label_w, 4'd0, pred_q};
	wire [47:0] shld_w    = ({48{ld_cnt_w}}  & c_rd_w) |
	                        ({48{ld_mem_w}}  & {slot_rd_w[47:16], mword_w}) |
	                        ({48{ld_reg_w}}  & {16'd0, reg_rd_w}) |
	                        ({48{ld_misc_w}} & {16'd0, misc_w});
	always @(posedge i_clk) begin
		// the top byte: cleared by a counter load; kept otherwise (TRAIN / INFER: the label)
		if (fv_q || emit_w)
			sh_q[63:56] <= fv_q ? i_pay_rdata : 8'd0;
		else if (ld_cnt_w)
			sh_q[63:56] <= 8'd0;
		if (fv_q || emit_w)
			sh_q[55:8] <= sh_q[63:16];
		else if (ld_cnt_w || ld_reg_w || ld_mem_w || ld_misc_w)
			sh_q[55:8] <= shld_w;
	end

	// ------------------------------------------------------------------ slot stream
	// R: read issued (sra_q) -> S1: word on slot_rd_w, pixel address issued -> S2: word + pixel,
	// d*x (forward w*x) -> S3: rnd / accumulate, |w|*aux vs cand, decay, age, (update) c2, |dw|,
	// gate 1 -> S4: decision, write request (wr_q) -> port. S4 starts from registers only (timing:
	// the new w's adder takes its apply by registered selects, the late decisions gate the writes).
	// The S4 slot address is a counter (base + slots that stay: in place every decided slot, in a
	// compaction the survivors and grown slots, i.e. the write pointer), not carried down the pipeline.
	// Update phase: a W2 word (t1..t4) enters at R from the W2 row engine instead of a read.
	reg [9:0]      rcnt_q;                        // reads still to issue (<= nlive < 2^10)
	// rcnt_q == 0 / == 1 as registers, set wherever rcnt_q is (from the value it is loaded with:
	// the stream's read / decision control then starts from flip-flops, not 10-bit compares)
	reg            rz_q, r1_q;
	reg            v1_q, v2_q, v3_q, v4_q;
	// per-item tags of the back-to-back forward stream: last slot of its neuron (S1..S3), null
	// item of a neuron without live slots (S1, S2: x forced to 0)
	reg            l1_q, l2_q, l3_q, n1_q, n2_q;
	reg            nz_q;                          // the neuron being issued has no live slot
	reg            nlv_q;                         // nlive / a / score outputs are those of j_q
	reg [31:0]     dp_q;                          // W2 pipeline product w*h / w*e (m2)
	wire [SAW-1:0] a4_q;                          // slot address in S4 / compaction write pointer
	// the slot word: sw2_q {aux, w, age, idx} in S2; sw3_q {age} in S3, sw4_q {aux, age} in S4.
	// S3's aux is the input register of the DSPs that use it, pc_cdec and pc_apd, loaded from sw2;
	// S4's aux comes out of pc_cdec (undecayed outside the caching update). w goes from S2 to S4
	// in pc_cdec's unused bottom half (two DSP registers, bits 15:1; bit 0 in w03_q, w04_q): S3
	// uses only |w|, from S2 into pc_apd's A register and the prune compare. idx and x (xv) go from
	// S2 to S4 in pc_smul's (the stochastic product's DSP) bottom half: S3 uses neither. (A W2
	// word's address has W2AW bits: those above 9 ride in the age field, raw outside STRUCT.)
	reg [47:0]     sw2_q;
	reg [5:0]      sw3_q;
	reg [21:0]     sw4_q;
	reg            w03_q, w04_q;
	wire [15:1]    w4hi_w;
	wire [9:0]     idx4_w;
	wire [3:0]     xv4_w;
	generate
		if (W2AW > 10) begin : g_w2a4
			assign w2a4_w = {sw4_q[W2AW-11:0], idx4_w};
		end else begin : g_w2a4s
			assign w2a4_w = idx4_w[W2AW-1:0];
		end
	endgenerate
	wire [W2AW-1:0] w2a4_w;                       // S4's W2 address: {age, idx}[W2AW-1:0]
	// dw of S4 as sign and magnitude (|dw| < 2^21; ng4_q: dw < 0 whenever |dw| != 0)
	reg [20:0]     dw4_q;
	reg            ng3_q, ng4_q;                  // sign of the S3 / S4 item's product
	reg            g14_q;                         // gate 1 passes |dw4_q| < theta (from S3)
	// W2 words in the slot stream (update: the neuron's 10 output weights go down the stream
	// ahead of its slots; S1 puts {e, w, W2 address} into the word, S2 multiplies e*h, S3
	// rounds with LR2, S4 applies gate 1 with THETA2 and writes W2)
	reg            t1_q, t2_q, t3_q, t4_q;
	// update loop: decision pending (W2 row issued, d not known), gate-1 bound check next
	// cycle, kill the speculative slot reads (S1..S3) next cycle
	reg            dpend_q, bchk_q, kill_q;
	reg            plt4_q, peq4_q;                // act prune: |w|*aux < T, == T (from S3)
	// One rounding shifter (S3), in sign and magnitude: rin_q holds |v| + 2^(s-1), v = d*x << 8
	// of a slot or e*h of a W2 word in the stream (added / subtracted in S2 by the product's
	// DSP, whose sign ng3_q keeps; rnd(v, s) = sign(v) * ((|v| + 2^(s-1)) >> s) is core.c's
	// definition), or 15*|d| << 8 without the constant while no item is in S2 (gate-1 bound,
	// after the update decision: rounded by the shifter's round bit); forward: w*x (signed, no
	// constant, not shifted: pw3_w). rnd(v << 8, s + 8) == rnd(v, s) for s >= 1.
	// (bits 7:0 are not kept: v's are 0 there for slots; the shifter drops bits below s - 1 >= 9;
	// |v| + 2^(s-1) < 2^31)
	reg  [30:8]    rin_q;
	wire [20:0]    rnd_w;                         // |rnd(v)| (slot / W2 word), B >> s (bound)
	wire           rnd_rb_w;
	// the S3 item's shift, LR2 for a W2 word else LR1 (the bound too), registered with rin_q so
	// that the shifter's selects come from flip-flops (timing: one LUT level less in S3)
	reg  [3:0]     lr3_q;
	pc_rnd #(.WI(31), .PRE(10), .WO(21)) u_rnd (
		.i_v({rin_q, 8'd0}), .i_lr(lr3_q), .o_v(rnd_w), .o_rb(rnd_rb_w));
	reg            prn4_q;
	reg signed [31:0] acc_q;                      // forward accumulator
	wire           streaming_w = (st_q == ST_NL_STREAM);
	// forward: a neuron's last read waits until the previous neuron's W2 row (li_q) is far
	// enough (last reads >= 10 cycles apart, so the output-layer rows never overlap)
	wire           l2wait_w = (ph_q == PH_FWD) && r1_q &&
	                          ((v1_q && l1_q) || (v2_q && l2_q) || (li_q > 4'd3));
	wire           rd_go_w = streaming_w && !rz_q && !wr_q && !l2wait_w;
	wire           stream_idle_w = rz_q && !v1_q && !v2_q && !v3_q && !v4_q && !wr_q;
	wire           w2iss_w = (li_q != 4'd0) && (ph_q == PH_UPD);   // a W2 word enters the stream
	wire           upd_done_w = (rz_q || (r1_q && rd_go_w)) && !dpend_q;
	wire           nlz_w = (nl_rd_w[9:0] == 10'd0);          // a loaded nlive: rz_q / r1_q
	wire           nl1_w = (nl_rd_w[9:0] == 10'd1);
	wire           upd_dec_w = m3v_q && ml3_q && (ph_q == PH_UPD);

	always @(*) begin
		if (v1_q)
			o_pay_raddr = {9'd0, pix_off_q} + {1'b0, slot_rd_w[9:1]};
		else
			o_pay_raddr = pa_q;
	end

	// S2 combinational products
	wire [3:0]  xv2_w   = n2_q ? 4'd0 : sw2_q[0] ? i_pay_rdata[7:4] : i_pay_rdata[3:0];
	// one 16x4 product per item: w*x (forward, accumulated in S3) or d*x (update, rounded in
	// S3); the two phases never overlap, so one DSP serves both, carried into S3 by rin_q. The
	// DSP's post-adder makes |d*x| + 2^(s-9) (update: 2^(s-9) - d*x for d < 0, x >= 0 so d*x has
	// d's sign or is 0; forward: w*x, no constant). Both operands doubled so that the DSP's O[0]
	// is 0 (pc_mad: no user): pd2_w = O >> 1.
	// One rounding constant for both DSPs, 2^(s-1) for the S2 item's s (W2 word: LR2, else LR1).
	always @(posedge i_clk)
		e2s_q <= e_rd_w[15];
	wire [3:0]  lr2s_w  = reg_rd_w[3:0];              // the S2 item's LR (lr3_q one cycle later)
	wire [15:0] rch2_w  = (ph_q == PH_FWD) ? 16'd0 : (16'd1 << lr2s_w);
	wire        ngd2_w  = (ph_q != PH_FWD) && djs_q;   // d*x < 0 (or 0)
	wire        nge2_w  = e2s_q ^ awd_q[15];             // e*h < 0 (or 0)
	wire [31:1] pdo2_w;
	pc_mad u_pd (.i_clk(i_clk), .i_ace(dj_ld_w), .i_a(dj_d_w), .i_b({11'd0, xv2_w, 1'b0}),
		.i_c({14'd0, rch2_w, 2'b00}), .i_sub(ngd2_w), .o_v(pdo2_w));
	wire [22:0] pd2_w   = pdo2_w[23:1];
	// W2 word: |e*h| + 2^(s-1), e from its own register (the DSP's A register), so the sw2 aux
	// mux feeds only sw2 and packs with it; the sign of e*h is e's ^ h's (h = hfun(a) has a's
	// sign; a zero product is 0 either way); O[8:0] are dropped (below rin_q)
	wire [31:1] eh2_w;
	pc_mad u_eh (.i_clk(i_clk), .i_ace(1'b1), .i_a(e_rd_w[15:0]), .i_b(hj_w),
		.i_c({7'd0, rch2_w, 9'd0}), .i_sub(nge2_w), .o_v(eh2_w));

	// S3 combinational
	// cache decay c - (c >>> k) (k = 0: c; 16 bits are exact) in a DSP (pc_cdec)
	// (passed undecayed outside the caching update: the aux as read, for sw4's aux field)
	wire [15:0] cdec3_w;
	wire        cpass_w = !(ph_q == PH_UPD && ctrl_q[B_CACHE]);
	pc_cdec u_cdec (.i_clk(i_clk), .i_c(sw2_q[47:32]), .i_k(cdecay_q), .i_pass(cpass_w), .o_d(cdec3_w),
		.i_w(sw2_q[31:17]), .o_w(w4hi_w));
	wire [5:0]  age3_w   = (sw3_q == 6'd63) ? 6'd63 : sw3_q + 6'd1;
	wire [15:0] absw2_w  = abs16(sw2_q[31:16]);         // (S2)
	reg         pr3_q;                                  // |w| < PRUNE_THETA (S3)
	// act prune: |w|*aux below / equal cand (|w|*aux < 2^31): product and cand - product in one
	// DSP (pc_apd), sign and zero test in the fabric
	wire        plt3_w, peq3_w;
	pc_apd u_apd (.i_clk(i_clk), .i_a(absw2_w), .i_b(sw2_q[47:32]), .i_cand(cand_q), .o_lt(plt3_w),
		.o_eq(peq3_w));
	wire [20:0] pw3_w    = rin_q[28:8];                     // forward w*x (S2's product, no constant)
	// caching: the new cache c2 = sat16(decayed cache + dw), here so that S4 starts from a register
	// (dw = +-|dw|: one add, the sign as its operand's inversion and carry in: bit 0 below)
	// |dw| >= 2^16 always saturates (|decayed cache| <= 2^15): an 18-bit add of |dw|'s low 16
	// bits, its high bits' OR beside the carry chain (timing: a shorter chain after the shifter)
	wire        big3_w   = (rnd_w[20:16] != 5'd0);
	wire [18:0] cs3_w    = {{2{cdec3_w[15]}}, cdec3_w, 1'b1} + {{2'b0, rnd_w[15:0]} ^ {18{ng3_q}}, ng3_q};
	wire        sat3_w   = big3_w || (cs3_w[18:16] != 3'd0 && cs3_w[18:16] != 3'd7);
	wire        sgn3_w   = big3_w ? ng3_q : cs3_w[18];
	wire [15:0] c23_w    = sat3_w ? {sgn3_w, {15{!sgn3_w}}} : cs3_w[16:1];
	// The S3 item's threshold from pc_regs' threshold copy, addressed in S2 (t2_q: the item in
	// S3 next cycle): THETA2 for a W2 word, else THETA1, or THETA_C with caching (a slot's gate 1
	// and THETA are then unused: S4 compares |c2| with it), PRUNE_THETA in the structural pass
	// (constant there, so S2's prune compare pr3_q reads it too).
	// Also THETA1 whenever no item needs another (nt1_q below takes it then).
	always @(*) begin
		if (ph_q == PH_STRUCT)
			ta_w = 5'h0C;
		else if (t2_q)
			ta_w = 5'h07;
		else if (ctrl_q[B_CACHE])
			ta_w = 5'h09;
		else
			ta_w = 5'h06;
	end
	reg         ta1_q;                            // ta_rd_w is THETA1
	always @(posedge i_clk)
		ta1_q <= (ta_w == 5'h06);
	// gate 1 (|dw| < THETA1 / THETA2), for S4
	wire [15:0] th3_w    = ta_rd_w;
	wire        g13_w    = ctrl_q[B_GATE1] && (rnd_w < {5'd0, th3_w});
	// S4's apply operands from registers (timing): its THETA (THETA_C with caching), the caching
	// select, and the dw step's saturation (|dw| >= 2^16: the add below needs then only 16 bits
	// of |dw|; a kept stochastic step has |dw| < THETA < 2^16)
	reg  [15:0] th4_q;
	reg         selc4_q, big4_q;
	always @(posedge i_clk) begin
		th4_q   <= th3_w;
		selc4_q <= ctrl_q[B_CACHE] && !t3_q;
		big4_q  <= big3_w && !(ctrl_q[B_CACHE] && !t3_q);
	end

	// S4 combinational decision
	wire [15:0] w4_w     = {w4hi_w, w04_q};
	wire [15:0] c2_w     = sw4_q[21:6];          // caching: the new cache (S3)
	wire [15:0] ac2_w    = abs16(c2_w);
	wire        ccl4_w   = ac2_w < th4_q;        // caching: |c2| < THETA_C, the aux-only write
	// stochastic keep: p < |dw| * 2^16 of p = LFSR * THETA, i.e. p[31:16] < |dw| (pc_smul's DSP;
	// its bottom half carries idx and x from S2, o_d)
	wire [15:0] stoch1_w;
	pc_smul u_smul (.i_clk(i_clk), .i_a(lfsr_next_w[15:0]), .i_b(th4_q), .o_hi(stoch1_w),
		.i_d({xv2_w, sw2_q[9:0]}), .o_d({xv4_w, idx4_w}));
	wire        keep1_w  = stoch1_w < dw4_q[15:0];
	reg         upd_w4_w, upd_gated_w, upd_step_w, upd_aux_only_w;
	always @(*) begin
		upd_w4_w       = 1'b0;
		upd_gated_w    = 1'b0;
		upd_step_w     = 1'b0;
		upd_aux_only_w = 1'b0;
		if ((t4_q || xv4_w != 4'd0) && dw4_q != 21'd0) begin
			if (ctrl_q[B_CACHE] && !t4_q) begin
				if (ccl4_w)
					upd_aux_only_w = 1'b1;
				else
					upd_w4_w = 1'b1;
			end else if (g14_q) begin
				if (ctrl_q[B_STOCH]) begin
					upd_step_w = 1'b1;
					if (keep1_w)
						upd_w4_w = 1'b1;
					else
						upd_gated_w = 1'b1;
				end else
					upd_gated_w = 1'b1;
			end else
				upd_w4_w = 1'b1;
		end
	end
	// The apply's select comes from registers (caching: mode; stochastic: gate 1 from S3), so
	// that the decision (|c2| vs THETA_C, the keep compare) does not feed the adder (S4 timing).
	// |nw - w| without a subtracter: |apply| unless the sum saturates (32767 - w high, w + 32768
	// low); |apply| < 2^16 whenever it does not (|w| <= 2^15, the sum fits 16 bits).
	wire        selt4_w  = ctrl_q[B_STOCH] && g14_q;  // (else) a kept step: +-theta, else dw
	wire        apneg4_w = !selc4_q && ng4_q;         // -theta / -|dw| as ~x + 1
	wire [17:0] apply4_w = selc4_q ? {{2{c2_w[15]}}, c2_w} :
	                       {2'd0, selt4_w ? th4_q : dw4_q[15:0]} ^ {18{ng4_q}};
	wire [17:0] sa4_w    = {{2{w4_w[15]}}, w4_w} + apply4_w + {17'd0, apneg4_w};
	wire        sahi4_w  = big4_q ? !ng4_q : (!sa4_w[17] && (sa4_w[16:15] != 2'd0));
	wire        salo4_w  = big4_q ? ng4_q : (sa4_w[17] && (sa4_w[16:15] != 2'h3));
	wire [15:0] nw4_w    = sahi4_w ? 16'h7FFF : salo4_w ? 16'h8000 : sa4_w[15:0];
	wire [16:0] aap4_w   = selc4_q ? {1'b0, ac2_w} : selt4_w ? {1'b0, th4_q} : dw4_q[16:0];
	wire [16:0] adnw4_w  = sahi4_w ? {1'b0, w4_w[15], ~w4_w[14:0]} :     // 32767 - w
	                       salo4_w ? {1'b0, !w4_w[15], w4_w[14:0]} : aap4_w;   // w + 32768
	wire [16:0] pers4_w  = {1'b0, sw4_q[21:6]} + {13'd0, xv4_w};
	// (P = 0: no search, nothing goes)
	wire        ap_prune_w = (P_q != {PW{1'b0}}) && (plt4_q || (peq4_q && atie_q));
	wire        ap_inc_w   = v4_q && (ph_q == PH_ACMP) && ap_prune_w && peq4_q;   // ncnt + 1

	// per-event counter flags (registered, applied by the accumulators one cycle later)
	reg        f_l1w_q, f_l1g_q, f_aux_q, f_stw_q, f_prn_q, f_grow_q, f_l2w_q, f_l2g_q;
	reg [16:0] f_l1dw_q, f_l2dw_q;
	// counter request (registered): op rq_op_q on counter rq_idx_q with rq_val_q (an ADD's value,
	// < 2^16; WRITE_REG's OP_LO / OP_HI take the word from sh_q[63:32], which holds it: the
	// fetch of the next entry shifts sh_q no sooner than 3 cycles after ST_WR_ENT)
	reg        rq_en_q;
	reg [1:0]  rq_op_q;
	reg [4:0]  rq_idx_q;
	reg [31:0] rq_val_q;

	pc_counters u_cnt (
		.i_clk(i_clk), .i_rst(i_rst),
		.i_op_v(rq_en_q), .i_op(rq_op_q), .i_op_idx(rq_idx_q), .i_op_val(rq_val_q),
		.i_op_wv(sh_q[63:32]),
		.i_ev_l1w(f_l1w_q), .i_ev_l1g(f_l1g_q), .i_ev_aux(f_aux_q), .i_ev_stw(f_stw_q),
		.i_ev_prn(f_prn_q), .i_ev_grow(f_grow_q), .i_ev_l2w(f_l2w_q), .i_ev_l2g(f_l2g_q),
		.i_ev_l1dw(f_l1dw_q), .i_ev_l2dw(f_l2dw_q),
		.i_flush(fl_go_q), .o_busy(cnt_busy_w),
		.i_rd_v(st_q == ST_C_RD), .i_rd_idx(c_ra_w), .o_rd_data(c_rd_w));

	// ------------------------------------------------------------------ misc combinational
	wire [HW-1:0] jn_w       = j_q + 1'b1;
	wire [15:0]   hj_w       = hfun(awd_q);
	wire [8:0]    hid9_w     = {{(9 - HW){1'b0}}, hid_q};
	wire          sel_act_w  = ctrl_q[B_GATE2] && klt_q;
	// gate-1 bound rnd(15*|d|) < THETA1 through the shared shifter (rin_q = B = 15*|d| << 8, no
	// rounding constant, see the slot stream): rnd(B) = q + rb (q = B >> s < 2^17, rb the round
	// bit), so skip iff q + rb < THETA1, i.e. no carry out of q + (2^17 - THETA1) + rb: one
	// 17-bit chain with rb as its carry in (bit 0 of the add below); THETA1 = 0 never skips
	// (nt1_q[16] = 0; else 2^17 - THETA1 >= 2^16).
	wire          skip_mode_w = !ctrl_q[B_CACHE] && !ctrl_q[B_STOCH] && ctrl_q[B_GATE1];
	// nt1_q: -THETA1 (17 bits), loaded whenever the threshold copy reads THETA1: every cycle of
	// the forward phase without caching (TRAIN's update always follows one, and a register
	// changes only between commands)
	wire [16:0]   nt1_q;
	pc_negq #(.W(17)) u_nt1 (.i_clk(i_clk), .i_en(ta1_q), .i_d({1'b0, ta_rd_w}), .o_q(nt1_q));
	wire [18:0]   bnd_s_w    = {1'b0, rnd_w[16:0], 1'b1} + {1'b0, nt1_q, rnd_rb_w};
	// bsk_q: the bound is checked this cycle and THETA1 != 0 (set with bchk_q, whose cycle is always
	// streaming, PH_UPD, no decision: checked below), so that the skip is one gate after the chain
	reg           bsk_q;
	// the bound check's skip: the reads stop (rcnt_q cleared, see the end of the sequencer)
	wire          rclr_w     = bsk_q && !bnd_s_w[18];
	wire [31:0]   acc_sum_w  = acc_q + {{11{pw3_w[20]}}, pw3_w};
	wire [15:0]   aw_fin_w   = sat16_32($signed(acc_sum_w) >>> 6);
	wire [15:0]   y_w        = sat16_32($signed(e_rd_w) >>> 14);
	wire [15:0]   cmp_a_w    = (st_q == ST_SEL_RUN) ? s_rd_w[15:0] : {!y_w[15], y_w[14:0]};
	wire          cmp_gt_w   = cmp_a_w > bst_q;
	wire [15:0]   d0_w       = sat16_32($signed(acc2_q) >>> 14);
	wire [15:0]   dfin_w     = (!awd_q[15] && awd_q != 16'd0) ? d0_w : {{3{d0_w[15]}}, d0_w[15:3]};
	wire [15:0]   adj_w      = abs16(dfin_w);
	// the S2 multiplicand (see djs_q): the A register of the d*x DSP (pc_mad), one explicit
	// enable (AHOLD), no hold multiplexer in the fabric
	wire          dj_fwd_w   = (ph_q == PH_FWD);
	wire          dj_ld_w    = dj_fwd_w || (streaming_w && upd_dec_w);
	wire [15:0]   dj_d_w     = dj_fwd_w ? slot_rd_w[31:16] : dfin_w;
	always @(posedge i_clk)
		if (dj_ld_w)
			djs_q <= dj_d_w[15];
	// gate-1 bound 15*|d| (rounded through the shared shifter in the cycle after the delta):
	// <= 15 * 32768 < 2^19, so 19 bits of the difference are exact
	wire [18:0]   bnd_in_w   = {adj_w[14:0], 4'd0} - {3'd0, adj_w};
	wire [16:0]   ediff_w    = (({1'b0, label_w} == {5'd0, kw_q}) ? {2'b00, reg_rd_w[14:0]} : 17'd0) -
	                           {y_w[15], y_w};
	// e = sat16(T' - y): T' - y >= 0 - 32767 never falls below -32768, so only the positive
	// side saturates (one select per bit, merged into the e RAM's write-data select)
	wire [15:0]   enew_w     = (!ediff_w[16] && ediff_w[15]) ? 16'h7FFF : ediff_w[15:0];
	wire [BW-1:0] base_s_w   = base_q + {{(BW - 10){1'b0}}, slots_q};
	wire          base_ok_w  = ltk({{(32 - BW){1'b0}}, base_q}, SLOT_CAP32 + 32'd1);   // consistency check
	wire          grow_ok_w  = ltk({22'd0, r_q[9:0]}, 32'd784) && (p_rd_w != stamp_q);
	wire [15:0]   gw_w       = r_q[10] ? -{1'b0, reg_rd_w[14:0]} : {1'b0, reg_rd_w[14:0]};
	// MEM range, checked word by word in the pre-pass: the address (sra_q) < size of the memory
	wire [31:0]   maddr32_w  = {{(32 - MAW){1'b0}}, sra_q};
	wire          min_w      = (mem_q == 2'd0) ? ltk(maddr32_w, SLOT_CAP32) :
	                           (mem_q == 2'd1) ? ltk(maddr32_w, W2D32) : ltk(maddr32_w, HMAX32);
	// rem_q step: WRITE_REG 6, READ_REG 2, MEM_WRITE 6 (slots) or 2, MEM_READ 1 (one word)
	wire          c_mr_w     = (cmd_w[3:0] == 4'h9);
	wire          c_mw_w     = cmd_w[3] && !cmd_w[0];
	wire [10:0]   step_w     = {8'd0, !cmd_w[0] && (!cmd_w[3] || mem_q == 2'd0), !c_mr_w, c_mr_w};
	wire [11:0]   rsub_w     = {1'b0, rem_q} - {1'b0, step_w};
	// end of the payload: rem_q = 5 for MEM_WRITE (its 5 header bytes), else 0
	wire          at_end_w   = (rem_q[10:3] == 8'd0) && (rem_q[2:0] == {c_mw_w, 1'b0, c_mw_w});
	// (MEM_WRITE: rem >= step + 5 as a compare of rem_q with a constant, not of the difference)
	wire          pre_go_w   = !rsub_w[11] && !(c_mw_w && ((mem_q == 2'd0) ? ltk({21'd0, rem_q}, 32'd11) :
	                                                                  ltk({21'd0, rem_q}, 32'd7)));
	// ACT_PRUNE: P = LIVE - keep (keep at sh_q[63:32]) = ~(keep + ~LIVE) (no inverted operand:
	// pc_regs keeps LIVE inverted); keep > LIVE is a carry out or a high byte
	wire [24:0]   ap_k_w     = {1'b0, sh_q[55:32]} + {1'b0, live_n_w};
	wire [23:0]   ap_d_w     = ~ap_k_w[23:0];
	wire          ap_bad_w   = ap_k_w[24] || (sh_q[63:56] != 8'd0);
	wire          ap_sat_w   = !ltk({8'd0, ap_d_w}, {8'd0, PMAX} + 32'd1);
	// P - ncnt: ncnt <= P (a counting pass: T = cand), ncnt < P (compaction: a tie may go).
	// Both registered (timing: the subtract's carry chain ends at a flip-flop): ale_q for
	// ST_AP_STEP (ncnt is final from the cycle the stream is idle in ST_PH_DONE); atie_q for
	// the compaction's S4, with the tie it prunes this cycle (ncnt + 1 < P: P - ncnt >= 2)
	wire [PW:0]   ap_s_w     = {1'b0, P_q} + {{(PW + 1 - NCW){1'b1}}, ncnt_n_q} + 1'b1;
	wire          ap_le_w    = !ap_s_w[PW];
	always @(posedge i_clk) begin
		ale_q  <= ap_le_w;
		atie_q <= ap_le_w && (ap_inc_w ? (ap_s_w[PW-1:1] != {(PW - 1){1'b0}}) :
		                                 (ap_s_w[PW-1:0] != {PW{1'b0}}));
	end

	// acc2 / e RAM: during the forward pass word k is the output accumulator acc2[k] (read at
	// m1 at kiss_q, the sum written back at m3 from acc2_q at kw3_q: rows are >= 10 cycles
	// apart, so no read meets it); the y loop reads acc2[k] and writes e[k] over it (low half),
	// read by the delta / W2-update issue at kiss_q.
	// One saturating accumulator adder for the W2 pipeline (m2): acc2_q + w*e (deltas) or,
	// forward, acc2[k] from the RAM + w*h (0 for W2 row 0, z2_q). The RAM takes the sum from
	// acc2_q, not from the adder: one net into a register and the RAM packed with neither.
	reg           fl3_q, z2_q;
	reg [3:0]     kw3_q;
	wire          m2zero_w   = (ph_q == PH_FWD) ? z2_q : mf2_q;
	wire [31:0]   m2a_w      = m2zero_w ? 32'd0 : (ph_q == PH_FWD) ? e_rd_w : acc2_q;
	wire [31:0]   m2sum_w    = sat32_add(m2a_w, dp_q);
	pc_ram #(.W(32), .D(16), .AW(4)) u_e (
		.i_clk(i_clk), .i_we(fl3_q || yv_q), .i_waddr(yv_q ? kw_q : kw3_q),
		.i_wdata({acc2_q[31:16], yv_q ? enew_w : acc2_q[15:0]}),
		.i_re(1'b1), .i_raddr(kiss_q), .o_rdata(e_rd_w));

	// W2 row engine: R = W2 (w2ra_q) and e / acc2 (kiss_q) reads, m1 = words: dp_q <= w*h
	// (forward) or w*e, m2 = accumulate (acc2_q or the acc2 RAM), m3 = the row's last word:
	// its delta is final (acc2_q)
	wire [15:0]   mop_w      = (ph_q == PH_FWD) ? hj_w : e_rd_w[15:0];
	wire [31:0]   mmul_w     = $signed(w2_rd_w) * $signed(mop_w);

	// MEM_WRITE / MEM_READ arguments: mem 0..2; MEM_READ n 1..170 (slots) or 1..512 words
	wire margbad_w = (sh_q[15:10] != 6'd0) || (sh_q[9:8] == 2'd3) || (c_mr_w && (sh_q[63:48] == 16'd0 ||
	                 !ltk({16'd0, sh_q[63:48]}, (sh_q[9:8] == 2'd0) ? 32'd171 : 32'd513)));

	// the error code of a failing state (ST_FAIL follows it; held until the code is written):
	// the parser's (ST_IDLE), unknown command / length (ST_DISP), length before argument
	// (pre-pass, MEM arguments), argument everywhere else
	always @(posedge i_clk) begin
		case (st_q)
		ST_FAIL, ST_FAIL_TX: ;
		ST_IDLE:  errc_q <= i_err_code[2:0];          // parser codes 1, 2, 4, 6, 7
		ST_DISP:  errc_q <= cerr_q ? E_CMD : E_LEN;
		ST_PRE:   errc_q <= at_end_w ? E_ARG : E_LEN;
		ST_MARGS: errc_q <= margbad_w ? E_ARG : E_LEN;
		default:  errc_q <= E_ARG;
		endcase
	end

	// the byte count of the next fetch / emission, by command (loaded into bc_q in every other
	// state): STATUS 16 (0), WRITE_REG 6, READ_REG 2 then 4 (counter hi: 8, the first 4 skipped),
	// TRAIN / INFER 1 then 2, PERSONALISE 1, COUNTERS 8, MEM_* 7 then a word (6 or 2),
	// ACT_PRUNE 4 and 4
	reg [3:0] bcn_w;
	always @(*) begin
		case (cmd_w[3:0])
		4'h1:       bcn_w = 4'd0;
		4'h2:       bcn_w = 4'd6;
		4'h3:       bcn_w = (st_q != ST_RR_CHK) ? 4'd2 : (rr_cnt_w && sh_q[48]) ? 4'd8 : 4'd4;
		4'h4, 4'h5: bcn_w = (st_q == ST_FLUSH) ? 4'd2 : 4'd1;
		4'h6:       bcn_w = 4'd1;
		4'h7:       bcn_w = 4'd8;
		4'h8, 4'h9: bcn_w = !pre_q ? 4'd7 : (mem_q == 2'd0) ? 4'd6 : 4'd2;
		default:    bcn_w = 4'd4;
		endcase
	end
	always @(posedge i_clk) begin
		if (st_q == ST_FETCH) begin
			if (bc_q != 4'd0)
				bc_q <= bc_q - 4'd1;
		end else if (st_q == ST_EMIT) begin
			if (!i_tx_busy)
				bc_q <= bc_q - 4'd1;
		end else
			bc_q <= bcn_w;
	end

	// subroutine returns, by command: ST_FETCH (the payload bytes of the command's next step),
	// ST_EMIT (the next word of a multi-word answer, or the end)
	reg [6:0] ret_w;
	always @(*) begin
		if (st_q == ST_FETCH) begin
			case (cmd_w[3:0])
			4'h2:       ret_w = ST_WR_ENT;
			4'h3:       ret_w = ST_C_RD;
			4'h4, 4'h5: ret_w = ST_CONS;
			4'h8:       ret_w = pre_q ? ST_MW_WORD : ST_MARGS;
			4'h9:       ret_w = ST_MARGS;
			default:    ret_w = ST_AP_CHK;
			endcase
		end else begin
			case (cmd_w[3:0])
			4'h3:       ret_w = ST_RR;
			4'h7:       ret_w = ST_C_RD;
			4'h9:       ret_w = ST_MR_LOOP;
			default:    ret_w = ST_SEND;
			endcase
		end
	end

	// sra_q: the slot read address (stream), MEM address (pre-pass, MEM_WRITE / MEM_READ words):
	// three loads by one select each (one mux per bit, the conditions decoded once)
	wire sra_co_w, a4_co_w, wp_co_w, tw_co_w, ncnt_co_w;   // (counters that never reach their end)
	wire sra_base_w = (st_q == ST_NL_LOAD) || (st_q == ST_W2U && li_q == 4'd0) ||
	                  (streaming_w && ph_q == PH_FWD && j_q != hid_q && nlv_q && (rz_q || (r1_q && rd_go_w)));
	wire sra_mem_w  = (st_q == ST_MREST) || (st_q == ST_PRE && !pre_go_w);
	wire sra_inc_w  = rd_go_w || (st_q == ST_PRE) || (st_q == ST_MW_WORD) || (st_q == ST_MR_LOOP && !at_end_w);
	pc_ldcnt #(.W(MAW)) u_sra (.i_clk(i_clk), .i_clr(1'b0), .i_ld(sra_base_w || sra_mem_w),
		.i_d(sra_base_w ? base_q[MAW-1:0] : sh_q[16 +: MAW]), .i_inc(sra_inc_w), .o_q(sra_q),
		.o_co(sra_co_w));

	// a4_q: the S4 slot write address (stream: + 1 per slot kept or grown; the neuron's base at
	// its start, as sra_q)
	wire a4_base_w = (st_q == ST_NL_LOAD) || (st_q == ST_W2U && li_q == 4'd0);
	pc_ldcnt #(.W(SAW)) u_a4 (.i_clk(i_clk), .i_clr(1'b0), .i_ld(a4_base_w), .i_d(base_q[SAW-1:0]),
		.i_inc((v4_q && !t4_q && !live_dec_w) || live_inc_w), .o_q(a4_q), .o_co(a4_co_w));
	// wp_q: the compaction / grow write pointer (slots kept or grown of the neuron: + 1 per slot
	// the structural or ACT_PRUNE stream keeps, + 1 per grow; 0 at the neuron's start)
	pc_ldcnt #(.W(10)) u_wp (.i_clk(i_clk), .i_clr(st_q == ST_NL_LOAD), .i_ld(1'b0), .i_d(10'd0),
		.i_inc((v4_q && ((ph_q == PH_STRUCT && !prn4_q) || (ph_q == PH_ACMP && !ap_prune_w))) ||
		       live_inc_w), .o_q(wp_q), .o_co(wp_co_w));
	// tw_q: the response bytes written (ST_EMIT, ST_FAIL_TX); 0 when the answer has been sent
	// (i_tx_done; a byte written in that cycle counts instead), at ST_FAIL and at reset
	wire tw_inc_w = (st_q == ST_EMIT && !i_tx_busy && !eskip_w) || (st_q == ST_FAIL_TX);
	pc_ldcnt #(.W(11)) u_tw (.i_clk(i_clk),
		.i_clr(i_rst || (st_q == ST_FAIL && !i_tx_busy) || (i_tx_done && !tw_inc_w)),
		.i_ld(1'b0), .i_d(11'd0), .i_inc(tw_inc_w), .o_q(tw_q), .o_co(tw_co_w));
	// ncnt_n_q: ACT_PRUNE's count (inverted: ~n), + 1 per slot below the candidate (v3, PH_ACNT)
	// or per tie pruned (v4, PH_ACMP); all ones (n = 0) at a pass's start and for the next bit
	// of the search; after the last bit the count below T (below_n_q) unless T's bit was set
	// (ale_q: the count stays). A decrement of ~n is an add of all ones (pc_ldcnt DOWN).
	wire ap_step_w = (st_q == ST_AP_STEP);
	pc_ldcnt #(.W(NCW), .DOWN(1), .CLR_ONES(1)) u_ncnt (.i_clk(i_clk),
		.i_clr((st_q == ST_AP_PASS) || (ap_step_w && !amask_q[0])),
		.i_ld(ap_step_w && !ale_q), .i_d(below_n_q),
		.i_inc(!ap_step_w && ((v3_q && ph_q == PH_ACNT && plt3_w) || ap_inc_w)),
		.o_q(ncnt_n_q), .o_co(ncnt_co_w));
	// w2ra_q: the W2 read address: 0 at a pass's start, MEM_READ's address, + 1 per row-engine
	// read or MEM_READ word, + 10 past a non-plastic neuron's row (one adder for both steps)
	wire w2ra_clr_w = (st_q == ST_LOOP0) || (st_q == ST_DL_J);
	wire w2ra_10_w  = (st_q == ST_UPD_NP);
	wire w2ra_inc_w = w2ra_10_w || (st_q == ST_MR_LOOP && !at_end_w) || (li_q != 4'd0);
	always @(posedge i_clk) begin
		if (w2ra_clr_w)
			w2ra_q <= {W2AW{1'b0}};
		else if (st_q == ST_MREST)
			w2ra_q <= sh_q[16 +: W2AW];
		else if (w2ra_inc_w)
			w2ra_q <= w2ra_q + (w2ra_10_w ? 'd10 : 'd1);
	end

	// ------------------------------------------------------------------ engine strobes
	// pass 2 of WRITE_REG (every address valid: 0x01..0x15, or 0x40..0x69 with bit 6 set)
	assign reg_we_w    = (st_q == ST_WR_ENT) && apply_q && !sh_q[22];
	assign lfsr_step_w = (v4_q && ph_q == PH_UPD && upd_step_w) ||
	                     (st_q == ST_DL_RUN && m3v_q && ml3_q && sel_w == 2'd2) ||
	                     (st_q == ST_GR_DRAW);
	// LIVE - 1 per pruned slot (structural and ACT_PRUNE compaction: clamping each step at 0
	// is the model's clamp of LIVE - pruned), + 1 per grown slot
	assign live_dec_w  = v4_q && ((ph_q == PH_STRUCT && prn4_q) || (ph_q == PH_ACMP && ap_prune_w));
	assign live_inc_w  = (st_q == ST_GR_TEST) && grow_ok_w;
	assign since_clr_w = (st_q == ST_SINCE) && due_v_w && ctrl_q[B_STRUCT] && prune_due_w;
	assign since_inc_w = (st_q == ST_SINCE) && due_v_w && !(ctrl_q[B_STRUCT] && prune_due_w);

	// the counter of a request by state, loaded every cycle (it means nothing without rq_en_q):
	// no hold, no priority between the request sites. In the update stream: the load (L2_READS /
	// L2_GATED += 10), the decision (L1_READS) and the gate-1 bound check (L1_READS / L1_GATED);
	// the forward stream L1_READS; ST_PH_DONE (forward) / ST_DL_J L2_READS
	wire rq_ld_w = (ph_q == PH_UPD) && !upd_dec_w && !bchk_q;
	wire rq_l1_w = (ph_q == PH_FWD) || upd_dec_w || bchk_q;
	wire rq_g_w  = rq_ld_w ? !(!sel_act_w || s_rd_w[16]) : rclr_w;
	always @(posedge i_clk) begin
		case (st_q)
		ST_IDLE:      rq_idx_q <= C_DROP;
		ST_SEND:      rq_idx_q <= C_FERR;
		ST_WR_ENT:    rq_idx_q <= sh_q[21:17];
		ST_NL_LOAD:   rq_idx_q <= C_STR;
		ST_PH_DONE:   rq_idx_q <= C_L2R;    // (the forward's reads)
		ST_PRED2:     rq_idx_q <= (cmd_w == CMD_TRAIN) ? C_TRAIN_S : (cmd_w == CMD_INFER) ? C_INFER_S : C_PERS;
		ST_UPD_START: rq_idx_q <= (cmd_w == CMD_TRAIN) ? C_TRAIN_C : C_INFER_C;
		ST_UPD_NP:    rq_idx_q <= C_L1G;
		default:      rq_idx_q <= rq_l1_w ? (rq_g_w ? C_L1G : C_L1R) : (rq_g_w ? C_L2G : C_L2R);
		endcase
	end

	// ------------------------------------------------------------------ main sequencer
	always @(posedge i_clk) begin
		// one-cycle defaults
		o_frame_done <= 1'b0;
		o_err_ack    <= 1'b0;
		o_error      <= 1'b0;
		o_tx_start   <= 1'b0;
		wr_q     <= 1'b0;
		w2we_q   <= 1'b0;
		nlwe_q   <= 1'b0;
		awe_q    <= 1'b0;
		swe_q    <= 1'b0;
		pwe_q    <= 1'b0;
		rq_en_q  <= 1'b0;
		rq_op_q  <= COP_ADD;
		fl_go_q  <= 1'b0;
		f_l1w_q  <= 1'b0; f_l1g_q <= 1'b0; f_aux_q <= 1'b0; f_stw_q <= 1'b0;
		f_prn_q  <= 1'b0; f_grow_q <= 1'b0; f_l2w_q <= 1'b0; f_l2g_q <= 1'b0;

		// dropped bytes
		drop_q <= drop_q + {15'd0, i_dropped};

		fv_q <= 1'b0;

		// ---- slot stream pipeline
		v1_q <= w2iss_w;
		t1_q <= w2iss_w;
		if (rd_go_w) begin
			rcnt_q <= rcnt_q - 10'd1;
			rz_q   <= r1_q;
			r1_q   <= (rcnt_q == 10'd2);
			v1_q   <= 1'b1;
		end
		t2_q  <= t1_q;
		t3_q  <= t2_q;
		t4_q  <= t3_q;
		l1_q  <= r1_q;
		n1_q  <= nz_q;
		l2_q  <= l1_q;
		n2_q  <= n1_q;
		l3_q  <= l2_q;
		v2_q  <= v1_q;
		if (t1_q)
			sw2_q <= {e_rd_w[15:0], w2_rd_w, {(16 - W2AW){1'b0}}, ma1_q};
		else if (v1_q)
			sw2_q <= slot_rd_w;
		v3_q  <= v2_q;
		sw3_q <= sw2_q[15:10];
		w03_q <= sw2_q[16];
		pr3_q <= absw2_w < th3_w;             // PRUNE_THETA: the copy's word all through PH_STRUCT
		if (t2_q)
			rin_q <= eh2_w[30:8];
		else if (v2_q)
			rin_q <= pd2_w;
		else
			rin_q <= {4'd0, bnd_in_w};
		ng3_q <= t2_q ? nge2_w : djs_q;
		lr3_q <= lr2s_w;
		dp_q  <= mmul_w;
		v4_q  <= v3_q;
		if (kill_q) begin                     // speculative slot reads of a skipped neuron
			v2_q <= 1'b0;
			v3_q <= 1'b0;
			v4_q <= 1'b0;
		end
		kill_q <= 1'b0;
		bchk_q <= 1'b0;
		bsk_q  <= 1'b0;
		// the slot write (wr_q decided this cycle; wa_q / wd_q mean nothing without it): one
		// select per field. Stream (S4): the slot as decided; MEM_WRITE: the fetched word;
		// grow (ST_GR_TEST): {0, +-GROW_W, age 0, the drawn idx}
		wa_q <= (st_q == ST_MW_WORD) ? sra_q[SAW-1:0] : a4_q;
		wd_q[9:0]   <= (st_q == ST_MW_WORD) ? sh_q[25:16] : (st_q == ST_GR_TEST) ? r_q[9:0] : idx4_w;
		wd_q[15:10] <= (st_q == ST_MW_WORD) ? sh_q[31:26] : (st_q == ST_GR_TEST) ? 6'd0 : sw4_q[5:0];
		// (the update's fields by mode only, not by the decision, which only gates wr_q: a slot
		// write of the update is the new w, or with caching below THETA_C the old w and c2)
		wd_q[31:16] <= (st_q == ST_MW_WORD) ? sh_q[47:32] : (st_q == ST_GR_TEST) ? gw_w :
		               (ph_q == PH_UPD && !(ctrl_q[B_CACHE] && ccl4_w)) ? nw4_w : w4_w;
		wd_q[47:32] <= (st_q == ST_MW_WORD) ? sh_q[63:48] :
		               (ph_q == PH_UPD && ctrl_q[B_CACHE] && ccl4_w) ? c2_w :
		               (ph_q == PH_PERS) ? (pers4_w[16] ? 16'hFFFF : pers4_w[15:0]) :
		               ((st_q == ST_GR_TEST) || ph_q == PH_ACMP || (ph_q == PH_UPD && ctrl_q[B_CACHE])) ?
		               16'd0 : sw4_q[21:6];
		// caching (PH_UPD): S4 needs only the new cache c2 (16 bits), not the raw aux; else the aux
		// as read, out of pc_cdec (i_pass)
		// structural pass: the incremented age (what a survivor is written with)
		w04_q <= w03_q;
		sw4_q <= {(ph_q == PH_UPD && ctrl_q[B_CACHE]) ? c23_w : cdec3_w,
		          (ph_q == PH_STRUCT) ? age3_w : sw3_q};
		plt4_q <= plt3_w;
		peq4_q <= peq3_w;
		dw4_q <= rnd_w;
		ng4_q <= ng3_q;
		g14_q <= g13_w;
		// (reg_rd_w: PROTECT, the shadow port's word in the structural stream)
		prn4_q <= pr3_q && (age3_w > reg_rd_w[5:0]);
		if (awe_q)                            // a[jw_q] is written this cycle
			jw_q <= jw_q + 1'b1;
		if (v3_q) begin
			case (ph_q)
			PH_FWD: begin
				if (l3_q) begin               // last slot of the neuron: a = sat16(acc >>> 6)
					acc_q <= 32'sd0;
					awe_q <= 1'b1;
					awd_q <= aw_fin_w;
				end else
					acc_q <= acc_sum_w;
			end
			default: ;
			endcase
		end
		// |dw| of a slot / W2 write, else 0: gated logic (one LUT per bit each, merged into the abs
		// mux), not one net into two sync-reset registers, which could pack with neither
		f_l1dw_q <= adnw4_w & {17{v4_q && ph_q == PH_UPD && upd_w4_w && !t4_q}};
		f_l2dw_q <= adnw4_w & {17{v4_q && ph_q == PH_UPD && upd_w4_w && t4_q}};
		if (v4_q) begin
			case (ph_q)
			PH_UPD: begin
				if (upd_aux_only_w) begin
					wr_q    <= 1'b1;
					f_aux_q <= 1'b1;
				end
				if (upd_w4_w) begin
					if (t4_q) begin            // W2 word (w2wa_q / w2wd_q: below)
						w2we_q   <= 1'b1;
						f_l2w_q  <= 1'b1;
					end else begin
						wr_q     <= 1'b1;
						f_l1w_q  <= 1'b1;
					end
				end
				if (upd_gated_w) begin
					f_l1g_q <= !t4_q;
					f_l2g_q <= t4_q;
				end
			end
			PH_CHECK: if (!ltk({22'd0, idx4_w}, 32'd784)) chk_bad_q <= 1'b1;   // (S4: idx from pc_smul)
			PH_PERS: begin
				if (xv4_w != 4'd0) begin
					wr_q    <= 1'b1;
					f_aux_q <= 1'b1;
				end
			end
			PH_STRUCT: begin
				if (prn4_q) begin
					f_prn_q <= 1'b1;
				end else begin
					wr_q    <= 1'b1;
					pwe_q   <= 1'b1;
					pwa_q   <= idx4_w;
					pwd_q   <= stamp_q;
					f_stw_q <= 1'b1;
				end
			end
			PH_ACMP: begin
				if (ap_prune_w) begin
					f_prn_q <= 1'b1;
				end else begin
					wr_q    <= 1'b1;
					f_stw_q <= 1'b1;
				end
			end
			default: ;
			endcase
		end

		// a W2 word in S4: its write address and new w, whether or not it is written (w2we_q)
		if (t4_q) begin
			w2wa_q <= w2a4_w;
			w2wd_q <= nw4_w;
		end

		// ---- W2 row engine (forward output layer, deltas, update rows)
		m2v_q <= m1v_q;
		m3v_q <= m2v_q;
		mf2_q <= mf1_q;
		ml2_q <= ml1_q;
		ml3_q <= ml2_q;
		z2_q  <= ltk({{(32 - W2AW){1'b0}}, ma1_q}, 32'd10);   // W2 row 0
		if (m2v_q)
			acc2_q <= m2sum_w;
		fl3_q <= m2v_q && ph_q == PH_FWD;     // acc2_q is acc2[kw3_q]: write it back
		m1v_q <= 1'b0;
		kw_q  <= kiss_q;
		kw3_q <= kw_q;
		yv_q  <= (st_q == ST_L2F_Y) && (kiss_q != 4'd10);
		// W2 row issue: li_q words from w2ra_q (rows are started by the forward stream, the
		// delta pass and the update loop). Forward: the output layer runs behind the slot
		// stream: when a neuron's last slot is in S2 its row is read; m1 multiplies by
		// h = hfun(awd_q) (a, set at S3) and reads acc2[k] (kiss_q), m2 writes acc2[k] + w*h
		// back (kw_q). Deltas / update: kiss_q reads e[k] with the W2 word, m2 accumulates.
		if (v2_q && l2_q && ph_q == PH_FWD)
			li_q <= 4'd10;
		else if (li_q != 4'd0)
			li_q <= li_q - 4'd1;
		if (li_q != 4'd0) begin
			m1v_q  <= 1'b1;
			ma1_q  <= w2ra_q;
		end
		mf1_q <= (li_q == 4'd10);
		ml1_q <= (li_q == 4'd1);
		if ((ph_q == PH_FWD) ? m1v_q : (li_q != 4'd0))
			kiss_q <= (kiss_q == 4'd9) ? 4'd0 : kiss_q + 4'd1;

		// ---- selection pipeline
		s1v_q <= 1'b0;

		// ---- the FSM
		case (st_q)
		ST_INIT: begin
			// clear W2 and nlive (2^IW words each: an address past the end of a memory is ignored
			// or aliases a word being cleared too); pc_counters and pc_regs clear their own; the
			// present stamps are cleared by the first structural neuron (stamp_q = 0xFF after reset)
			w2we_q <= 1'b1;
			w2wa_q <= r_q[W2AW-1:0];
			w2wd_q <= 16'd0;
			nlwe_q <= 1'b1;
			nlwa_q <= r_q[HAW-1:0];
			nlwd_q <= 16'd0;
			r_q    <= r_q + 1'b1;
			if (&r_q[IW-1:0])
				st_q <= ST_IDLE;
			// the stream's read count is cleared here, not by i_rst: the bound check's clear
			// below is then its only synchronous reset / set (timing: no OR with the reset)
			rcnt_q <= 10'd0;
			rz_q   <= 1'b1;
			r1_q   <= 1'b0;
		end

		ST_IDLE: begin
			if (drop_q != 16'd0) begin
				if (!cnt_busy_w) begin
					drop_q   <= {15'd0, i_dropped};
					rq_en_q  <= 1'b1;
					rq_val_q <= {16'd0, drop_q};
				end
			end else if (o_frame_done || o_err_ack) begin
				// the finished frame / error is released this cycle
			end else if (i_err_valid) begin
				fromframe_q <= 1'b0;
				st_q        <= ST_FAIL;
			end else if (i_frame_valid) begin
				cerr_q      <= (i_cmd[7:4] != 4'd0) || (i_cmd[3:0] == 4'd0) || ltk(32'hB, {28'd0, i_cmd[3:0]});
				fromframe_q <= 1'b1;
				pa_q        <= 10'd0;
				rem_q       <= i_len;
				pre_q       <= 1'b0;
				apply_q     <= 1'b0;
				st_q        <= ST_DISP;
			end
		end

		// ---- subroutines
		ST_FETCH: begin                       // bc_q - 1 per byte
			if (bc_q != 4'd0) begin
				pa_q   <= pa_q + 10'd1;
				fv_q   <= 1'b1;
			end else if (!fv_q)
				st_q <= ret_w;
		end
		// the response buffer is written (ST_EMIT, ST_FAIL_TX) and sent (ST_SEND) only while the
		// previous response is not being sent (frame_tx reads the buffer, ignores a start)
		ST_EMIT: begin                        // a byte into the buffer (tx_we_w), sh_q shifts, bc_q - 1
			if (!i_tx_busy) begin
				if (bc_q == 4'd1) begin
					eskip_q <= 1'b0;
					st_q    <= ret_w;
				end
			end
		end
		ST_SEND: begin
			if (!i_tx_busy) begin
				emrom_q      <= 1'b0;
				o_tx_start   <= 1'b1;
				o_frame_done <= fromframe_q;
				o_err_ack    <= !fromframe_q;
				if (cerr_q) begin              // an error response
					o_error  <= 1'b1;
					rq_en_q  <= 1'b1;
					rq_val_q <= 32'd1;
				end
				st_q <= ST_IDLE;
			end
		end
		ST_FAIL: begin                        // (a partial answer is dropped)
			cerr_q <= 1'b1;
			if (!i_tx_busy) begin
				st_q <= ST_FAIL_TX;
			end
		end
		ST_FAIL_TX: begin                     // the code byte (tx_we_w)
			st_q <= ST_SEND;
		end

		// ---- dispatch
		ST_DISP: begin
			if (cerr_q)
				st_q <= ST_FAIL;
			else case (cmd_w)
			CMD_STATUS, CMD_CNTS: begin
				if (i_len != 11'd0)
					st_q <= ST_FAIL;
				else begin
					ci_q    <= 5'd0;
					emrom_q <= (cmd_w == CMD_STATUS);   // STATUS: 16 bytes of the table
					st_q    <= (cmd_w == CMD_STATUS) ? ST_EMIT : ST_C_RD;
				end
			end
			CMD_WREG: begin
				if (i_len == 11'd0)
					st_q <= ST_FAIL;
				else
					st_q <= ST_MREST;           // length pre-pass
			end
			CMD_RREG: begin
				if (i_len == 11'd0 || i_len[0] || !ltk({21'd0, i_len}, 32'd513))
					st_q <= ST_FAIL;
				else
					st_q <= ST_RR;
			end
			CMD_TRAIN, CMD_INFER: begin
				if (i_len != 11'd393)
					st_q <= ST_FAIL;
				else
					st_q <= ST_FETCH;
			end
			CMD_PERS: begin
				if (i_len != 11'd392)
					st_q <= ST_FAIL;
				else
					st_q <= ST_CONS;
			end
			CMD_MWRITE, CMD_MREAD: begin      // mem, address, n (MEM_WRITE: the first word)
				if (cmd_w[0] ? (i_len != 11'd7) : ltk({21'd0, i_len}, 32'd5))
					st_q <= ST_FAIL;
				else
					st_q <= ST_FETCH;
			end
			CMD_STRUCT: begin
				if (i_len != 11'd0)
					st_q <= ST_FAIL;
				else
					st_q <= ST_CONS;
			end
			CMD_APRUNE: begin
				if (i_len != 11'd4)
					st_q <= ST_FAIL;
				else
					st_q <= ST_CONS;
			end
			default: ;                        // (cerr_q)
			endcase
		end

		// ---- WRITE_REG / MEM_WRITE / MEM_READ: (re)load rem_q and the address sra_q (in
		// sh_q[47:16]; mbad_q: address bits above MAW), before and after the pre-pass
		ST_MREST: begin
			rem_q   <= c_mr_w ? sh_q[58:48] : i_len;
			mbad_q  <= (sh_q[47:16+MAW] != 0);
			pa_q    <= {7'd0, c_mw_w, 1'b0, c_mw_w};   // MEM_WRITE: its first word at 5
			pre_q   <= 1'b1;
			if (!pre_q)
				st_q <= ST_PRE;
			else if (c_mr_w)
				st_q <= ST_MR_LOOP;
			else if (cmd_w[3])
				st_q <= ST_MW_LOOP;
			else
				st_q <= ST_WR;
		end
		// the pre-pass: rem_q steps over the payload (a whole number of entries / words, else
		// error 2) and over the MEM words (each address < the memory size, else error 5), so that
		// every check is made before anything changes
		ST_PRE: begin
			if (pre_go_w) begin
				rem_q   <= rsub_w[10:0];
				if (!min_w)
					mbad_q <= 1'b1;
			end else begin
				// the address again, a cycle before ST_MREST: MEM_READ's first word is on the
				// slot memory's output in ST_MR_LOOP
				if (!at_end_w || (cmd_w[3] && mbad_q))
					st_q <= ST_FAIL;
				else
					st_q <= ST_MREST;
			end
		end

		// ---- WRITE_REG: pass 1 validates every entry, pass 2 (apply_q) applies every entry
		ST_WR: begin
			if (at_end_w) begin
				if (apply_q)
					st_q <= ST_SEND;
				else begin
					apply_q <= 1'b1;
					rem_q   <= i_len;
					pa_q    <= 10'd0;
				end
			end else begin
				rem_q <= rsub_w[10:0];
				st_q  <= ST_FETCH;
			end
		end
		ST_WR_ENT: begin
			st_q <= ST_WR;
			if (!apply_q) begin
				if (!reg_ok_w)
					st_q <= ST_FAIL;
			end else if (sh_q[22]) begin          // counter (addr - 0x40) / 2 for 0x40..0x69
				rq_en_q  <= 1'b1;
				rq_op_q  <= sh_q[16] ? COP_HI : COP_LO;
			end else if (sh_q[20:16] == 5'h02 || sh_q[20:16] == 5'h03)
				ok_q <= OK_UNKNOWN;               // (reg_we_w writes the register)
		end

		// ---- READ_REG
		ST_RR: begin
			if (at_end_w)
				st_q <= ST_SEND;
			else begin
				rem_q <= rsub_w[10:0];
				st_q  <= ST_FETCH;
			end
		end
		// the counter (and READ_REG: the register) at c_ra_w is read (COUNTERS 7, READ_REG 3)
		ST_C_RD: st_q <= cmd_w[2] ? ST_CNTS : ST_RR_CHK;
		ST_RR_CHK: begin                      // address in sh_q[63:48]; sh_q <= the word
			if (rr_cnt_w) begin                   // counter (addr - 0x40) / 2: bits 31:0, or 47:32
				eskip_q <= sh_q[48];              // (then bytes 4..7 of 8)
				st_q    <= ST_EMIT;
			end else if (rr_reg_w) begin
				st_q   <= ST_EMIT;
			end else
				st_q <= ST_FAIL;
		end

		// ---- COUNTERS (counter ci_q is read in ST_C_RD, with the read strobe; the loop returns
		// there, so every read, the first one too, sees the index it means)
		ST_CNTS: begin
			if (ci_q == 5'd21)
				st_q <= ST_SEND;
			else begin                        // sh_q <= the counter
				ci_q   <= ci_q + 5'd1;
				st_q   <= ST_EMIT;
			end
		end

		// ---- MEM_WRITE / MEM_READ: mem, address (4 bytes), then words / n (2 bytes)
		ST_MARGS: begin
			mem_q <= sh_q[9:8];
			if (margbad_w || (c_mw_w && at_end_w))   // MEM_WRITE LEN = 5: no word (error 2)
				st_q <= ST_FAIL;
			else
				st_q <= ST_MREST;
		end
		ST_MW_LOOP: begin
			if (at_end_w) begin
				if (mem_q != 2'd1)
					ok_q <= OK_UNKNOWN;
				st_q <= ST_SEND;
			end else begin
				rem_q <= rsub_w[10:0];
				st_q  <= ST_FETCH;
			end
		end
		ST_MW_WORD: begin
			case (mem_q)
			2'd0: begin
				wr_q <= 1'b1;                 // (wa_q / wd_q: sra_q / sh_q)
			end
			2'd1: begin
				w2we_q <= 1'b1;
				w2wa_q <= sra_q[W2AW-1:0];
				w2wd_q <= sh_q[63:48];
			end
			default: begin
				nlwe_q <= 1'b1;
				nlwa_q <= sra_q[HAW-1:0];
				nlwd_q <= sh_q[63:48];
			end
			endcase
			st_q    <= ST_MW_LOOP;
		end

		// the word at sra_q is on the memory outputs (read addresses sra_q / w2ra_q: the first
		// set by ST_MREST before the pre-pass, the next one here, read during the emission)
		ST_MR_LOOP: begin
			if (at_end_w)
				st_q <= ST_SEND;
			else begin
				// sh_q <= the word
				rem_q   <= rsub_w[10:0];
				st_q    <= ST_EMIT;
			end
		end

		// ---- sample commands: label, consistency, run
		// TRAIN / INFER (label fetched), PERSONALISE, STRUCT_PASS, ACT_PRUNE: the label, the
		// consistency of the state (a check pass when unknown, back here), then the engine
		ST_CONS: begin
			pix_off_q <= (cmd_w != CMD_PERS);
			if ((cmd_w[3:1] == 3'b010) && !ltk({24'd0, label_w}, 32'd10) &&
			    !(cmd_w[0] && label_w == 8'hFF))     // label 0..9 (INFER: or 0xFF)
				st_q <= ST_FAIL;
			else case (ok_q)
			OK_GOOD: begin
				case (cmd_w)
				CMD_STRUCT: begin
					ph_q <= PH_STRUCT;
					st_q <= ST_LOOP0;
				end
				CMD_APRUNE: st_q <= ST_FETCH;     // keep: 4 bytes (pa_q is still 0)
				default: begin
					ph_q <= PH_FWD;
					st_q <= ST_LOOP0;
				end
				endcase
			end
			OK_BAD:  st_q <= ST_FAIL;
			default: begin
				chk_bad_q <= 1'b0;
				ph_q      <= PH_CHECK;
				st_q      <= ST_LOOP0;
			end
			endcase
		end

		// ---- the neuron loop
		ST_LOOP0: begin
			j_q    <= {HW{1'b0}};
			base_q <= {BW{1'b0}};
			jw_q   <= {HAW{1'b0}};
			acc_q  <= 32'sd0;
			nz_q   <= 1'b0;
			dpend_q <= 1'b0;
			kiss_q <= 4'd0;
			st_q   <= ST_NL_START;
		end
		ST_NL_START: begin                    // nlive / a / score read j_q
			nlv_q <= 1'b1;
			st_q  <= (ph_q == PH_FWD || ph_q == PH_UPD) ? ST_NL_STREAM : ST_NL_LOAD;
		end
		ST_NL_LOAD: begin
			rcnt_q <= nl_rd_w[9:0];
			rz_q   <= nlz_w;
			r1_q   <= nl1_w;
			grown_q <= reg_rd_w[9:0];         // GROW_MAX: grows left for this neuron
			st_q   <= ST_NL_STREAM;
			case (ph_q)
			PH_CHECK: begin
				// base = S j <= SLOT_CAP here (so it never wraps), S H <= SLOT_CAP at ST_PH_DONE:
				// the compare takes base_q, not the adder, whose net then feeds only base_q
				if ((nl_rd_w[15:10] != 6'd0) || (nl_rd_w[9:0] > slots_q) || !base_ok_w) begin
					ok_q <= OK_BAD;
					st_q <= ST_CONS;
				end
			end
			PH_PERS: begin
				if (a_rd_w[15] || a_rd_w == 16'd0) begin
					rcnt_q <= 10'd0;
					rz_q   <= 1'b1;
					r1_q   <= 1'b0;
					st_q   <= ST_NL_NEXT;
				end else begin
					rq_en_q  <= 1'b1;
					rq_val_q <= {22'd0, nl_rd_w[9:0]};
				end
			end
			default: begin                    // STRUCT, ACNT, ACMP
				rq_en_q  <= 1'b1;
				rq_val_q <= {22'd0, nl_rd_w[9:0]};
				if (ph_q == PH_STRUCT) begin
					if (stamp_q == 8'hFF) begin
						rcnt_q <= 10'd0;
						rz_q   <= 1'b1;
						r1_q   <= 1'b0;
						r_q    <= {RW{1'b0}};
						st_q   <= ST_PCLR;
					end else
						stamp_q <= stamp_q + 8'd1;
				end
			end
			endcase
		end
		ST_NL_STREAM: begin
			case (ph_q)
			PH_FWD: begin
				// back to back: the next neuron is loaded in the cycle of the last read (or
				// when the reads are done) once its nlive is on the RAM output (nlv_q); a
				// neuron without live slots streams one null item (its a = 0)
				nlv_q <= 1'b1;
				if (j_q != hid_q) begin
					if (nlv_q && (rz_q || (r1_q && rd_go_w))) begin
						rcnt_q   <= {nl_rd_w[9:1], nl_rd_w[0] || nlz_w};
						rz_q     <= 1'b0;
						r1_q     <= (nl_rd_w[9:1] == 9'd0);
						nz_q     <= nlz_w;
						j_q      <= jn_w;
						base_q   <= base_s_w;
						nlv_q    <= 1'b0;
						rq_en_q  <= 1'b1;
						rq_val_q <= {22'd0, nl_rd_w[9:0]};
					end
				end else if (stream_idle_w)
					st_q <= ST_PH_DONE;
			end
			PH_UPD: begin
				nlv_q <= 1'b1;
				if (upd_dec_w) begin
					// the decision: the last W2 word of the row is in m3, acc2_q = the delta
					// sum (the row before its update). d = 0: no more slot reads (those in
					// flight see d = 0: no effect); else the slots go on (gate-1 bound mode:
					// rin_q <= 15*|d| now, checked next cycle; a skip kills the reads made).
					// j_q / base_q move on: the next neuron's words come out of the RAMs.
					j_q    <= jn_w;
					base_q <= base_s_w;
					nlv_q  <= 1'b0;
					if (dfin_w == 16'd0) begin
						rcnt_q  <= 10'd0;
						rz_q    <= 1'b1;
						r1_q    <= 1'b0;
						dpend_q <= 1'b0;
					end else if (skip_mode_w) begin
						bchk_q <= 1'b1;
						bsk_q  <= nt1_q[16];    // (THETA1 does not change in a run)
					end
					else begin
						rq_en_q  <= 1'b1;
						rq_val_q <= {22'd0, nl_rd_w[9:0]};
						dpend_q  <= 1'b0;
					end
				end else if (bchk_q) begin     // gate-1 bound: rnd(15*|d|) < THETA1 skips
					dpend_q  <= 1'b0;
					rq_en_q  <= 1'b1;
					rq_val_q <= {22'd0, nl_rd_w[9:0]};
					kill_q   <= rclr_w;        // (the reads stop: rclr_w, below)
				end else if (upd_done_w) begin
					// reads done, decision made: load neuron j_q in the cycle of the last
					// read (nlive, a -> awd_q, plastic?) -> its W2 row (w2ra_q = 10 j_q:
					// each neuron moves it on by 10), or the gated counts
					if (j_q == hid_q)
						st_q <= ST_PH_DONE;
					else if (nlv_q && !rq_en_q) begin
						awd_q   <= a_rd_w;
						rq_en_q  <= 1'b1;
						rq_val_q <= 32'd10;
						if (!sel_act_w || s_rd_w[16]) begin
							li_q     <= 4'd10;
							dpend_q  <= 1'b1;
							st_q     <= ST_W2U;
						end else begin
							st_q     <= ST_UPD_NP;
						end
					end
				end
			end
			default: begin
				if (stream_idle_w)
					st_q <= ST_NL_END;
			end
			endcase
		end
		ST_NL_END: begin
			st_q <= ST_NL_NEXT;
			case (ph_q)
			PH_STRUCT: st_q <= ST_GR_CHK;
			PH_ACMP: begin
				nlwe_q <= 1'b1;
				nlwa_q <= j_q[HAW-1:0];
				nlwd_q <= {6'd0, wp_q};
			end
			PH_CHECK: if (chk_bad_q) begin
				ok_q <= OK_BAD;
				st_q <= ST_CONS;
			end
			default: ;
			endcase
		end
		ST_NL_NEXT: begin
			base_q <= base_s_w;               // (the last neuron too: S H for the check)
			if (jn_w == hid_q)
				st_q <= ST_PH_DONE;
			else begin
				j_q    <= jn_w;
				st_q   <= ST_NL_START;
			end
		end

		ST_PH_DONE: if (stream_idle_w && !m1v_q && !m2v_q && !m3v_q && li_q == 4'd0) begin
			case (ph_q)
			PH_CHECK: begin                   // (a bad slot ends the pass at ST_NL_END)
				ok_q <= base_ok_w ? OK_GOOD : OK_BAD;   // base_q = S H
				st_q <= ST_CONS;
			end
			PH_FWD: begin                     // L2_READS += 10 H: w2ra_q counted the reads
				rq_en_q  <= 1'b1;
				rq_val_q <= {{(32 - W2AW){1'b0}}, w2ra_q};
				kiss_q   <= 4'd0;
				ph_q     <= PH_DL;
				st_q     <= ST_L2F_Y;
			end
			PH_UPD: st_q <= ST_SINCE;
			PH_ACNT: st_q <= ST_AP_STEP;
			default: st_q <= ST_FIN;          // PERS, STRUCT, ACMP
			endcase
		end

		// ---- output layer forward: 10 passes over j, y[k], argmax, e[k]
		// y[k] = sat16(acc2[k] >>> 14) from the acc2 RAM (one per cycle), argmax, e[k]
		ST_L2F_Y: begin
			if (kiss_q != 4'd10)
				kiss_q <= kiss_q + 4'd1;
			else if (!yv_q)
				st_q <= ST_PRED2;
			if (yv_q && (kw_q == 4'd0 || cmp_gt_w)) begin     // y > best (signed)
				pred_q  <= kw_q;
				bst_q   <= cmp_a_w;
			end
		end
		ST_PRED2: begin
			case (cmd_w)
			CMD_TRAIN: begin
				rq_en_q  <= 1'b1;
				rq_val_q <= 32'd1;
				st_q     <= ST_UPD_START;     // TRAIN_CORRECT next, then deltas
			end
			CMD_INFER: begin
				if (label_w != 8'hFF) begin
					rq_en_q  <= 1'b1;
					rq_val_q <= 32'd1;
					st_q     <= ST_UPD_START;
				end else
					st_q <= ST_FIN;
			end
			default: begin                    // PERSONALISE
				rq_en_q  <= 1'b1;
				rq_val_q <= 32'd1;
				ph_q     <= PH_PERS;
				st_q     <= ST_LOOP0;
			end
			endcase
		end
		ST_UPD_START: begin                   // the "correct" counter of TRAIN / INFER
			if ({4'd0, pred_q} == label_w) begin
				rq_en_q  <= 1'b1;
				rq_val_q <= 32'd1;
			end
			j_q   <= {HW{1'b0}};
			st_q  <= (cmd_w == CMD_TRAIN) ? ST_DL_J : ST_FIN;
		end

		// ---- hidden deltas (and gate-2 scores)
		ST_DL_J: begin                        // L2_READS of the delta pass (10 H words, or none but
			kiss_q   <= 4'd0;                 // the update's own reads without gate 2: the same count)
			rq_en_q  <= 1'b1;
			rq_val_q <= {{(32 - W2AW){1'b0}}, w2ra_q};   // 10 H (the forward's reads, as at ST_PH_DONE)
			r_q      <= {{(RW - 9){1'b0}}, ~reg_rd_w[8:0]};  // 511 - K: counts the selection's passes up to 511 (K < H when klt_q; the clears' incrementer, no decrementer)
			klt_q    <= (reg_rd_w[8:0] < hid9_w);
			if (!ctrl_q[B_GATE2])             // no gate 2: the update pass computes each d
				st_q <= ST_SEL;
			else
				st_q <= ST_DL_RUN;
		end
		// the rows back to back (11 cycles each); a row's delta is final when its last word is
		// in m3: d and the gate-2 score of neuron j_q (awd_q = a[j_q] from the a RAM). Row r >= 1
		// is issued (li_q = 0) while row r - 2 is done, j_q = r - 1: rows go while j_q + 1 < H
		ST_DL_RUN: begin
			awd_q <= a_rd_w;
			if (li_q == 4'd0 && (w2ra_q == {W2AW{1'b0}} || jn_w != hid_q))
				li_q <= 4'd10;
			if (m3v_q && ml3_q) begin
				swe_q <= 1'b1;
				swt_q <= 1'b0;
				swa_q <= swa_n_w;
				case (sel_w)
				2'd0:    bst_q <= adj_w;
				2'd1:    bst_q <= hj_w ^ 16'h8000;
				default: bst_q <= lfsr_next_w[15:0];
				endcase
				j_q <= jn_w;
				if (jn_w == hid_q)
					st_q <= ST_SEL;
			end
		end

		// ---- gate 2: K passes of "largest score not yet taken, lowest index on ties"
		ST_SEL: begin
			if (!sel_act_w || r_q[8:0] == 9'h1FF) begin   // K passes (K < H; r_q counts them up)
				ph_q <= PH_UPD;
				st_q <= ST_LOOP0;
			end else
				st_q <= ST_SEL_RUN;
			j_q      <= {HW{1'b0}};
			best_f_q <= 1'b0;
		end
		ST_SEL_RUN: begin
			if (j_q != hid_q) begin
				s1v_q <= 1'b1;
				j_q   <= jn_w;
			end else if (!s1v_q)
				st_q <= ST_SEL_MARK;
			if (s1v_q && !s_rd_w[16] && (!best_f_q || cmp_gt_w)) begin
				best_f_q  <= 1'b1;
				swa_q     <= swa_n_w;
				bst_q     <= cmp_a_w;
			end
		end
		ST_SEL_MARK: begin
			swe_q  <= 1'b1;
			swt_q  <= 1'b1;
			r_q    <= r_q + 1'b1;
			st_q   <= ST_SEL;
		end

		// ---- update: W2 row of a plastic neuron, then its slots
		ST_UPD_NP: begin                      // (L2_GATED += 10 at the load)
			rq_en_q  <= 1'b1;
			rq_val_q <= {22'd0, nl_rd_w[9:0]};
			j_q      <= jn_w;
			base_q   <= base_s_w;
			st_q     <= ST_NL_START;
		end
		// W2 row of a plastic neuron (li_q, from upd_ld_w): its 10 words go down the slot
		// stream; then its slot reads start, speculatively: the decision on d comes when the
		// last W2 word is in m3 (upd_dec_w, below)
		ST_W2U: begin
			if (li_q == 4'd0) begin
				rcnt_q <= nl_rd_w[9:0];           // nlive[j_q] (j_q moves at the decision)
				rz_q   <= nlz_w;
				r1_q   <= nl1_w;
				st_q   <= ST_NL_STREAM;
			end
		end
		ST_SINCE: begin                       // (waits for a valid prune_due_w)
			if (!due_v_w)
				st_q <= ST_SINCE;
			else if (ctrl_q[B_STRUCT] && prune_due_w) begin
				ph_q    <= PH_STRUCT;
				st_q    <= ST_LOOP0;
			end else
				st_q <= ST_FIN;
		end

		// ---- structural pass: present-stamp clear, grow
		ST_PCLR: begin                        // (r_q = 0 from ST_NL_LOAD)
			pwe_q  <= 1'b1;
			pwa_q  <= r_q[9:0];
			pwd_q  <= 8'd0;
			r_q    <= r_q + 1'b1;
			if (r_q[9:0] == 10'd1023) begin
				stamp_q <= 8'd1;
				rcnt_q  <= nl_rd_w[9:0];          // (j_q unchanged since ST_NL_LOAD)
				rz_q    <= nlz_w;
				r1_q    <= nl1_w;
				st_q    <= ST_NL_STREAM;
			end
		end
		ST_GR_CHK: begin                      // room (wp < S) and grows left (grown_q counts down)
			tries_q <= reg_rd_w[7:0];         // GROW_TRIES
			if ({1'b0, wp_q} < {1'b0, slots_q} && grown_q != 10'd0)
				st_q <= ST_GR_DRAW;
			else
				st_q <= ST_GR_END;
		end
		ST_GR_DRAW: begin                     // present RAM reads lfsr_next_w[9:0]
			r_q     <= lfsr_next_w[RW-1:0];
			tries_q <= tries_q - 8'd1;
			st_q    <= ST_GR_TEST;
		end
		ST_GR_TEST: begin
			if (grow_ok_w) begin
				wr_q     <= 1'b1;             // (wa_q / wd_q: a4_q, the grown word)
				pwe_q    <= 1'b1;
				pwa_q    <= r_q[9:0];
				pwd_q    <= stamp_q;
				grown_q  <= grown_q - 10'd1;
				f_grow_q <= 1'b1;
				st_q     <= ST_GR_CHK;
			end else if (tries_q != 8'd0)     // GROW_TRIES draws in all
				st_q <= ST_GR_DRAW;
			else
				st_q <= ST_GR_END;
		end
		ST_GR_END: begin
			nlwe_q <= 1'b1;
			nlwa_q <= j_q[HAW-1:0];
			nlwd_q <= {6'd0, wp_q};
			st_q   <= ST_NL_NEXT;
		end

		// ---- act prune: binary search of the threshold, then compaction
		ST_AP_CHK: begin                      // keep in sh_q[63:32]
			if (ap_bad_w)
				st_q <= ST_FAIL;
			else begin
				P_q     <= ap_sat_w ? PMAX[PW-1:0] : ap_d_w[PW-1:0];
				cand_q  <= 31'h4000_0000;          // T = 0, b = 30
				amask_q <= 31'h4000_0000;
				below_n_q <= {NCW{1'b1}};
				st_q    <= ST_AP_PASS;
			end
		end
		ST_AP_PASS: begin                     // (P = 0: no search, nothing goes: the compaction)
			ph_q   <= (P_q == {PW{1'b0}}) ? PH_ACMP : PH_ACNT;
			st_q   <= ST_LOOP0;
		end
		// bit b of T: n <= P; next cand: bit b-1 set; after bit 0 the compaction (cand_q = T,
		// ncnt = the count below T)
		ST_AP_STEP: begin
			cand_q  <= (cand_q & ~amask_q) | ({31{ale_q}} & amask_q) | (amask_q >> 1);
			amask_q <= amask_q >> 1;
			if (ale_q)
				below_n_q <= ncnt_n_q;
			ph_q    <= amask_q[0] ? PH_ACMP : PH_ACNT;
			st_q    <= ST_LOOP0;
		end

		// ---- end of an engine command: flush the accumulators, answer
		ST_FIN: begin                         // requests in flight land first
			if (!cnt_busy_w) begin
				fl_go_q <= 1'b1;
				st_q    <= ST_FLUSH;
			end
		end
		ST_FLUSH: begin                       // then the answer, once the link is free
			if (!fl_go_q && !cnt_busy_w) begin
				// sh_q <= prediction / label / pruned
				st_q  <= ST_EMIT;
				if (cmd_w == CMD_STRUCT)         // (no payload)
					st_q <= ST_SEND;
			end
		end

		default: st_q <= ST_IDLE;
		endcase

		// the gate-1 bound skip stops the reads; applied last, so that the late skip is only the
		// clear of rcnt_q / rz_q / r1_q (their synchronous reset / set), not inside their next-value
		// priority (timing)
		if (rclr_w) begin
			rcnt_q <= 10'd0;
			rz_q   <= 1'b1;
			r1_q   <= 1'b0;
		end

		// ---- reset
		if (i_rst) begin
			st_q <= ST_INIT;
			r_q <= {RW{1'b0}};
			ok_q <= OK_UNKNOWN;
			drop_q <= 16'd0;
			stamp_q <= 8'hFF;
			v1_q <= 1'b0; v2_q <= 1'b0; v3_q <= 1'b0; v4_q <= 1'b0;
			m1v_q <= 1'b0; m2v_q <= 1'b0; m3v_q <= 1'b0;
			li_q <= 4'd0;
			fv_q <= 1'b0;
			wr_q <= 1'b0;
			emrom_q <= 1'b0;
			eskip_q <= 1'b0;
			bchk_q <= 1'b0;
			bsk_q <= 1'b0;
		end
	end

`ifndef SYNTHESIS
	// rz_q / r1_q are rcnt_q == 0 / == 1 (every load of rcnt_q sets them too)
	reg sim_rst_q = 1'b0;
	always @(posedge i_clk) begin
		if (i_rst)
			sim_rst_q <= 1'b1;
		else if (sim_rst_q && st_q != ST_INIT &&
		         ((rz_q != (rcnt_q == 10'd0)) || (r1_q != (rcnt_q == 10'd1))))
			$fatal(1, "pc_core: rz_q / r1_q out of step with rcnt_q");
		else if (sim_rst_q && bchk_q && !(streaming_w && ph_q == PH_UPD && !upd_dec_w && skip_mode_w &&
		         bsk_q == nt1_q[16] && nt1_q == 17'd0 - {1'b0, u_regs.u_ta.mem[5'h06]}))
			$fatal(1, "pc_core: gate-1 bound check outside its cycle (or -THETA1 stale)");
		// the S3 item's threshold is the one its S2 cycle addressed
		if (sim_rst_q && (v3_q || t3_q) && (ph_q == PH_UPD || ph_q == PH_STRUCT) &&
		    th3_w != u_regs.u_ta.mem[(ph_q == PH_STRUCT) ? 5'h0C : t3_q ? 5'h07 :
		                           ctrl_q[B_CACHE] ? 5'h09 : 5'h06])
			$fatal(1, "pc_core: S3 threshold out of step");
		// the structural pass' S2 prune compare (pr3_q) reads PRUNE_THETA from the copy too
		if (sim_rst_q && v2_q && ph_q == PH_STRUCT && th3_w != u_regs.u_ta.mem[5'h0C])
			$fatal(1, "pc_core: S2 PRUNE_THETA out of step");
		// the update's S2 LR and the structural pass' S3 PROTECT from the shadow port (pa_w)
		if (sim_rst_q && (v2_q || t2_q) && ph_q == PH_UPD &&
		    lr2s_w != u_regs.sh_mem[t2_q ? 5'h05 : 5'h04][3:0])
			$fatal(1, "pc_core: S2 LR out of step");
		if (sim_rst_q && bchk_q && lr3_q != u_regs.sh_mem[5'h04][3:0])
			$fatal(1, "pc_core: gate-1 bound shift is not LR1");
		if (sim_rst_q && v3_q && ph_q == PH_STRUCT && reg_rd_w != u_regs.sh_mem[5'h0D])
			$fatal(1, "pc_core: S3 PROTECT out of step");
	end
`endif
endmodule

`default_nettype wire

