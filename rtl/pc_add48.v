// SPDX-License-Identifier: ISC
//
// pc_add48 — o_sum = i_a + i_b (49 bits: bit 48 is the carry out), or i_b with i_ld (the DSP's
// load multiplexer: pc_counters clears its words with i_b = 0), combinational; the low 31
// bits in one of the UP5K's SB_MAC16 under SYNTHESIS (Yosys defines it; no carry chain, no
// LUTs), the high 17 bits and the carry out in the fabric (an incrementer); a behavioural
// model of the same sum otherwise (Verilator, Icarus).
//
// The DSP adds {A,B} + {C,D} (bottom 16 bits, its carry into the top 16; OLOAD: {C,D}) with every operand
// one bit up, so its O[0] (0 + 0) has no user: Yosys' ice40_dsp pass leaves such a cell alone
// (it would take it for a multiplier and remap it). The carry into bit 31 is derived from
// i_a[30] and the sum's bit 30 (exact because i_b < 2^30: a wrap leaves the sum below i_b), so
// no DSP carry pin is used. Timing: EBR output -> DSP -> a 17-bit carry chain (pc_counters'
// read-modify-write path, one cycle).
`default_nettype none
// SB_* cells only in an iCE40 synthesis: Yosys defines SYNTHESIS; with PC_GENERIC (another
// vendor's synthesis: constraints/ecp5.mk) the behavioural model below is synthesized instead.
`undef PC_ICE40
`ifdef SYNTHESIS
`ifndef PC_GENERIC
`define PC_ICE40
`endif
`endif

module pc_add48 #(
	parameter integer BW = 22                     // width of i_b (<= 30)
) (
	input  wire [47:0]   i_a,
	input  wire [BW-1:0] i_b,
	input  wire          i_ld,                    // o_sum = i_b
	output wire [48:0]   o_sum
);
	wire [31:0] b_w = {{(32 - BW){1'b0}}, i_b};
`ifdef PC_ICE40
	wire [31:0] lo_w;
	SB_MAC16 #(
		.TOPOUTPUT_SELECT(2'b00), .TOPADDSUB_LOWERINPUT(2'b00), .TOPADDSUB_UPPERINPUT(1'b1),
		.TOPADDSUB_CARRYSELECT(2'b10),
		.BOTOUTPUT_SELECT(2'b00), .BOTADDSUB_LOWERINPUT(2'b00), .BOTADDSUB_UPPERINPUT(1'b1),
		.BOTADDSUB_CARRYSELECT(2'b00), .MODE_8x8(1'b1)
	) u_lo (                                      // bits 30:0
		.CLK(1'b0), .CE(1'b0),
		.A(i_a[30:15]), .B({i_a[14:0], 1'b0}), .C(b_w[30:15]), .D({b_w[14:0], 1'b0}),
		.AHOLD(1'b1), .BHOLD(1'b1), .CHOLD(1'b1), .DHOLD(1'b1),
		.IRSTTOP(1'b0), .IRSTBOT(1'b0), .ORSTTOP(1'b0), .ORSTBOT(1'b0),
		.OLOADTOP(i_ld), .OLOADBOT(i_ld), .ADDSUBTOP(1'b0), .ADDSUBBOT(1'b0),
		.OHOLDTOP(1'b1), .OHOLDBOT(1'b1), .CI(1'b0), .ACCUMCI(1'b0), .SIGNEXTIN(1'b0),
		.O(lo_w), .CO(), .ACCUMCO(), .SIGNEXTOUT()
	);
	// carry into bit 31: i_b < 2^30, so a wrap of the low 31 bits leaves bit 30 clear
	wire        c31_w = i_a[30] && !lo_w[31];
	wire [17:0] hi_w  = ({1'b0, i_a[47:31]} + {17'd0, c31_w}) & {18{!i_ld}};
	assign o_sum = {hi_w, lo_w[31:1]};
`else
	assign o_sum = i_ld ? {17'd0, b_w} : {1'b0, i_a} + {17'd0, b_w};
`endif
endmodule

`default_nettype wire
