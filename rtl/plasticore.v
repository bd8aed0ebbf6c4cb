// SPDX-License-Identifier: ISC
//
// plasticore — the on-chip learning core: request bytes in, response bytes out.
//
//   rx bytes -> frame_rx (SOF hunt, header, double-buffered payload RAM, CRC, sequence) ->
//   pc_core (commands, learning engines, memories, counters) -> frame_tx (header, payload from
//   the response buffer, CRC) -> tx bytes
//
// frame_rx receives the next request into its second payload half while pc_core runs the
// current one and hands it over in the cycle after o_frame_done, so a sample does not wait for
// its ~400 request bytes.
//
// Handshakes: a byte is taken on a rising edge with i_rx_valid && o_rx_ready (i_rx_overflow
// marks it as following lost bytes); a byte leaves with o_tx_valid && i_tx_ready. o_busy: a
// command is executing or a response is being sent. o_error: one-cycle pulse per error
// response. Protocol: docs/protocol.md; architecture: docs/rtl.md.
`default_nettype none

module plasticore #(
	parameter integer H_MAX         = 64,
	parameter integer SLOT_CAP      = 16384,
	parameter integer RX_FIFO_BYTES = 2048,
	parameter integer CACHE         = 1           // synaptic caching built in (FEATURES register)
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
	wire        frame_valid_w, frame_done_w, err_valid_w, err_ack_w, dropped_w;
	wire [7:0]  cmd_w, seq_w, err_code_w, err_seq_w, pay_rdata_w;
	wire [10:0] len_w;
	wire [9:0]  pay_raddr_w;
	wire [31:0] timeout_w;

	frame_rx u_rx (
		.i_clk         (i_clk),
		.i_rst         (i_rst),
		.i_valid       (i_rx_valid),
		.i_data        (i_rx_data),
		.o_ready       (o_rx_ready),
		.i_overflow    (i_rx_overflow),
		.i_timeout     (timeout_w),
		.o_dropped     (dropped_w),
		.o_frame_valid (frame_valid_w),
		.o_cmd         (cmd_w),
		.o_seq         (seq_w),
		.o_len         (len_w),
		.i_frame_done  (frame_done_w),
		.i_pay_raddr   (pay_raddr_w),
		.o_pay_rdata   (pay_rdata_w),
		.o_err_valid   (err_valid_w),
		.o_err_code    (err_code_w),
		.o_err_seq     (err_seq_w),
		.i_err_ack     (err_ack_w)
	);

	wire        tx_start_w, tx_busy_w, tx_done_w, tx_pay_re_w;
	wire [10:0] tx_pay_idx_w;                     // the response buffer has 1024 bytes
	wire        tx_pay_idx_unused_w = tx_pay_idx_w[10];
	wire        tx_pay_ready_unused_w;            // the buffer is read at tx_pay_idx_w (tx_pay_re_w)
	wire [7:0]  tx_cmd_w, tx_seq_w, tx_pay_data_w;
	wire [10:0] tx_len_w;

	pc_core #(
		.H_MAX         (H_MAX),
		.SLOT_CAP      (SLOT_CAP),
		.RX_FIFO_BYTES (RX_FIFO_BYTES),
		.CACHE         (CACHE)
	) u_core (
		.i_clk          (i_clk),
		.i_rst          (i_rst),
		.i_frame_valid  (frame_valid_w),
		.i_cmd          (cmd_w),
		.i_seq          (seq_w),
		.i_len          (len_w),
		.o_frame_done   (frame_done_w),
		.o_pay_raddr    (pay_raddr_w),
		.i_pay_rdata    (pay_rdata_w),
		.i_err_valid    (err_valid_w),
		.i_err_code     (err_code_w),
		.i_err_seq      (err_seq_w),
		.o_err_ack      (err_ack_w),
		.i_dropped      (dropped_w),
		.o_timeout      (timeout_w),
		.o_tx_start     (tx_start_w),
		.o_tx_cmd       (tx_cmd_w),
		.o_tx_seq       (tx_seq_w),
		.o_tx_len       (tx_len_w),
		.i_tx_busy      (tx_busy_w),
		.i_tx_pay_idx   (tx_pay_idx_w[9:0]),
		.i_tx_pay_re    (tx_pay_re_w),
		.i_tx_done      (tx_done_w),
		.o_tx_pay_data  (tx_pay_data_w),
		.o_busy         (o_busy),
		.o_error        (o_error)
	);

	frame_tx u_tx (
		.i_clk       (i_clk),
		.i_rst       (i_rst),
		.i_start     (tx_start_w),
		.i_cmd       (tx_cmd_w),
		.i_seq       (tx_seq_w),
		.i_len       (tx_len_w),
		.o_busy      (tx_busy_w),
		.o_done      (tx_done_w),
		.i_pay_valid (1'b1),
		.i_pay_data  (tx_pay_data_w),
		.o_pay_ready (tx_pay_ready_unused_w),
		.o_pay_idx   (tx_pay_idx_w),
		.o_pay_re    (tx_pay_re_w),
		.o_valid     (o_tx_valid),
		.o_data      (o_tx_data),
		.i_ready     (i_tx_ready)
	);
endmodule

`default_nettype wire
