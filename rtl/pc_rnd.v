// SPDX-License-Identifier: ISC
//
// pc_rnd — the shift of core.c's rounding shift rnd(v, s) = sign(v) * ((|v| + 2^(s-1)) >> s),
// s = PRE + i_lr (PRE >= 1, i_lr 0..15), in sign and magnitude: the caller's DSP makes
// i_v = |v| + 2^(s-1) (and keeps the sign), so o_v = i_v >> s = |rnd(v, s)|. o_rb is the bit
// just below (i_v[s - 1]): for an i_v = B >= 0 entered without the constant,
// rnd(B, s) = o_v + o_rb (the gate-1 bound).
//
// Timing contract: combinational (a 4-level logical shifter, no adder).
`default_nettype none

module pc_rnd #(
	parameter integer WI  = 21,                   // input width (unsigned)
	parameter integer PRE = 2,                    // fixed part of the shift, >= 1
	parameter integer WO  = 19                    // output width, <= WI - PRE (callers' values fit)
) (
	input  wire [WI-1:0] i_v,
	input  wire [3:0]    i_lr,
	output wire [WO-1:0] o_v,
	output wire          o_rb
);
	// one bit more than the result (bit 0 the round bit)
	wire [WI-PRE:0] sh_w = i_v[WI-1:PRE-1] >> i_lr;
	assign o_rb = sh_w[0];
	assign o_v  = sh_w[WO:1];
endmodule

`default_nettype wire
