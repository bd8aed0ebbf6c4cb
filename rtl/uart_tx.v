// SPDX-License-Identifier: ISC
//
// uart_tx — 8N1 UART transmitter.
//
// Timing contract: a byte is taken on a rising edge with i_valid && o_ready; the start bit
// begins on the next cycle. o_ready is high when idle and also in the last cycle of a stop
// bit, so back-to-back bytes leave with no gap (exactly 10 bit times per byte). o_tx idles
// high and is driven from a flip-flop (no glitches). CLKS_PER_BIT >= 2.
`default_nettype none

module uart_tx #(
	parameter integer CLKS_PER_BIT = 8,
	parameter integer CW = $clog2(CLKS_PER_BIT)   // do not override
) (
	input  wire       i_clk,
	input  wire       i_rst,
	input  wire       i_valid,
	input  wire [7:0] i_data,
	output wire       o_ready,
	output reg        o_tx
);
	localparam [31:0]   FULL_32  = CLKS_PER_BIT - 1;
	localparam [CW-1:0] FULL_BIT = FULL_32[CW-1:0];

	reg [8:0]    shift_q;                         // stop bit + data still to send (LSB first)
	reg [3:0]    bits_q;                          // bits left after the current one; 0 = stop/idle
	reg          busy_q;
	reg [CW-1:0] baud_q;

	wire last_w = (baud_q == {CW{1'b0}});
	assign o_ready = !busy_q || (bits_q == 4'd0 && last_w);

	always @(posedge i_clk) begin
		if (i_rst) begin
			o_tx    <= 1'b1;
			busy_q  <= 1'b0;
			bits_q  <= 4'd0;
			baud_q  <= {CW{1'b0}};
			shift_q <= 9'h1FF;
		end else if (i_valid && o_ready) begin
			o_tx    <= 1'b0;                      // start bit
			shift_q <= {1'b1, i_data};
			bits_q  <= 4'd9;
			busy_q  <= 1'b1;
			baud_q  <= FULL_BIT;
		end else if (busy_q) begin
			if (!last_w)
				baud_q <= baud_q - 1'b1;
			else if (bits_q == 4'd0)
				busy_q <= 1'b0;                   // stop bit done
			else begin
				o_tx    <= shift_q[0];
				shift_q <= {1'b1, shift_q[8:1]};
				bits_q  <= bits_q - 1'b1;
				baud_q  <= FULL_BIT;
			end
		end
	end
endmodule

`default_nettype wire
