// SPDX-License-Identifier: ISC
//
// pc_counters — the 21 protocol counters (docs/protocol.md): CYCLES (index 0) is a saturating
// 48-bit register counting every clock; counters 1..20 live in one 32 x 48 EBR behind a
// single shared saturating 48-bit adder (read-modify-write: the EBR read is issued in the
// cycle of the request, the sum is written in the next one; pipelined).
//
// Requests (one per cycle at most, i_op_v): OP_ADD adds i_op_val (saturating), OP_LO / OP_HI
// write the low 32 / high 16 bits (WRITE_REG; index 0 writes CYCLES directly). Two requests
// to the same index must be >= 2 cycles apart (callers issue distinct indices back to back).
// High-rate events of the learning engines (one per stream cycle) go into narrow per-command
// accumulators (as wide as one command can count) that i_flush adds into the EBR, one per
// cycle; o_busy is high while a request or a flush is in flight.
// After reset the EBR words are cleared (32 cycles, o_busy).
// Read: o_rd_data = counter i_rd_idx, one cycle after i_rd_idx (only while !o_busy).
`default_nettype none

module pc_counters #(
	parameter integer SLOT_CAP = 16384,
	parameter integer H_MAX    = 64
) (
	input  wire        i_clk,
	input  wire        i_rst,
	input  wire        i_op_v,
	input  wire [1:0]  i_op,
	input  wire [4:0]  i_op_idx,
	input  wire [31:0] i_op_val,
	// per-event strobes of the engines
	input  wire        i_ev_l1w,
	input  wire        i_ev_l1g,
	input  wire        i_ev_aux,
	input  wire        i_ev_stw,
	input  wire        i_ev_prn,
	input  wire        i_ev_grow,
	input  wire        i_ev_l2w,
	input  wire        i_ev_l2g,
	input  wire [16:0] i_ev_l1dw,
	input  wire [16:0] i_ev_l2dw,
	input  wire        i_flush,
	output wire        o_busy,
	input  wire [4:0]  i_rd_idx,
	output wire [47:0] o_rd_data
);
	localparam [1:0] OP_ADD = 2'd0, OP_LO = 2'd1, OP_HI = 2'd2, OP_CLR = 2'd3;
	localparam [47:0] CNT_MAX = 48'hFFFF_FFFF_FFFF;
	localparam [4:0] C_L1W = 5'd6, C_L1G = 5'd7, C_L1DW = 5'd8, C_L2W = 5'd10, C_L2G = 5'd11,
		C_L2DW = 5'd12, C_AUXW = 5'd13, C_STW = 5'd15, C_PRUNED = 5'd16, C_GROWN = 5'd17;
	localparam integer LS  = $clog2(SLOT_CAP) + 2;            // slot events per command
	localparam integer LW  = $clog2(H_MAX * 10 + 1);          // W2 events per command
	localparam integer LD1 = LS + 16;                         // sum |dw|, hidden layer
	localparam integer LD2 = LW + 16;                         // sum |dw|, output layer
	localparam integer VW  = (LD1 > 32) ? LD1 : 32;           // addend width

	// ---- CYCLES
	reg [47:0] cyc_q;
	always @(posedge i_clk) begin
		if (i_rst)
			cyc_q <= 48'd0;
		else if (i_op_v && i_op != OP_ADD && i_op_idx == 5'd0) begin
			if (i_op == OP_HI)
				cyc_q[47:32] <= i_op_val[15:0];
			else
				cyc_q[31:0] <= i_op_val;
		end else if (cyc_q != CNT_MAX)
			cyc_q <= cyc_q + 48'd1;
	end

	// ---- accumulators
	reg [LS-1:0]  a_l1w_q, a_l1g_q, a_aux_q, a_stw_q, a_prn_q, a_grw_q;
	reg [LD1-1:0] a_l1dw_q;
	reg [LW-1:0]  a_l2w_q, a_l2g_q;
	reg [LD2-1:0] a_l2dw_q;
	reg           clr_q;
	always @(posedge i_clk) begin
		if (i_rst || clr_q) begin
			a_l1w_q <= {LS{1'b0}}; a_l1g_q <= {LS{1'b0}}; a_aux_q <= {LS{1'b0}};
			a_stw_q <= {LS{1'b0}}; a_prn_q <= {LS{1'b0}}; a_grw_q <= {LS{1'b0}};
			a_l1dw_q <= {LD1{1'b0}}; a_l2w_q <= {LW{1'b0}}; a_l2g_q <= {LW{1'b0}};
			a_l2dw_q <= {LD2{1'b0}};
		end else begin
			a_l1w_q  <= a_l1w_q + {{(LS - 1){1'b0}}, i_ev_l1w};
			a_l1g_q  <= a_l1g_q + {{(LS - 1){1'b0}}, i_ev_l1g};
			a_aux_q  <= a_aux_q + {{(LS - 1){1'b0}}, i_ev_aux};
			a_stw_q  <= a_stw_q + {{(LS - 1){1'b0}}, i_ev_stw | i_ev_grow};
			a_prn_q  <= a_prn_q + {{(LS - 1){1'b0}}, i_ev_prn};
			a_grw_q  <= a_grw_q + {{(LS - 1){1'b0}}, i_ev_grow};
			a_l1dw_q <= a_l1dw_q + {{(LD1 - 17){1'b0}}, i_ev_l1dw};
			a_l2w_q  <= a_l2w_q + {{(LW - 1){1'b0}}, i_ev_l2w};
			a_l2g_q  <= a_l2g_q + {{(LW - 1){1'b0}}, i_ev_l2g};
			a_l2dw_q <= a_l2dw_q + {{(LD2 - 17){1'b0}}, i_ev_l2dw};
		end
	end

	// ---- flush: one accumulator per cycle into the add pipeline
	reg        fl_q;
	reg [3:0]  fi_q;
	reg [5:0]  ini_q;                             // after reset: clear the 32 words
	reg [4:0]  fidx_w;
	reg [VW-1:0] fval_w;
	always @(*) begin
		fval_w = {VW{1'b0}};
		case (fi_q)
		4'd0:    begin fidx_w = C_L1W;    fval_w[LS-1:0]  = a_l1w_q;  end
		4'd1:    begin fidx_w = C_L1G;    fval_w[LS-1:0]  = a_l1g_q;  end
		4'd2:    begin fidx_w = C_L1DW;   fval_w[LD1-1:0] = a_l1dw_q; end
		4'd3:    begin fidx_w = C_L2W;    fval_w[LW-1:0]  = a_l2w_q;  end
		4'd4:    begin fidx_w = C_L2G;    fval_w[LW-1:0]  = a_l2g_q;  end
		4'd5:    begin fidx_w = C_L2DW;   fval_w[LD2-1:0] = a_l2dw_q; end
		4'd6:    begin fidx_w = C_AUXW;   fval_w[LS-1:0]  = a_aux_q;  end
		4'd7:    begin fidx_w = C_STW;    fval_w[LS-1:0]  = a_stw_q;  end
		4'd8:    begin fidx_w = C_PRUNED; fval_w[LS-1:0]  = a_prn_q;  end
		default: begin fidx_w = C_GROWN;  fval_w[LS-1:0]  = a_grw_q;  end
		endcase
	end

	// ---- the request of this cycle (its EBR read is issued now): reset clear, flush, host op
	reg          rqv_w;
	reg [1:0]    rqop_w;
	reg [4:0]    rqi_w;
	reg [VW-1:0] rqval_w;
	always @(*) begin
		rqv_w   = 1'b0;
		rqop_w  = OP_ADD;
		rqi_w   = fidx_w;
		rqval_w = fval_w;
		if (!ini_q[5]) begin
			rqv_w  = 1'b1;
			rqop_w = OP_CLR;
			rqi_w  = ini_q[4:0];
		end else if (fl_q)
			rqv_w = 1'b1;
		else if (i_op_v && !(i_op != OP_ADD && i_op_idx == 5'd0)) begin
			rqv_w   = 1'b1;
			rqop_w  = i_op;
			rqi_w   = i_op_idx;
			rqval_w = {VW{1'b0}};
			rqval_w[31:0] = i_op_val;
		end
	end

	// ---- read-modify-write: p1 = read data on c_rd_w, the new word is written
	reg        p1v_q;
	reg [1:0]  p1op_q;
	reg [4:0]  p1i_q, rdi_q;
	reg [VW-1:0] p1val_q;
	wire [47:0] c_rd_w;
	wire [48:0] sum_w = {1'b0, c_rd_w} + {{(49 - VW){1'b0}}, p1val_q};
	reg  [47:0] wd_w;
	always @(*) begin
		case (p1op_q)
		OP_LO:   wd_w = {c_rd_w[47:32], p1val_q[31:0]};
		OP_HI:   wd_w = {p1val_q[15:0], c_rd_w[31:0]};
		OP_CLR:  wd_w = 48'd0;
		default: wd_w = sum_w[48] ? CNT_MAX : sum_w[47:0];
		endcase
	end
	pc_ram #(.W(48), .D(32), .AW(5)) u_cnt (
		.i_clk(i_clk), .i_we(p1v_q), .i_waddr(p1i_q), .i_wdata(wd_w),
		.i_raddr(rqv_w ? rqi_w : i_rd_idx), .o_rdata(c_rd_w));

	always @(posedge i_clk) begin
		clr_q   <= 1'b0;
		rdi_q   <= i_rd_idx;
		p1v_q   <= rqv_w;
		p1op_q  <= rqop_w;
		p1i_q   <= rqi_w;
		p1val_q <= rqval_w;
		if (!ini_q[5])
			ini_q <= ini_q + 6'd1;
		else if (fl_q) begin
			fi_q <= fi_q + 4'd1;
			if (fi_q == 4'd9) begin
				fl_q  <= 1'b0;
				clr_q <= 1'b1;
			end
		end
		if (i_flush) begin
			fl_q <= 1'b1;
			fi_q <= 4'd0;
		end
		if (i_rst) begin
			ini_q <= 6'd0;
			fl_q  <= 1'b0;
			p1v_q <= 1'b0;
		end
	end
	assign o_busy    = !ini_q[5] || fl_q || p1v_q || i_flush || i_op_v;
	assign o_rd_data = (rdi_q == 5'd0) ? cyc_q : c_rd_w;
endmodule

`default_nettype wire
