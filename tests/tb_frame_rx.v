// SPDX-License-Identifier: ISC
// tb_frame_rx — frame_rx: good frames (LEN 0..1024), back-to-back frames, bad CRC, bad LEN,
// garbage, truncation + timeout (and gaps just under it), overflow sideband, the sequence rule
// (exp_seq, code 7, STATUS resync, wrap 255 -> 1, errors 1/2/4 leave exp_seq alone), and a
// random-byte fuzz after which the parser must still be alive (never hangs). Double buffering:
// a frame is received while the previous one is held (its payload intact, the next one presented
// in the cycle after the release), a third frame waits, and errors / timeouts / dropped bytes
// behind a held frame reach the consumer after it, in order. Throughout: o_dropped never strobes
// while an event is presented, o_frame_valid / o_err_valid never together, a presented event's
// outputs never change while it is held. The testbench models exp_seq itself (tb_exp): a
// complete good frame is expected as a frame when its CMD is STATUS or its SEQ is tb_exp, else
// as error 7.
`default_nettype none
module tb_frame_rx;
	localparam integer TMO = 60;
	reg clk = 0, rst = 1;
	always #5 clk = !clk;

	// ---- DUT
	reg        valid = 0, ovf_in = 0;
	reg  [7:0] data = 0;
	wire       ready, dropped, fvalid, evalid;
	wire [7:0] cmd, seq, ecode, eseq, prdata;
	wire [10:0] len;
	reg        fdone = 0, eack = 0;
	reg  [9:0] praddr = 0;
	frame_rx dut (
		.i_clk(clk), .i_rst(rst), .i_valid(valid), .i_data(data), .o_ready(ready),
		.i_overflow(ovf_in), .i_timeout(TMO), .o_dropped(dropped),
		.o_frame_valid(fvalid), .o_cmd(cmd), .o_seq(seq), .o_len(len), .i_frame_done(fdone),
		.i_pay_raddr(praddr), .o_pay_rdata(prdata),
		.o_err_valid(evalid), .o_err_code(ecode), .o_err_seq(eseq), .i_err_ack(eack));

	integer fails = 0;
	task fail(input [8*80-1:0] what);
		begin
			if (fails < 20) $display("FAIL frame_rx %0s (t=%0t)", what, $time);
			fails = fails + 1;
		end
	endtask

	// ---- byte queue and driver: gap_mode 0 none, 1 random 0..7, 2 fixed gap
	reg [7:0] q_data [0:131071];
	reg       q_ovf  [0:131071];
	integer   q_head = 0, q_tail = 0, gap_mode = 1, gap_fixed = 0, gap_left = 0;
	always @(posedge clk) begin
		if (valid && ready) begin
			q_head = q_head + 1;
			gap_left = (gap_mode == 0) ? 0 : (gap_mode == 1) ? ($random & 7) : gap_fixed;
		end else if (!valid && gap_left > 0)
			gap_left = gap_left - 1;
		#1;
		valid  = (q_head < q_tail) && gap_left == 0;
		data   = valid ? q_data[q_head] : 8'hxx;
		ovf_in = valid ? q_ovf[q_head] : 1'bx;
	end

	task put(input [7:0] b, input o);
		begin q_data[q_tail] = b; q_ovf[q_tail] = o; q_tail = q_tail + 1; end
	endtask

	function [15:0] crc_upd(input [15:0] c, input [7:0] d);
		integer k;
		begin
			crc_upd = c ^ {d, 8'h00};
			for (k = 0; k < 8; k = k + 1) crc_upd = crc_upd[15] ? ((crc_upd << 1) ^ 16'h1021) : (crc_upd << 1);
		end
	endfunction

	// ---- expected events
	reg [7:0]  pay_store [0:262143];
	integer    pay_top = 0;
	integer    ev_type [0:4095];                 // 0 frame, 1 error
	integer    ev_cmd [0:4095], ev_seq [0:4095], ev_len [0:4095], ev_off [0:4095];
	integer    ev_head = 0, ev_tail = 0, strict = 1, n_frames = 0, n_errs = 0, n_drop = 0;
	integer    tb_exp = 1;                       // the testbench's model of exp_seq

	// a complete frame with a good CRC: accepted (STATUS or in sequence) or refused (code 7)
	task expect_good(input [7:0] c, input [7:0] s, input integer l, input integer off);
		begin
			if (c == 8'h01 || s == tb_exp) begin
				expect_frame(c, s, l, off);
				tb_exp = (s == 8'hFF) ? 1 : s + 1;
			end else
				expect_err(7, s);
		end
	endtask

	task expect_frame(input [7:0] c, input [7:0] s, input integer l, input integer off);
		begin ev_type[ev_tail] = 0; ev_cmd[ev_tail] = c; ev_seq[ev_tail] = s; ev_len[ev_tail] = l; ev_off[ev_tail] = off; ev_tail = ev_tail + 1; end
	endtask
	task expect_err(input integer code, input [7:0] s);
		begin ev_type[ev_tail] = 1; ev_cmd[ev_tail] = code; ev_seq[ev_tail] = s; ev_tail = ev_tail + 1; end
	endtask

	// push a frame; mode: 0 good, 1 bad CRC, 2 stop after `cut` bytes (truncated), 3 overflow flag on byte `cut`
	task frame(input [7:0] c, input [7:0] s, input integer l, input integer mode, input integer cut);
		reg [15:0] crc;
		reg [7:0]  b [0:1100];
		integer n, i, off;
		begin
			off = pay_top;
			n = 0;
			b[n] = 8'hA5; n = n + 1;
			b[n] = c; n = n + 1; b[n] = s; n = n + 1; b[n] = l & 255; n = n + 1; b[n] = (l >> 8) & 255; n = n + 1;
			for (i = 0; i < l; i = i + 1) begin b[n] = $random; pay_store[pay_top] = b[n]; pay_top = pay_top + 1; n = n + 1; end
			crc = 16'hFFFF;
			for (i = 1; i < n; i = i + 1) crc = crc_upd(crc, b[i]);
			if (mode == 1) crc = crc ^ 16'h0100;
			b[n] = crc[7:0]; n = n + 1; b[n] = crc[15:8]; n = n + 1;
			if (mode == 2) n = cut;
			for (i = 0; i < n; i = i + 1) put(b[i], mode == 3 && i == cut);
			if (mode == 0 || (mode == 3 && cut == 0)) expect_good(c, s, l, off);
		end
	endtask

	// ---- consumer: checks every frame / error against the expectations, then releases it
	integer i_c, lat, hold = 0, drop_at_pick = 0, after_a = 0;
	reg [7:0] rel_seq;
	reg     bad;
	always begin
		@(posedge clk); #2;
		if (fvalid) begin
			drop_at_pick = n_drop;
			lat = ($random & 3) + hold; repeat (lat) @(posedge clk);
			#2;
			bad = 0;
			n_frames = n_frames + 1;
			if (strict) begin
				if (ev_head >= ev_tail || ev_type[ev_head] != 0) bad = 1;
				else if (cmd != ev_cmd[ev_head] || seq != ev_seq[ev_head] || len != ev_len[ev_head]) bad = 1;
				else begin
					for (i_c = 0; i_c < len; i_c = i_c + 1) begin
						praddr = i_c; @(posedge clk); #2;
						if (prdata !== pay_store[ev_off[ev_head] + i_c]) bad = 1;
					end
				end
				if (bad) begin
					fail("unexpected or wrong frame");
					$display("     got cmd %02x seq %02x len %0d; expected type %0d cmd %02x seq %02x len %0d",
						cmd, seq, len, ev_type[ev_head], ev_cmd[ev_head], ev_seq[ev_head], ev_len[ev_head]);
				end
				ev_head = ev_head + 1;
			end
			if (!fvalid || evalid) fail("frame not held / both valid");
			rel_seq = seq;
			fdone = 1; @(posedge clk); #2; fdone = 0;
			if (rel_seq == 8'h91) after_a = fvalid && seq == 8'h92;   // B presented at A's release
		end else if (evalid) begin
			drop_at_pick = n_drop;
			lat = $random & 3; repeat (lat) @(posedge clk);
			#2;
			n_errs = n_errs + 1;
			if (strict) begin
				if (ev_head >= ev_tail || ev_type[ev_head] != 1 || ecode != ev_cmd[ev_head] || eseq != ev_seq[ev_head]) begin
					fail("unexpected or wrong error");
					$display("     got code %0d seq %02x; expected type %0d code/cmd %0d seq %02x",
						ecode, eseq, ev_type[ev_head], ev_cmd[ev_head], ev_seq[ev_head]);
				end
				ev_head = ev_head + 1;
			end
			eack = 1; @(posedge clk); #2; eack = 0;
		end
	end
	always @(posedge clk) if (dropped) n_drop = n_drop + 1;

	// invariants, every cycle
	reg        p_fv = 0, p_ev = 0, p_rel = 0;
	reg [7:0]  p_cmd, p_seq, p_ecode, p_eseq;
	reg [10:0] p_len;
	always @(posedge clk) begin
		if (!rst) begin
			if (dropped && (fvalid || evalid)) fail("o_dropped while an event is presented");
			if (fvalid && evalid) fail("o_frame_valid and o_err_valid together");
			if (p_fv && fvalid && !p_rel && (cmd !== p_cmd || seq !== p_seq || len !== p_len))
				fail("held frame changed");
			if (p_ev && evalid && !p_rel && (ecode !== p_ecode || eseq !== p_eseq))
				fail("held error changed");
		end
		p_fv = fvalid; p_ev = evalid; p_rel = fdone || eack;
		p_cmd = cmd; p_seq = seq; p_len = len; p_ecode = ecode; p_eseq = eseq;
	end

	// wait until all bytes are consumed and all expected events arrived (or a cycle limit)
	task drain(input integer limit, input [8*40-1:0] name);
		integer t;
		begin
			t = 0;
			while ((q_head < q_tail || (strict && ev_head < ev_tail) || fvalid || evalid) && t < limit) begin
				@(posedge clk); t = t + 1;
			end
			repeat (8) @(posedge clk);
			if (t >= limit) begin fail("hang / missing events"); $display("     in case %0s: %0d/%0d bytes, %0d/%0d events", name, q_head, q_tail, ev_head, ev_tail); end
		end
	endtask

	integer f0, d0, i, l, k;
	task case_end(input [8*100-1:0] name, input integer fails_before);
		if (fails == fails_before) $display("PASS frame_rx %0s", name);
	endtask

	initial begin
		repeat (3) @(posedge clk); rst = 0; repeat (2) @(posedge clk);

		f0 = fails;
		frame(8'h01, 8'h10, 0, 0, 0); frame(8'h02, 8'h11, 1, 0, 0); frame(8'h03, 8'h12, 2, 0, 0);
		frame(8'h04, 8'h13, 392, 0, 0); frame(8'h09, 8'h14, 1024, 0, 0);
		drain(100000, "good");
		case_end("good frames LEN 0, 1, 2, 392, 1024 with random gaps", f0);

		f0 = fails; gap_mode = 0;
		frame(8'h01, 8'h3F, 0, 0, 0);                                     // STATUS: exp_seq = 0x40
		for (i = 0; i < 40; i = i + 1) frame(i, 8'h40 + i, ($random & 63), 0, 0);
		drain(100000, "b2b");
		gap_mode = 1;
		case_end("40 back-to-back frames, no gaps", f0);

		f0 = fails;
		frame(8'h01, 8'h20, 0, 0, 0);                                     // exp_seq = 0x21
		frame(8'h05, 8'h21, 10, 1, 0); expect_err(1, 8'h21); frame(8'h05, 8'h21, 10, 0, 0);
		frame(8'h06, 8'h22, 0, 1, 0);  expect_err(1, 8'h22); frame(8'h06, 8'h22, 0, 0, 0);
		drain(100000, "crc");
		case_end("bad CRC -> code 1 with SEQ, next frame fine", f0);

		f0 = fails;
		frame(8'h01, 8'h31, 0, 0, 0);                                     // exp_seq = 0x32
		drain(100000, "len-sync");
		d0 = n_drop;
		put(8'hA5, 0); put(8'h04, 0); put(8'h32, 0); put(8'h01, 0); put(8'h04, 0); expect_err(2, 8'h32); // LEN 1025
		frame(8'h04, 8'h32, 5, 0, 0);
		put(8'hA5, 0); put(8'h04, 0); put(8'h33, 0); put(8'hFF, 0); put(8'hFF, 0); expect_err(2, 8'h33); // LEN 65535
		for (i = 0; i < 5; i = i + 1) put(8'h00 + i, 0);
		frame(8'h04, 8'h33, 3, 0, 0);
		put(8'hA5, 0); put(8'h04, 0); put(8'h34, 0); put(8'h00, 0); put(8'h04, 0);                       // LEN 1024 is fine
		for (i = 0; i < 1024; i = i + 1) begin put(i & 255, 0); pay_store[pay_top + i] = i & 255; end
		k = 16'hFFFF; k = crc_upd(k, 8'h04); k = crc_upd(k, 8'h34); k = crc_upd(k, 8'h00); k = crc_upd(k, 8'h04);
		for (i = 0; i < 1024; i = i + 1) k = crc_upd(k, i & 255);
		put(k & 255, 0); put((k >> 8) & 255, 0); expect_good(8'h04, 8'h34, 1024, pay_top); pay_top = pay_top + 1024;
		drain(100000, "len");
		if (n_drop - d0 != 5) fail("bytes after a bad LEN not counted as dropped");
		case_end("LEN > 1024 -> code 2 at the header, resync from the next byte", f0);

		f0 = fails;
		frame(8'h01, 8'h50, 0, 0, 0);                                     // exp_seq = 0x51
		drain(100000, "garbage-sync");
		d0 = n_drop;
		for (i = 0; i < 300; i = i + 1) begin k = $random & 255; if (k == 8'hA5) k = 8'h5A; put(k, 0); end
		frame(8'h07, 8'h51, 4, 0, 0);
		drain(100000, "garbage");
		if (n_drop - d0 != 300) begin fail("dropped count"); $display("     dropped %0d, want 300", n_drop - d0); end
		case_end("300 garbage bytes dropped (o_dropped each), then a good frame", f0);

		f0 = fails;
		frame(8'h01, 8'h60, 0, 0, 0);                                     // exp_seq = 0x61
		frame(8'h04, 8'h61, 10, 2, 8); expect_err(4, 8'h61);             // cut inside the payload
		drain(100000, "tmo1");
		put(8'hA5, 0); expect_err(4, 8'h00);                              // cut after SOF: SEQ unknown
		drain(100000, "tmo2");
		frame(8'h04, 8'h61, 10, 2, 16); expect_err(4, 8'h61);            // cut between the CRC bytes
		drain(100000, "tmo3");
		gap_mode = 2; gap_fixed = TMO - 1;
		frame(8'h04, 8'h61, 6, 0, 0);                                     // slow but never late
		drain(100000, "slow");
		gap_mode = 1;
		frame(8'h04, 8'h62, 6, 0, 0);
		drain(100000, "after");
		case_end("truncated frames -> code 4 (SEQ or 0); gaps of TIMEOUT-1 cycles are fine", f0);

		f0 = fails;
		frame(8'h01, 8'h71, 0, 0, 0);                                     // exp_seq = 0x72
		drain(100000, "ovf-sync");
		d0 = n_drop;
		frame(8'h04, 8'h71, 20, 3, 9); expect_err(6, 8'h71);             // bytes lost inside a frame
		for (i = 0; i < 12; i = i + 1) put(8'h11, 0);                     // rest of the frame (18 bytes) and these: dropped
		put(8'h33, 1); expect_err(6, 8'h00);                              // lost while hunting: non-SOF
		expect_err(6, 8'h00); frame(8'h04, 8'h72, 7, 3, 0);               // lost while hunting: flag on SOF
		drain(100000, "ovf");
		if (n_drop - d0 != 31) begin fail("dropped count after overflow"); $display("     dropped %0d, want 31 (18 + 12 + 1)", n_drop - d0); end
		case_end("overflow sideband -> code 6; a flagged SOF still starts a frame", f0);

		// the sequence rule
		f0 = fails;
		frame(8'h01, 8'h80, 0, 0, 0);                                     // STATUS: exp_seq = 0x81
		frame(8'h04, 8'h81, 3, 0, 0);                                     // in sequence
		frame(8'h04, 8'h83, 3, 0, 0);                                     // ahead: code 7 (expect_good)
		frame(8'h04, 8'h81, 3, 0, 0);                                     // repeated: code 7
		frame(8'h09, 8'h82, 2, 0, 0);                                     // in sequence (any command)
		frame(8'h04, 8'h83, 8, 1, 0); expect_err(1, 8'h83);              // bad CRC: exp_seq stays 0x83
		frame(8'h04, 8'h84, 3, 0, 0);                                     // so this is out of sequence
		frame(8'h04, 8'h83, 3, 0, 0);                                     // the resend is accepted
		put(8'hA5, 0); put(8'h04, 0); put(8'h84, 0); put(8'h01, 0); put(8'h04, 0); expect_err(2, 8'h84); // LEN 1025
		frame(8'h04, 8'h84, 3, 0, 0);                                     // exp_seq was not moved
		frame(8'h04, 8'h85, 10, 2, 9); expect_err(4, 8'h85);             // truncated: exp_seq stays
		drain(100000, "seq1");
		frame(8'h04, 8'h85, 3, 0, 0);
		frame(8'h01, 8'h85, 0, 1, 0); expect_err(1, 8'h85);              // a damaged STATUS does not resync
		frame(8'h04, 8'h86, 3, 0, 0);
		frame(8'h01, 8'hFE, 0, 0, 0);                                     // STATUS anywhere: exp_seq = 0xFF
		frame(8'h04, 8'h87, 3, 0, 0);                                     // the old sequence: code 7
		frame(8'h04, 8'hFF, 3, 0, 0);
		frame(8'h04, 8'h00, 3, 0, 0);                                     // 0 is never used: code 7
		frame(8'h04, 8'h01, 3, 0, 0);                                     // 255 -> 1
		frame(8'h01, 8'h00, 0, 0, 0);                                     // STATUS with SEQ 0: exp_seq = 1
		frame(8'h04, 8'h01, 3, 0, 0);
		frame(8'h01, 8'hFF, 0, 0, 0);                                     // STATUS with SEQ 255: exp_seq = 1
		frame(8'h05, 8'h01, 3, 0, 0);
		drain(100000, "seq2");
		if (tb_exp != 2) fail("tb_exp model");
		case_end("sequence: exp_seq, code 7 refused, STATUS resync, errors 1/2/4 leave it, 255 -> 1", f0);

		// double buffering: B arrives while A is held (parser keeps receiving), C waits
		f0 = fails; gap_mode = 0; hold = 3000;
		frame(8'h01, 8'h90, 0, 0, 0);                                     // exp_seq = 0x91
		drain(100000, "db-sync");
		frame(8'h04, 8'h91, 392, 0, 0);                                   // A
		k = q_tail;
		frame(8'h05, 8'h92, 393, 0, 0);                                   // B
		l = q_tail;
		frame(8'h09, 8'h93, 7, 0, 0);                                     // C
		while (!fvalid) @(posedge clk);                                   // A presented
		repeat (2000) @(posedge clk);
		if (!fvalid || seq != 8'h91) fail("A not held");
		if (q_head != l) begin fail("B not received while A held / C not stalled"); $display("     consumed %0d, B ends at %0d", q_head, l); end
		if (ready) fail("o_ready high with B pending");
		drain(100000, "db");
		if (!after_a) fail("B not presented in the cycle after A's release");
		hold = 0; gap_mode = 1;
		case_end("double buffer: B received while A held, presented at A's release, C stalled", f0);

		// errors and timeouts behind a held frame come after it
		f0 = fails; hold = 400;
		frame(8'h04, 8'h94, 50, 0, 0);                                    // held
		frame(8'h04, 8'h95, 20, 1, 0); expect_err(1, 8'h95);             // bad CRC behind it
		frame(8'h04, 8'h95, 20, 0, 0);                                    // resend: fine
		drain(100000, "db-crc");
		hold = 3 * TMO;
		frame(8'h04, 8'h96, 10, 0, 0);                                    // held
		frame(8'h04, 8'h97, 10, 2, 9); expect_err(4, 8'h97);             // truncated: times out while held
		drain(100000, "db-tmo");
		hold = 0;
		case_end("bad CRC / timeout behind a held frame reported after it, in order", f0);

		// dropped bytes behind a held frame: no strobe while it is held, all before the next event
		f0 = fails; hold = 600; gap_mode = 0;
		frame(8'h04, 8'h97, 30, 0, 0);                                    // held
		drain(100000, "db-drop-a");
		d0 = n_drop;
		frame(8'h04, 8'h98, 30, 0, 0);                                    // held (600 cycles)
		for (i = 0; i < 40; i = i + 1) put(8'h3C, 0);                    // dropped while it is held
		frame(8'h04, 8'h99, 30, 0, 0);
		drain(100000, "db-drop");
		if (n_drop - d0 != 40) begin fail("dropped count behind a held frame"); $display("     dropped %0d, want 40", n_drop - d0); end
		if (drop_at_pick - d0 != 40) begin fail("dropped bytes not all strobed before the next frame"); $display("     %0d strobes before it, want 40", drop_at_pick - d0); end
		hold = 0; gap_mode = 1;
		case_end("40 bytes dropped behind a held frame: strobed after its release, before the next frame", f0);

		// fuzz: random bytes, A5 frequent, short LEN likely; accept any events
		f0 = fails; strict = 0;
		for (i = 0; i < 20000; i = i + 1) begin
			k = $random & 255;
			if ((i % 23) == 0) k = 8'hA5;
			if ((i % 23) == 4) k = 8'h00;                                 // LEN hi 0 often
			put(k, ((i % 997) == 0));
		end
		drain(1000000, "fuzz");
		repeat (TMO + 10) @(posedge clk);
		repeat (10) @(posedge clk);
		strict = 1; ev_head = ev_tail;
		frame(8'h01, 8'hED, 0, 0, 0);                                     // resync after the fuzz
		frame(8'h0A, 8'hEE, 33, 0, 0);
		drain(100000, "fuzz-after");
		if (!ready) fail("not ready after fuzz");
		$display("     fuzz: %0d frames, %0d errors, %0d dropped in total", n_frames, n_errs, n_drop);
		case_end("20000 random bytes: never hangs, a good frame parses afterwards", f0);

		if (fails == 0) $display("PASS frame_rx all cases");
		$finish;
	end
endmodule
`default_nettype wire
