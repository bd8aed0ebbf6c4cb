// SPDX-License-Identifier: ISC
//
// pc_cdec — the cache decay o_d = c - (c >>> k) (k = 0 or i_pass: o_d = c) of c = c_q, i_c
// registered at every clock edge (the DSP's A / C input registers; i_pass is the top half's load
// multiplexer, OLOADTOP, which passes C); in one UP5K SB_MAC16 under SYNTHESIS (Yosys
// defines it; no LUTs but the decode of 2^(16-k)), a behavioural model of the same function
// otherwise (Verilator, Icarus). Beside it, the DSP's otherwise unused bottom half is a two-stage
// delay: o_w = i_w of two edges before (the D input register, then the bottom output register
// loaded through the load multiplexer, OLOADBOT): pc_core's slot w from S2 to S4.
//
// c >>> k = floor(c * 2^(16-k) / 2^16): the DSP multiplies c (signed) by B = 2^(16-k) (unsigned;
// B = 0 for k = 0) and its top adder subtracts the product's high half from C = c, so
// o_d = c - P[31:16] (16 bits are exact: c - (c >>> k) lies between 0 and c). The product's low half is unused;
// O[15:0] carry the delayed w (O[0] unused: Yosys' ice40_dsp pass leaves a cell whose
// O[0] has no user alone, so i_w has 15 bits).
// Timing: c registered (slot stream: sw2's aux in, S3's aux inside the DSP, so pc_core keeps no
// S3 copy of it), k / i_pass -> o_d combinational (S3 -> sw4's aux).
`default_nettype none
// SB_* cells only in an iCE40 synthesis: Yosys defines SYNTHESIS; with PC_GENERIC (another
// vendor's synthesis: constraints/ecp5.mk) the behavioural model below is synthesized instead.
`undef PC_ICE40
`ifdef SYNTHESIS
`ifndef PC_GENERIC
`define PC_ICE40
`endif
`endif

module pc_cdec (
	input  wire        i_clk,
	input  wire [15:0] i_c,
	input  wire [3:0]  i_k,
	input  wire        i_pass,                    // o_d = c
	output wire [15:0] o_d,
	input  wire [15:1] i_w,
	output wire [15:1] o_w
);
`ifdef PC_ICE40
	wire [15:0] b_w;                              // 2^(16-k): bit i set for k = 16 - i (one LUT each)
	genvar i;
	generate
		for (i = 0; i < 16; i = i + 1) begin : g_b
			localparam [4:0] KI = 5'd16 - i;
			assign b_w[i] = (i_k == KI[3:0]) && (i != 0);
		end
	endgenerate
	wire [31:0] mo_w;
	SB_MAC16 #(
		.TOPOUTPUT_SELECT(2'b00), .TOPADDSUB_LOWERINPUT(2'b10), .TOPADDSUB_UPPERINPUT(1'b1),
		.TOPADDSUB_CARRYSELECT(2'b00),
		.BOTOUTPUT_SELECT(2'b01), .BOTADDSUB_LOWERINPUT(2'b10), .BOTADDSUB_UPPERINPUT(1'b1),
		.BOTADDSUB_CARRYSELECT(2'b00), .MODE_8x8(1'b0), .A_SIGNED(1'b1), .B_SIGNED(1'b0),
		.A_REG(1'b1), .C_REG(1'b1), .D_REG(1'b1)
	) u_mac (                                     // O[31:16] = C_q - (A_q * B)[31:16], O[15:0] = D_q one edge later
		.CLK(i_clk), .CE(1'b1),
		.A(i_c), .B(b_w), .C(i_c), .D({i_w, 1'b0}),
		.AHOLD(1'b0), .BHOLD(1'b1), .CHOLD(1'b0), .DHOLD(1'b0),
		.IRSTTOP(1'b0), .IRSTBOT(1'b0), .ORSTTOP(1'b0), .ORSTBOT(1'b0),
		.OLOADTOP(i_pass), .OLOADBOT(1'b1), .ADDSUBTOP(1'b1), .ADDSUBBOT(1'b1),
		.OHOLDTOP(1'b1), .OHOLDBOT(1'b0), .CI(1'b0), .ACCUMCI(1'b0), .SIGNEXTIN(1'b0),
		.O(mo_w), .CO(), .ACCUMCO(), .SIGNEXTOUT()
	);
	assign o_d = mo_w[31:16];
	assign o_w = mo_w[15:1];
`else
	reg  signed [15:0] c_q;
	always @(posedge i_clk)
		c_q <= i_c;
	wire signed [15:0] sh_w = c_q >>> i_k;
	assign o_d = (i_k == 4'd0 || i_pass) ? c_q : c_q - sh_w;
	reg  [15:1] w1_q, w2_q;
	always @(posedge i_clk) begin
		w1_q <= i_w;
		w2_q <= w1_q;
	end
	assign o_w = w2_q;
`endif
endmodule

`default_nettype wire
