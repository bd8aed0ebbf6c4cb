// SPDX-License-Identifier: ISC
//
// pc_acc — one event accumulator of pc_counters: a W-bit register that adds i_ev every cycle.
//
// Timing contract: o_sum = register + i_ev (combinational, W bits) is the count up to and
// including this cycle; with i_take the caller takes o_sum and the register restarts at 0 on
// the edge (no event is lost or counted twice). o_dirty: i_mark was seen since the last take.
// The caller takes often enough that o_sum never needs W+1 bits, taken or not (checked in
// simulation): no carry-out cell, no extra flush bit.
`default_nettype none

module pc_acc #(
	parameter integer W  = 6,                     // register width
	parameter integer EW = 1                      // event width (<= W)
) (
	input  wire          i_clk,
	input  wire          i_rst,
	input  wire [EW-1:0] i_ev,
	input  wire          i_mark,                  // an event happened (i_ev may be 0)
	input  wire          i_take,
	output wire [W-1:0]  o_sum,
	output reg           o_dirty
);
	reg [W-1:0] a_q;
	assign o_sum = a_q + {{(W - EW){1'b0}}, i_ev};

`ifdef SYNTHESIS
	// the restart is the register's synchronous reset: no logic in front of the adder
	always @(posedge i_clk) begin
		if (i_rst || i_take) begin
			a_q     <= {W{1'b0}};
			o_dirty <= 1'b0;
		end else begin
			a_q     <= o_sum;
			o_dirty <= o_dirty | i_mark;
		end
	end
`else
	// simulation: the same registers, updated only when they change (ten instances evaluated
	// every cycle in the Verilated core); the overflow check only when an event is added (a_q
	// alone always fits), the take cycle included
	always @(posedge i_clk) begin
		if (i_rst || i_take) begin
			a_q     <= {W{1'b0}};
			o_dirty <= 1'b0;
		end else begin
			if (i_ev != {EW{1'b0}})
				a_q <= o_sum;
			if (i_mark)
				o_dirty <= 1'b1;
		end
		if (!i_rst && i_ev != {EW{1'b0}}) begin
			if (({1'b0, a_q} + {{(W + 1 - EW){1'b0}}, i_ev}) >> W != 0)
				$fatal(1, "pc_acc %m: overflow (the flusher did not take it in time)");
		end
	end
`endif
endmodule

`default_nettype wire
