// SPDX-License-Identifier: ISC
//
// pc_counters — the 21 protocol counters (docs/protocol.md), all in one 32 x 48 EBR behind a
// single saturating 48-bit read-modify-write adder (pc_add48: one DSP; the EBR read is issued
// in the cycle of a request, the new word is written at the end of the next one).
//
// Per cycle the adder serves one of (priority order): the clear after reset (32 cycles: the
// adder's load of a zero addend, no value multiplexer), a host read (i_rd_v), a request
// (i_op_v), the CYCLES fold, the accumulator flusher.
//   Read: i_rd_v with i_rd_idx; o_rd_data = that counter in the next cycle.
//   Request: OP_ADD adds i_op_val (saturating); OP_LO / OP_HI replace bits 31:0 / 47:32
//     (WRITE_REG).
//   Merge (hardware, no caller rule): the EBR read of a read / request of the index whose ADD
//     (request, flush or merge) is written in this cycle would miss that write; instead the
//     write is dropped and its addend rides along with the new access (added to its own; a
//     read then writes too; OP_LO / OP_HI replace a half of the word with the add applied
//     first). So requests / reads may follow flushes and requests of any index back to back.
//   CYCLES (index 0): the EBR word + an 8-bit pre-counter that counts every clock; the pre-count
//     is folded into the word (one adder pass) when its top bit sets and by a lo / hi write;
//     a read returns word + pre-count (exact). A fold whose write would meet a read / request of
//     index 0 in the next cycle is dropped (the pre-counter keeps counting).
//   Events: the high-rate engine events go into 5-bit accumulators (pc_acc; 21 bits for the
//     sums of |dw|) that a rotating flusher (10 slots) hands to the adder
//     in cycles nobody else uses (a dirty slot, any time; never right after a write of its
//     index). The caller may add to an accumulated counter directly (L1_GATED, L2_GATED, PRUNED)
//     at any time: adds commute, and a collision with a flush is merged.
// Caller rules that remain (each checked in simulation by $fatal):
//   - OP_ADD values < 2^BW = 2^22, and a merged addend stays below 2^22 (requests are small).
//   - OP_LO / OP_HI: the replaced half comes from i_op_wv in the cycle AFTER the request (the
//     caller holds it from the request on; checked: the value is unchanged), and no read /
//     request of the same index in that cycle (WRITE_REG is a command of its own). i_op_val
//     is an ADD's value only.
//   - the caller leaves >= 10 of any 31 cycles free of reads / requests while events are
//     produced (each accumulator is visited within 31 cycles; pc_acc checks its overflow).
//   - no read / request in the 32 cycles after i_rst (the clear), no read and request in one
//     cycle.
// o_busy: the clear, a request, dirty accumulators, i_flush, or a write in flight (CYCLES folds
// excluded: they never delay or disturb the caller). i_flush only marks the command's end (the
// accumulators drain whenever the adder is free; ST_FIN / ST_FLUSH wait for !o_busy).
`default_nettype none

module pc_counters (
	input  wire        i_clk,
	input  wire        i_rst,
	input  wire        i_op_v,
	input  wire [1:0]  i_op,
	input  wire [4:0]  i_op_idx,
	input  wire [31:0] i_op_val,
	input  wire [31:0] i_op_wv,                   // OP_LO / OP_HI: the value, held (see below)
	// per-event strobes of the engines
	input  wire        i_ev_l1w,
	input  wire        i_ev_l1g,
	input  wire        i_ev_aux,
	input  wire        i_ev_stw,
	input  wire        i_ev_prn,
	input  wire        i_ev_grow,
	input  wire        i_ev_l2w,
	input  wire        i_ev_l2g,
	input  wire [16:0] i_ev_l1dw,                 // |dw| <= 65535 (both words are s16)
	input  wire [16:0] i_ev_l2dw,
	input  wire        i_flush,
	output wire        o_busy,
	input  wire        i_rd_v,
	input  wire [4:0]  i_rd_idx,
	output wire [47:0] o_rd_data
);
	localparam [1:0] OP_ADD = 2'd0, OP_LO = 2'd1, OP_HI = 2'd2;
	localparam integer AW  = 5;                          // narrow accumulators (< 32 events)
	localparam integer DW  = 16 + AW;                    // narrow sum-|dw| accumulators
	localparam integer BW  = DW + 1;                     // addend width (>= 16, PK+1)
	localparam integer PK  = 8;                          // CYCLES pre-counter

	localparam integer MW  = BW;                         // addend register (merged ones too)

	reg           p1we_q, p1lo_q, p1hi_q, p1clr_q, p1cyc_q, p1fold_q;   // the request in its write cycle
	reg  [4:0]    p1i_q;
	reg  [MW-1:0] p1b_q;

	// ---- accumulators; rotation slot k -> counter index
	wire [9:0]   dirty_w;
	reg  [9:0]   take_w;
	wire [DW-1:0]  s_l1dw_w, s_l2dw_w;
	pc_acc #(.W(DW), .EW(17)) u_l1dw (.i_clk(i_clk), .i_rst(i_rst), .i_ev(i_ev_l1dw),
		.i_mark(i_ev_l1w), .i_take(take_w[0]), .o_val(s_l1dw_w), .o_dirty(dirty_w[0]));
	pc_acc #(.W(DW), .EW(17)) u_l2dw (.i_clk(i_clk), .i_rst(i_rst), .i_ev(i_ev_l2dw),
		.i_mark(i_ev_l2w), .i_take(take_w[1]), .o_val(s_l2dw_w), .o_dirty(dirty_w[1]));
	// the one-event-per-cycle counts, by slot 2..9 (a grow is also a structural write)
	wire [9:2]     ev1_w = {i_ev_l2g, i_ev_l1g, i_ev_grow, i_ev_prn, i_ev_stw | i_ev_grow, i_ev_aux,
	                        i_ev_l2w, i_ev_l1w};
	wire [AW-1:0]  s1_w [2:9];
	genvar gk;
	generate for (gk = 2; gk <= 9; gk = gk + 1) begin : g_acc1
		pc_acc #(.W(AW), .EW(1)) u_acc (.i_clk(i_clk), .i_rst(i_rst), .i_ev(ev1_w[gk]),
			.i_mark(ev1_w[gk]), .i_take(take_w[gk]), .o_val(s1_w[gk]), .o_dirty(dirty_w[gk]));
	end endgenerate

	// flusher: slot fp_q (0..9) if dirty
	reg  [3:0]    fp_q;
	wire [BW-1:0] fv_w [0:15];
	assign fv_w[0]  = {{(BW - DW){1'b0}}, s_l1dw_w};
	assign fv_w[1]  = {{(BW - DW){1'b0}}, s_l2dw_w};
	generate for (gk = 2; gk <= 9; gk = gk + 1) begin : g_fv1
		assign fv_w[gk] = {{(BW - AW){1'b0}}, s1_w[gk]};
	end endgenerate
	genvar gi;
	generate for (gi = 10; gi < 16; gi = gi + 1) begin : g_fz
		assign fv_w[gi] = {BW{1'b0}};
	end endgenerate
	wire [BW-1:0] fval_w = fv_w[fp_q];
	reg  [4:0]    fidx_w;
	always @(*) begin
		case (fp_q)
		4'd0:    fidx_w = 5'd8;
		4'd1:    fidx_w = 5'd12;
		4'd2:    fidx_w = 5'd6;
		4'd3:    fidx_w = 5'd10;
		4'd4:    fidx_w = 5'd13;
		4'd5:    fidx_w = 5'd15;
		4'd6:    fidx_w = 5'd16;
		4'd7:    fidx_w = 5'd17;
		4'd8:    fidx_w = 5'd7;
		default: fidx_w = 5'd11;
		endcase
	end
	// any dirty slot, but never right after a write of the same index (its read would miss
	// that write); a request / read right after a flush of its index takes the flush over (merge)
	wire fl_en_w = dirty_w[fp_q] && !(p1we_q && p1i_q == fidx_w);

	// ---- CYCLES pre-counter
	reg  [PK-1:0] pre_q;
	wire [PK:0]   pre1_w = {1'b0, pre_q} + 1'b1;             // count up to this cycle

	// ---- the request of this cycle (its EBR read is issued now)
	reg  [5:0]    ini_q;                                     // clear the 32 words after reset
	wire          cyc_due_w = pre_q[PK-1] && !(p1we_q && p1i_q == 5'd0);
	reg           rwe_w, rlo_w, rhi_w, rcyc_w, rfold_w, rfl_w, rpre_w, rop_w;
	reg  [4:0]    ri_w;
	always @(*) begin
		rwe_w = 1'b0; rlo_w = 1'b0; rhi_w = 1'b0; rcyc_w = 1'b0; rfold_w = 1'b0; rfl_w = 1'b0;
		rpre_w = 1'b0; rop_w = 1'b0;
		ri_w  = i_rd_idx;
		if (!ini_q[5]) begin
			rwe_w = 1'b1;                                    // an ADD of 0 loaded as the sum
			ri_w  = ini_q[4:0];
		end else if (i_rd_v) begin
			rpre_w = (i_rd_idx == 5'd0);
		end else if (i_op_v) begin
			rwe_w = 1'b1;
			ri_w  = i_op_idx;
			rlo_w = (i_op == OP_LO);
			rhi_w = (i_op == OP_HI);
			rop_w = (i_op == OP_ADD);
			rpre_w = (i_op != OP_ADD) && (i_op_idx == 5'd0);   // WRITE_REG CYCLES: fold too
			rfold_w = rpre_w;
		end else if (cyc_due_w) begin
			rwe_w = 1'b1; rcyc_w = 1'b1; rfold_w = 1'b1; rpre_w = 1'b1;
			ri_w  = 5'd0;
		end else begin
			rfl_w = 1'b1;                                    // the flusher's turn
			if (fl_en_w) begin
				rwe_w = 1'b1;
				ri_w  = fidx_w;
			end
		end
	end
	// merge: a read / request of the index whose ADD (request, flush, merge) is being written
	// now would read the word before that write; instead that write is dropped and its addend
	// rides along with the new access (which then writes, a read too): nothing is lost, the
	// read sees it, and LO / HI replace a half of the word with the add applied first
	wire          p1add_w  = p1we_q && !p1lo_q && !p1hi_q && !p1cyc_q;
	// (the read's or the request's index compared directly, not through ri_w: timing, ri_w's
	// priority mux includes the flusher's choice)
	wire          merge_w  = ini_q[5] && p1add_w &&
	                         (i_rd_v ? (i_rd_idx == p1i_q) : (i_op_v && i_op_idx == p1i_q));
	// (a flush never merges: its value joins after the merge adder, not through its carry chain)
	wire [BW-1:0] rb0_w = ({BW{rpre_w}} & {{(BW - PK - 1){1'b0}}, pre1_w}) |
	                      ({BW{rop_w}} & i_op_val[BW-1:0]);
	wire [MW:0]   rb_w  = ({{(MW + 1 - BW){1'b0}}, rb0_w} + ({(MW + 1){merge_w}} & {1'b0, p1b_q})) |
	                      {{(MW + 1 - BW){1'b0}}, {BW{rfl_w && fl_en_w}} & fval_w};
	always @(*) begin
		take_w = 10'd0;
		take_w[fp_q] = rfl_w && fl_en_w;
	end

	// ---- read-modify-write: the word read for p1 is on c_rd_w; the new word is written now
	wire [47:0] c_rd_w;
	wire [48:0] sum_w;                                       // pc_add48 (DSP + carry chain)
	pc_add48 #(.BW(MW)) u_add (.i_a(c_rd_w), .i_b(p1b_q), .i_ld(p1clr_q), .o_sum(sum_w));   // clear: p1b = 0
	wire [31:0] v_w   = i_op_wv;                             // OP_LO / OP_HI value, held
	wire [47:0] wd_w  = {p1hi_q ? v_w[15:0] : (sum_w[47:32] | {16{sum_w[48]}}),
	                     p1lo_q ? v_w       : (sum_w[31:0]  | {32{sum_w[48]}})};
	// a CYCLES fold landing now would collide with this cycle's read / request of index 0
	wire        cancel_w = (p1cyc_q && ((i_rd_v && i_rd_idx == 5'd0) || (i_op_v && i_op_idx == 5'd0))) ||
	                       merge_w;
	pc_ram #(.W(48), .D(32), .AW(5)) u_cnt (
		.i_clk(i_clk), .i_we(p1we_q && !cancel_w), .i_waddr(p1i_q), .i_wdata(wd_w),
		.i_re(1'b1), .i_raddr(ri_w), .o_rdata(c_rd_w));
	assign o_rd_data = wd_w;                                 // a read: no select, p1b = pre-count

	always @(posedge i_clk) begin
		p1we_q   <= rwe_w || merge_w;
		p1lo_q   <= rlo_w;
		p1hi_q   <= rhi_w;
		p1cyc_q  <= rcyc_w;
		p1fold_q <= rfold_w;
		p1clr_q  <= !ini_q[5];
		if (!ini_q[5])
			ini_q <= ini_q + 6'd1;
		p1i_q    <= ri_w;
		p1b_q    <= rb_w[MW-1:0];
		if (rfl_w)
			fp_q <= (fp_q == 4'd9) ? 4'd0 : fp_q + 4'd1;
		// the folded pre-count landed: it restarts with this cycle's count
		if (p1we_q && p1fold_q && !cancel_w)
			pre_q <= {{(PK - 1){1'b0}}, 1'b1};
		else
			pre_q <= pre1_w[PK-1:0];
		if (i_rst) begin
			ini_q  <= 6'd0;
			fp_q   <= 4'd0;
			p1we_q <= 1'b0;
			pre_q  <= {PK{1'b0}};
		end
	end
	assign o_busy = !ini_q[5] || (dirty_w != 10'd0) || i_flush || i_op_v || (p1we_q && !p1cyc_q);

`ifndef SYNTHESIS
	// contracts of the caller (see the header); nested so that the Verilated model tests one
	// or two bits in most cycles
	reg [31:0] sim_val_q;
	always @(posedge i_clk) begin
		sim_val_q <= i_op_wv;
		if (!i_rst && !ini_q[5]) begin
			if (i_rd_v || i_op_v)
				$fatal(1, "pc_counters: read / request during the clear after reset");
		end else if (!i_rst) begin
			if (p1lo_q || p1hi_q) begin
				if (i_op_wv != sim_val_q)
					$fatal(1, "pc_counters: OP_LO/OP_HI value not held for the write");
				if (p1we_q && (i_rd_v || i_op_v) && ri_w == p1i_q)
					$fatal(1, "pc_counters: request / read of index %0d right after its LO/HI write", p1i_q);
			end
			if (i_op_v) begin
				if (i_rd_v)
					$fatal(1, "pc_counters: read and request in one cycle (the request would be lost)");
				if (i_op == OP_ADD && i_op_val[31:BW] != {(32 - BW){1'b0}})
					$fatal(1, "pc_counters: OP_ADD value %0d too wide", i_op_val);
			end
			if (merge_w) begin                        // rb_w[MW] is 0 without a merge
				if (rb_w[MW])
					$fatal(1, "pc_counters: merged addend overflow");
			end
			if (pre_q == {PK{1'b1}}) begin
				if (!(p1we_q && p1fold_q && !cancel_w))
					$fatal(1, "pc_counters: CYCLES pre-counter overflow");
			end
		end
	end
`endif
endmodule

`default_nettype wire
