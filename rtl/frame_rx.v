// SPDX-License-Identifier: ISC
//
// frame_rx — request-frame parser for the plasticore host protocol (docs/protocol.md):
//   SOF(0xA5) CMD SEQ LEN(lo,hi) payload[LEN] CRC(lo,hi),  CRC-16/CCITT-FALSE over CMD..payload.
//
// It hunts for SOF (every other byte seen while hunting is dropped), parses the header, writes
// the payload into one half of a 2 x 1024-byte RAM it owns (EBR), checks the CRC and the
// sequence number. It knows one command only (STATUS, for the sequence rule): per-command length
// checks and unknown commands are the consumer's job.
//
// Double buffering: while the consumer works on a held (presented) frame in one half, the
// parser receives the next frame into the other half. Every finished frame or error becomes the
// one *pending* event (the parser stalls while it is pending: o_ready low) and is presented as
// soon as nothing is presented, i.e. in the cycle the held one is released. So at most one
// event is presented, one pending and one frame being received; they reach the consumer in the
// order they arrived, and a frame's half is never written while it is presented.
//
// Sequence rule (go-back-N, docs/protocol.md): exp_seq (reset 1; next(s) = s == 255 ? 1 : s + 1)
// is the SEQ the next frame must carry. A frame with a good CRC is accepted if its CMD is STATUS
// (0x01, always; the host's resync barrier) or its SEQ equals exp_seq; accepting sets
// exp_seq = next(SEQ) (when the frame ends, not when the consumer takes it). Otherwise it is
// refused with code 7 (out of sequence). Frames with errors 1, 2, 4, 6 never change exp_seq. So
// the frames handed to the consumer are always a prefix, in order and each once, of what the
// host sent since its last STATUS.
//
// Timing contract
//   byte in:   a byte is taken on a rising edge with i_valid && o_ready. i_overflow is a sideband
//              of the byte, sampled with it: 1 = bytes were lost in front of this one.
//   o_ready:   low while an event is pending and while 2^DCW - 1 dropped bytes wait to be
//              strobed (see o_dropped); a function of registers only.
//   present:   a pending event is presented on the first edge at which nothing is presented (or
//              the presented event is being released: i_frame_done / i_err_ack high) and no
//              dropped byte waits. Without a held event that is the edge after the frame's last
//              byte; behind a held one it is the releasing edge, so the consumer sees the next
//              event in the cycle after its i_frame_done / i_err_ack pulse.
//   frame:     o_frame_valid with o_cmd, o_seq, o_len (0..1024); they and the frame's payload
//              half hold until a one-cycle i_frame_done (ignored when not valid).
//   payload:   o_pay_rdata <= RAM[presented half][i_pay_raddr] on every rising edge (1-cycle
//              latency; the half switches on the edge that presents a new frame).
//   error:     o_err_valid with o_err_code / o_err_seq (SEQ of the bad frame, 0 if it was not
//              received yet) hold until a one-cycle i_err_ack. The parser hunts for SOF again
//              from the byte after the one that ended the frame.
//              Codes: 1 bad CRC; 7 out of sequence (CRC good, CMD != STATUS, SEQ != exp_seq);
//              2 LEN > 1024 (found at the LEN hi byte); 4 timeout: inside a frame, no byte
//              offered for i_timeout consecutive cycles while o_ready was high (i_timeout = 0
//              disables it; a wait uses the i_timeout of the cycle before it began); 6 overflow: a byte came with i_overflow set (in any state: the lost
//              bytes may have held a SOF); that byte is then treated as a byte seen while
//              hunting (a SOF starts a new frame, anything else is dropped).
//   o_dropped: one-cycle strobe per dropped byte (registered), never while an event is
//              presented: bytes dropped then are counted and strobed one per cycle after its
//              release, before the next event is presented. So a consumer that counts strobes
//              sees each dropped byte between the events it arrived between (a strobe is high at
//              least one cycle before any event that arrived after its byte is presented).
//   o_frame_valid and o_err_valid are never high together. Apart from the one-cycle hand-over
//   of each event, nothing stalls the parser but the consumer holding a presented event.
`default_nettype none

module frame_rx (
	input  wire          i_clk,
	input  wire          i_rst,
	// request bytes
	input  wire          i_valid,
	input  wire [7:0]    i_data,
	output wire          o_ready,
	input  wire          i_overflow,
	input  wire [31:0]   i_timeout,
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
	output wire [7:0]    o_err_code,
	output wire [7:0]    o_err_seq,
	input  wire          i_err_ack
);
	localparam [7:0] SOF = 8'hA5;

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
	localparam [2:0] STATE_PAY  = 3'd5;           // payload, then the CRC lo byte
	localparam [2:0] STATE_CRCH = 3'd7;

	localparam integer DCW = 4;                   // dropped bytes held back: up to 2^DCW - 1

	// parser; cmd_q / seq_q / len_q also hold the pending event (the parser is stalled then):
	// a frame's CMD / SEQ / LEN, or an error's code (in cmd_q) and SEQ
	(* fsm_encoding = "none" *)
	reg [2:0]     state_q;
	reg [7:0]     cmd_q;
	reg [7:0]     seq_q;                          // 0 until the SEQ byte arrived (cleared when presented)
	reg [10:0]    len_q;
	reg [7:0]     exp_seq_q;                      // SEQ the next accepted frame must carry
	reg [10:0]    waddr_q;                        // payload bytes written (the write address)
	reg [15:0]    crc_q;
	reg           crc_lo_ok_q;                    // the CRC lo byte matched
	reg           tmo_off_q;                      // the timeout count passed 0 (i_timeout = 0)
	reg           pend_q, pend_err_q;             // an event is pending; it is an error
	reg           bank_q;                         // half being written; the other is presented
	reg [DCW-1:0] dcnt_q;                         // dropped bytes not yet strobed
	// presented event
	reg [7:0]     pcmd_q;                         // o_cmd, or the error code
	reg [7:0]     pseq_q;

	wire [15:0] crc_next_w;
	crc16 u_crc (.i_crc(crc_q), .i_data(i_data), .o_crc(crc_next_w));

	assign o_ready    = !pend_q && !(&dcnt_q);
	assign o_cmd      = pcmd_q;
	assign o_seq      = pseq_q;
	assign o_err_code = pcmd_q;
	assign o_err_seq  = pseq_q;

	wire        take_w    = i_valid && o_ready;
	wire        hunt_w    = (state_q == STATE_HUNT);
	wire        waiting_w = !hunt_w && o_ready && !i_valid;
	// in STATE_PAY, a byte that finds all LEN payload bytes written is the CRC lo byte: a
	// compare of registers (none of the counter's adder outputs, whose LUTs then pack with
	// waddr_q's flip-flops), and no separate state for LEN 0
	wire        crcl_w    = (waddr_q == len_q);
	// (the tests of the LEN and CRC bytes are written out in the parser's case arms, not as
	// wires: the Verilated model then evaluates them only when such a byte arrives)
	wire        ovf_w     = take_w && i_overflow;
	// a byte is dropped while hunting, or when it carries the overflow mark and is no SOF
	wire        drop_w    = take_w && (hunt_w || i_overflow) && (i_data != SOF);

	// ---- presenting: the pending event moves up when nothing is (or stays) presented and no
	// dropped byte that came before it is still to be strobed
	wire free_w = (!o_frame_valid || i_frame_done) && (!o_err_valid || i_err_ack);
	wire move_w = pend_q && free_w && (dcnt_q == {DCW{1'b0}});

	// ---- payload RAM: 2 x 1024 x 8, written in half bank_q, read in the other -> EBR. The two
	// ports never meet on one address, so no read-during-write bypass is needed.
	(* no_rw_check *)
	reg [7:0] pay_mem [0:2047];
	always @(posedge i_clk) begin
		if (take_w && !i_overflow && state_q == STATE_PAY && !crcl_w)
			pay_mem[{bank_q, waddr_q[9:0]}] <= i_data;
		o_pay_rdata <= pay_mem[{!bank_q, i_pay_raddr}];
	end

	// ---- timeout: a down-counter in a DSP (dsp_down32: no carry chain, no comparator with
	// i_timeout), loaded with i_timeout while not waiting and counting the waiting cycles down:
	// in the k-th consecutive one it holds i_timeout - (k - 1), so it fires at 1. A count of 0
	// while waiting (i_timeout = 0) sets tmo_off_q until waiting ends: 0 never fires.
	wire [31:0] tmo_w;
	wire        tmo_hz_w;                         // tmo_w[31:1] == 0 (the DSP's carry out)
	dsp_down32 u_tmo (.i_clk(i_clk), .i_load(!waiting_w), .i_val(i_timeout), .i_dec(1'b1),
		.o_cnt(tmo_w), .o_hz(tmo_hz_w));
	wire        tmo_fire_w = waiting_w && tmo_hz_w && tmo_w[0] && !tmo_off_q;
	always @(posedge i_clk) begin
		if (i_rst || !waiting_w)
			tmo_off_q <= 1'b0;
		else if (tmo_hz_w && !tmo_w[0])
			tmo_off_q <= 1'b1;
	end

	// ---- dropped bytes: strobed at once unless an event is presented, else counted and
	// strobed one per cycle after its release
	wire emit_w = !o_frame_valid && !o_err_valid && (drop_w || dcnt_q != {DCW{1'b0}});
	always @(posedge i_clk) begin
		if (i_rst) begin
			o_dropped <= 1'b0;
			dcnt_q    <= {DCW{1'b0}};
		end else begin
			o_dropped <= emit_w;
			dcnt_q    <= dcnt_q + {{(DCW - 1){1'b0}}, drop_w} - {{(DCW - 1){1'b0}}, emit_w};
		end
	end

	// ---- CRC: restarted while hunting and by a lost-byte mark, fed with CMD..payload
	always @(posedge i_clk) begin
		if (hunt_w || ovf_w)
			crc_q <= 16'hFFFF;
		else if (take_w && state_q != STATE_CRCH && !(state_q == STATE_PAY && crcl_w))
			crc_q <= crc_next_w;
	end

	// ---- parser and the event slots
	always @(posedge i_clk) begin
		if (i_rst) begin
			state_q       <= STATE_HUNT;
			seq_q         <= 8'h00;
			exp_seq_q     <= 8'h01;
			pend_q        <= 1'b0;
			bank_q        <= 1'b0;
			o_frame_valid <= 1'b0;
			o_err_valid   <= 1'b0;
		end else begin
			if (move_w) begin
				o_frame_valid <= !pend_err_q;
				o_err_valid   <= pend_err_q;
				pcmd_q        <= cmd_q;
				pseq_q        <= seq_q;
				o_len         <= len_q;
				seq_q         <= 8'h00;           // the next frame's SEQ is 0 until it arrives
				pend_q        <= 1'b0;
				if (!pend_err_q)
					bank_q <= !bank_q;            // the parser goes on in the other half
			end else begin
				if (i_frame_done)
					o_frame_valid <= 1'b0;
				if (i_err_ack)
					o_err_valid <= 1'b0;
			end

			if (tmo_fire_w) begin
				pend_q     <= 1'b1;
				pend_err_q <= 1'b1;
				cmd_q      <= ERR_TIMEOUT;
				state_q    <= STATE_HUNT;
			end else if (ovf_w) begin
				pend_q     <= 1'b1;
				pend_err_q <= 1'b1;
				cmd_q      <= ERR_OVERFLOW;
				state_q    <= (i_data == SOF) ? STATE_CMD : STATE_HUNT;
			end else if (take_w) begin
				case (state_q)
				STATE_HUNT: if (i_data == SOF) state_q <= STATE_CMD;
				STATE_CMD: begin
					cmd_q   <= i_data;
					state_q <= STATE_SEQ;
				end
				STATE_SEQ: begin
					seq_q   <= i_data;
					state_q <= STATE_LENL;
				end
				STATE_LENL: begin
					len_q[7:0] <= i_data;
					state_q    <= STATE_LENH;
				end
				STATE_LENH: begin
					len_q[10:8] <= i_data[2:0];
					waddr_q     <= 11'd0;
					// LEN > 1024: high byte > 4, or 4 with anything below it
					if ((i_data[7:3] != 5'd0) ||
					    (i_data[2] && ((i_data[1:0] != 2'd0) || (len_q[7:0] != 8'd0)))) begin
						pend_q     <= 1'b1;
						pend_err_q <= 1'b1;
						cmd_q      <= ERR_LEN;
						state_q    <= STATE_HUNT;
					end else
						state_q <= STATE_PAY;
				end
				STATE_PAY: begin
					if (!crcl_w)
						waddr_q <= waddr_q + 11'd1;
					else begin                    // the CRC lo byte
						crc_lo_ok_q <= (i_data == crc_q[7:0]);
						state_q     <= STATE_CRCH;
					end
				end
				default: begin                   // STATE_CRCH (3'd6 unused)
					state_q <= STATE_HUNT;
					pend_q  <= 1'b1;
					// CRC hi byte matches too; SEQ: STATUS always, else the expected one
					if (crc_lo_ok_q && (i_data == crc_q[15:8]) &&
					    ((cmd_q == CMD_STATUS) || (seq_q == exp_seq_q))) begin
						pend_err_q <= 1'b0;
						exp_seq_q  <= (seq_q == 8'hFF) ? 8'h01 : (seq_q + 8'h01);
					end else begin
						pend_err_q <= 1'b1;
						cmd_q      <= (crc_lo_ok_q && (i_data == crc_q[15:8])) ? ERR_SEQ : ERR_CRC;
					end
				end
				endcase
			end
		end
	end
endmodule

`default_nettype wire
