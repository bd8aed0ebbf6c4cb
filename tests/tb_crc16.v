// SPDX-License-Identifier: ISC
// tb_crc16 — crc16 against the check value and a bit-at-a-time reference (LSB-first data order
// is NOT used: CCITT-FALSE feeds each byte MSB first).
`default_nettype none
module tb_crc16;
	reg  [15:0] crc;
	reg  [7:0]  d;
	wire [15:0] nxt;
	crc16 dut (.i_crc(crc), .i_data(d), .o_crc(nxt));

	integer i, b, fails;
	reg [15:0] ref_c;
	reg [8*9-1:0] msg;

	function [15:0] ref_bit(input [15:0] c, input bitin);
		ref_bit = (c[15] ^ bitin) ? ((c << 1) ^ 16'h1021) : (c << 1);
	endfunction

	initial begin
		fails = 0;
		msg = "123456789";
		crc = 16'hFFFF;
		for (i = 8; i >= 0; i = i - 1) begin
			d = msg[8*i +: 8];
			#1 crc = nxt;
		end
		if (crc === 16'h29B1) $display("PASS crc16 check value 123456789 = 0x29B1");
		else begin $display("FAIL crc16 check value: got %04x", crc); fails = fails + 1; end

		for (i = 0; i < 2000; i = i + 1) begin
			crc = $random; d = $random;
			ref_c = crc;
			for (b = 7; b >= 0; b = b - 1) ref_c = ref_bit(ref_c, d[b]);
			#1;
			if (nxt !== ref_c) begin
				if (fails < 5) $display("FAIL crc16 random: crc=%04x d=%02x got %04x want %04x", crc, d, nxt, ref_c);
				fails = fails + 1;
			end
		end
		if (fails == 0) $display("PASS crc16 2000 random updates match the bit-serial reference");
		$finish;
	end
endmodule
`default_nettype wire
