// SPDX-License-Identifier: ISC
//
// uart_rx — 8N1 UART receiver.
//
// i_rx passes a two-flip-flop synchroniser. A start bit is a high-to-low transition (the line
// must have been seen high first, so a line held low after a break produces nothing); it is
// confirmed at its middle (half a bit later) and every following bit is sampled at its middle
// (CLKS_PER_BIT apart), LSB first, then the stop bit.
//
// Timing contract: o_valid is a one-cycle strobe with o_data, raised at the middle of the stop
// bit when the stop bit reads 1. If the stop bit reads 0 the byte is discarded and o_frame_err
// strobes instead; the receiver then waits for the line to go high before the next start.
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
	output reg  [7:0] o_data,
	output reg        o_frame_err
);
	localparam [31:0]   FULL_32  = CLKS_PER_BIT - 1;
	localparam [CW-1:0] FULL_BIT = FULL_32[CW-1:0];
	localparam [31:0]   HALF_32  = CLKS_PER_BIT / 2 - 1;
	localparam [CW-1:0] HALF_BIT = HALF_32[CW-1:0];

	localparam [1:0] STATE_IDLE  = 2'd0;
	localparam [1:0] STATE_START = 2'd1;
	localparam [1:0] STATE_DATA  = 2'd2;
	localparam [1:0] STATE_STOP  = 2'd3;

	reg        sync1_q, sync2_q;                  // synchroniser, reset to idle (high)
	reg        armed_q;                           // line seen high since the last byte / break
	reg [1:0]  state_q;
	reg [CW-1:0] baud_q;                          // cycles left in the current bit
	reg [2:0]  bit_q;                             // data bit index
	reg [7:0]  shift_q;

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
			bit_q   <= 3'd0;
			shift_q <= 8'h00;
			o_data  <= 8'h00;
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
					bit_q   <= 3'd0;
				end
			end
			STATE_DATA: if (tick_w) begin
				shift_q <= {sync2_q, shift_q[7:1]};
				baud_q  <= FULL_BIT;
				bit_q   <= bit_q + 1'b1;
				if (bit_q == 3'd7)
					state_q <= STATE_STOP;
			end
			default: if (tick_w) begin        // STATE_STOP, at the middle of the stop bit
				state_q <= STATE_IDLE;
				armed_q <= sync2_q;
				if (sync2_q) begin
					o_valid <= 1'b1;
					o_data  <= shift_q;
				end else
					o_frame_err <= 1'b1;
			end
			endcase
		end
	end
endmodule

`default_nettype wire
