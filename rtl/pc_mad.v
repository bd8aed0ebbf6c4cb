// SPDX-License-Identifier: ISC
//
// pc_mad — multiply-add / subtract o_v = i_c + a_q * i_b (i_sub = 0) or i_c - a_q * i_b
// (i_sub = 1), signed 16 x 16, 32 bit (mod 2^32), with a_q the A input register (loaded from i_a
// at the clock edge when i_ace). Under SYNTHESIS (Yosys defines it) one UP5K SB_MAC16: A_REG with
// AHOLD = !i_ace, the 16x16 product into the 32-bit post-adder with C:D = i_c, ADDSUBTOP/BOT =
// i_sub (Yosys' ice40_dsp pass does not fold an `a*b + c` into the DSP by itself: the add would
// stay in the fabric); a behavioural model of the same function otherwise.
//
// O[0] is not an output (Yosys' ice40_dsp pass would otherwise take the cell for a plain
// multiplier and remap it): callers make it a don't-care (an even B and C, or a bit they drop).
// Timing: the A register is clocked (i_clk, i_ace); B / C / sub to o_v combinational (slot
// stream S2: the product and the rounding constant into rin_q).
`default_nettype none
// SB_* cells only in an iCE40 synthesis: Yosys defines SYNTHESIS; with PC_GENERIC (another
// vendor's synthesis: constraints/ecp5.mk) the behavioural model below is synthesized instead.
`undef PC_ICE40
`ifdef SYNTHESIS
`ifndef PC_GENERIC
`define PC_ICE40
`endif
`endif

module pc_mad (
	input  wire        i_clk,
	input  wire        i_ace,                     // load the A register
	input  wire [15:0] i_a,
	input  wire [15:0] i_b,
	input  wire [31:0] i_c,
	input  wire        i_sub,
	output wire [31:1] o_v
);
`ifdef PC_ICE40
	wire [31:0] o_w;
	SB_MAC16 #(
		.A_REG(1'b1),
		.TOPOUTPUT_SELECT(2'b00), .TOPADDSUB_LOWERINPUT(2'b10), .TOPADDSUB_UPPERINPUT(1'b1),
		.TOPADDSUB_CARRYSELECT(2'b10),
		.BOTOUTPUT_SELECT(2'b00), .BOTADDSUB_LOWERINPUT(2'b10), .BOTADDSUB_UPPERINPUT(1'b1),
		.BOTADDSUB_CARRYSELECT(2'b00), .MODE_8x8(1'b0), .A_SIGNED(1'b1), .B_SIGNED(1'b1)
	) u_mac (                                     // O = {C,D} +- A_q * B
		.CLK(i_clk), .CE(1'b1),
		.A(i_a), .B(i_b), .C(i_c[31:16]), .D(i_c[15:0]),
		.AHOLD(!i_ace), .BHOLD(1'b1), .CHOLD(1'b1), .DHOLD(1'b1),
		.IRSTTOP(1'b0), .IRSTBOT(1'b0), .ORSTTOP(1'b0), .ORSTBOT(1'b0),
		.OLOADTOP(1'b0), .OLOADBOT(1'b0), .ADDSUBTOP(i_sub), .ADDSUBBOT(i_sub),
		.OHOLDTOP(1'b1), .OHOLDBOT(1'b1), .CI(1'b0), .ACCUMCI(1'b0), .SIGNEXTIN(1'b0),
		.O(o_w), .CO(), .ACCUMCO(), .SIGNEXTOUT()
	);
	assign o_v = o_w[31:1];
`else
	reg  [15:0] a_q;
	always @(posedge i_clk)
		if (i_ace)
			a_q <= i_a;
	wire [31:0] p_w = $signed(a_q) * $signed(i_b);
	wire [31:0] s_w = i_sub ? i_c - p_w : i_c + p_w;
	assign o_v = s_w[31:1];
`endif
endmodule

`default_nettype wire
