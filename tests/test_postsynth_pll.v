// SPDX-License-Identifier: ISC
//
// test_postsynth_pll — the PLL bypass of the post-synthesis simulation (tests/test_postsynth.sh).
// SB_PLL40_PAD has no simulation model in Yosys' cells_sim.v (a blackbox), so the script
// retypes the netlist's PLL cell (`chtype -set pc_pll_bypass t:SB_PLL40_PAD`) to this
// pass-through: the clock pin is the core clock (the testbench clocks CLK at the core clock,
// CLK_MHZ), LOCK is high. The parameters are those the netlist gives the SB_PLL40_PAD cell.
`default_nettype none

module pc_pll_bypass #(
	parameter FEEDBACK_PATH = "SIMPLE",
	parameter DIVR          = 4'b0000,
	parameter DIVF          = 7'b0000000,
	parameter DIVQ          = 3'b000,
	parameter FILTER_RANGE  = 3'b000
) (
	input  wire PACKAGEPIN,
	output wire PLLOUTCORE,
	output wire PLLOUTGLOBAL,
	output wire LOCK,
	input  wire RESETB,
	input  wire BYPASS
);
	assign PLLOUTCORE   = PACKAGEPIN;
	assign PLLOUTGLOBAL = PACKAGEPIN;
	assign LOCK         = 1'b1;
endmodule

`default_nettype wire
