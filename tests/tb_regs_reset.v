// SPDX-License-Identifier: ISC
//
// tb_regs_reset — a reset in mid-run (the board's BTN_N / PLL lock loss): pc_counters reads 0 for
// every counter and pc_regs' READ_REG shadow (and its threshold copy) the reset values again after i_rst, although the
// EBRs held other values (their power-on contents no longer help).
`timescale 1ns/1ps
`default_nettype none

module tb_regs_reset;
	reg clk = 1'b0;
	always #5 clk = !clk;
	reg         rst = 1'b1;

	// pc_counters
	reg         op_v = 1'b0, rd_v = 1'b0;
	reg  [1:0]  op = 2'd0;
	reg  [4:0]  op_idx = 5'd0, rd_idx = 5'd0;
	reg  [31:0] op_val = 32'd0;
	wire        busy;
	wire [47:0] rd_data;
	pc_counters u_cnt (
		.i_clk(clk), .i_rst(rst), .i_op_v(op_v), .i_op(op), .i_op_idx(op_idx), .i_op_val(op_val),
		.i_op_wv(op_val),
		.i_ev_l1w(1'b0), .i_ev_l1g(1'b0), .i_ev_aux(1'b0), .i_ev_stw(1'b0), .i_ev_prn(1'b0),
		.i_ev_grow(1'b0), .i_ev_l2w(1'b0), .i_ev_l2g(1'b0), .i_ev_l1dw(17'd0), .i_ev_l2dw(17'd0),
		.i_flush(1'b0), .o_busy(busy), .i_rd_v(rd_v), .i_rd_idx(rd_idx), .o_rd_data(rd_data));

	// pc_regs
	reg         we = 1'b0, rr = 1'b0;
	reg  [4:0]  waddr = 5'd0, raddr = 5'd0;
	reg  [31:0] wdata = 32'd0;
	reg  [4:0]  ta = 5'd0;
	wire [31:0] reg_rd, rxto;
	wire [15:0] ta_rd;
	wire        chk_ok, prune_due;
	pc_regs #(.H_MAX(16), .HW(5)) u_regs (
		.i_clk(clk), .i_rst(rst), .i_we(we), .i_waddr(waddr), .i_wdata(wdata),
		.i_chk_addr(16'd0), .i_chk_val(32'd0), .o_chk_ok(chk_ok),
		.i_rr(rr), .i_release(1'b0), .i_rd_addr(raddr), .i_pa(5'h0B), .i_lfsr(32'd1),
		.o_rd_data(reg_rd), .i_ta(ta), .o_ta_data(ta_rd),
		.i_live_inc(1'b0), .i_live_dec(1'b0), .i_since_clr(1'b0), .i_since_inc(1'b0),
		.o_prune_due(prune_due), .o_due_v(),
		.o_ctrl(), .o_hid(), .o_slots(), .o_cdecay(), .o_live_n(), .o_rxto(rxto));

	integer i, fails = 0;
	reg [31:0] expv;
	task check(input ok, input [8*48-1:0] what);
		if (!ok) begin
			fails = fails + 1;
			if (fails < 10) $display("FAIL regs-reset %0s", what);
		end
	endtask
	task run_reset;
		begin
			@(negedge clk) rst = 1'b1;
			repeat (3) @(negedge clk);
			rst = 1'b0;
			repeat (40) @(negedge clk);
		end
	endtask
	initial begin
		run_reset;
		// dirty every counter word and every register
		for (i = 0; i < 32; i = i + 1) begin
			@(negedge clk) op_v = 1'b1; op = 2'd1; op_idx = i; op_val = 32'hDEAD_0000 + i;
			@(negedge clk) op_v = 1'b0;
			@(negedge clk) op_v = 1'b1; op = 2'd2; op_idx = i; op_val = 32'h0000_BEEF;
			@(negedge clk) op_v = 1'b0;
			@(negedge clk) op_v = 1'b1; op = 2'd0; op_idx = i; op_val = 32'd5;
			@(negedge clk) op_v = 1'b0;
			@(negedge clk) we = (i != 0); waddr = i; wdata = 32'h1234_5678 ^ i;   // not MAGIC (read only)
			@(negedge clk) we = 1'b0;
		end
		repeat (5) @(negedge clk);
		@(negedge clk) rd_v = 1'b1; rd_idx = 5'd3;
		@(negedge clk) rd_v = 1'b0;
		check(rd_data == {16'hBEEF, 32'hDEAD_0003} + 48'd5, "counter 3 before the reset");
		run_reset;
		for (i = 1; i < 32; i = i + 1) begin
			@(negedge clk) rd_v = 1'b1; rd_idx = i;
			@(negedge clk) rd_v = 1'b0;
			check(rd_data == 48'd0, "a counter after the reset");
		end
		@(negedge clk) rd_v = 1'b1; rd_idx = 5'd0;
		@(negedge clk) rd_v = 1'b0;
		check(rd_data < 48'd1000, "CYCLES after the reset");
		for (i = 0; i < 22; i = i + 1) begin
			@(negedge clk) rr = 1'b1; raddr = i;
			@(negedge clk) rr = 1'b0;
			case (i)
			0:       expv = 32'h3143_4C50;
			2, 8:    expv = 32'd16;
			3, 21:   expv = 32'd784;
			4:       expv = 32'd6;
			5:       expv = 32'd7;
			15:      expv = 32'd8;
			16:      expv = 32'd1;
			18:      expv = 32'd4096;
			20:      expv = 32'd1000000;
			default: expv = 32'd0;
			endcase
			check(reg_rd == expv, "a register after the reset");
		end
		check(rxto == 32'd1000000, "RX_TIMEOUT after the reset");
		// the threshold copy (THETA1 / THETA2 / THETA_C / PRUNE_THETA: reset value 0) was dirtied too
		for (i = 0; i < 4; i = i + 1) begin
			@(negedge clk) ta = (i == 0) ? 5'h06 : (i == 1) ? 5'h07 : (i == 2) ? 5'h09 : 5'h0C;
			@(negedge clk);
			check(ta_rd == 16'd0, "a threshold copy word after the reset");
		end
		@(negedge clk) we = 1'b1; waddr = 5'h07; wdata = 32'h0000_00AB;
		@(negedge clk) we = 1'b0; ta = 5'h07;
		@(negedge clk);
		check(ta_rd == 16'h00AB, "THETA2's copy after its WRITE_REG");
		// o_rxto follows a WRITE_REG of RX_TIMEOUT (held through the write cycle, then the new word)
		@(negedge clk) we = 1'b1; waddr = 5'h14; wdata = 32'd777;
		@(negedge clk) we = 1'b0;
		repeat (4) @(negedge clk);
		check(rxto == 32'd777, "RX_TIMEOUT after its WRITE_REG");
		if (fails == 0) $display("PASS regs-reset (counters 0, registers and the threshold copy at their reset values after a mid-run reset)");
		$finish;
	end
endmodule

`default_nettype wire
