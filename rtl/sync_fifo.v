// SPDX-License-Identifier: ISC
//
// sync_fifo — single-clock first-word-fall-through FIFO, valid/ready on both sides.
//
// The storage is DEPTH x WIDTH in the inference-friendly pattern (registered write, registered
// read with a read enable) that Yosys maps to iCE40 EBR (SB_RAM40_4K). An output register sits
// behind the RAM read port, so the FIFO holds up to DEPTH + 1 words.
//
// Timing contract:
//   write: a word is taken on a rising edge with i_wvalid && o_wready. o_wready is low only
//          while the RAM holds DEPTH words. i_wvalid && !o_wready drops the word and raises
//          o_overflow for that cycle (combinational strobe, one per dropped word).
//   read:  o_rvalid / o_rdata are registered; a word leaves on a rising edge with
//          o_rvalid && i_rready. Latency write -> o_rvalid is 2 cycles; after that one word
//          per cycle streams out while both sides are ready.
//   o_count: words held (RAM + output register), 0 .. DEPTH + 1, registered values only.
//   i_rst: synchronous, empties the FIFO.
`default_nettype none

module sync_fifo #(
	parameter integer WIDTH = 8,
	parameter integer DEPTH = 2048,               // power of two, >= 2
	parameter integer AW    = $clog2(DEPTH)       // do not override
) (
	input  wire             i_clk,
	input  wire             i_rst,
	// write side
	input  wire             i_wvalid,
	input  wire [WIDTH-1:0] i_wdata,
	output wire             o_wready,
	output wire             o_overflow,
	// read side
	output reg              o_rvalid,
	output reg  [WIDTH-1:0] o_rdata,
	input  wire             i_rready,
	// fill level
	output wire [AW+1:0]    o_count
);
	reg [WIDTH-1:0] mem [0:DEPTH-1];
	reg [AW:0] wptr_q, rptr_q;                    // one extra bit tells full from empty

	wire [AW:0] used_w   = wptr_q - rptr_q;       // words in the RAM (o_count only)
	// empty / full share one compare of the RAM addresses (no subtractor on the flag path)
	wire        same_w   = (wptr_q[AW-1:0] == rptr_q[AW-1:0]);
	wire        empty_w  = same_w && (wptr_q[AW] == rptr_q[AW]);
	wire        full_w   = same_w && (wptr_q[AW] != rptr_q[AW]);   // used == DEPTH
	wire        push_w   = i_wvalid && !full_w;
	wire        pop_w    = !empty_w && (!o_rvalid || i_rready);

	assign o_wready   = !full_w;
	assign o_overflow = i_wvalid && full_w;
	assign o_count    = {1'b0, used_w} + {{(AW + 1){1'b0}}, o_rvalid};

	always @(posedge i_clk) begin
		if (push_w)
			mem[wptr_q[AW-1:0]] <= i_wdata;
	end

	always @(posedge i_clk) begin
		if (pop_w)
			o_rdata <= mem[rptr_q[AW-1:0]];
	end

	always @(posedge i_clk) begin
		if (i_rst) begin
			wptr_q   <= {(AW + 1){1'b0}};
			rptr_q   <= {(AW + 1){1'b0}};
			o_rvalid <= 1'b0;
		end else begin
			if (push_w)
				wptr_q <= wptr_q + 1'b1;
			if (pop_w) begin
				rptr_q   <= rptr_q + 1'b1;
				o_rvalid <= 1'b1;
			end else if (i_rready) begin
				o_rvalid <= 1'b0;
			end
		end
	end

`ifdef FORMAL
	always @(*) assert(used_w <= DEPTH);
`endif
endmodule

`default_nettype wire
