// SPDX-License-Identifier: ISC
// tb_frame_tx — frame_tx: byte-exact frames (SOF 0x5A, header, payload, CRC lo/hi) for LEN
// 0, 1, 2, 392, 1024 under random sink and payload stalls; i_start while busy is ignored (cmd /
// seq latched at the start, LEN held by the caller); the payload comes from a RAM model read
// at o_pay_idx when o_pay_re (registered, holding otherwise), o_pay_idx counts the payload bytes
// taken (+ the one being taken) when o_pay_re; o_done marks the last byte.
`default_nettype none
module tb_frame_tx;
	reg clk = 0, rst = 1;
	always #5 clk = !clk;

	reg        start = 0, pvalid = 0, oready = 0;
	reg  [7:0] c = 0, s = 0, pdata = 0;
	reg  [10:0] l = 0;
	wire       busy, pready, ovalid, done, pre;
	wire [10:0] pidx;
	wire [7:0] odata;
	frame_tx dut (.i_clk(clk), .i_rst(rst), .i_start(start), .i_cmd(c), .i_seq(s), .i_len(l), .o_busy(busy), .o_done(done),
		.i_pay_valid(pvalid), .i_pay_data(pdata), .o_pay_ready(pready), .o_pay_idx(pidx), .o_pay_re(pre),
		.o_valid(ovalid), .o_data(odata), .i_ready(oready));

	integer fails = 0;
	reg [7:0] exp_b [0:2047];
	reg [7:0] pay [0:1023];
	reg [7:0] pram;                               // the payload RAM's output register
	integer nexp, ngot, npay, ndone, stall_out, stall_pay;

	function [15:0] crc_upd(input [15:0] cc, input [7:0] d);
		integer k;
		begin
			crc_upd = cc ^ {d, 8'h00};
			for (k = 0; k < 8; k = k + 1) crc_upd = crc_upd[15] ? ((crc_upd << 1) ^ 16'h1021) : (crc_upd << 1);
		end
	endfunction

	// sink and payload source with random stalls
	always @(posedge clk) begin
		if (ovalid && oready) begin
			if (ngot >= nexp || odata !== exp_b[ngot]) begin
				if (fails < 10) $display("FAIL frame_tx byte %0d: got %02x want %02x", ngot, odata, exp_b[ngot]);
				fails = fails + 1;
			end
			ngot = ngot + 1;
		end
		if (busy && pre && npay < l && pidx !== npay + ((pvalid && pready) ? 1 : 0)) begin
			if (fails < 10) $display("FAIL frame_tx o_pay_idx %0d with %0d taken", pidx, npay);
			fails = fails + 1;
		end
		if (done) begin
			if (!(ovalid && oready) || ngot != nexp) begin
				if (fails < 10) $display("FAIL frame_tx o_done at byte %0d of %0d", ngot, nexp);
				fails = fails + 1;
			end
			ndone = ndone + 1;
		end
		if (pvalid && pready) npay = npay + 1;
		if (pre) pram = pay[pidx[9:0]];
		#1;
		oready = (($random & 255) >= stall_out);
		pvalid = (($random & 255) >= stall_pay);
		pdata  = pvalid ? pram : 8'hxx;
	end

	task send(input [7:0] cc, input [7:0] ss, input integer ll);
		reg [15:0] crc;
		integer i, t, f0;
		begin
			f0 = fails;
			for (i = 0; i < ll; i = i + 1) pay[i] = $random;
			nexp = 0; ngot = 0; npay = 0; ndone = 0;
			exp_b[0] = 8'h5A; exp_b[1] = cc; exp_b[2] = ss; exp_b[3] = ll & 255; exp_b[4] = ll >> 8; nexp = 5;
			for (i = 0; i < ll; i = i + 1) begin exp_b[nexp] = pay[i]; nexp = nexp + 1; end
			crc = 16'hFFFF;
			for (i = 1; i < nexp; i = i + 1) crc = crc_upd(crc, exp_b[i]);
			exp_b[nexp] = crc[7:0]; exp_b[nexp + 1] = crc[15:8]; nexp = nexp + 2;
			@(negedge clk); c = cc; s = ss; l = ll; start = 1;
			@(negedge clk); c = ~cc; s = ~ss;                       // start held high while busy: ignored
			if (!busy) begin $display("FAIL frame_tx busy after start"); fails = fails + 1; end
			@(negedge clk); start = 0;
			t = 0;
			while (busy && t < 100000) begin @(posedge clk); t = t + 1; end
			repeat (20) @(posedge clk);
			if (ngot != nexp || npay != ll || ndone != 1) begin
				$display("FAIL frame_tx LEN %0d: %0d of %0d bytes out, %0d of %0d payload taken", ll, ngot, nexp, npay, ll);
				fails = fails + 1;
			end
			if (fails == f0) $display("PASS frame_tx LEN %0d (stalls out %0d/256, payload %0d/256)", ll, stall_out, stall_pay);
		end
	endtask

	initial begin
		stall_out = 0; stall_pay = 0;
		repeat (3) @(posedge clk); rst = 0;
		send(8'h81, 8'h01, 0);
		send(8'hFF, 8'h02, 1);
		stall_out = 100; stall_pay = 60;
		send(8'h83, 8'h03, 2);
		send(8'h84, 8'h04, 392);
		stall_out = 0; stall_pay = 0;
		send(8'h87, 8'h05, 168);
		stall_out = 200; stall_pay = 200;
		send(8'h89, 8'h06, 1024);
		if (fails == 0) $display("PASS frame_tx all cases");
		$finish;
	end
endmodule
`default_nettype wire
