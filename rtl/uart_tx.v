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
	output wire       o_tx
);
	localparam [31:0]   FULL_32  = CLKS_PER_BIT - 1;
	localparam [CW-1:0] FULL_BIT = FULL_32[CW-1:0];

	// the line is sh_q[0]; a byte loads {stop 1, data, start 0} and shifts right, filling with
	// 0: when only the stop bit is left (sh_q[9:1] == 0) its bit time ends the byte. Idle is
	// sh_q = 1 with baud_q = 0 (no bit counter, no busy flag).
	reg [9:0]    sh_q;
	reg [CW-1:0] baud_q;

	wire last_w = (baud_q == {CW{1'b0}});
	wire stop_w = (sh_q[9:1] == 9'd0);
	assign o_ready = stop_w && last_w;
	assign o_tx    = sh_q[0];

	always @(posedge i_clk) begin
		if (i_rst) begin
			sh_q   <= 10'h001;
			baud_q <= {CW{1'b0}};
		end else if (i_valid && o_ready) begin
			sh_q   <= {1'b1, i_data, 1'b0};
			baud_q <= FULL_BIT;
		end else if (!last_w)
			baud_q <= baud_q - 1'b1;
		else if (!stop_w) begin
			sh_q   <= {1'b0, sh_q[9:1]};
			baud_q <= FULL_BIT;
		end
	end
endmodule

`default_nettype wire
