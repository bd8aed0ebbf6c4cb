// SPDX-License-Identifier: ISC
//
// pc_apd — ACT_PRUNE's compare of a slot's product with the threshold candidate:
// o_lt = a_q * b_q < i_cand, o_eq = a_q * b_q == i_cand with a_q / b_q = i_a / i_b registered at
// every clock edge (the DSP's A / B input registers) (unsigned; caller contract i_a <= 2^15, so
// the product is < 2^31). Under SYNTHESIS (Yosys defines it) the product and
// the subtract R = cand - a*b are one UP5K SB_MAC16 (its multiplier and 32-bit post-adder, no
// carry chain in the fabric); a behavioural model of the same function otherwise.
//
// O[0] is left without a user (Yosys' ice40_dsp pass would otherwise take the cell for a
// plain multiplier and remap it): R[0] = cand[0] ^ (a[0] & b[0]) is rebuilt in the fabric for
// the zero test (a_q[0], b_q[0] in fabric flip-flops). Below is R > 0 (both operands < 2^31, so R[31]
// is the sign).
// Timing: a / b registered (slot stream: S2's |w| and aux in, S3's inside the DSP), cand -> o_lt /
// o_eq combinational (S3: DSP -> plt4_q / peq4_q).
`default_nettype none
// SB_* cells only in an iCE40 synthesis: Yosys defines SYNTHESIS; with PC_GENERIC (another
// vendor's synthesis: constraints/ecp5.mk) the behavioural model below is synthesized instead.
`undef PC_ICE40
`ifdef SYNTHESIS
`ifndef PC_GENERIC
`define PC_ICE40
`endif
`endif

module pc_apd (
	input  wire        i_clk,
	input  wire [15:0] i_a,
	input  wire [15:0] i_b,
	input  wire [30:0] i_cand,
	output wire        o_lt,
	output wire        o_eq
);
`ifdef PC_ICE40
	wire [31:0] o_w;
	SB_MAC16 #(
		.TOPOUTPUT_SELECT(2'b00), .TOPADDSUB_LOWERINPUT(2'b10), .TOPADDSUB_UPPERINPUT(1'b1),
		.TOPADDSUB_CARRYSELECT(2'b10),
		.BOTOUTPUT_SELECT(2'b00), .BOTADDSUB_LOWERINPUT(2'b10), .BOTADDSUB_UPPERINPUT(1'b1),
		.BOTADDSUB_CARRYSELECT(2'b00), .MODE_8x8(1'b0), .A_SIGNED(1'b0), .B_SIGNED(1'b0),
		.A_REG(1'b1), .B_REG(1'b1)
	) u_mac (                                     // O = {C,D} - A_q*B_q
		.CLK(i_clk), .CE(1'b1),
		.A(i_a), .B(i_b), .C({1'b0, i_cand[30:16]}), .D(i_cand[15:0]),
		.AHOLD(1'b0), .BHOLD(1'b0), .CHOLD(1'b1), .DHOLD(1'b1),
		.IRSTTOP(1'b0), .IRSTBOT(1'b0), .ORSTTOP(1'b0), .ORSTBOT(1'b0),
		.OLOADTOP(1'b0), .OLOADBOT(1'b0), .ADDSUBTOP(1'b1), .ADDSUBBOT(1'b1),
		.OHOLDTOP(1'b1), .OHOLDBOT(1'b1), .CI(1'b0), .ACCUMCI(1'b0), .SIGNEXTIN(1'b0),
		.O(o_w), .CO(), .ACCUMCO(), .SIGNEXTOUT()
	);
	reg  a0_q, b0_q;
	always @(posedge i_clk) begin
		a0_q <= i_a[0];
		b0_q <= i_b[0];
	end
	wire r0_w = i_cand[0] ^ (a0_q & b0_q);        // O[0], not taken from the DSP
	assign o_eq = (o_w[31:1] == 31'd0) && !r0_w;
	assign o_lt = !o_w[31] && !o_eq;
`else
	reg  [15:0] a_q, b_q;
	always @(posedge i_clk) begin
		a_q <= i_a;
		b_q <= i_b;
	end
	wire [31:0] p_w = a_q * b_q;
	assign o_lt = p_w < {1'b0, i_cand};
	assign o_eq = p_w == {1'b0, i_cand};
`endif
endmodule

`default_nettype wire
