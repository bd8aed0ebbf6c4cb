// SPDX-License-Identifier: ISC
//
// dsp_down32 — a loadable 32-bit down-counter: bits 31:1 in the accumulator of one UP5K
// SB_MAC16 under SYNTHESIS (Yosys defines it; its load multiplexer, adder and register are the
// DSP's, no LUTs or flip-flops), bit 0 in a flip-flop; a behavioural model of the same
// behaviour otherwise (Verilator, Icarus).
//
// Timing contract: on a rising edge, i_load sets o_cnt to i_val; else i_dec subtracts 1 (mod
// 2^32); else o_cnt holds. o_cnt is registered (the DSP's output registers); o_hz = (o_cnt[31:1]
// == 0), a function of them: the DSP's carry out (CO) of o_cnt + (2^32 - 2), which it computes
// anyway, so the zero test costs no LUTs (a 31-input NOR in the fabric).
//
// Bit 0 stays out of the DSP so that the DSP's O[0] has no user: Yosys' ice40_dsp pass would
// otherwise take the cell for a multiplier and remap it. The DSP's bit 0 holds 0 and adds 0,
// so its count (at weight 2) is decremented when bit 0 borrows (i_dec with bit 0 clear): the
// addend is the constant 2^32 - 2 and the registers hold (OHOLD) when neither loading nor
// borrowing, so the adder's carry out is always "o_cnt >= 2".
`default_nettype none
// SB_* cells only in an iCE40 synthesis: Yosys defines SYNTHESIS; with PC_GENERIC (another
// vendor's synthesis: constraints/ecp5.mk) the behavioural model below is synthesized instead.
`undef PC_ICE40
`ifdef SYNTHESIS
`ifndef PC_GENERIC
`define PC_ICE40
`endif
`endif

module dsp_down32 (
	input  wire        i_clk,
	input  wire        i_load,
	input  wire [31:0] i_val,
	input  wire        i_dec,
	output wire [31:0] o_cnt,
	output wire        o_hz
);
	reg  c0_q;
	wire borrow_w = i_dec && !c0_q;               // bits 31:1 step down
	always @(posedge i_clk) begin
		if (i_load)
			c0_q <= i_val[0];
		else if (i_dec)
			c0_q <= !c0_q;
	end
`ifdef PC_ICE40
	wire [31:0] o_w;
	wire        co_w;                             // {Q,S} + 2^32 - 2 carries: o_cnt[31:1] != 0
	wire        hold_w = !(i_load || borrow_w);   // (OHOLD wins over OLOAD)
	SB_MAC16 #(
		.TOPOUTPUT_SELECT(2'b01), .TOPADDSUB_LOWERINPUT(2'b00), .TOPADDSUB_UPPERINPUT(1'b0),
		.TOPADDSUB_CARRYSELECT(2'b10),
		.BOTOUTPUT_SELECT(2'b01), .BOTADDSUB_LOWERINPUT(2'b00), .BOTADDSUB_UPPERINPUT(1'b0),
		.BOTADDSUB_CARRYSELECT(2'b00), .MODE_8x8(1'b1)
	) u_mac (                                     // {Q,S} <= load ? {C,D} : {Q,S} + {A,B}
		.CLK(i_clk), .CE(1'b1),
		.A(16'hFFFF), .B(16'hFFFE), .C(i_val[31:16]), .D({i_val[15:1], 1'b0}),
		.AHOLD(1'b1), .BHOLD(1'b1), .CHOLD(1'b1), .DHOLD(1'b1),
		.IRSTTOP(1'b0), .IRSTBOT(1'b0), .ORSTTOP(1'b0), .ORSTBOT(1'b0),
		.OLOADTOP(i_load), .OLOADBOT(i_load), .ADDSUBTOP(1'b0), .ADDSUBBOT(1'b0),
		.OHOLDTOP(hold_w), .OHOLDBOT(hold_w), .CI(1'b0), .ACCUMCI(1'b0), .SIGNEXTIN(1'b0),
		.O(o_w), .CO(co_w), .ACCUMCO(), .SIGNEXTOUT()
	);
	assign o_cnt = {o_w[31:1], c0_q};
	assign o_hz  = !co_w;
`else
	reg [31:1] hi_q;
	always @(posedge i_clk) begin
		if (i_load)
			hi_q <= i_val[31:1];
		else if (borrow_w)
			hi_q <= hi_q - 31'd1;
	end
	assign o_cnt = {hi_q, c0_q};
	assign o_hz  = (hi_q == 31'd0);
`endif
endmodule

`default_nettype wire
