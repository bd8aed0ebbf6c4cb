// SPDX-License-Identifier: ISC
// tb_uart — uart_tx -> uart_rx loopback (back-to-back bytes, exact 10-bit framing), receiver
// tolerance to a +-3 % baud error, framing error on a stop bit of 0, glitch rejection.
`default_nettype none
`timescale 1ns/1ps
module tb_uart;
	parameter integer CPB = 8;
	reg clk = 0, rst = 1;
	always #5 clk = !clk;                          // 10 ns period

	reg        tvalid = 0;
	reg  [7:0] tdata = 0;
	wire       tready, tx, rvalid, ferr;
	wire [7:0] rdata;
	reg        manual = 0, mline = 1;
	wire       line = manual ? mline : tx;

	uart_tx #(.CLKS_PER_BIT(CPB)) u_tx (.i_clk(clk), .i_rst(rst), .i_valid(tvalid), .i_data(tdata), .o_ready(tready), .o_tx(tx));
	uart_rx #(.CLKS_PER_BIT(CPB)) u_rx (.i_clk(clk), .i_rst(rst), .i_rx(line), .o_valid(rvalid), .o_data(rdata), .o_frame_err(ferr));

	reg [7:0] got [0:1023];
	integer ngot = 0, nferr = 0, fails = 0, i, k;
	always @(posedge clk) begin
		if (rvalid) begin got[ngot] = rdata; ngot = ngot + 1; end
		if (ferr) nferr = nferr + 1;
	end

	// accepted bytes while streaming must be exactly 10 bit times apart
	integer last_take = -1, bad_period = 0, cyc = 0;
	always @(posedge clk) begin
		cyc = cyc + 1;
		if (tvalid && tready) begin
			if (last_take >= 0 && cyc - last_take != 10 * CPB) bad_period = bad_period + 1;
			last_take = cyc;
		end
	end

	task send_manual(input [7:0] b, input real err, input stopbit);
		real bt;
		integer j;
		begin
			bt = CPB * 10.0 * (1.0 + err);
			mline = 0; #(bt);
			for (j = 0; j < 8; j = j + 1) begin mline = b[j]; #(bt); end
			mline = stopbit; #(bt);
			mline = 1; #(bt);
		end
	endtask

	initial begin
		repeat (4) @(posedge clk);
		rst <= 0;
		repeat (4) @(posedge clk);
		// 1: 300 bytes back to back
		for (i = 0; i < 300; i = i + 1) begin
			@(negedge clk); tvalid = 1; tdata = i * 37 + 5;
			@(posedge clk); while (!tready) @(posedge clk);
		end
		@(negedge clk); tvalid = 0;
		repeat (12 * CPB) @(posedge clk);
		k = 0;
		for (i = 0; i < 300; i = i + 1) if (got[i] !== ((i * 37 + 5) & 8'hFF)) k = k + 1;
		if (ngot == 300 && k == 0 && nferr == 0 && bad_period == 0)
			$display("PASS uart loopback CPB=%0d: 300 bytes back to back, 10 bits/byte exactly", CPB);
		else begin
			$display("FAIL uart loopback CPB=%0d: got %0d, %0d wrong, %0d framing, %0d bad periods", CPB, ngot, k, nferr, bad_period);
			fails = fails + 1;
		end
		// 2: baud error +-3 %
		manual = 1; ngot = 0;
		#(CPB * 30);
		for (i = 0; i < 20; i = i + 1) send_manual(i * 13 + 1, (i % 2) ? 0.03 : -0.03, 1);
		repeat (2 * CPB) @(posedge clk);
		k = 0;
		for (i = 0; i < 20; i = i + 1) if (got[i] !== ((i * 13 + 1) & 8'hFF)) k = k + 1;
		if (ngot == 20 && k == 0 && nferr == 0) $display("PASS uart rx CPB=%0d: +-3%% baud error tolerated", CPB);
		else begin $display("FAIL uart rx CPB=%0d baud error: got %0d, %0d wrong, %0d framing", CPB, ngot, k, nferr); fails = fails + 1; end
		// 3: framing error (stop bit 0), then the line idles and a good byte follows
		ngot = 0; nferr = 0;
		send_manual(8'h55, 0.0, 0);
		send_manual(8'hC3, 0.0, 1);
		repeat (2 * CPB) @(posedge clk);
		if (nferr == 1 && ngot == 1 && got[0] == 8'hC3) $display("PASS uart rx CPB=%0d: framing error flagged, byte dropped, next byte fine", CPB);
		else begin $display("FAIL uart rx CPB=%0d framing: %0d errors, %0d bytes", CPB, nferr, ngot); fails = fails + 1; end
		// 4: a low glitch shorter than half a bit is not a start bit; a long break gives one error only
		ngot = 0; nferr = 0;
		mline = 0; #(10 * (CPB / 2 - 2)); mline = 1; #(CPB * 200);
		mline = 0; #(CPB * 10 * 40); mline = 1; #(CPB * 30);
		send_manual(8'h0F, 0.0, 1);
		repeat (2 * CPB) @(posedge clk);
		if (nferr == 1 && ngot == 1 && got[0] == 8'h0F) $display("PASS uart rx CPB=%0d: glitch ignored, break = one framing error", CPB);
		else begin $display("FAIL uart rx CPB=%0d glitch/break: %0d errors, %0d bytes", CPB, nferr, ngot); fails = fails + 1; end
		$finish;
	end
endmodule
`default_nettype wire
