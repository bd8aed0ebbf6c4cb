// SPDX-License-Identifier: ISC
//
// top_icebreaker — iCEBreaker (iCE40 UP5K-SG48) board top for the plasticore learning core.
//
//   CLK 12 MHz -> SB_PLL40_PAD -> clk (CLK_MHZ) ; reset = power-on counter | !PLL lock | BTN_N
//   RX -> uart_rx -> sync_fifo (RX_FIFO_BYTES x 9) -> plasticore -> uart_tx -> TX
//   LEDR_N: core error (stretched), LEDG_N: activity (bytes in/out, core busy; stretched)
//
// Port names are the iCEBreaker schematic / constraints/icebreaker.pcf names (the one place
// that does not use i_/o_ prefixes). Everything runs in the one PLL clock domain; RX and
// BTN_N pass two-flip-flop synchronisers.
//
// Receive overflow: the UART cannot be stalled. A byte that finds the FIFO full, or that has a
// framing error, is lost; the next byte written to the FIFO carries a 9th bit "bytes were lost
// in front of me", which reaches the core as i_rx_overflow alongside that byte (i_rx_valid).
//
// CLK_MHZ: 24, 30, 36 or 48 (PLL settings from `icepll -i 12 -o F`); BAUD must divide
// CLK_MHZ * 1e6 (3 Mbaud: 8, 10, 12 or 16 clocks per bit). Outside SYNTHESIS (simulators)
// the PLL is left out: the clock pin drives the core clock directly.
`default_nettype none

module top_icebreaker #(
	parameter integer CLK_MHZ       = 24,
	parameter integer BAUD          = 3000000,
	parameter integer H_MAX         = 64,
	parameter integer SLOT_CAP      = 16384,
	parameter integer RX_FIFO_BYTES = 2048,
	parameter integer CACHE         = 0,          // synaptic caching: left out of the UP5K build (area)
	parameter integer POR_BITS      = 16,         // power-on reset: 2^POR_BITS cycles
	parameter integer LED_BITS      = 21          // LED pulse stretch: at least 2^LED_BITS cycles
) (
	input  wire CLK,      // 12 MHz oscillator (pin 35)
	input  wire RX,       // UART, FPGA receives (pin 6)
	output wire TX,       // UART, FPGA sends (pin 9)
	input  wire BTN_N,    // user button, active low (pin 10)
	output wire LEDR_N,   // red LED, active low (pin 11)
	output wire LEDG_N    // green LED, active low (pin 37)
);
	localparam integer CLKS_PER_BIT = (CLK_MHZ * 1000000) / BAUD;

	// ---- clock
	wire clk;
	wire pll_lock_w;
`ifdef SYNTHESIS
	localparam [6:0] PLL_DIVF = (CLK_MHZ == 48) ? 7'd63 :
	                            (CLK_MHZ == 36) ? 7'd47 :
	                            (CLK_MHZ == 30) ? 7'd79 : 7'd63;   // 24
	localparam [2:0] PLL_DIVQ = (CLK_MHZ >= 36) ? 3'd4 : 3'd5;
	SB_PLL40_PAD #(
		.FEEDBACK_PATH ("SIMPLE"),
		.DIVR          (4'b0000),
		.DIVF          (PLL_DIVF),
		.DIVQ          (PLL_DIVQ),
		.FILTER_RANGE  (3'b001)
	) u_pll (
		.PACKAGEPIN   (CLK),
		.PLLOUTGLOBAL (clk),
		.LOCK         (pll_lock_w),
		.RESETB       (1'b1),
		.BYPASS       (1'b0)
	);
`else
	assign clk        = CLK;
	assign pll_lock_w = 1'b1;
`endif

	// ---- reset: held for 2^POR_BITS cycles after configuration / PLL lock, and while BTN_N low.
	// One counter serves the power-on delay and (free running afterwards) the LED stretch ticks.
	localparam integer TB = (POR_BITS + 1 > LED_BITS) ? POR_BITS + 1 : LED_BITS;
	reg [1:0]    lock_sync_q = 2'b00;
	reg [1:0]    btn_sync_q  = 2'b00;
	reg [TB-1:0] tick_q      = {TB{1'b0}};
	reg          por_done_q  = 1'b0;
	reg          rst_q       = 1'b1;
	wire [TB:0]  tick_nx_w   = {1'b0, tick_q} + 1'b1;   // bit TB: the counter wraps (LED tick)
	always @(posedge clk) begin
		lock_sync_q <= {lock_sync_q[0], pll_lock_w};
		btn_sync_q  <= {btn_sync_q[0], BTN_N};
		if (!lock_sync_q[1] || !btn_sync_q[1]) begin
			tick_q     <= {TB{1'b0}};
			por_done_q <= 1'b0;
		end else begin
			tick_q <= tick_nx_w[TB-1:0];
			if (tick_q[POR_BITS])
				por_done_q <= 1'b1;
		end
		rst_q <= !por_done_q;
	end

	// ---- receive: UART -> lost-byte marking -> FIFO
	wire       urx_valid_w, urx_ferr_w;
	wire [7:0] urx_data_w;
	uart_rx #(.CLKS_PER_BIT(CLKS_PER_BIT)) u_uart_rx (
		.i_clk       (clk),
		.i_rst       (rst_q),
		.i_rx        (RX),
		.o_valid     (urx_valid_w),
		.o_data      (urx_data_w),
		.o_frame_err (urx_ferr_w)
	);

	wire        fifo_overflow_w;
	wire        fifo_wready_unused_w;             // overflow is seen through o_overflow
	wire [$clog2(RX_FIFO_BYTES)+1:0] fifo_count_unused_w;
	wire       fifo_rvalid_w, core_rx_ready_w;
	wire [8:0] fifo_rdata_w;
	reg        lost_q;                            // bytes lost since the last FIFO write
	always @(posedge clk) begin
		if (rst_q)
			lost_q <= 1'b0;
		else if (fifo_overflow_w || urx_ferr_w)
			lost_q <= 1'b1;
		else if (urx_valid_w)
			lost_q <= 1'b0;                       // written, carrying the mark
	end

	sync_fifo #(.WIDTH(9), .DEPTH(RX_FIFO_BYTES)) u_rx_fifo (
		.i_clk      (clk),
		.i_rst      (rst_q),
		.i_wvalid   (urx_valid_w),
		.i_wdata    ({lost_q, urx_data_w}),
		.o_wready   (fifo_wready_unused_w),
		.o_overflow (fifo_overflow_w),
		.o_rvalid   (fifo_rvalid_w),
		.o_rdata    (fifo_rdata_w),
		.i_rready   (core_rx_ready_w),
		.o_count    (fifo_count_unused_w)
	);

	// ---- the core
	wire       core_tx_valid_w, core_busy_w, core_error_w, utx_ready_w;
	wire [7:0] core_tx_data_w;
	plasticore #(
		.H_MAX         (H_MAX),
		.SLOT_CAP      (SLOT_CAP),
		.RX_FIFO_BYTES (RX_FIFO_BYTES),
		.CACHE         (CACHE)
	) u_core (
		.i_clk         (clk),
		.i_rst         (rst_q),
		.i_rx_valid    (fifo_rvalid_w),
		.i_rx_data     (fifo_rdata_w[7:0]),
		.o_rx_ready    (core_rx_ready_w),
		.i_rx_overflow (fifo_rdata_w[8]),
		.o_tx_valid    (core_tx_valid_w),
		.o_tx_data     (core_tx_data_w),
		.i_tx_ready    (utx_ready_w),
		.o_busy        (core_busy_w),
		.o_error       (core_error_w)
	);

	// ---- transmit
	uart_tx #(.CLKS_PER_BIT(CLKS_PER_BIT)) u_uart_tx (
		.i_clk   (clk),
		.i_rst   (rst_q),
		.i_valid (core_tx_valid_w),
		.i_data  (core_tx_data_w),
		.o_ready (utx_ready_w),
		.o_tx    (TX)
	);

	// ---- LEDs: an event turns its LED on until the second counter wrap after it, i.e. for
	// 2^TB .. 2^(TB+1) cycles (TB = max(LED_BITS, POR_BITS + 1)): two flags per LED, "seen in
	// this period" and "seen in the previous one", instead of a stretch counter each
	reg [1:0] red_q   = 2'b00;
	reg [1:0] green_q = 2'b00;
	wire red_ev_w   = core_error_w || fifo_overflow_w || urx_ferr_w;
	wire green_ev_w = urx_valid_w || (core_tx_valid_w && utx_ready_w) || core_busy_w;
	wire wrap_w     = tick_nx_w[TB];
	always @(posedge clk) begin
		red_q   <= {wrap_w ? red_q[0] : red_q[1], red_ev_w || (!wrap_w && red_q[0])};
		green_q <= {wrap_w ? green_q[0] : green_q[1], green_ev_w || (!wrap_w && green_q[0])};
	end
	assign LEDR_N = !(|red_q);
	assign LEDG_N = !(|green_q);
endmodule

`default_nettype wire
