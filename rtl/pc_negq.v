// SPDX-License-Identifier: ISC
//
// pc_negq — a register loaded with the two's-complement negation of its input: o_q <= -i_d
// (W bits, modulo 2^W) on a rising edge with i_en. On the iCE40 (SYNTHESIS, not PC_GENERIC) one
// logic cell per bit: the carry chain runs the borrow of 0 - d (b[i+1] = d[i] | b[i], the
// SB_CARRY of d[i], 1 and b[i]) and the cell's LUT makes d[i] ^ b[i] beside it. Yosys' own
// subtracter takes ~d into the chain, one more LUT per bit: the carry chain's operands enter
// as they are. Elsewhere a plain behavioural negation.
// Timing: i_d -> o_q registered (one carry chain of W cells).
`default_nettype none
`undef PC_ICE40
`ifdef SYNTHESIS
`ifndef PC_GENERIC
`define PC_ICE40
`endif
`endif

module pc_negq #(
	parameter integer W = 17
) (
	input  wire         i_clk,
	input  wire         i_en,
	input  wire [W-1:0] i_d,
	output reg  [W-1:0] o_q
);
`ifdef PC_ICE40
	wire [W:0]   b_w;                             // borrow into bit i
	wire [W-1:0] n_w;
	assign b_w[0] = 1'b0;
	genvar i;
	generate
		for (i = 0; i < W; i = i + 1) begin : g_b
			SB_LUT4 #(.LUT_INIT(16'h33CC)) u_lut (   // O = I1 ^ I3
				.I0(1'b0), .I1(i_d[i]), .I2(1'b1), .I3(b_w[i]), .O(n_w[i]));
			SB_CARRY u_cy (.I0(i_d[i]), .I1(1'b1), .CI(b_w[i]), .CO(b_w[i + 1]));
		end
	endgenerate
	always @(posedge i_clk)
		if (i_en)
			o_q <= n_w;
`else
	always @(posedge i_clk)
		if (i_en)
			o_q <= {W{1'b0}} - i_d;
`endif
endmodule

`default_nettype wire
