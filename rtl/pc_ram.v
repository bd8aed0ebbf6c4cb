// SPDX-License-Identifier: ISC
//
// pc_ram — D x W simple dual-port RAM (one write port, one read port, one clock) in the pattern
// Yosys maps to iCE40 EBR (SB_RAM40_4K).
//
// Timing contract: on every rising edge, i_we writes i_wdata to i_waddr, and o_rdata takes
// mem[i_raddr] if i_re (1-cycle read latency; else it holds: the EBR's read enable). Reading the address being written in the same cycle
// gives an undefined word (the models return the OLD word): no caller uses such a read, so the
// memory carries (* no_rw_check *) and Yosys adds no collision bypass (a W-bit data register,
// two address registers, a comparator and a W-bit mux per RAM). The write itself is always
// exact. Contents start at 0 (EBR initialisation; the simulators see the same through the
// initial block). o_rdata has no initial value: it is mem[i_raddr] one edge after start-up, long
// before reset ends; an initial value would keep Yosys from using the EBR's own output register
// (a W-bit register, W LUTs and one FF per RAM).
`default_nettype none

module pc_ram #(
	parameter integer W  = 16,                    // word width, bits
	parameter integer D  = 256,                   // words
	parameter integer AW = 8                      // address width, 2^AW >= D
) (
	input  wire          i_clk,
	input  wire          i_we,
	input  wire [AW-1:0] i_waddr,
	input  wire [W-1:0]  i_wdata,
	input  wire          i_re,
	input  wire [AW-1:0] i_raddr,
	output reg  [W-1:0]  o_rdata
);
	(* no_rw_check *)
	reg [W-1:0] mem [0:D-1];

	integer i;
	initial begin
		for (i = 0; i < D; i = i + 1)
			mem[i] = {W{1'b0}};
	end

	always @(posedge i_clk) begin
		if (i_we)
			mem[i_waddr] <= i_wdata;
		if (i_re)
			o_rdata <= mem[i_raddr];
	end
endmodule

`default_nettype wire
