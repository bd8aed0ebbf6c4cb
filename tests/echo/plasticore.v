// SPDX-License-Identifier: ISC
//
// tests/echo/plasticore.v — TEST STAND-IN for `plasticore` (tests only, never in rtl/): same module name and
// ports. It answers every good request frame with CMD | 0x80, the same SEQ and the same
// payload, and every frame error with CMD 0xFF, SEQ, payload {code}; i.e. the protocol layer
// (frame_rx + frame_tx) without the learning core. o_error: a frame error was seen (sticky);
// o_busy: a response is being sent. RX timeout: 100000 cycles.
`default_nettype none

module plasticore #(
	parameter integer H_MAX = 64,
	parameter integer SLOT_CAP = 16384,
	parameter integer RX_FIFO_BYTES = 2048,
	parameter integer CACHE = 1
) (
	input  wire       i_clk,
	input  wire       i_rst,
	input  wire       i_rx_valid,
	input  wire [7:0] i_rx_data,
	output wire       o_rx_ready,
	input  wire       i_rx_overflow,
	output wire       o_tx_valid,
	output wire [7:0] o_tx_data,
	input  wire       i_tx_ready,
	output wire       o_busy,
	output wire       o_error
);
	localparam [1:0] S_IDLE = 2'd0, S_START = 2'd1, S_WAIT = 2'd2;

	wire        frame_valid_w, err_valid_w, tx_busy_w, pay_ready_w;
	wire [7:0]  cmd_w, seq_w, err_code_w, err_seq_w, pay_rdata_w;
	wire [10:0] len_w;
	reg  [1:0]  state_q;
	reg         is_err_q, error_q;
	reg  [9:0]  idx_q;
	wire        unused_w = &{1'b0, H_MAX[0], SLOT_CAP[0], RX_FIFO_BYTES[0], 1'b0};
	wire        dropped_unused_w;

	wire consume_w = pay_ready_w;                 // i_pay_valid is always 1
	wire done_w    = (state_q == S_WAIT) && !tx_busy_w;

	frame_rx u_rx (
		.i_clk(i_clk), .i_rst(i_rst),
		.i_valid(i_rx_valid), .i_data(i_rx_data), .o_ready(o_rx_ready),
		.i_overflow(i_rx_overflow), .i_timeout(32'd100000), .o_dropped(dropped_unused_w),
		.o_frame_valid(frame_valid_w), .o_cmd(cmd_w), .o_seq(seq_w), .o_len(len_w),
		.i_frame_done(done_w && !is_err_q),
		.i_pay_raddr(idx_q + {9'd0, consume_w}), .o_pay_rdata(pay_rdata_w),
		.o_err_valid(err_valid_w), .o_err_code(err_code_w), .o_err_seq(err_seq_w),
		.i_err_ack(done_w && is_err_q)
	);

	frame_tx u_tx (
		.i_clk(i_clk), .i_rst(i_rst),
		.i_start(state_q == S_START),
		.i_cmd(is_err_q ? 8'hFF : (cmd_w | 8'h80)),
		.i_seq(is_err_q ? err_seq_w : seq_w),
		.i_len(is_err_q ? 11'd1 : len_w),
		.o_busy(tx_busy_w),
		.i_pay_valid(1'b1), .i_pay_data(is_err_q ? err_code_w : pay_rdata_w),
		.o_pay_ready(pay_ready_w),
		.o_valid(o_tx_valid), .o_data(o_tx_data), .i_ready(i_tx_ready)
	);

	always @(posedge i_clk) begin
		if (i_rst) begin
			state_q  <= S_IDLE;
			is_err_q <= 1'b0;
			error_q  <= 1'b0;
			idx_q    <= 10'd0;
		end else begin
			if (consume_w)
				idx_q <= idx_q + 1'b1;
			case (state_q)
			S_IDLE: if (frame_valid_w || err_valid_w) begin
				is_err_q <= err_valid_w;
				error_q  <= error_q || err_valid_w;
				idx_q    <= 10'd0;
				state_q  <= S_START;
			end
			S_START: state_q <= S_WAIT;
			default: if (!tx_busy_w) state_q <= S_IDLE;
			endcase
		end
	end

	assign o_busy  = tx_busy_w || unused_w;
	assign o_error = error_q;
endmodule

`default_nettype wire
