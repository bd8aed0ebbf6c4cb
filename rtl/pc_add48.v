// SPDX-License-Identifier: ISC
//
// pc_add48 — o_sum = i_a + i_b (49 bits: bit 48 is the carry out), combinational, in two of
// the UP5K's SB_MAC16 blocks under SYNTHESIS (Yosys defines it; no carry chain, no LUTs),
// a behavioural model of the same sum otherwise (Verilator, Icarus).
//
// DSP 0 adds the low 32 bits ({C,D} + {A,B}: bottom 16 bits, its carry into the top 16). The
// carry into bit 32 is derived from the operands' and the sum's bit 31 (exact because
// i_b < 2^31: a wrap leaves the sum below i_b), so no DSP cascade pin is used. DSP 1 adds it to
// the high 16 bits (bottom half) and passes the bottom half's carry out through its top half
// (0 + 0 + carry) as o_sum[48]. Timing: EBR output -> DSP 0 -> one LUT -> DSP 1 (pc_counters'
// read-modify-write path, one cycle).
`default_nettype none

module pc_add48 #(
	parameter integer BW = 22                     // width of i_b (<= 30)
) (
	input  wire [47:0]   i_a,
	input  wire [BW-1:0] i_b,
	output wire [48:0]   o_sum
);
	wire [31:0] b_w = {{(32 - BW){1'b0}}, i_b};
`ifdef SYNTHESIS
	// every operand enters one bit up, so O[0] (0 + 0) is unused: Yosys' ice40_dsp pass leaves a
	// DSP whose O[0] has no user alone (it would remap it as a multiplier)
	wire [31:0] lo_w, hi_w;
	SB_MAC16 #(
		.TOPOUTPUT_SELECT(2'b00), .TOPADDSUB_LOWERINPUT(2'b00), .TOPADDSUB_UPPERINPUT(1'b1),
		.TOPADDSUB_CARRYSELECT(2'b10),
		.BOTOUTPUT_SELECT(2'b00), .BOTADDSUB_LOWERINPUT(2'b00), .BOTADDSUB_UPPERINPUT(1'b1),
		.BOTADDSUB_CARRYSELECT(2'b00), .MODE_8x8(1'b1)
	) u_lo (                                      // bits 30:0
		.CLK(1'b0), .CE(1'b0),
		.A(b_w[30:15]), .B({b_w[14:0], 1'b0}), .C(i_a[30:15]), .D({i_a[14:0], 1'b0}),
		.AHOLD(1'b1), .BHOLD(1'b1), .CHOLD(1'b1), .DHOLD(1'b1),
		.IRSTTOP(1'b0), .IRSTBOT(1'b0), .ORSTTOP(1'b0), .ORSTBOT(1'b0),
		.OLOADTOP(1'b0), .OLOADBOT(1'b0), .ADDSUBTOP(1'b0), .ADDSUBBOT(1'b0),
		.OHOLDTOP(1'b1), .OHOLDBOT(1'b1), .CI(1'b0), .ACCUMCI(1'b0), .SIGNEXTIN(1'b0),
		.O(lo_w), .CO(), .ACCUMCO(), .SIGNEXTOUT()
	);
	// carry into bit 31: i_b < 2^30, so a wrap of the low 31 bits leaves bit 30 clear
	wire c31_w = i_a[30] && !lo_w[31];
	SB_MAC16 #(
		.TOPOUTPUT_SELECT(2'b00), .TOPADDSUB_LOWERINPUT(2'b00), .TOPADDSUB_UPPERINPUT(1'b1),
		.TOPADDSUB_CARRYSELECT(2'b10),
		.BOTOUTPUT_SELECT(2'b00), .BOTADDSUB_LOWERINPUT(2'b00), .BOTADDSUB_UPPERINPUT(1'b1),
		.BOTADDSUB_CARRYSELECT(2'b00), .MODE_8x8(1'b1)
	) u_hi (                                      // bits 48:31
		.CLK(1'b0), .CE(1'b0),
		.A(16'd0), .B({14'd0, c31_w, 1'b0}), .C({14'd0, i_a[47:46]}), .D({i_a[45:31], 1'b0}),
		.AHOLD(1'b1), .BHOLD(1'b1), .CHOLD(1'b1), .DHOLD(1'b1),
		.IRSTTOP(1'b0), .IRSTBOT(1'b0), .ORSTTOP(1'b0), .ORSTBOT(1'b0),
		.OLOADTOP(1'b0), .OLOADBOT(1'b0), .ADDSUBTOP(1'b0), .ADDSUBBOT(1'b0),
		.OHOLDTOP(1'b1), .OHOLDBOT(1'b1), .CI(1'b0), .ACCUMCI(1'b0), .SIGNEXTIN(1'b0),
		.O(hi_w), .CO(), .ACCUMCO(), .SIGNEXTOUT()
	);
	assign o_sum = {hi_w[18:1], lo_w[31:1]};
`else
	assign o_sum = {1'b0, i_a} + {17'd0, b_w};
`endif
endmodule

`default_nettype wire
