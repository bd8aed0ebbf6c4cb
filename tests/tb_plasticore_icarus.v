// SPDX-License-Identifier: ISC
//
// tests/tb_plasticore_icarus.v — Icarus smoke test of the core (default board parameters):
// STATUS, WRITE_REG / READ_REG, a tiny state through MEM_WRITE (H = 1, S = 2, W2[7] = 1.0)
// and one INFER whose pixels come from a hex file (+pix=FILE, 392 bytes): x[0] = 15 makes
// y[7] the largest output, so the prediction must be 7. Prints PASS/FAIL lines.
`timescale 1ns / 1ps
`default_nettype none

module tb_plasticore_icarus;
	reg clk = 1'b0, rst = 1'b1;
	always #5 clk = !clk;

	reg        rx_valid = 1'b0;
	reg  [7:0] rx_data = 8'h00;
	wire       rx_ready, tx_valid, busy, error;
	wire [7:0] tx_data;

	plasticore u_dut (
		.i_clk(clk), .i_rst(rst), .i_rx_valid(rx_valid), .i_rx_data(rx_data), .o_rx_ready(rx_ready),
		.i_rx_overflow(1'b0), .o_tx_valid(tx_valid), .o_tx_data(tx_data), .i_tx_ready(1'b1),
		.o_busy(busy), .o_error(error));

	// ---- response capture
	reg [7:0] rsp [0:2047];
	integer   nrsp = 0;
	always @(posedge clk)
		if (tx_valid) begin
			rsp[nrsp] <= tx_data;
			nrsp <= nrsp + 1;
		end

	// ---- request frames
	reg [7:0] req [0:1100];
	reg [7:0] pix [0:391];
	integer   fails = 0;

	function [15:0] crc_step(input [15:0] c, input [7:0] b);
		integer i;
		reg [15:0] x;
		begin
			x = c ^ {b, 8'h00};
			for (i = 0; i < 8; i = i + 1)
				x = x[15] ? ((x << 1) ^ 16'h1021) : (x << 1);
			crc_step = x;
		end
	endfunction

	task send(input [7:0] cmd, input [7:0] seq, input integer len);
		integer i;
		reg [15:0] crc;
		begin
			crc = 16'hFFFF;
			crc = crc_step(crc, cmd);
			crc = crc_step(crc, seq);
			crc = crc_step(crc, len[7:0]);
			crc = crc_step(crc, len[15:8]);
			for (i = 0; i < len; i = i + 1)
				crc = crc_step(crc, req[i]);
			put(8'hA5); put(cmd); put(seq); put(len[7:0]); put(len[15:8]);
			for (i = 0; i < len; i = i + 1)
				put(req[i]);
			put(crc[7:0]); put(crc[15:8]);
		end
	endtask

	task put(input [7:0] b);
		begin
			rx_valid <= 1'b1;
			rx_data  <= b;
			@(posedge clk);
			while (!rx_ready) @(posedge clk);
			rx_valid <= 1'b0;
		end
	endtask

	// wait for a response of len payload bytes starting at capture offset base
	task wait_rsp(input integer base, input integer len);
		integer t;
		begin
			t = 0;
			while (nrsp < base + 7 + len && t < 2000000) begin
				@(posedge clk);
				t = t + 1;
			end
		end
	endtask

	task check(input [255:0] name, input ok);
		begin
			if (ok)
				$display("PASS %0s", name);
			else begin
				$display("FAIL %0s", name);
				fails = fails + 1;
			end
		end
	endtask

	task wreg(input [15:0] a, input [31:0] v);
		begin
			req[0] = a[7:0]; req[1] = a[15:8];
			req[2] = v[7:0]; req[3] = v[15:8]; req[4] = v[23:16]; req[5] = v[31:24];
		end
	endtask

	integer base, i;
	reg [8*256-1:0] pixfile;
	initial begin
		if (!$value$plusargs("pix=%s", pixfile))
			pixfile = "tests/smoke_pixels.hex";
		$readmemh(pixfile, pix);
		repeat (8) @(posedge clk);
		rst <= 1'b0;
		repeat (20) @(posedge clk);

		// STATUS
		base = nrsp;
		send(8'h01, 8'd1, 0);
		wait_rsp(base, 16);
		check("icarus-status", rsp[base] == 8'h5A && rsp[base + 1] == 8'h81 && rsp[base + 3] == 8'd16 &&
		      rsp[base + 5] == 8'h50 && rsp[base + 6] == 8'h4C && rsp[base + 7] == 8'h43 &&
		      rsp[base + 8] == 8'h31);

		// WRITE_REG HIDDEN = 1, SLOTS = 2, LR1 = 9; READ_REG LR1
		wreg(16'h0002, 32'd1);
		for (i = 0; i < 6; i = i + 1) req[12 + i] = req[i];
		wreg(16'h0003, 32'd2);
		for (i = 0; i < 6; i = i + 1) req[6 + i] = req[i];
		wreg(16'h0004, 32'd9);
		for (i = 0; i < 6; i = i + 1) req[i] = req[i];
		for (i = 0; i < 6; i = i + 1) begin req[i] = req[12 + i]; end
		req[12] = 8'h04; req[13] = 8'h00; req[14] = 8'd9; req[15] = 0; req[16] = 0; req[17] = 0;
		base = nrsp;
		send(8'h02, 8'd2, 18);
		wait_rsp(base, 0);
		check("icarus-write-reg", rsp[base + 1] == 8'h82 && rsp[base + 2] == 8'd2);
		req[0] = 8'h04; req[1] = 8'h00; req[2] = 8'h03; req[3] = 8'h00;
		base = nrsp;
		send(8'h03, 8'd3, 4);
		wait_rsp(base, 8);
		check("icarus-read-reg", rsp[base + 1] == 8'h83 && rsp[base + 5] == 8'd9 && rsp[base + 9] == 8'd2);

		// bad register -> error 5
		wreg(16'h0000, 32'd1);
		base = nrsp;
		send(8'h02, 8'd4, 6);
		wait_rsp(base, 1);
		check("icarus-bad-arg", rsp[base + 1] == 8'hFF && rsp[base + 2] == 8'd4 && rsp[base + 5] == 8'd5);

		// slots: {idx 0, w 16384}, {idx 1, w 0}; nlive[0] = 2; W2[7] = 16384
		req[0] = 8'd0; req[1] = 0; req[2] = 0; req[3] = 0; req[4] = 0;
		req[5] = 8'd0; req[6] = 8'd0; req[7] = 8'h00; req[8] = 8'h40; req[9] = 0; req[10] = 0;
		req[11] = 8'd1; req[12] = 8'd0; req[13] = 0; req[14] = 0; req[15] = 0; req[16] = 0;
		base = nrsp;
		send(8'h08, 8'd5, 17);
		wait_rsp(base, 0);
		req[0] = 8'd2; req[1] = 0; req[2] = 0; req[3] = 0; req[4] = 0; req[5] = 8'd2; req[6] = 8'd0;
		send(8'h08, 8'd6, 7);
		wait_rsp(base + 7, 0);
		req[0] = 8'd1; req[1] = 8'd7; req[2] = 0; req[3] = 0; req[4] = 0; req[5] = 8'h00; req[6] = 8'h40;
		send(8'h08, 8'd7, 7);
		wait_rsp(base + 14, 0);
		check("icarus-mem-write", rsp[base + 1] == 8'h88 && rsp[base + 8] == 8'h88 && rsp[base + 15] == 8'h88);

		// INFER label 7 with the pixels of the hex file
		req[0] = 8'd7;
		for (i = 0; i < 392; i = i + 1) req[1 + i] = pix[i];
		base = nrsp;
		send(8'h05, 8'd8, 393);
		wait_rsp(base, 2);
		check("icarus-infer", rsp[base + 1] == 8'h85 && rsp[base + 5] == 8'd7 && rsp[base + 6] == 8'd7);

		if (fails != 0)
			$display("icarus smoke: %0d failures", fails);
		$finish;
	end

	initial begin
		#50000000;
		$display("FAIL icarus-timeout");
		$finish;
	end
endmodule

`default_nettype wire
