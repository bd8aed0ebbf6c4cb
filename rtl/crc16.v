// SPDX-License-Identifier: ISC
//
// crc16 — CRC-16/CCITT-FALSE, one byte per update (poly 0x1021, init 0xFFFF, MSB first,
// no reflection, no xor-out). Check value: the CRC of ASCII "123456789" is 0x29B1.
//
// Timing contract: purely combinational, o_crc = next CRC after feeding i_data into i_crc.
// The user holds the running value in a register (init 16'hFFFF) and updates it with o_crc
// on each byte it accepts. About 3 LUT levels deep per output bit.
`default_nettype none

module crc16 (
	input  wire [15:0] i_crc,   // running CRC before this byte
	input  wire [7:0]  i_data,  // the byte
	output wire [15:0] o_crc    // running CRC after this byte
);
	// Bit-serial definition unrolled over 8 steps; synthesis flattens it to XOR trees.
	function automatic [15:0] crc_byte(input [15:0] crc_in, input [7:0] d);
		integer k;
		reg [15:0] c;
		begin
			c = crc_in ^ {d, 8'h00};
			for (k = 0; k < 8; k = k + 1)
				c = c[15] ? ((c << 1) ^ 16'h1021) : (c << 1);
			crc_byte = c;
		end
	endfunction

	assign o_crc = crc_byte(i_crc, i_data);
endmodule

`default_nettype wire
