// SPDX-License-Identifier: ISC
//
// tb_dsp — the DSP wrappers (rtl/dsp_down32.v, rtl/pc_add48.v, rtl/pc_cdec.v, rtl/pc_apd.v,
// rtl/pc_mad.v, rtl/pc_smul.v):
// their synth_ice40 -dsp netlists (nl_*, simulated over Yosys' cells_sim.v SB_MAC16 model)
// against their behavioural models: every cycle, with random loads / decrements and random sums
// near the carry boundaries; the cache decay for every c and k (and passed undecayed), and its
// two-stage w delay; the act-prune compare with
// random products and thresholds at, just below and just above them (both with their registered
// operand loaded the edge before); the multiply-add with its A
// register held / loaded at random, extreme operands and addends, add and subtract; the stochastic
// product's high half and its two-stage delay (tests/test_dsp.sh builds it).
`timescale 1ns/1ps
`default_nettype none

module tb_dsp;
	reg         clk = 1'b0;
	reg         load = 1'b1, dec = 1'b0;
	reg  [31:0] val = 32'd5;
	wire [31:0] c_ref, c_nl;
	wire        hz_ref, hz_nl;
	dsp_down32 u_ref (.i_clk(clk), .i_load(load), .i_val(val), .i_dec(dec), .o_cnt(c_ref), .o_hz(hz_ref));
	nl_down32  u_nl  (.i_clk(clk), .i_load(load), .i_val(val), .i_dec(dec), .o_cnt(c_nl), .o_hz(hz_nl));
	integer     nhz = 0;
	reg  [47:0] a = 48'd0;
	reg  [21:0] b = 22'd0;
	reg         ld = 1'b0;
	wire [48:0] s_ref, s_nl;
	pc_add48 #(.BW(22)) u_aref (.i_a(a), .i_b(b), .i_ld(ld), .o_sum(s_ref));
	nl_add48            u_anl  (.i_a(a), .i_b(b), .i_ld(ld), .o_sum(s_nl));

	reg  [15:0] cc = 16'd0;
	reg  [3:0]  ck = 4'd0;
	wire [15:0] cd_ref, cd_nl;
	reg  [15:1] cw = 15'd0, cwp;
	wire [15:1] cwo_ref, cwo_nl;
	reg         cps = 1'b0;
	pc_cdec u_cref (.i_clk(clk), .i_c(cc), .i_k(ck), .i_pass(cps), .o_d(cd_ref), .i_w(cw), .o_w(cwo_ref));
	nl_cdec u_cnl  (.i_clk(clk), .i_c(cc), .i_k(ck), .i_pass(cps), .o_d(cd_nl), .i_w(cw), .o_w(cwo_nl));
	reg  [15:0] pa = 16'd0, pb = 16'd0;
	reg  [30:0] pcand = 31'd0;
	reg  [31:0] pp;
	wire        lt_ref, eq_ref, lt_nl, eq_nl;
	pc_apd u_pref (.i_clk(clk), .i_a(pa), .i_b(pb), .i_cand(pcand), .o_lt(lt_ref), .o_eq(eq_ref));
	nl_apd u_pnl  (.i_clk(clk), .i_a(pa), .i_b(pb), .i_cand(pcand), .o_lt(lt_nl), .o_eq(eq_nl));

	reg         mace = 1'b0, msub = 1'b0;
	reg  [15:0] ma = 16'd0, mb = 16'd0, maq = 16'd0;
	reg  [31:0] mc = 32'd0, mp;
	wire [31:1] mv_ref, mv_nl;
	pc_mad u_mref (.i_clk(clk), .i_ace(mace), .i_a(ma), .i_b(mb), .i_c(mc), .i_sub(msub), .o_v(mv_ref));
	nl_mad u_mnl  (.i_clk(clk), .i_ace(mace), .i_a(ma), .i_b(mb), .i_c(mc), .i_sub(msub), .o_v(mv_nl));
	always @(posedge clk)
		if (mace)
			maq <= ma;

	reg  [15:0] sa = 16'd0, sb = 16'd0;
	reg  [15:2] sd = 14'd0, sdp;
	reg  [31:0] sp;
	wire [15:0] shi_ref, shi_nl;
	wire [15:2] sdo_ref, sdo_nl;
	pc_smul u_sref (.i_clk(clk), .i_a(sa), .i_b(sb), .o_hi(shi_ref), .i_d(sd), .o_d(sdo_ref));
	nl_smul u_snl  (.i_clk(clk), .i_a(sa), .i_b(sb), .o_hi(shi_nl), .i_d(sd), .o_d(sdo_nl));

	integer i, bad = 0;
	always #5 clk = !clk;
	initial begin
		@(negedge clk);
		for (i = 0; i < 200000; i = i + 1) begin
			load = ($random % 50) == 0;
			dec  = ($random % 4) != 0;
			case ($random % 4)
			0:       val = $random;
			1:       val = $random % 8;
			2:       val = 32'hFFFFFFFF - ($random % 4);
			default: val = {$random} % 70000;
			endcase
			a = {$random, $random};
			b = $random;
			ld = ($random % 8) == 0;                  // o_sum = b (pc_counters' clear)
			if (i % 3 == 0) a[47:22] = {26{1'b1}};     // saturation / carry out
			if (i % 5 == 0) a[30:22] = 9'h1FF;         // carry into bit 31
			#1;
			if (s_ref !== s_nl) begin
				bad = bad + 1;
				if (bad < 5) $display("FAIL dsp-add48 %h + %h (ld %b): model %h netlist %h", a, b, ld, s_ref, s_nl);
			end
			@(negedge clk);
			if (c_ref !== c_nl || hz_ref !== hz_nl || hz_nl !== (c_ref[31:1] == 31'd0)) begin
				bad = bad + 1;
				if (bad < 5) $display("FAIL dsp-down32 model %h (hz %b) netlist %h (hz %b)", c_ref, hz_ref, c_nl, hz_nl);
			end
			if (hz_nl) nhz = nhz + 1;
		end
		if (nhz < 100) begin
			bad = bad + 1;
			$display("FAIL dsp-down32: o_hz high in only %0d cycles", nhz);
		end
		for (i = 0; i < 16 * 65536; i = i + 1) begin // cache decay: every c, every k (c registered)
			{ck, cc} = i[19:0];
			cwp = cw;                                 // the w delay: i_w of two edges before
			cw = $random;
			cps = (i % 5) == 3;                       // (pass: o_d = c)
			@(negedge clk);
			if (cps && cd_ref !== cc) begin
				bad = bad + 1;
				if (bad < 5) $display("FAIL dsp-cdec pass c %h: model %h", cc, cd_ref);
			end
			if (i > 0 && (cwo_ref !== cwp || cwo_nl !== cwp)) begin
				bad = bad + 1;
				if (bad < 5) $display("FAIL dsp-cdec w delay: %h, model %h netlist %h", cwp, cwo_ref, cwo_nl);
			end
			if (cd_ref !== cd_nl) begin
				bad = bad + 1;
				if (bad < 5) $display("FAIL dsp-cdec c %h k %0d: model %h netlist %h", cc, ck, cd_ref, cd_nl);
			end
		end
		for (i = 0; i < 300000; i = i + 1) begin     // act-prune compare (a <= 2^15)
			pa = (i % 7 == 0) ? 16'h8000 : (i % 11 == 0) ? 16'd0 : {1'b0, $random} % 16'h8001;
			pb = (i % 13 == 0) ? 16'hFFFF : $random;
			pp = pa * pb;
			case (i % 5)
			0:       pcand = pp[30:0];
			1:       pcand = pp[30:0] + 31'd1;
			2:       pcand = pp[30:0] - 31'd1;
			3:       pcand = {$random} % 4;
			default: pcand = $random;
			endcase
			@(negedge clk);                           // (b registered)
			if ({lt_ref, eq_ref} !== {lt_nl, eq_nl} || lt_ref !== (pp < {1'b0, pcand}) ||
			    eq_ref !== (pp == {1'b0, pcand})) begin
				bad = bad + 1;
				if (bad < 5) $display("FAIL dsp-apd %h * %h vs %h: model %b%b netlist %b%b", pa, pb, pcand,
				                      lt_ref, eq_ref, lt_nl, eq_nl);
			end
		end
		mace = 1'b1;                              // multiply-add (A register: load / hold)
		repeat (2) @(negedge clk);
		for (i = 0; i < 200000; i = i + 1) begin
			mace = ($random % 3) == 0;
			msub = $random;
			case (i % 4)
			0:       ma = $random;
			1:       ma = (i % 8 == 1) ? 16'h8000 : 16'h7FFF;
			default: ma = $random % 64;
			endcase
			case (i % 5)
			0:       mb = 16'h8000;
			1:       mb = {11'd0, $random} << 1;
			default: mb = $random;
			endcase
			mc = (i % 3 == 0) ? {7'd0, $random} % (32'd1 << 25) : $random;
			#1;
			mp = $signed(maq) * $signed(mb);
			mp = msub ? mc - mp : mc + mp;
			if (mv_ref !== mv_nl || mv_ref !== mp[31:1]) begin
				bad = bad + 1;
				if (bad < 5) $display("FAIL dsp-mad %h * %h, %h (sub %b): model %h netlist %h", maq, mb,
				                      mc, msub, mv_ref, mv_nl);
			end
			@(negedge clk);
		end
		for (i = 0; i < 200000; i = i + 1) begin     // stochastic product (high half), delay
			sa = (i % 7 == 0) ? 16'hFFFF : $random;
			sb = (i % 11 == 0) ? 16'hFFFF : (i % 5 == 0) ? {$random} % 4 : $random;
			sdp = sd;
			sd = $random;
			#1;
			sp = sa * sb;
			if (shi_ref !== shi_nl || shi_ref !== sp[31:16]) begin
				bad = bad + 1;
				if (bad < 5) $display("FAIL dsp-smul %h * %h: model %h netlist %h", sa, sb, shi_ref, shi_nl);
			end
			@(negedge clk);
			if (i > 0 && (sdo_ref !== sdp || sdo_nl !== sdp)) begin
				bad = bad + 1;
				if (bad < 5) $display("FAIL dsp-smul delay %h: model %h netlist %h", sdp, sdo_ref, sdo_nl);
			end
		end
		if (bad == 0)
			$display("PASS dsp (200000 cycles: dsp_down32 with o_hz (%0d cycles at 0 / 1), pc_add48; pc_cdec every c / k; pc_apd 300000 compares; pc_mad 200000 cycles; pc_smul 200000 products / delays: netlists over cells_sim.v = models)", nhz);
		$finish;
	end
endmodule

`default_nettype wire
