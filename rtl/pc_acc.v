// SPDX-License-Identifier: ISC
//
// pc_acc — one event accumulator of pc_counters: a W-bit register that adds i_ev every cycle.
//
// Timing contract: o_val is the register, the count up to the previous cycle; with i_take the
// caller takes o_val and the register restarts with this cycle's i_ev on the edge (no event is
// lost or counted twice). o_dirty: i_mark was seen since the last take (or in its cycle).
// The caller takes often enough that the sum never needs W+1 bits (checked in simulation): no
// carry-out cell, no extra flush bit. The caller takes the register, not the adder's output,
// so that the adder's net feeds only the register and packs with it (an adder net with two
// users cannot: one whole LC per flip-flop).
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
	output wire [W-1:0]  o_val,
	output reg           o_dirty
);
	reg [W-1:0] a_q;
	assign o_val = a_q;
	wire [W-1:0] ev_w = {{(W - EW){1'b0}}, i_ev};

`ifdef SYNTHESIS
	always @(posedge i_clk) begin
		if (i_rst) begin
			a_q     <= {W{1'b0}};
			o_dirty <= 1'b0;
		end else begin
			a_q     <= i_take ? ev_w : a_q + ev_w;     // (bits EW and up: a sync reset)
			o_dirty <= (o_dirty && !i_take) | i_mark;
		end
	end
`else
	// simulation: the same registers, updated only when they change (ten instances evaluated
	// every cycle in the Verilated core); the overflow check only when an event is added
	always @(posedge i_clk) begin
		if (i_rst) begin
			a_q     <= {W{1'b0}};
			o_dirty <= 1'b0;
		end else if (i_take) begin
			a_q     <= ev_w;
			o_dirty <= i_mark;
		end else begin
			if (i_ev != {EW{1'b0}})
				a_q <= a_q + ev_w;
			if (i_mark)
				o_dirty <= 1'b1;
		end
		if (!i_rst && !i_take && i_ev != {EW{1'b0}}) begin
			if (({1'b0, a_q} + {1'b0, ev_w}) >> W != 0)
				$fatal(1, "pc_acc %m: overflow (the flusher did not take it in time)");
		end
	end
`endif
endmodule

`default_nettype wire
