// SPDX-License-Identifier: ISC
//
// pc_lfsr — the core's xorshift32 generator (register LFSR_STATE, host/core.c's xs32 step).
//
// Timing contract: o_next = xs32(o_state) combinationally; on a rising edge i_load writes
// i_load_val (WRITE_REG / reset), else i_step advances o_state to o_next. The callers step it
// from one engine at a time, in core.c's order.
`default_nettype none

module pc_lfsr (
	input  wire        i_clk,
	input  wire        i_rst,
	input  wire        i_load,
	input  wire [31:0] i_load_val,
	input  wire        i_step,
	output reg  [31:0] o_state,
	output wire [31:0] o_next
);
	wire [31:0] t1_w = o_state ^ (o_state << 13);
	wire [31:0] t2_w = t1_w ^ (t1_w >> 17);
	assign o_next = t2_w ^ (t2_w << 5);

	always @(posedge i_clk) begin
		if (i_rst)
			o_state <= 32'd1;
		else if (i_load)
			o_state <= i_load_val;
		else if (i_step)
			o_state <= o_next;
	end
endmodule

`default_nettype wire
