// SPDX-License-Identifier: ISC
// tb_sync_fifo — sync_fifo against a scoreboard: random push/pop, order, count, full, overflow.
`default_nettype none
module tb_sync_fifo;
	parameter integer DEPTH = 16;
	parameter integer WIDTH = 9;
	localparam integer AW = $clog2(DEPTH);

	reg clk = 0, rst = 1;
	always #5 clk = !clk;

	reg              wvalid = 0, rready = 0;
	reg  [WIDTH-1:0] wdata = 0;
	wire             wready, overflow, rvalid;
	wire [WIDTH-1:0] rdata;
	wire [AW+1:0]    count;

	sync_fifo #(.WIDTH(WIDTH), .DEPTH(DEPTH)) dut (
		.i_clk(clk), .i_rst(rst), .i_wvalid(wvalid), .i_wdata(wdata), .o_wready(wready),
		.o_overflow(overflow), .o_rvalid(rvalid), .o_rdata(rdata), .i_rready(rready), .o_count(count));

	reg [WIDTH-1:0] q [0:65535];
	integer head = 0, tail = 0, fails = 0, pushes = 0, pops = 0, ovf = 0, ovf_seen = 0, maxcount = 0;
	integer i, phase, pw, pr;

	task check(input cond, input [8*64-1:0] what);
		if (!cond) begin
			if (fails < 10) $display("FAIL sync_fifo %0s at t=%0t", what, $time);
			fails = fails + 1;
		end
	endtask

	// scoreboard, sampled at each rising edge before the DUT updates
	always @(posedge clk) if (!rst) begin
		check(count == tail - head, "count = words held");
		if (wvalid && wready) begin q[tail % 65536] = wdata; tail = tail + 1; pushes = pushes + 1; end
		if (wvalid && !wready) begin ovf = ovf + 1; check(overflow, "overflow strobe when full"); end
		else check(!overflow, "no overflow strobe when not full");
		if (rvalid && rready) begin
			check(rdata === q[head % 65536], "data order");
			head = head + 1; pops = pops + 1;
		end
		if (count > maxcount) maxcount = count;
		check(wready || count >= DEPTH, "wready low only when full");
		check(!wready || count <= DEPTH, "wready high only when not full");
	end

	initial begin
		repeat (3) @(posedge clk);
		rst <= 0;
		for (phase = 0; phase < 4; phase = phase + 1) begin
			// phase 0: writes mostly (fills, overflows), 1: reads mostly, 2: balanced, 3: both always
			pw = (phase == 0) ? 90 : (phase == 1) ? 20 : (phase == 2) ? 50 : 100;
			pr = (phase == 0) ? 10 : (phase == 1) ? 90 : (phase == 2) ? 50 : 100;
			for (i = 0; i < 3000; i = i + 1) begin
				@(negedge clk);
				wvalid = (($random & 127) < pw * 128 / 100);
				wdata  = $random;
				rready = (($random & 127) < pr * 128 / 100);
			end
		end
		@(negedge clk); wvalid = 0; rready = 1;
		repeat (DEPTH + 4) @(posedge clk);
		#1;
		check(count == 0 && !rvalid, "drains to empty");
		check(pushes == pops, "every pushed word popped");
		check(maxcount == DEPTH + 1, "holds DEPTH+1 words at most and reaches it");
		// throughput: stream 100 words with both sides always ready -> one word per cycle
		@(negedge clk); wvalid = 1; rready = 1;
		repeat (100) @(posedge clk);
		@(negedge clk); wvalid = 0;
		i = pops; repeat (3) @(posedge clk); #1;
		check(pops == pushes, "streaming: one word per cycle, 2-cycle latency");
		// reset empties
		@(negedge clk); wvalid = 1; rready = 0; repeat (5) @(posedge clk);
		@(negedge clk); wvalid = 0; rst = 1; @(posedge clk); #1; rst = 0; head = tail;
		check(count == 0 && !rvalid, "reset empties");
		if (fails == 0) $display("PASS sync_fifo DEPTH=%0d WIDTH=%0d: %0d words in order, %0d overflow strobes, max count %0d",
			DEPTH, WIDTH, pops, ovf, maxcount);
		$finish;
	end
endmodule
`default_nettype wire
