// SPDX-License-Identifier: ISC
//
// spram_bank — DEPTH x WIDTH single-port RAM built from spram16k tiles: ceil(DEPTH / 16384)
// tiles deep, WIDTH / 16 tiles wide (WIDTH a multiple of 16). On the UP5K there are four
// SPRAM tiles: e.g. DEPTH 16384 x WIDTH 48 uses three. The simulator build may use many more
// (200704 x 48: 13 deep x 3 wide); simulators (no SYNTHESIS) see those as one array with one
// output register per tile row, the same behaviour at one access per cycle.
//
// Timing contract: on every rising edge: i_we writes i_wdata to i_addr, otherwise the word at
// i_addr is read and o_rdata shows it from the next cycle on (1-cycle latency; it holds until
// the next read). Read-during-write: o_rdata is don't-care. An address beyond the last tile row
// writes nothing and reads 0; one inside the last row but >= DEPTH is still backed by the tile.
// Only the addressed tile row is chip-selected.
`default_nettype none

module spram_bank #(
	parameter integer DEPTH = 16384,              // words
	parameter integer WIDTH = 48,                 // bits, multiple of 16
	parameter integer AW = (DEPTH > 16384) ? $clog2(DEPTH) : 14  // do not override
) (
	input  wire             i_clk,
	input  wire [AW-1:0]    i_addr,
	input  wire             i_we,
	input  wire [WIDTH-1:0] i_wdata,
	output wire [WIDTH-1:0] o_rdata
);
	localparam integer NDEEP = (DEPTH + 16383) / 16384;
	localparam integer NWIDE = WIDTH / 16;

	genvar c;
	generate
		if (NDEEP == 1) begin : g_one
			for (c = 0; c < NWIDE; c = c + 1) begin : g_col
				spram16k u_tile (
					.i_clk   (i_clk),
					.i_cs    (1'b1),
					.i_addr  (i_addr[13:0]),
					.i_we    (i_we),
					.i_wdata (i_wdata[16*c +: 16]),
					.o_rdata (o_rdata[16*c +: 16])
				);
			end
		end else begin : g_many
			localparam integer RW = AW - 14;
			localparam [31:0] LAST32 = NDEEP - 1;
			localparam [RW-1:0] LAST = LAST32[RW-1:0];  // last tile row
			reg [RW-1:0] row_q;                   // tile row of the last access
			always @(posedge i_clk)
				row_q <= i_addr[AW-1:14];
`ifndef SYNTHESIS
			// Simulation (Verilator, Icarus): the tiles below as one flat array plus one output
			// register per tile row (a row's tiles read together), the same behaviour cycle for
			// cycle, so the simulator does one access per cycle instead of evaluating every tile
			// (39 at 200704 x 48: ~9 % of the Verilated core's work per cycle).
			reg [WIDTH-1:0] mem [0:NDEEP*16384-1];
			reg [WIDTH-1:0] rd_q [0:NDEEP-1];
			always @(posedge i_clk) begin
				if (i_addr[AW-1:14] <= LAST) begin
					if (i_we)
						mem[i_addr] <= i_wdata;
					else
						rd_q[i_addr[AW-1:14]] <= mem[i_addr];
				end
			end
			assign o_rdata = (row_q <= LAST) ? rd_q[row_q] : {WIDTH{1'b0}};
`else
			localparam integer NROWS = 1 << RW;  // rows addressable by i_addr (>= NDEEP)
			genvar r;
			wire [WIDTH-1:0] row_rdata_w [0:NROWS-1];
			for (r = NDEEP; r < NROWS; r = r + 1) begin : g_absent
				assign row_rdata_w[r] = {WIDTH{1'b0}};
			end
			for (r = 0; r < NDEEP; r = r + 1) begin : g_row
				localparam [RW-1:0] ROW = r;
				for (c = 0; c < NWIDE; c = c + 1) begin : g_col
					spram16k u_tile (
						.i_clk   (i_clk),
						.i_cs    (i_addr[AW-1:14] == ROW),
						.i_addr  (i_addr[13:0]),
						.i_we    (i_we),
						.i_wdata (i_wdata[16*c +: 16]),
						.o_rdata (row_rdata_w[r][16*c +: 16])
					);
				end
			end
			assign o_rdata = row_rdata_w[row_q];
`endif
		end
	endgenerate
endmodule

`default_nettype wire
