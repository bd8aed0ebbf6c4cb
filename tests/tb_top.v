// SPDX-License-Identifier: ISC
// tb_top — top_icebreaker with the frame-echo stand-in core (tests/echo/plasticore.v) over its
// UART pins at 8 clocks per bit: a good frame is echoed, a bad CRC gives error 1, and a FIFO
// overflow (RX_FIFO_BYTES = 16; garbage behind a held frame stalls frame_rx) reaches the core as
// i_rx_overflow -> error 6. SEQs follow
// frame_rx's sequence rule (a STATUS first, then exp_seq; reset puts exp_seq back to 1).
`default_nettype none
module tb_top;
	localparam integer CPB = 8;
	reg clk = 0;
	always #5 clk = !clk;
	reg  btn_n = 1, hrst = 1;
	wire rx_pin, tx_pin, ledr_n, ledg_n;

	top_icebreaker #(.CLK_MHZ(24), .BAUD(3000000), .RX_FIFO_BYTES(16), .POR_BITS(4), .LED_BITS(6)) dut (
		.CLK(clk), .RX(rx_pin), .TX(tx_pin), .BTN_N(btn_n), .LEDR_N(ledr_n), .LEDG_N(ledg_n));

	// host side UART (the FT2232H): a transmitter to RX, a receiver on TX
	reg        hv = 0;
	reg  [7:0] hd = 0;
	wire       hready, mvalid, mferr;
	wire [7:0] mdata;
	uart_tx #(.CLKS_PER_BIT(CPB)) h_tx (.i_clk(clk), .i_rst(hrst), .i_valid(hv), .i_data(hd), .o_ready(hready), .o_tx(rx_pin));
	uart_rx #(.CLKS_PER_BIT(CPB)) h_rx (.i_clk(clk), .i_rst(hrst), .i_rx(tx_pin), .o_valid(mvalid), .o_data(mdata), .o_frame_err(mferr));

	reg [7:0] got [0:4095];
	integer ngot = 0, fails = 0, nferr = 0;
	always @(posedge clk) begin
		if (mvalid) begin got[ngot] = mdata; ngot = ngot + 1; end
		if (mferr) nferr = nferr + 1;
	end

	function [15:0] crc_upd(input [15:0] c, input [7:0] d);
		integer k;
		begin
			crc_upd = c ^ {d, 8'h00};
			for (k = 0; k < 8; k = k + 1) crc_upd = crc_upd[15] ? ((crc_upd << 1) ^ 16'h1021) : (crc_upd << 1);
		end
	endfunction

	task send_byte(input [7:0] b);
		begin
			@(negedge clk); hv = 1; hd = b;
			@(posedge clk); while (!hready) @(posedge clk);
			@(negedge clk); hv = 0;
		end
	endtask

	reg [7:0] fb [0:1100];
	integer fn;
	task build(input [7:0] c, input [7:0] s, input integer l, input integer seed, input bad);
		reg [15:0] crc;
		integer i;
		begin
			fn = 0;
			fb[fn] = 8'hA5; fn = fn + 1; fb[fn] = c; fn = fn + 1; fb[fn] = s; fn = fn + 1;
			fb[fn] = l & 255; fn = fn + 1; fb[fn] = l >> 8; fn = fn + 1;
			for (i = 0; i < l; i = i + 1) begin fb[fn] = (seed + i * 29) & 255; fn = fn + 1; end
			crc = 16'hFFFF;
			for (i = 1; i < fn; i = i + 1) crc = crc_upd(crc, fb[i]);
			if (bad) crc = ~crc;
			fb[fn] = crc[7:0]; fn = fn + 1; fb[fn] = crc[15:8]; fn = fn + 1;
		end
	endtask
	task send_frame(input [7:0] c, input [7:0] s, input integer l, input integer seed, input bad);
		integer i;
		begin build(c, s, l, seed, bad); for (i = 0; i < fn; i = i + 1) send_byte(fb[i]); end
	endtask

	// check a response at got[at..]: cmd, seq, payload from build(... seed) or an error code
	task check_resp(input integer at, input [7:0] c, input [7:0] s, input integer l, input integer seed,
	                input integer errcode, input [8*60-1:0] name);
		integer i, bad;
		begin
			bad = 0;
			if (errcode != 0) begin
				fn = 0; fb[0] = 8'h5A; fb[1] = 8'hFF; fb[2] = s; fb[3] = 1; fb[4] = 0; fb[5] = errcode; fn = 6;
			end else begin
				build(c | 8'h80, s, l, seed, 0); fb[0] = 8'h5A;
			end
			// recompute the CRC of the response
			begin : crc_blk
				reg [15:0] crc;
				crc = 16'hFFFF;
				for (i = 1; i < ((errcode != 0) ? 6 : fn - 2); i = i + 1) crc = crc_upd(crc, fb[i]);
				if (errcode != 0) begin fb[6] = crc[7:0]; fb[7] = crc[15:8]; fn = 8; end
				else begin fb[fn - 2] = crc[7:0]; fb[fn - 1] = crc[15:8]; end
			end
			if (ngot < at + fn) bad = 1;
			else for (i = 0; i < fn; i = i + 1) if (got[at + i] !== fb[i]) bad = 1;
			if (bad) begin
				$display("FAIL top %0s (have %0d bytes, want %0d from %0d)", name, ngot, fn, at);
				fails = fails + 1;
			end else $display("PASS top %0s", name);
		end
	endtask

	integer t, base;
	task wait_bytes(input integer n);
		begin t = 0; while (ngot < n && t < 200000) begin @(posedge clk); t = t + 1; end repeat (3 * CPB) @(posedge clk); end
	endtask

	initial begin
		repeat (3) @(posedge clk); hrst = 0;
		repeat (100) @(posedge clk);
		send_frame(8'h01, 8'h05, 3, 7, 0);
		wait_bytes(10);
		check_resp(0, 8'h01, 8'h05, 3, 7, 0, "echo of a good frame through UART, FIFO, core");
		base = ngot;
		send_frame(8'h02, 8'h06, 4, 9, 1);
		wait_bytes(base + 8);
		check_resp(base, 8'h02, 8'h06, 4, 9, 1, "bad CRC -> error response code 1");
		// overflow: frame A (LEN 100) is held while its echo is sent (~107 byte times); the 60
		// garbage bytes behind it stall the parser (dropped bytes wait while A is held), fill
		// the 16(+1)-byte FIFO and are lost; the next byte written (C's SOF) carries the lost
		// mark: error 6 (SEQ 0, found while hunting), then C parses from that SOF
		base = ngot;
		send_frame(8'h03, 8'h06, 100, 1, 0);                 // in sequence (the bad CRC did not count)
		for (t = 0; t < 60; t = t + 1) send_byte(8'h11);
		wait_bytes(base + 107);
		repeat (40 * CPB * 10) @(posedge clk);
		check_resp(base, 8'h03, 8'h06, 100, 1, 0, "frame A echoed while garbage behind it overruns the FIFO");
		if (ledr_n !== 1'b0) begin $display("FAIL top red LED on overflow"); fails = fails + 1; end
		send_frame(8'h03, 8'h07, 5, 3, 0);
		wait_bytes(base + 107 + 8 + 12);
		check_resp(base + 107, 8'h03, 8'h00, 0, 0, 6, "lost bytes -> error code 6 (i_rx_overflow) on the next byte");
		check_resp(base + 115, 8'h03, 8'h07, 5, 3, 0, "frame C after the overflow echoed");
		if (nferr != 0) begin $display("FAIL top framing errors on TX"); fails = fails + 1; end
		// button reset: the core restarts and still works
		btn_n = 0; repeat (20) @(posedge clk); btn_n = 1; repeat (100) @(posedge clk);
		base = ngot;
		send_frame(8'h07, 8'h01, 0, 0, 0);                   // exp_seq is 1 again after the reset
		wait_bytes(base + 7);
		check_resp(base, 8'h07, 8'h01, 0, 0, 0, "after a button reset, LEN 0 frame echoed");
		$finish;
	end
endmodule
`default_nettype wire
