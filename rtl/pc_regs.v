// SPDX-License-Identifier: ISC
//
// pc_regs — the register file of docs/protocol.md (0x01..0x15; LFSR_STATE lives in pc_lfsr),
// WRITE_REG validation (host/core.c pc_reg_write, as bit tests) and the READ_REG values.
// FEATURES (0x1F, read only) is the parameter of the same name: the CTRL bits this build
// implements; CTRL bits outside it are refused by WRITE_REG and read 0, so their logic is
// constant and synthesis removes it (the UP5K build leaves synaptic caching out).
//
// Every written value also goes to a 32 x 32 shadow EBR (reset values written in the 32 cycles
// after i_rst, and its initial contents; MAGIC is only the latter: nothing writes address 0).
// Its read port serves READ_REG (i_rr: the command is READ_REG;
// address i_rd_addr, the value on o_rd_data one cycle later); otherwise it reads i_pa (pc_core:
// by FSM state, or per stream item): the low-rate parameters K, GROW_W, GROW_TRIES, TARGET,
// GROW_MAX, and LR1 / LR2 / PROTECT in the update / structural streams, are read where they are
// used instead of held in flip-flops, and PRUNE_EVERY (o_prune_due) where the port is parked
// (0x0B). A third copy of the writes (16 bits) serves THETA1 / THETA2 / THETA_C / PRUNE_THETA
// at i_ta (o_ta_data one cycle later), a second one RX_TIMEOUT (o_rxto).
//
// Timing contract: o_chk_ok is combinational (i_chk_*). i_we writes i_wdata to register
// i_waddr on the rising edge (callers validated it, so the value fits the register). The engine
// updates of SINCE_PRUNE (clear / inc saturating) take effect on the edge, those of LIVE (inc /
// dec saturating at 2^24 - 1 / 0) on the edge after (registered strobes; pc_core reads LIVE
// only in ACT_PRUNE's argument check); their READ_REG values (and LFSR_STATE's) are copied into
// the shadow in the 3 cycles after i_release (>= 2 cycles after the engines' last strobe).
// o_prune_due = (SINCE + 1, saturated) >= PRUNE_EVERY != 0, compared bit-serially in the cycles
// the port is parked: valid when o_due_v (<= 48 parked cycles after either changes; TRAIN waits
// for it at its end).
`default_nettype none

module pc_regs #(
	parameter integer H_MAX = 64,
	parameter integer HW    = 7,                  // $clog2(H_MAX + 1)
	parameter [6:0]   FEATURES = 7'h7F            // the CTRL bits this build implements
) (
	input  wire          i_clk,
	input  wire          i_rst,
	// host writes
	input  wire          i_we,
	input  wire [4:0]    i_waddr,
	input  wire [31:0]   i_wdata,
	// validation of one WRITE_REG entry
	input  wire [15:0]   i_chk_addr,
	input  wire [31:0]   i_chk_val,
	output reg           o_chk_ok,
	// READ_REG (address < 0x16) / shadow read port
	input  wire          i_rr,                    // the command is READ_REG
	input  wire          i_release,               // a frame is released (one cycle)
	input  wire [4:0]    i_rd_addr,
	input  wire [4:0]    i_pa,                    // the read port's address otherwise
	input  wire [31:0]   i_lfsr,
	output wire [31:0]   o_rd_data,
	// the thresholds' copy (THETA1 / THETA2 / THETA_C / PRUNE_THETA): address -> word next cycle
	input  wire [4:0]    i_ta,
	output wire [15:0]   o_ta_data,
	// engine updates
	input  wire          i_live_inc,
	input  wire          i_live_dec,
	input  wire          i_since_clr,
	input  wire          i_since_inc,
	output wire          o_prune_due,
	output wire          o_due_v,                 // o_prune_due is valid
	// the registers
	output reg  [6:0]    o_ctrl,
	output reg  [HW-1:0] o_hid,
	output reg  [9:0]    o_slots,
	output reg  [3:0]    o_cdecay,
	output reg  [23:0]   o_live_n,                // LIVE, inverted (see below)
	output wire [31:0]   o_rxto
);
	wire [23:0] since_q;                          // read only here (READ_REG, o_prune_due)
	localparam integer HRES = (H_MAX < 128) ? H_MAX : 128;
	localparam [31:0]  HRES32 = HRES;
	localparam [31:0]  HMAX32 = H_MAX;
	localparam [9:0]   HMAX10 = HMAX32[9:0];
	localparam [31:0]  FEAT32 = {25'd0, FEATURES};

	// v <= c for a constant c, as plain logic (a comparison operator would become a carry chain)
	// (simulators get the plain compare: the same value, cheaper to evaluate per cycle)
	function automatic le10(input [9:0] v, input [9:0] c);
`ifdef SYNTHESIS
		integer i;
		reg     r;
		begin
			r = 1'b1;                               // v[i-1:0] <= c[i-1:0], LSB first
			for (i = 0; i < 10; i = i + 1)
				r = c[i] ? (!v[i] || r) : (!v[i] && r);
			le10 = r;
		end
`else
		le10 = v <= c;
`endif
	endfunction
	localparam [9:0] HLIM10 = (H_MAX < 256) ? HMAX10 : 10'd256;

	// validation
	wire [15:0] a_w = i_chk_addr;
	wire [31:0] v_w = i_chk_val;
	// hN_w: a bit at or above N is set (one chain, shared by every width test)
	wire h24_w = |v_w[31:24];
	wire h16_w = h24_w || (|v_w[23:16]);
	wire h15_w = h16_w || v_w[15];
	wire h10_w = h15_w || (|v_w[14:10]);
	wire h8_w  = h10_w || (|v_w[9:8]);
	wire h7_w  = h8_w  || v_w[7];
	wire h6_w  = h7_w  || v_w[6];
	wire h4_w  = h6_w  || (|v_w[5:4]);
	wire nz_w  = h4_w  || (|v_w[3:0]);
	wire z4_w  = !h4_w, z8_w = !h8_w, z10_w = !h10_w, z15_w = !h15_w, z16_w = !h16_w,
	     z24_w = !h24_w;
	always @(*) begin
		if (a_w[15:6] == 10'd1 && le10({4'd0, a_w[5:0]}, 10'd41))       // counters 0x40..0x69
			o_chk_ok = a_w[0] ? z16_w : 1'b1;
		else if (a_w[15:5] != 11'd0)
			o_chk_ok = 1'b0;
		else begin
			case (a_w[4:0])
			5'h01: o_chk_ok = !h7_w && (v_w[5:4] != 2'd3) && ((v_w[6:0] & ~FEATURES) == 7'd0);
			5'h02: o_chk_ok = nz_w && z10_w && le10(v_w[9:0], HLIM10);
			5'h03, 5'h15: o_chk_ok = (nz_w || a_w[4]) && z10_w && le10(v_w[9:0], 10'd784);
			5'h04, 5'h05, 5'h0A: o_chk_ok = z4_w;
			5'h06, 5'h07, 5'h09: o_chk_ok = z16_w;
			5'h08: o_chk_ok = nz_w && z10_w && le10(v_w[9:0], 10'd256);
			5'h0B, 5'h11, 5'h13: o_chk_ok = z24_w;
			5'h0C: o_chk_ok = z16_w && (!v_w[15] || (v_w[14:0] == 15'd0));
			5'h0D: o_chk_ok = !h6_w;
			5'h0E, 5'h12: o_chk_ok = z15_w;
			5'h0F: o_chk_ok = nz_w && z8_w;
			5'h10: o_chk_ok = nz_w;
			5'h14: o_chk_ok = 1'b1;
			default: o_chk_ok = 1'b0;
			endcase
		end
	end

	// shadow EBR of the written values; after i_rst the reset values (MAGIC, read only, is the
	// initial contents of address 0 and never written)
	reg  [5:0]  ini_q;
	wire [4:0]  ini_a_w = ini_q[4:0] ^ 5'h14;     // any order; this one maps best
	reg  [31:0] rst_val_w;
	always @(*) begin
		case (ini_a_w)
		5'h02, 5'h08: rst_val_w = HRES32;
		5'h03, 5'h15: rst_val_w = 32'd784;
		5'h04:        rst_val_w = 32'd6;
		5'h05:        rst_val_w = 32'd7;
		5'h0F:        rst_val_w = 32'd8;
		5'h10:        rst_val_w = 32'd1;            // LFSR_STATE (pc_lfsr)
		5'h12:        rst_val_w = 32'd4096;
		5'h14:        rst_val_w = 32'd1000000;
		5'h1F:        rst_val_w = FEAT32;           // FEATURES (read only)
		default:      rst_val_w = 32'd0;
		endcase
	end
	always @(posedge i_clk) begin
		if (i_rst)
			ini_q <= 6'd0;
		else if (!ini_q[5])
			ini_q <= ini_q + 6'd1;
	end
	// the engines change SINCE_PRUNE, LIVE and LFSR_STATE during a command: when its frame is
	// released (i_release), their values are copied into the shadow (3 cycles; the next command
	// cannot read a register sooner)
	reg  [1:0]  cp_q;                             // copy step: 1 SINCE, 2 LIVE, 3 LFSR
	always @(posedge i_clk) begin
		cp_q <= i_release ? 2'd1 : (cp_q == 2'd0) ? 2'd0 : cp_q + 2'd1;
		if (i_rst)
			cp_q <= 2'd0;
	end
	reg         sh_we_w;
	reg  [4:0]  sh_wa_w;
	reg  [31:0] sh_wd_w;
	always @(*) begin
		sh_we_w = 1'b1;
		if (!ini_q[5]) begin
			sh_we_w = (ini_a_w != 5'h00);
			sh_wa_w = ini_a_w;   sh_wd_w = rst_val_w;
		end else if (cp_q == 2'd1) begin
			sh_wa_w = 5'h11;     sh_wd_w = {8'd0, since_q};
		end else if (cp_q == 2'd2) begin
			sh_wa_w = 5'h13;     sh_wd_w = {8'd0, ~o_live_n};
		end else if (cp_q == 2'd3) begin
			sh_wa_w = 5'h10;     sh_wd_w = i_lfsr;
		end else begin
			sh_we_w = i_we;
			sh_wa_w = i_waddr;   sh_wd_w = i_wdata;
		end
	end
	wire [4:0]  sh_ra_w = i_rr ? i_rd_addr : i_pa;
	// pc_ram's pattern (no read-during-write use, see pc_ram.v) with the reset values as the
	// initial contents (MAGIC needs them; the others are rewritten after every i_rst)
	(* no_rw_check *)
	reg  [31:0] sh_mem [0:31];
	reg  [31:0] sh_rd_q;
	integer     ii;
	initial begin
		for (ii = 0; ii < 32; ii = ii + 1)
			sh_mem[ii] = 32'd0;
		sh_mem[5'h00] = 32'h3143_4C50;            // MAGIC (read only)
		sh_mem[5'h02] = HRES32;                   // HIDDEN
		sh_mem[5'h03] = 32'd784;                  // SLOTS
		sh_mem[5'h04] = 32'd6;                    // LR1
		sh_mem[5'h05] = 32'd7;                    // LR2
		sh_mem[5'h08] = HRES32;                   // K
		sh_mem[5'h0F] = 32'd8;                    // GROW_TRIES
		sh_mem[5'h10] = 32'd1;                    // LFSR_STATE (pc_lfsr)
		sh_mem[5'h12] = 32'd4096;                 // TARGET
		sh_mem[5'h14] = 32'd1000000;              // RX_TIMEOUT
		sh_mem[5'h15] = 32'd784;                  // GROW_MAX
		sh_mem[5'h1F] = FEAT32;                   // FEATURES (read only)
	end
	always @(posedge i_clk) begin
		if (sh_we_w)
			sh_mem[sh_wa_w] <= sh_wd_w;
		sh_rd_q <= sh_mem[sh_ra_w];
	end
	assign o_rd_data = sh_rd_q;

	// RX_TIMEOUT: a second copy of the shadow (same writes, 2 more EBRs) whose read port stays on
	// it, instead of 32 flip-flops. The read of 0x14 in the cycle that writes 0x14 is undefined on
	// the FPGA (no_rw_check), so rxto_q holds then and takes the new word a cycle later: o_rxto
	// follows a write 2 cycles after the write edge.
	(* no_rw_check *)
	reg  [31:0] rx_mem [0:31];
	reg  [31:0] rxto_q;
	initial begin
		for (ii = 0; ii < 32; ii = ii + 1)
			rx_mem[ii] = 32'd0;
		rx_mem[5'h14] = 32'd1000000;
	end
	always @(posedge i_clk) begin
		if (sh_we_w)
			rx_mem[sh_wa_w] <= sh_wd_w;
		if (!(sh_we_w && sh_wa_w == 5'h14))
			rxto_q <= rx_mem[5'h14];
	end
	assign o_rxto = rxto_q;

	// THETA1 / THETA2 / THETA_C / PRUNE_THETA: a third copy of the shadow's writes (low halves,
	// a pc_ram: one EBR), read at pc_core's i_ta (by stream stage: the word is on o_ta_data where it is
	// used), instead of 64 flip-flops loaded from sh_q. The registers change only between
	// commands (WRITE_REG) and in the reset pass; a read of the word written in the same cycle
	// is undefined on the FPGA (no_rw_check): pc_core reads them only while a command runs.
	pc_ram #(.W(16), .D(32), .AW(5)) u_ta (
		.i_clk(i_clk), .i_we(sh_we_w), .i_waddr(sh_wa_w), .i_wdata(sh_wd_w[15:0]),
		.i_re(1'b1), .i_raddr(i_ta), .o_rdata(o_ta_data));

	// LIVE +- 1 (ACT_PRUNE decrements per pruned slot too), kept inverted: o_live_n = ~LIVE, so
	// that pc_core's LIVE - keep is ~(keep + o_live_n), an add without inverted operands (on the
	// iCE40 a subtrahend costs a LUT per bit: the carry chain takes its operands as they are).
	// One adder: an inc of LIVE is + (2^24 - 1) here, a dec + 0 + carry in; no carry out of the
	// inc is LIVE = 2^24 - 1 (saturated: keep), a carry out of the dec is LIVE = 0 (keep).
	// The strobes are registered first (timing: the engines' late decisions end at a flip-flop,
	// the adder and its carry out start from flip-flops): LIVE changes one edge after them.
	reg         ldec_q, linc_q;
	wire        live_up_w = ldec_q || linc_q;
	wire [24:0] live_s_w  = {1'b0, o_live_n} + {1'b0, {24{linc_q}}} + {24'd0, ldec_q};
	wire        live_we_w = i_we && (i_waddr == 5'h13);
	always @(posedge i_clk) begin
		ldec_q <= i_live_dec && !i_rst;
		linc_q <= i_live_inc && !i_rst;
		if (i_rst)
			o_live_n <= {24{1'b1}};
		else if (live_we_w || (live_up_w && (live_s_w[24] == linc_q)))
			o_live_n <= live_we_w ? ~i_wdata[23:0] : live_s_w[23:0];
	end

	// SINCE + 1: a carry out is the saturation (keep); one logic cell per bit (pc_ldcnt)
	wire        since_co_w;
	wire        since_we_w = i_we && (i_waddr == 5'h11);
	pc_ldcnt #(.W(24)) u_since (.i_clk(i_clk), .i_clr(i_rst || i_since_clr), .i_ld(since_we_w),
		.i_d(i_wdata[23:0]), .i_inc(i_since_inc && !since_co_w), .o_q(since_q), .o_co(since_co_w));

	// o_prune_due = (SINCE + 1, saturated) >= PRUNE_EVERY != 0, compared bit-serially, LSB first,
	// over and over (24 cycles, no comparator chain), a step in each cycle whose read data is
	// PRUNE_EVERY (pk_q: the port was parked on it; READ_REG and i_pa move it). A change of SINCE
	// or PRUNE_EVERY (or the reset pass) makes the round under way unclean; o_due_v: the last
	// round was clean (<= 48 parked cycles after a change). TRAIN waits for it in ST_SINCE.
	wire [23:0] pe_w = sh_rd_q[23:0];
	reg  [4:0]  sb_q;                             // bit
	reg         sc_q, sge_q, snz_q, due_q;        // carry of SINCE + 1, >= so far, PE != 0 so far
	reg         pk_q, cl_q, dv_q;                 // sh_rd_q is PE; round clean so far; due_q valid
	wire        dist_w = i_rst || !ini_q[5] || i_since_clr || i_since_inc ||
	                     (i_we && (i_waddr == 5'h0B || i_waddr == 5'h11));
	wire        sx_w  = since_q[sb_q] ^ sc_q;     // bit of SINCE + 1
	wire        sp_w  = pe_w[sb_q];
	wire        sge_w = (sx_w && !sp_w) || ((sx_w == sp_w) && sge_q);
	always @(posedge i_clk) begin
		pk_q <= (sh_ra_w == 5'h0B);
		if (pk_q) begin
			if (sb_q == 5'd23) begin
				// a carry out of SINCE + 1 (SINCE = 2^24 - 1) is >= every PRUNE_EVERY
				due_q <= (snz_q || sp_w) && (sge_w || (sc_q && since_q[23]));
				dv_q  <= cl_q;
				cl_q  <= 1'b1;
				sb_q  <= 5'd0;
				sc_q  <= 1'b1;
				sge_q <= 1'b1;
				snz_q <= 1'b0;
			end else begin
				sb_q  <= sb_q + 5'd1;
				sc_q  <= sc_q && since_q[sb_q];
				sge_q <= sge_w;
				snz_q <= snz_q || sp_w;
			end
		end
		if (dist_w) begin
			cl_q <= 1'b0;
			dv_q <= 1'b0;
		end
		if (i_rst)
			sb_q <= 5'd23;
	end
	assign o_prune_due = due_q;
	assign o_due_v     = dv_q;
`ifndef SYNTHESIS
	always @(posedge i_clk) begin                // nested: one or two bits in most cycles
		if (!i_rst && (i_since_inc || i_since_clr)) begin
			// (PRUNE_EVERY from the shadow word itself: the port may be elsewhere now)
			if (!dv_q || due_q != ((sh_mem[5'h0B][23:0] != 24'd0) &&
			                       ({1'b0, since_q} + 25'd1 >= {1'b0, sh_mem[5'h0B][23:0]})))
				$fatal(1, "pc_regs: o_prune_due stale at its use");
		end
		if (!i_rst && i_we) begin
			if (cp_q != 2'd0 || !ini_q[5])
				$fatal(1, "pc_regs: WRITE_REG while the shadow is being copied / cleared");
		end
	end
`endif

	always @(posedge i_clk) begin
		if (i_we) begin
			case (i_waddr)
			5'h01: o_ctrl        <= i_wdata[6:0] & FEATURES;   // (constant 0s: the logic goes)
			5'h02: o_hid         <= i_wdata[HW-1:0];
			5'h03: o_slots       <= i_wdata[9:0];
			5'h0A: o_cdecay      <= i_wdata[3:0];
			default: ;
			endcase
		end
		if (i_rst) begin
			o_ctrl        <= 7'd0;
			o_hid         <= HRES32[HW-1:0];
			o_slots       <= 10'd784;
			o_cdecay      <= 4'd0;
		end
	end
endmodule

`default_nettype wire
