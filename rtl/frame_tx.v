// SPDX-License-Identifier: ISC
//
// frame_tx — response-frame builder for the plasticore host protocol (docs/protocol.md):
//   SOF(0x5A) CMD SEQ LEN(lo,hi) payload[LEN] CRC(lo,hi),  CRC-16/CCITT-FALSE over CMD..payload.
//
// Timing contract
//   start:    i_start while !o_busy latches i_cmd, i_seq and raises o_busy on the next cycle
//             (i_start while o_busy is ignored). i_len (0..1024; wider values are the caller's
//             bug) is NOT latched: the caller holds it until o_busy falls (pc_core's response
//             length counter, no copy here).
//   payload:  after the header has left, exactly i_len bytes are taken through
//             i_pay_valid / i_pay_data / o_pay_ready. This stage is a pass-through:
//             o_pay_ready = i_ready and o_valid = i_pay_valid (combinational), so a byte moves
//             from the payload source to the byte sink in the same cycle. The source is meant
//             to be a RAM with a registered read and a read enable: on every edge with
//             o_pay_re it reads o_pay_idx (a register: 0 while idle and through the header,
//             so byte 0 is offered when the payload begins; in the payload, bytes
//             taken + 1, read with the take of the byte before it), and holds its output
//             otherwise (the caller needs no byte counter, and no adder sits on the address).
//   out:      a byte leaves on a rising edge with o_valid && i_ready; header and CRC bytes are
//             offered from registers. o_busy falls in the cycle after the CRC hi byte left;
//             o_done is high in the cycle it leaves (combinational).
`default_nettype none

module frame_tx (
	input  wire        i_clk,
	input  wire        i_rst,
	// command
	input  wire        i_start,
	input  wire [7:0]  i_cmd,
	input  wire [7:0]  i_seq,
	input  wire [10:0] i_len,
	output wire        o_busy,
	output wire        o_done,
	// payload in
	input  wire        i_pay_valid,
	input  wire [7:0]  i_pay_data,
	output wire        o_pay_ready,
	output wire [10:0] o_pay_idx,
	output wire        o_pay_re,
	// bytes out
	output wire        o_valid,
	output reg  [7:0]  o_data,
	input  wire        i_ready
);
	localparam [7:0] SOF = 8'h5A;

	localparam [3:0] STATE_IDLE = 4'd0;
	localparam [3:0] STATE_SOF  = 4'd1;
	localparam [3:0] STATE_CMD  = 4'd2;
	localparam [3:0] STATE_SEQ  = 4'd3;
	localparam [3:0] STATE_LENL = 4'd4;
	localparam [3:0] STATE_LENH = 4'd5;
	localparam [3:0] STATE_PAY  = 4'd6;
	localparam [3:0] STATE_CRCL = 4'd7;
	localparam [3:0] STATE_CRCH = 4'd8;

	reg [3:0]  state_q;
	reg [7:0]  cmd_q, seq_q;
	reg [10:0] idx_q;                             // o_pay_idx: 0 in the header, then bytes taken + 1
	reg [15:0] crc_q;

	wire pay_w = (state_q == STATE_PAY);
	assign o_busy      = (state_q != STATE_IDLE);
	assign o_valid     = pay_w ? i_pay_valid : o_busy;
	assign o_pay_ready = pay_w && i_ready;

	always @(*) begin
		case (state_q)
		STATE_SOF:  o_data = SOF;
		STATE_CMD:  o_data = cmd_q;
		STATE_SEQ:  o_data = seq_q;
		STATE_LENL: o_data = i_len[7:0];
		STATE_LENH: o_data = {5'd0, i_len[10:8]};
		STATE_PAY:  o_data = i_pay_data;
		STATE_CRCL: o_data = crc_q[7:0];
		STATE_CRCH: o_data = crc_q[15:8];
		default:    o_data = 8'h00;
		endcase
	end

	wire [15:0] crc_next_w;
	crc16 u_crc (.i_crc(crc_q), .i_data(o_data), .o_crc(crc_next_w));

	wire go_w = o_valid && i_ready;
	wire take_w = o_pay_ready && i_pay_valid;
	assign o_pay_idx = idx_q;
	assign o_pay_re  = !pay_w || take_w;
	// one compare of registers for LEN 0 (in STATE_LENH, idx_q = 0) and the last byte (taken
	// with idx_q = LEN); the counter's adder feeds its own flip-flops only
	wire end_w = (idx_q == i_len);
	assign o_done    = (state_q == STATE_CRCH) && i_ready;

	// crc_q and idx_q are set / cleared in every idle cycle (and by i_rst): that is the
	// flip-flops' synchronous set / reset, so no init multiplexer sits behind the CRC's XORs
	always @(posedge i_clk) begin
		if (i_rst || state_q == STATE_IDLE) begin
			idx_q <= 11'd0;
			crc_q <= 16'hFFFF;
		end else if (go_w) begin
			case (state_q)
			STATE_CMD, STATE_SEQ, STATE_LENL: crc_q <= crc_next_w;
			STATE_LENH, STATE_PAY: begin
				crc_q <= crc_next_w;
				idx_q <= idx_q + 11'd1;           // LENH: 1, byte 0 is on the source's output
			end
			default: ;
			endcase
		end
	end

	always @(posedge i_clk) begin
		if (i_rst) begin
			state_q <= STATE_IDLE;                // (cmd_q / seq_q: sent only after a start loads them)
		end else if (state_q == STATE_IDLE) begin
			if (i_start) begin
				cmd_q   <= i_cmd;
				seq_q   <= i_seq;
				state_q <= STATE_SOF;
			end
		end else if (go_w) begin
			case (state_q)
			STATE_SOF:  state_q <= STATE_CMD;
			STATE_CMD:  state_q <= STATE_SEQ;
			STATE_SEQ:  state_q <= STATE_LENL;
			STATE_LENL: state_q <= STATE_LENH;
			STATE_LENH: state_q <= end_w ? STATE_CRCL : STATE_PAY;   // (idx_q = 0 here: LEN 0)
			STATE_PAY:  if (end_w) state_q <= STATE_CRCL;
			STATE_CRCL: state_q <= STATE_CRCH;
			default:    state_q <= STATE_IDLE;   // STATE_CRCH
			endcase
		end
	end
endmodule

`default_nettype wire
