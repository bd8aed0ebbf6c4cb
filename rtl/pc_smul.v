// SPDX-License-Identifier: ISC
//
// pc_smul — the stochastic gate's product o_hi = (i_a * i_b)[31:16] (unsigned 16 x 16,
// combinational), and beside it a two-stage delay o_d = i_d of two edges before. Under SYNTHESIS
// (Yosys defines it) one UP5K SB_MAC16: the product's high half straight out of the multiplier
// (TOPOUTPUT_SELECT 3), the delay in the otherwise unused bottom half (the D input register, then
// the bottom output register loaded through its load multiplexer, OLOADBOT); a behavioural model
// of the same function otherwise (Verilator, Icarus).
//
// O[0] is left without a user (Yosys' ice40_dsp pass would otherwise take the cell for a plain
// multiplier and remap it); the delay has the 14 bits pc_core needs (D[1:0] = 0). Only the product's high half is an output:
// pc_core's keep test p < |dw| * 2^16 is p[31:16] < |dw| (exact).
// Timing: i_a / i_b -> o_hi combinational (slot stream S4: LFSR next and THETA from registers);
// o_d from a DSP register (pc_core's slot idx and x from S2 to S4).
`default_nettype none
// SB_* cells only in an iCE40 synthesis: Yosys defines SYNTHESIS; with PC_GENERIC (another
// vendor's synthesis: constraints/ecp5.mk) the behavioural model below is synthesized instead.
`undef PC_ICE40
`ifdef SYNTHESIS
`ifndef PC_GENERIC
`define PC_ICE40
`endif
`endif

module pc_smul (
	input  wire        i_clk,
	input  wire [15:0] i_a,
	input  wire [15:0] i_b,
	output wire [15:0] o_hi,
	input  wire [15:2] i_d,
	output wire [15:2] o_d
);
`ifdef PC_ICE40
	wire [31:0] o_w;
	SB_MAC16 #(
		.TOPOUTPUT_SELECT(2'b11), .TOPADDSUB_LOWERINPUT(2'b00), .TOPADDSUB_UPPERINPUT(1'b0),
		.TOPADDSUB_CARRYSELECT(2'b00),
		.BOTOUTPUT_SELECT(2'b01), .BOTADDSUB_LOWERINPUT(2'b00), .BOTADDSUB_UPPERINPUT(1'b1),
		.BOTADDSUB_CARRYSELECT(2'b00), .MODE_8x8(1'b0), .A_SIGNED(1'b0), .B_SIGNED(1'b0),
		.D_REG(1'b1)
	) u_mac (                                     // O[31:16] = (A * B)[31:16], O[15:0] = D_q one edge later
		.CLK(i_clk), .CE(1'b1),
		.A(i_a), .B(i_b), .C(16'd0), .D({i_d, 2'b00}),
		.AHOLD(1'b1), .BHOLD(1'b1), .CHOLD(1'b1), .DHOLD(1'b0),
		.IRSTTOP(1'b0), .IRSTBOT(1'b0), .ORSTTOP(1'b0), .ORSTBOT(1'b0),
		.OLOADTOP(1'b0), .OLOADBOT(1'b1), .ADDSUBTOP(1'b0), .ADDSUBBOT(1'b0),
		.OHOLDTOP(1'b1), .OHOLDBOT(1'b0), .CI(1'b0), .ACCUMCI(1'b0), .SIGNEXTIN(1'b0),
		.O(o_w), .CO(), .ACCUMCO(), .SIGNEXTOUT()
	);
	assign o_hi = o_w[31:16];
	assign o_d  = o_w[15:2];
`else
	wire [31:0] p_w = {16'd0, i_a} * {16'd0, i_b};
	assign o_hi = p_w[31:16];
	reg  [15:2] d1_q, d2_q;
	always @(posedge i_clk) begin
		d1_q <= i_d;
		d2_q <= d1_q;
	end
	assign o_d = d2_q;
`endif
endmodule

`default_nettype wire
