/* SPDX-License-Identifier: ISC */
/* proto.c — CRC-16/CCITT-FALSE, frame encoder and the incremental frame decoder (proto.h). */
#include "proto.h"

#include <string.h>

unsigned pc_mem_word_bytes(unsigned mem)
{
	switch (mem) {
	case PC_MEM_SLOTS: return PC_SLOT_WORD;
	case PC_MEM_W2: return 2;
	case PC_MEM_NLIVE: return 2;
	default: return 0;
	}
}

const char *pc_cmd_name(unsigned cmd)
{
	static const char *const names[] = {
		[PC_CMD_STATUS] = "STATUS", [PC_CMD_WRITE_REG] = "WRITE_REG",
		[PC_CMD_READ_REG] = "READ_REG", [PC_CMD_TRAIN] = "TRAIN", [PC_CMD_INFER] = "INFER",
		[PC_CMD_PERSONALISE] = "PERSONALISE", [PC_CMD_COUNTERS] = "COUNTERS",
		[PC_CMD_MEM_WRITE] = "MEM_WRITE", [PC_CMD_MEM_READ] = "MEM_READ",
		[PC_CMD_STRUCT_PASS] = "STRUCT_PASS", [PC_CMD_ACT_PRUNE] = "ACT_PRUNE",
	};
	if (cmd < sizeof names / sizeof names[0] && names[cmd])
		return names[cmd];
	return cmd == PC_CMD_ERROR ? "ERROR" : "?";
}

const char *pc_errcode_name(unsigned code)
{
	switch (code) {
	case PC_E_CRC: return "bad CRC";
	case PC_E_LEN: return "bad length";
	case PC_E_CMD: return "unknown command";
	case PC_E_TIMEOUT: return "receive timeout";
	case PC_E_ARG: return "bad argument";
	case PC_E_OVERFLOW: return "receive overflow";
	case PC_E_SEQ: return "out of sequence";
	default: return "unknown error code";
	}
}

uint16_t pc_crc16_update(uint16_t crc, uint8_t byte)
{
	crc ^= (uint16_t)byte << 8;
	for (int i = 0; i < 8; i++)
		crc = crc & 0x8000 ? (uint16_t)(crc << 1 ^ 0x1021) : (uint16_t)(crc << 1);
	return crc;
}

uint16_t pc_crc16(const uint8_t *p, size_t n)
{
	uint16_t crc = PC_CRC16_INIT;
	while (n--)
		crc = pc_crc16_update(crc, *p++);
	return crc;
}

size_t pc_frame_encode(uint8_t *out, uint8_t sof, uint8_t cmd, uint8_t seq,
		       const uint8_t *payload, uint16_t len)
{
	out[0] = sof;
	out[1] = cmd;
	out[2] = seq;
	pc_put16(out + 3, len);
	if (len)
		memcpy(out + 5, payload, len);
	pc_put16(out + 5 + len, pc_crc16(out + 1, 4u + len));
	return PC_FRAME_OVERHEAD + (size_t)len;
}

void pc_decoder_init(struct pc_decoder *d, uint8_t sof)
{
	memset(d, 0, sizeof *d);
	d->sof = sof;
	d->state = PC_DEC_HUNT;
}

void pc_decoder_reset(struct pc_decoder *d)
{
	d->state = PC_DEC_HUNT;
}

int pc_decoder_busy(const struct pc_decoder *d)
{
	return d->state != PC_DEC_HUNT;
}

int pc_decoder_feed(struct pc_decoder *d, uint8_t b)
{
	switch (d->state) {
	case PC_DEC_HUNT:
		if (b != d->sof)
			return PC_DEC_DROPPED;
		d->state = PC_DEC_CMD;
		d->crc = PC_CRC16_INIT;
		d->have_seq = 0;
		d->f.cmd = d->f.seq = 0;
		d->f.len = 0;
		return PC_DEC_MORE;
	case PC_DEC_CMD:
		d->f.cmd = b;
		d->state = PC_DEC_SEQ;
		break;
	case PC_DEC_SEQ:
		d->f.seq = b;
		d->have_seq = 1;
		d->state = PC_DEC_LEN0;
		break;
	case PC_DEC_LEN0:
		d->f.len = b;
		d->state = PC_DEC_LEN1;
		break;
	case PC_DEC_LEN1:
		d->f.len |= (uint16_t)b << 8;
		if (d->f.len > PC_MAX_PAYLOAD) {
			d->state = PC_DEC_HUNT;
			return PC_DEC_BADLEN;
		}
		d->got = 0;
		d->state = d->f.len ? PC_DEC_PAYLOAD : PC_DEC_CRC0;
		break;
	case PC_DEC_PAYLOAD:
		d->f.payload[d->got++] = b;
		if (d->got == d->f.len)
			d->state = PC_DEC_CRC0;
		break;
	case PC_DEC_CRC0:
		d->rx_crc = b;
		d->state = PC_DEC_CRC1;
		return PC_DEC_MORE;
	case PC_DEC_CRC1:
		d->rx_crc |= (uint16_t)b << 8;
		d->state = PC_DEC_HUNT;
		return d->rx_crc == d->crc ? PC_DEC_FRAME : PC_DEC_BADCRC;
	}
	d->crc = pc_crc16_update(d->crc, b);
	return PC_DEC_MORE;
}
