// SPDX-License-Identifier: ISC
//
// pc_ldcnt — a loadable counter: o_q <= i_clr ? CLR : i_ld ? i_d : o_q + 1 (DOWN: o_q - 1) on a
// rising edge with i_clr, i_ld or i_inc (W bits; CLR = 0, or all ones with CLR_ONES). o_co is
// the carry out of the step: up, o_q is all ones; down, o_q is not 0 (no borrow). Callers that
// saturate leave i_inc low when the step would wrap.
// On the iCE40 (SYNTHESIS, not PC_GENERIC) one logic cell per bit: up, the LUT is
// i_ld ? d[i] : q[i] ^ c[i] beside the carry c[i+1] = maj(q[i], i_ld, c[i]) (= q[i] & c[i] when
// counting), the chain's first carry 1; down (+ all ones), the LUT is
// !i_ld ? ~(q[i] ^ c[i]) : d[i] beside c[i+1] = maj(q[i], !i_ld, c[i]) (= q[i] | c[i]), the
// first carry 0. With i_ld the chain is unused. Yosys' mapping needs two LUTs per bit: its
// adder's sum LUT is fixed, so the load's select is a second LUT. Elsewhere behavioural code.
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
	parameter integer W        = 8,
	parameter integer DOWN     = 0,
	parameter integer CLR_ONES = 0
) (
	input  wire         i_clk,
	input  wire         i_clr,
	input  wire         i_ld,
	input  wire [W-1:0] i_d,
	input  wire         i_inc,
	output reg  [W-1:0] o_q,
	output wire         o_co
);
	localparam [W-1:0] CLR = (CLR_ONES != 0) ? {W{1'b1}} : {W{1'b0}};
`ifdef PC_ICE40
	localparam [15:0] LUT = (DOWN != 0) ? 16'hCA3A : 16'hA3AC;   // see above (I2: the load)
	wire         ls_w = (DOWN != 0) ? !i_ld : i_ld;
	wire [W:0]   c_w;                             // carry into bit i
	wire [W-1:0] n_w;
	assign c_w[0] = (DOWN == 0);
	genvar i;
	generate
		for (i = 0; i < W; i = i + 1) begin : g_b
			SB_LUT4 #(.LUT_INIT(LUT)) u_lut (
				.I0(i_d[i]), .I1(o_q[i]), .I2(ls_w), .I3(c_w[i]), .O(n_w[i]));
			SB_CARRY u_cy (.I0(o_q[i]), .I1(ls_w), .CI(c_w[i]), .CO(c_w[i + 1]));
		end
	endgenerate
	assign o_co = c_w[W];
	always @(posedge i_clk)
		if (i_clr)
			o_q <= CLR;
		else if (i_ld || i_inc)
			o_q <= n_w;
`else
	assign o_co = (DOWN != 0) ? |o_q : &o_q;
	always @(posedge i_clk)
		if (i_clr)
			o_q <= CLR;
		else if (i_ld)
			o_q <= i_d;
		else if (i_inc)
			o_q <= (DOWN != 0) ? o_q - 1'b1 : o_q + 1'b1;
`endif
endmodule

`default_nettype wire
