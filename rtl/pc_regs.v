// SPDX-License-Identifier: ISC
//
// pc_regs — the register file of docs/protocol.md (0x01..0x15; LFSR_STATE lives in pc_lfsr),
// WRITE_REG validation (host/core.c pc_reg_write, as bit tests) and the READ_REG mux.
//
// Timing contract: o_chk_ok is combinational (i_chk_*); o_rd_data is register i_rd_addr one
// cycle after i_rd_addr (READ_REG reads a shadow copy of the host-written values in EBR, written
// with the reset values during the 32 cycles after i_rst; LFSR_STATE, SINCE_PRUNE and LIVE,
// which the engines change, come from their registers). i_we writes i_wdata to register
// i_waddr on the rising edge (callers validated it, so the value fits the register). The engine
// updates of LIVE (inc / dec saturating, subtract clamped at 0) and SINCE_PRUNE (clear / inc
// saturating) take effect on the edge too; o_prune_due = (SINCE + 1, saturated) >= PRUNE_EVERY.
`default_nettype none

module pc_regs #(
	parameter integer H_MAX = 64,
	parameter integer HW    = 7                   // $clog2(H_MAX + 1)
) (
	input  wire          i_clk,
	input  wire          i_rst,
	// host writes
	input  wire          i_we,
	input  wire [4:0]    i_waddr,
	input  wire [31:0]   i_wdata,
	// validation of one WRITE_REG entry
	input  wire [15:0]   i_chk_addr,
	input  wire [31:0]   i_chk_val,
	output reg           o_chk_ok,
	// READ_REG (address < 0x16)
	input  wire [4:0]    i_rd_addr,
	input  wire [31:0]   i_lfsr,
	output reg  [31:0]   o_rd_data,
	// engine updates
	input  wire          i_live_inc,
	input  wire          i_live_dec,
	input  wire          i_live_sub,
	input  wire [23:0]   i_live_sub_val,
	input  wire          i_since_clr,
	input  wire          i_since_inc,
	output wire          o_prune_due,
	// the registers
	output reg  [6:0]    o_ctrl,
	output reg  [HW-1:0] o_hid,
	output reg  [9:0]    o_slots,
	output reg  [3:0]    o_lr1,
	output reg  [3:0]    o_lr2,
	output reg  [15:0]   o_theta1,
	output reg  [15:0]   o_theta2,
	output reg  [8:0]    o_k,
	output reg  [15:0]   o_thetac,
	output reg  [3:0]    o_cdecay,
	output reg  [15:0]   o_prune_theta,
	output reg  [5:0]    o_protect,
	output reg  [14:0]   o_grow_w,
	output reg  [7:0]    o_grow_tries,
	output reg  [14:0]   o_target,
	output reg  [23:0]   o_live,
	output reg  [31:0]   o_rxto,
	output reg  [9:0]    o_grow_max
);
	reg [23:0] prune_every_q, since_q;            // read only here (READ_REG, o_prune_due)
	localparam integer HRES = (H_MAX < 128) ? H_MAX : 128;
	localparam [31:0]  HRES32 = HRES;
	localparam [31:0]  HMAX32 = H_MAX;
	localparam [9:0]   HMAX10 = HMAX32[9:0];

	// validation
	wire [15:0] a_w = i_chk_addr;
	wire [31:0] v_w = i_chk_val;
	wire z4_w  = (v_w[31:4] == 28'd0);
	wire z8_w  = (v_w[31:8] == 24'd0);
	wire z10_w = (v_w[31:10] == 22'd0);
	wire z15_w = (v_w[31:15] == 17'd0);
	wire z16_w = (v_w[31:16] == 16'd0);
	wire z24_w = (v_w[31:24] == 8'd0);
	wire nz_w  = (v_w != 32'd0);
	always @(*) begin
		if (a_w[15:6] == 10'd1 && a_w[5:0] < 6'd42)       // counters 0x40..0x69
			o_chk_ok = a_w[0] ? z16_w : 1'b1;
		else if (a_w[15:5] != 11'd0)
			o_chk_ok = 1'b0;
		else begin
			case (a_w[4:0])
			5'h01: o_chk_ok = (v_w[31:7] == 25'd0) && (v_w[5:4] != 2'd3);
			5'h02: o_chk_ok = nz_w && z10_w && (v_w[9:0] <= HMAX10) && (v_w[9:0] <= 10'd256);
			5'h03, 5'h15: o_chk_ok = (nz_w || a_w[4]) && z10_w && (v_w[9:0] <= 10'd784);
			5'h04, 5'h05, 5'h0A: o_chk_ok = z4_w;
			5'h06, 5'h07, 5'h09: o_chk_ok = z16_w;
			5'h08: o_chk_ok = nz_w && z10_w && (v_w[9:0] <= 10'd256);
			5'h0B, 5'h11, 5'h13: o_chk_ok = z24_w;
			5'h0C: o_chk_ok = z16_w && (!v_w[15] || (v_w[14:0] == 15'd0));
			5'h0D: o_chk_ok = (v_w[31:6] == 26'd0);
			5'h0E, 5'h12: o_chk_ok = z15_w;
			5'h0F: o_chk_ok = nz_w && z8_w;
			5'h10: o_chk_ok = nz_w;
			5'h14: o_chk_ok = 1'b1;
			default: o_chk_ok = 1'b0;
			endcase
		end
	end

	// READ_REG: shadow EBR of the written values (reset values written by ini_q after i_rst)
	reg  [5:0]  ini_q;
	reg  [31:0] rst_val_w;
	always @(*) begin
		case (ini_q[4:0])
		5'h00:        rst_val_w = 32'h3143_4C50;        // MAGIC (read only)
		5'h02, 5'h08: rst_val_w = HRES32;
		5'h03, 5'h15: rst_val_w = 32'd784;
		5'h04:        rst_val_w = 32'd6;
		5'h05:        rst_val_w = 32'd7;
		5'h0F:        rst_val_w = 32'd8;
		5'h12:        rst_val_w = 32'd4096;
		5'h14:        rst_val_w = 32'd1000000;
		default:      rst_val_w = 32'd0;
		endcase
	end
	always @(posedge i_clk) begin
		if (i_rst)
			ini_q <= 6'd0;
		else if (!ini_q[5])
			ini_q <= ini_q + 6'd1;
	end
	wire [31:0] sh_rd_w;
	reg  [4:0]  rda_q;
	pc_ram #(.W(32), .D(32), .AW(5)) u_shadow (
		.i_clk(i_clk), .i_we(!ini_q[5] || i_we), .i_waddr(ini_q[5] ? i_waddr : ini_q[4:0]),
		.i_wdata(ini_q[5] ? i_wdata : rst_val_w), .i_raddr(i_rd_addr), .o_rdata(sh_rd_w));
	always @(posedge i_clk) rda_q <= i_rd_addr;
	always @(*) begin
		case (rda_q)
		5'h10:   o_rd_data = i_lfsr;
		5'h11:   o_rd_data = {8'd0, since_q};
		5'h13:   o_rd_data = {8'd0, o_live};
		default: o_rd_data = sh_rd_w;
		endcase
	end

	// LIVE - x: x = 1 (dec), -1 (inc), i_live_sub_val (sub); a borrow clamps at 0, a carry out
	// of inc saturates
	wire [24:0] live_x_w = i_live_dec ? 25'd1 : i_live_inc ? 25'h1FF_FFFF : {1'b0, i_live_sub_val};
	wire [24:0] live_d_w = {1'b0, o_live} - live_x_w;
	wire [23:0] since1_w = (since_q == 24'hFF_FFFF) ? since_q : since_q + 24'd1;
	assign o_prune_due = (prune_every_q != 24'd0) && (since1_w >= prune_every_q);

	always @(posedge i_clk) begin
		if (i_we) begin
			case (i_waddr)
			5'h01: o_ctrl        <= i_wdata[6:0];
			5'h02: o_hid         <= i_wdata[HW-1:0];
			5'h03: o_slots       <= i_wdata[9:0];
			5'h04: o_lr1         <= i_wdata[3:0];
			5'h05: o_lr2         <= i_wdata[3:0];
			5'h06: o_theta1      <= i_wdata[15:0];
			5'h07: o_theta2      <= i_wdata[15:0];
			5'h08: o_k           <= i_wdata[8:0];
			5'h09: o_thetac      <= i_wdata[15:0];
			5'h0A: o_cdecay      <= i_wdata[3:0];
			5'h0B: prune_every_q <= i_wdata[23:0];
			5'h0C: o_prune_theta <= i_wdata[15:0];
			5'h0D: o_protect     <= i_wdata[5:0];
			5'h0E: o_grow_w      <= i_wdata[14:0];
			5'h0F: o_grow_tries  <= i_wdata[7:0];
			5'h11: since_q       <= i_wdata[23:0];
			5'h12: o_target      <= i_wdata[14:0];
			5'h13: o_live        <= i_wdata[23:0];
			5'h14: o_rxto        <= i_wdata;
			5'h15: o_grow_max    <= i_wdata[9:0];
			default: ;
			endcase
		end
		if (i_since_clr)
			since_q <= 24'd0;
		else if (i_since_inc)
			since_q <= since1_w;
		if (i_live_dec || i_live_inc || i_live_sub)   // one subtractor, clamped / saturated
			o_live <= !live_d_w[24] ? live_d_w[23:0] : (live_x_w[24] ? 24'hFF_FFFF : 24'd0);
		if (i_rst) begin
			o_ctrl        <= 7'd0;
			o_hid         <= HRES32[HW-1:0];
			o_slots       <= 10'd784;
			o_lr1         <= 4'd6;
			o_lr2         <= 4'd7;
			o_theta1      <= 16'd0;
			o_theta2      <= 16'd0;
			o_k           <= HRES32[8:0];
			o_thetac      <= 16'd0;
			o_cdecay      <= 4'd0;
			prune_every_q <= 24'd0;
			o_prune_theta <= 16'd0;
			o_protect     <= 6'd0;
			o_grow_w      <= 15'd0;
			o_grow_tries  <= 8'd8;
			since_q       <= 24'd0;
			o_target      <= 15'd4096;
			o_live        <= 24'd0;
			o_rxto        <= 32'd1000000;
			o_grow_max    <= 10'd784;
		end
	end
endmodule

`default_nettype wire
