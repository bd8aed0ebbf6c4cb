// SPDX-License-Identifier: ISC
//
// spram16k — one 16K x 16 single-port RAM: the iCE40 UP5K SB_SPRAM256KA under SYNTHESIS
// (Yosys defines it), a behavioural model of the same behaviour otherwise (Verilator, Icarus).
//
// Timing contract: on a rising edge with i_cs: i_we writes i_wdata to i_addr (all four nibbles);
// !i_we reads, o_rdata shows the word from the next cycle on and holds until the next read.
// During a write o_rdata is don't-care (the model holds it). i_cs low: nothing happens (the
// SPRAM stays powered; chip select low only saves power). Contents start undefined.
`default_nettype none
// SB_* cells only in an iCE40 synthesis: Yosys defines SYNTHESIS; with PC_GENERIC (another
// vendor's synthesis: constraints/ecp5.mk) the behavioural model below is synthesized instead.
`undef PC_ICE40
`ifdef SYNTHESIS
`ifndef PC_GENERIC
`define PC_ICE40
`endif
`endif

module spram16k (
	input  wire        i_clk,
	input  wire        i_cs,
	input  wire [13:0] i_addr,
	input  wire        i_we,
	input  wire [15:0] i_wdata,
	output wire [15:0] o_rdata
);
`ifdef PC_ICE40
	SB_SPRAM256KA u_spram (
		.ADDRESS    (i_addr),
		.DATAIN     (i_wdata),
		.MASKWREN   (4'b1111),
		.WREN       (i_we),
		.CHIPSELECT (i_cs),
		.CLOCK      (i_clk),
		.STANDBY    (1'b0),
		.SLEEP      (1'b0),
		.POWEROFF   (1'b1),
		.DATAOUT    (o_rdata)
	);
`else
	reg [15:0] mem [0:16383];
	reg [15:0] rdata_q;
	always @(posedge i_clk) begin
		if (i_cs) begin
			if (i_we)
				mem[i_addr] <= i_wdata;
			else
				rdata_q <= mem[i_addr];
		end
	end
	assign o_rdata = rdata_q;
`endif
endmodule

`default_nettype wire
