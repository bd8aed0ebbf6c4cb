// SPDX-License-Identifier: ISC
//
// uart_rx — 8N1 UART receiver.
//
// i_rx passes a two-flip-flop synchroniser. A start bit is a high-to-low transition (the line
// must have been seen high first, so a line held low after a break produces nothing); it is
// confirmed at its middle (half a bit later) and every following bit is sampled at its middle
// (CLKS_PER_BIT apart), LSB first, then the stop bit.
//
// Timing contract: o_valid is a one-cycle strobe, raised at the middle of the stop bit (+1
// cycle) when the stop bit reads 1; o_data is the byte then (it holds until the next start bit
// is confirmed). If the stop bit reads 0 the byte is discarded and o_frame_err strobes instead;
// the receiver then waits for the line to go high before the next start.
// No back-pressure: the consumer must take the byte in the strobe cycle.
// CLKS_PER_BIT >= 4 (8 or 16 at 3 Mbaud from 24 / 48 MHz).
`default_nettype none

module uart_rx #(
	parameter integer CLKS_PER_BIT = 8,
	parameter integer CW = $clog2(CLKS_PER_BIT)   // do not override
) (
	input  wire       i_clk,
	input  wire       i_rst,
	input  wire       i_rx,
	output reg        o_valid,
	output wire [7:0] o_data,
	output reg        o_frame_err
);
	localparam [31:0]   FULL_32  = CLKS_PER_BIT - 1;
	localparam [CW-1:0] FULL_BIT = FULL_32[CW-1:0];
	localparam [31:0]   HALF_32  = CLKS_PER_BIT / 2 - 1;
	localparam [CW-1:0] HALF_BIT = HALF_32[CW-1:0];

	localparam [1:0] STATE_IDLE  = 2'd0;
	localparam [1:0] STATE_START = 2'd1;
	localparam [1:0] STATE_DATA  = 2'd2;         // the 8 data bits, then the stop bit

	reg        sync1_q, sync2_q;                  // synchroniser, reset to idle (high)
	reg        armed_q;                           // line seen high since the last byte / break
	reg [1:0]  state_q;
	reg [CW-1:0] baud_q;                          // cycles left in the current bit
	// data bits shift in at the top behind a marker 1 (loaded as 9'h100): when the marker
	// reaches bit 0 all 8 are in (no bit counter) and the next sample is the stop bit
	reg [8:0]  shift_q;

	assign o_data = shift_q[8:1];

	always @(posedge i_clk) begin
		if (i_rst) begin
			sync1_q <= 1'b1;
			sync2_q <= 1'b1;
		end else begin
			sync1_q <= i_rx;
			sync2_q <= sync1_q;
		end
	end

	wire tick_w = (baud_q == {CW{1'b0}});

	always @(posedge i_clk) begin
		o_valid     <= 1'b0;
		o_frame_err <= 1'b0;
		if (i_rst) begin
			state_q <= STATE_IDLE;
			armed_q <= 1'b0;
			baud_q  <= {CW{1'b0}};
			shift_q <= 9'h000;
		end else begin
			if (!tick_w)
				baud_q <= baud_q - 1'b1;
			case (state_q)
			STATE_IDLE: begin
				if (sync2_q)
					armed_q <= 1'b1;
				else if (armed_q) begin
					state_q <= STATE_START;
					baud_q  <= HALF_BIT;
				end
			end
			STATE_START: if (tick_w) begin
				if (sync2_q)                      // glitch, not a start bit
					state_q <= STATE_IDLE;
				else begin
					state_q <= STATE_DATA;
					baud_q  <= FULL_BIT;
					shift_q <= 9'h100;
				end
			end
			default: if (tick_w) begin            // STATE_DATA
				baud_q <= FULL_BIT;
				if (!shift_q[0])
					shift_q <= {sync2_q, shift_q[8:1]};
				else begin                        // the middle of the stop bit
					state_q <= STATE_IDLE;
					armed_q <= sync2_q;
					if (sync2_q)
						o_valid <= 1'b1;
					else
						o_frame_err <= 1'b1;
				end
			end
			endcase
		end
	end
endmodule

`default_nettype wire
