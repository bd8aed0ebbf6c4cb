/* SPDX-License-Identifier: ISC */
/* test_proto.c — CRC-16/CCITT-FALSE, frame encoder, incremental decoder on good, corrupted,
 * truncated and garbage streams. Prints PASS/FAIL per case. */
#include "proto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed;

static void check(int ok, const char *name)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", name);
	if (!ok)
		failed = 1;
}

static uint32_t rng = 12345;
static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* feed a stream; count frames / errors / dropped; remember the last frame */
struct tally { int frames, badcrc, badlen, dropped; struct pc_frame last; };

static void feed(struct pc_decoder *d, const uint8_t *p, size_t n, struct tally *t)
{
	for (size_t i = 0; i < n; i++) {
		int r = pc_decoder_feed(d, p[i]);
		if (r == PC_DEC_FRAME) {
			t->frames++;
			t->last = d->f;
		} else if (r == PC_DEC_BADCRC) {
			t->badcrc++;
		} else if (r == PC_DEC_BADLEN) {
			t->badlen++;
		} else if (r == PC_DEC_DROPPED) {
			t->dropped++;
		}
	}
}

int main(void)
{
	uint8_t buf[4 * PC_FRAME_MAX], payload[PC_MAX_PAYLOAD];
	struct pc_decoder d;

	check(pc_crc16((const uint8_t *)"123456789", 9) == 0x29B1, "crc16 check value 0x29B1");
	check(pc_crc16(NULL, 0) == 0xFFFF, "crc16 of nothing is the init value");

	/* known frame: STATUS, seq 7 */
	size_t n = pc_frame_encode(buf, PC_SOF_REQ, PC_CMD_STATUS, 7, NULL, 0);
	check(n == 7 && buf[0] == 0xA5 && buf[1] == 1 && buf[2] == 7 && buf[3] == 0 && buf[4] == 0 &&
	      pc_get16(buf + 5) == pc_crc16(buf + 1, 4), "encode STATUS layout");

	/* round trip of every length class */
	int ok = 1;
	for (int trial = 0; trial < 2000; trial++) {
		uint16_t len = trial < 3 ? (uint16_t)(trial * 512) : (uint16_t)(rnd() % (PC_MAX_PAYLOAD + 1));
		for (int i = 0; i < len; i++)
			payload[i] = (uint8_t)rnd();
		uint8_t cmd = (uint8_t)rnd(), seq = (uint8_t)rnd();
		n = pc_frame_encode(buf, PC_SOF_REQ, cmd, seq, payload, len);
		struct tally t = { 0 };
		pc_decoder_init(&d, PC_SOF_REQ);
		feed(&d, buf, n, &t);
		ok &= t.frames == 1 && t.last.cmd == cmd && t.last.seq == seq && t.last.len == len &&
		      !memcmp(t.last.payload, payload, len) && !pc_decoder_busy(&d);
	}
	check(ok, "encode/decode round trip, 2000 random frames (0..1024 bytes)");

	/* any single bit flip in CMD..CRC is detected (or, in LEN, changes the frame) */
	ok = 1;
	for (int trial = 0; trial < 500; trial++) {
		uint16_t len = (uint16_t)(rnd() % 400);
		for (int i = 0; i < len; i++)
			payload[i] = (uint8_t)rnd();
		n = pc_frame_encode(buf, PC_SOF_REQ, PC_CMD_TRAIN, 1, payload, len);
		size_t bit = 8 + rnd() % ((n - 1) * 8);
		buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		/* a good frame after it must still come through once the damage is flushed */
		size_t m = pc_frame_encode(buf + n, PC_SOF_REQ, PC_CMD_STATUS, 2, NULL, 0);
		struct tally t = { 0 };
		pc_decoder_init(&d, PC_SOF_REQ);
		feed(&d, buf, n + m, &t);
		ok &= !(t.frames >= 1 && t.last.cmd == PC_CMD_TRAIN); /* never decodes */
		ok &= t.badcrc + t.badlen >= 1 || pc_decoder_busy(&d); /* error, or waits (timeout) */
	}
	check(ok, "single bit flips never yield the damaged frame");

	/* truncated frame: decoder stays busy, reset returns to hunting, next frame decodes */
	n = pc_frame_encode(buf, PC_SOF_REQ, PC_CMD_INFER, 9, payload, 393);
	struct tally t = { 0 };
	pc_decoder_init(&d, PC_SOF_REQ);
	feed(&d, buf, n - 3, &t);
	ok = t.frames == 0 && pc_decoder_busy(&d) && d.have_seq && d.f.seq == 9;
	pc_decoder_reset(&d);
	feed(&d, buf, n, &t);
	check(ok && t.frames == 1 && t.last.seq == 9, "truncated frame, reset, next frame decodes");

	/* LEN > MAX_PAYLOAD is reported as soon as LEN arrives */
	uint8_t big[5] = { PC_SOF_REQ, PC_CMD_TRAIN, 3, 0x01, 0x04 }; /* 1025 */
	memset(&t, 0, sizeof t);
	pc_decoder_init(&d, PC_SOF_REQ);
	feed(&d, big, 5, &t);
	check(t.badlen == 1 && d.f.seq == 3 && !pc_decoder_busy(&d), "LEN 1025 -> bad length at once");

	/* garbage: bytes before SOF are dropped; the frame after the garbage decodes */
	memset(&t, 0, sizeof t);
	pc_decoder_init(&d, PC_SOF_REQ);
	uint8_t junk[300];
	for (size_t i = 0; i < sizeof junk; i++) {
		junk[i] = (uint8_t)rnd();
		if (junk[i] == PC_SOF_REQ)
			junk[i] = 0;
	}
	feed(&d, junk, sizeof junk, &t);
	n = pc_frame_encode(buf, PC_SOF_REQ, PC_CMD_COUNTERS, 44, NULL, 0);
	feed(&d, buf, n, &t);
	check(t.dropped == 300 && t.frames == 1 && t.last.seq == 44, "garbage dropped, then a frame");

	/* random garbage with SOFs: never a crash, decoder always recovers for a clean frame */
	ok = 1;
	for (int trial = 0; trial < 200; trial++) {
		uint8_t g[2000];
		for (size_t i = 0; i < sizeof g; i++)
			g[i] = rnd() % 8 == 0 ? PC_SOF_REQ : (uint8_t)rnd();
		memset(&t, 0, sizeof t);
		pc_decoder_init(&d, PC_SOF_REQ);
		feed(&d, g, sizeof g, &t);
		pc_decoder_reset(&d); /* what a device does on RX timeout */
		int before = t.frames;
		n = pc_frame_encode(buf, PC_SOF_REQ, PC_CMD_COUNTERS, 45, NULL, 0);
		feed(&d, buf, n, &t);
		ok &= t.frames == before + 1 && t.last.seq == 45;
	}
	check(ok, "random garbage with SOF bytes, then recovery");

	/* response direction uses its own SOF */
	n = pc_frame_encode(buf, PC_SOF_RSP, PC_CMD_STATUS | PC_RESP_BIT, 5, payload, 16);
	memset(&t, 0, sizeof t);
	pc_decoder_init(&d, PC_SOF_REQ);
	feed(&d, buf, n, &t);
	struct tally t2 = { 0 };
	pc_decoder_init(&d, PC_SOF_RSP);
	feed(&d, buf, n, &t2);
	check(t.frames == 0 && t2.frames == 1, "SOF 0x5A for responses, 0xA5 for requests");

	check(pc_get32((const uint8_t[]){ 0x50, 0x4C, 0x43, 0x31 }) == PC_PROTO_ID, "id PLC1 little-endian");
	return failed;
}
