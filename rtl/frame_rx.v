// SPDX-License-Identifier: ISC
//
// frame_rx — request-frame parser for the plasticore host protocol (docs/protocol.md):
//   SOF(0xA5) CMD SEQ LEN(lo,hi) payload[LEN] CRC(lo,hi),  CRC-16/CCITT-FALSE over CMD..payload.
//
// It hunts for SOF (every other byte seen while hunting strobes o_dropped), parses the header,
// writes the payload into a 1024-byte RAM it owns (EBR), checks the CRC and the sequence number.
// It knows one command only (STATUS, for the sequence rule): per-command length checks and
// unknown commands are the consumer's job.
//
// Sequence rule (go-back-N, docs/protocol.md): exp_seq (reset 1; next(s) = s == 255 ? 1 : s + 1)
// is the SEQ the next frame must carry. A frame with a good CRC is accepted if its CMD is STATUS
// (0x01, always; the host's resync barrier) or its SEQ equals exp_seq; accepting sets
// exp_seq = next(SEQ). Otherwise it is refused with code 7 (out of sequence). Frames with errors
// 1, 2, 4, 6 never change exp_seq. So the frames handed to the consumer are always a prefix, in
// order and each once, of what the host sent since its last STATUS.
//
// Timing contract
//   byte in:   a byte is taken on a rising edge with i_valid && o_ready. i_overflow is a sideband
//              of the byte, sampled with it: 1 = bytes were lost in front of this one.
//   o_ready:   high except while o_frame_valid or o_err_valid is held (registered).
//   frame:     after a good CRC and SEQ, o_frame_valid rises with o_cmd, o_seq, o_len (0..1024); they and
//              the payload RAM hold until a one-cycle i_frame_done (ignored when not valid).
//   payload:   o_pay_rdata <= RAM[i_pay_raddr] on every rising edge (1-cycle latency, any time).
//   error:     o_err_valid rises with o_err_code / o_err_seq (SEQ of the bad frame, 0 if it was
//              not received yet) and holds until a one-cycle i_err_ack. The parser is then
//              hunting for SOF again (from the byte after the one that ended the frame).
//              Codes: 1 bad CRC; 7 out of sequence (CRC good, CMD != STATUS, SEQ != exp_seq);
//              2 LEN > 1024 (found at the LEN hi byte); 4 timeout: inside a
//              frame, no byte offered for i_timeout consecutive cycles while o_ready was high
//              (i_timeout = 0 disables it); 6 overflow: a byte came with i_overflow set (in any
//              state: the lost bytes may have held a SOF); that byte is then treated as a byte
//              seen while hunting (a SOF starts a new frame, anything else counts as dropped).
//   o_dropped: one-cycle strobe per discarded byte (registered).
//   o_frame_valid and o_err_valid are never high together. Nothing can stall the parser except
//   the consumer not answering a held frame / error.
`default_nettype none

module frame_rx #(
	parameter integer TW = 32                     // width of the timeout counter
) (
	input  wire          i_clk,
	input  wire          i_rst,
	// request bytes
	input  wire          i_valid,
	input  wire [7:0]    i_data,
	output wire          o_ready,
	input  wire          i_overflow,
	input  wire [TW-1:0] i_timeout,
	output reg           o_dropped,
	// a good frame
	output reg           o_frame_valid,
	output wire [7:0]    o_cmd,
	output wire [7:0]    o_seq,
	output reg  [10:0]   o_len,
	input  wire          i_frame_done,
	// payload read port
	input  wire [9:0]    i_pay_raddr,
	output reg  [7:0]    o_pay_rdata,
	// an error
	output reg           o_err_valid,
	output reg  [7:0]    o_err_code,
	output reg  [7:0]    o_err_seq,
	input  wire          i_err_ack
);
	localparam [7:0]  SOF         = 8'hA5;
	localparam [10:0] MAX_PAYLOAD = 11'd1024;

	localparam [7:0] ERR_CRC      = 8'd1;
	localparam [7:0] ERR_LEN      = 8'd2;
	localparam [7:0] ERR_TIMEOUT  = 8'd4;
	localparam [7:0] ERR_OVERFLOW = 8'd6;
	localparam [7:0] ERR_SEQ      = 8'd7;
	localparam [7:0] CMD_STATUS   = 8'h01;

	localparam [2:0] STATE_HUNT = 3'd0;
	localparam [2:0] STATE_CMD  = 3'd1;
	localparam [2:0] STATE_SEQ  = 3'd2;
	localparam [2:0] STATE_LENL = 3'd3;
	localparam [2:0] STATE_LENH = 3'd4;
	localparam [2:0] STATE_PAY  = 3'd5;
	localparam [2:0] STATE_CRCL = 3'd6;
	localparam [2:0] STATE_CRCH = 3'd7;

	reg [2:0]    state_q;
	reg [7:0]    cmd_q, seq_q, crc_lo_q;
	reg [7:0]    exp_seq_q;                       // SEQ the next accepted frame must carry
	reg          seq_seen_q;
	reg [10:0]   len_q;                           // LEN of the frame being received
	reg [10:0]   rem_q;                           // payload bytes still to come
	reg [9:0]    waddr_q;                         // payload write address
	reg [15:0]   crc_q;
	reg [TW-1:0] tmo_q;                           // idle cycles left before a timeout

	wire [15:0] crc_next_w;
	crc16 u_crc (.i_crc(crc_q), .i_data(i_data), .o_crc(crc_next_w));

	assign o_ready = !o_frame_valid && !o_err_valid;
	assign o_cmd   = cmd_q;
	assign o_seq   = seq_q;

	wire        take_w    = i_valid && o_ready;
	wire        waiting_w = (state_q != STATE_HUNT) && o_ready && !i_valid;
	wire [10:0] len_w     = {i_data[2:0], len_q[7:0]};
	wire        len_bad_w = (i_data[7:3] != 5'd0) || (len_w > MAX_PAYLOAD);
	wire [7:0]  eseq_w    = seq_seen_q ? seq_q : 8'h00;
	wire        pay_we_w  = take_w && !i_overflow && (state_q == STATE_PAY);
	wire [7:0]  seq_nx_w  = (seq_q == 8'hFF) ? 8'h01 : (seq_q + 8'h01);
	wire        seq_ok_w  = (cmd_q == CMD_STATUS) || (seq_q == exp_seq_q);

	// ---- payload RAM: 1024 x 8, one write port (parser), one read port (consumer) -> EBR
	reg [7:0] pay_mem [0:1023];
	always @(posedge i_clk) begin
		if (pay_we_w)
			pay_mem[waddr_q] <= i_data;
		o_pay_rdata <= pay_mem[i_pay_raddr];
	end

	// ---- timeout: reloaded while not waiting, counts down while waiting inside a frame
	wire tmo_fire_w = waiting_w && (tmo_q == {{(TW - 1){1'b0}}, 1'b1});
	always @(posedge i_clk) begin
		if (i_rst || !waiting_w)
			tmo_q <= i_timeout;
		else if (tmo_q != {TW{1'b0}})
			tmo_q <= tmo_q - 1'b1;
	end

	// ---- parser
	always @(posedge i_clk) begin
		o_dropped <= 1'b0;
		if (i_rst) begin
			state_q       <= STATE_HUNT;
			cmd_q         <= 8'h00;
			seq_q         <= 8'h00;
			exp_seq_q     <= 8'h01;
			crc_lo_q      <= 8'h00;
			seq_seen_q    <= 1'b0;
			len_q         <= 11'd0;
			rem_q         <= 11'd0;
			waddr_q       <= 10'd0;
			crc_q         <= 16'hFFFF;
			o_len         <= 11'd0;
			o_frame_valid <= 1'b0;
			o_err_valid   <= 1'b0;
			o_err_code    <= 8'h00;
			o_err_seq     <= 8'h00;
		end else begin
			if (i_frame_done)
				o_frame_valid <= 1'b0;
			if (i_err_ack)
				o_err_valid <= 1'b0;

			if (tmo_fire_w) begin
				o_err_valid <= 1'b1;
				o_err_code  <= ERR_TIMEOUT;
				o_err_seq   <= eseq_w;
				state_q     <= STATE_HUNT;
			end else if (take_w && i_overflow) begin
				o_err_valid <= 1'b1;
				o_err_code  <= ERR_OVERFLOW;
				o_err_seq   <= eseq_w;
				seq_seen_q  <= 1'b0;
				crc_q       <= 16'hFFFF;
				if (i_data == SOF)
					state_q <= STATE_CMD;
				else begin
					state_q   <= STATE_HUNT;
					o_dropped <= 1'b1;
				end
			end else if (take_w) begin
				case (state_q)
				STATE_HUNT: begin
					seq_seen_q <= 1'b0;
					crc_q      <= 16'hFFFF;
					if (i_data == SOF)
						state_q <= STATE_CMD;
					else
						o_dropped <= 1'b1;
				end
				STATE_CMD: begin
					cmd_q   <= i_data;
					crc_q   <= crc_next_w;
					state_q <= STATE_SEQ;
				end
				STATE_SEQ: begin
					seq_q      <= i_data;
					seq_seen_q <= 1'b1;
					crc_q      <= crc_next_w;
					state_q    <= STATE_LENL;
				end
				STATE_LENL: begin
					len_q[7:0] <= i_data;
					crc_q      <= crc_next_w;
					state_q    <= STATE_LENH;
				end
				STATE_LENH: begin
					if (len_bad_w) begin
						o_err_valid <= 1'b1;
						o_err_code  <= ERR_LEN;
						o_err_seq   <= seq_q;
						state_q     <= STATE_HUNT;
					end else begin
						len_q   <= len_w;
						rem_q   <= len_w;
						waddr_q <= 10'd0;
						crc_q   <= crc_next_w;
						state_q <= (len_w == 11'd0) ? STATE_CRCL : STATE_PAY;
					end
				end
				STATE_PAY: begin
					waddr_q <= waddr_q + 1'b1;
					rem_q   <= rem_q - 1'b1;
					crc_q   <= crc_next_w;
					if (rem_q == 11'd1)
						state_q <= STATE_CRCL;
				end
				STATE_CRCL: begin
					crc_lo_q <= i_data;
					state_q  <= STATE_CRCH;
				end
				default: begin                   // STATE_CRCH
					state_q <= STATE_HUNT;
					if ({i_data, crc_lo_q} == crc_q && seq_ok_w) begin
						o_frame_valid <= 1'b1;
						o_len         <= len_q;
						exp_seq_q     <= seq_nx_w;
					end else if ({i_data, crc_lo_q} == crc_q) begin
						o_err_valid <= 1'b1;
						o_err_code  <= ERR_SEQ;
						o_err_seq   <= seq_q;
					end else begin
						o_err_valid <= 1'b1;
						o_err_code  <= ERR_CRC;
						o_err_seq   <= seq_q;
					end
				end
				endcase
			end
		end
	end
endmodule

`default_nettype wire
