// SPDX-License-Identifier: ISC
//
// pc_ldcnt — a loadable up-counter: o_q <= i_clr ? 0 : i_ld ? i_d : o_q + 1 on a rising edge
// with i_clr, i_ld or i_inc (W bits; o_co = o_q is all ones, the carry out of o_q + 1: callers
// that saturate leave i_inc low then). On the iCE40 (SYNTHESIS, not PC_GENERIC)
// one logic cell per bit: the cell's LUT is i_ld ? d[i] : q[i] ^ c[i] and its carry
// c[i+1] = maj(q[i], i_ld, c[i]) (= q[i] & c[i] when counting; with i_ld the chain is unused),
// the chain's first carry the constant 1. Yosys' mapping needs two LUTs per bit: its adder's
// sum LUT is fixed, so the load's select is a second LUT. Elsewhere plain behavioural code.
// Timing: i_clr / i_ld / i_d / i_inc -> o_q registered (i_ld through the whole carry chain);
// o_co combinational from o_q (the chain's end; valid while i_ld is low).
`default_nettype none
`undef PC_ICE40
`ifdef SYNTHESIS
`ifndef PC_GENERIC
`define PC_ICE40
`endif
`endif

module pc_ldcnt #(
	parameter integer W = 8
) (
	input  wire         i_clk,
	input  wire         i_clr,
	input  wire         i_ld,
	input  wire [W-1:0] i_d,
	input  wire         i_inc,
	output reg  [W-1:0] o_q,
	output wire         o_co
);
`ifdef PC_ICE40
	wire [W:0]   c_w;                             // carry into bit i
	wire [W-1:0] n_w;
	assign c_w[0] = 1'b1;
	genvar i;
	generate
		for (i = 0; i < W; i = i + 1) begin : g_b
			SB_LUT4 #(.LUT_INIT(16'hA3AC)) u_lut (   // O = I2 ? I0 : I1 ^ I3
				.I0(i_d[i]), .I1(o_q[i]), .I2(i_ld), .I3(c_w[i]), .O(n_w[i]));
			SB_CARRY u_cy (.I0(o_q[i]), .I1(i_ld), .CI(c_w[i]), .CO(c_w[i + 1]));
		end
	endgenerate
	assign o_co = c_w[W];
	always @(posedge i_clk)
		if (i_clr)
			o_q <= {W{1'b0}};
		else if (i_ld || i_inc)
			o_q <= n_w;
`else
	assign o_co = &o_q;
	always @(posedge i_clk)
		if (i_clr)
			o_q <= {W{1'b0}};
		else if (i_ld)
			o_q <= i_d;
		else if (i_inc)
			o_q <= o_q + 1'b1;
`endif
endmodule

`default_nettype wire
