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
`ifdef SYNTHESIS
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
`else
	// Simulation: the same function in the byte-wise form (equal for all 2^24 inputs), a few
	// word operations instead of 8 dependent steps in the Verilated model (evaluated twice a cycle).
	function automatic [15:0] crc_byte(input [15:0] crc_in, input [7:0] d);
		reg [7:0] x;
		begin
			x = crc_in[15:8] ^ d;
			x = x ^ {4'h0, x[7:4]};
			crc_byte = {crc_in[7:0], 8'h00} ^ {x[3:0], 12'h000} ^ {3'b000, x, 5'b00000} ^ {8'h00, x};
		end
	endfunction
`endif

	assign o_crc = crc_byte(i_crc, i_data);
endmodule

`default_nettype wire
