// SPDX-License-Identifier: ISC
//
// pc_rnd — core.c's rounding shift rnd(v, s) = sign(v) * ((|v| + 2^(s-1)) >> s) for
// s = PRE + i_lr (PRE >= 1, i_lr 0..15), written without the two negations:
// rnd(v, s) = (v + 2^(s-1) - [v < 0]) >>> s (the same integer for every v and s >= 1).
//
// Timing contract: combinational (one adder + a 4-level arithmetic shifter).
`default_nettype none

module pc_rnd #(
	parameter integer WI  = 21,                   // input width (signed)
	parameter integer PRE = 2,                    // fixed part of the shift, >= 1
	parameter integer WO  = 21                    // output width (signed, truncated)
) (
	input  wire [WI-1:0] i_v,
	input  wire [3:0]    i_lr,
	output wire [WO-1:0] o_v
);
	// 2^(s-1) - neg: bit (s-1) set for v >= 0, ones in bits [s-2:0] for v < 0. Per bit i (with
	// s - 1 = i_lr + PRE - 1): neg ? i_lr > i-PRE+1 : i_lr == i-PRE+1, a function of 5 inputs
	// (no shifter, no decrement chain)
	wire          neg_w = i_v[WI-1];
	wire [WI:0]   rc_w;
	genvar i;
	generate
		for (i = 0; i <= WI; i = i + 1) begin : g_rc
			localparam integer D = i - PRE + 1;
			if (D < 0) begin : g_lo
				assign rc_w[i] = neg_w;
			end else if (D > 15) begin : g_hi
				assign rc_w[i] = 1'b0;
			end else if (D == 15) begin : g_top
				assign rc_w[i] = !neg_w && (i_lr == 4'd15);
			end else begin : g_mid
				localparam [3:0] D4 = D[3:0];
				assign rc_w[i] = neg_w ? (i_lr > D4) : (i_lr == D4);
			end
		end
	endgenerate
	wire [WI:0]   t_w   = {i_v[WI-1], i_v} + rc_w;
	wire [WI-PRE:0] tp_w = t_w[WI:PRE];
	wire signed [WI-PRE:0] sh_w = $signed(tp_w) >>> i_lr;
	generate
		if (WO <= WI - PRE + 1) begin : g_trunc
			assign o_v = sh_w[WO-1:0];
		end else begin : g_ext
			assign o_v = {{(WO - (WI - PRE + 1)){sh_w[WI-PRE]}}, sh_w};
		end
	endgenerate
endmodule

`default_nettype wire
