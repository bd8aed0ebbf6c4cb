/* SPDX-License-Identifier: ISC */
/* test_refdev.c — the reference device: error codes and counters, the sequence rule (code 7,
 * STATUS resync), state untouched by 10,000 damaged frames, and the pipelined go-back-N client
 * over transport_ref against direct pc_* calls, also with damaged requests and responses.
 * Prints PASS/FAIL per case. */
#include "client.h"
#include "refdev.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed;

static void check(int ok, const char *name)
{
	printf("%s %s\n", ok ? "PASS" : "FAIL", name);
	fflush(stdout);
	if (!ok)
		failed = 1;
}

static uint32_t rng = 99;
static uint32_t rnd(void)
{
	return pc_lfsr_next(&rng);
}

/* ---- device helpers --------------------------------------------------------------------- */

static struct pc_refdev dev;
static uint8_t seqno = 1; /* the device's exp_seq, as long as every frame is accepted */

static uint8_t seq_next(uint8_t s)
{
	return (uint8_t)(s == 255 ? 1 : s + 1);
}

static void send_seq(uint8_t cmd, const uint8_t *p, uint16_t len, uint8_t seq)
{
	uint8_t f[PC_FRAME_MAX];
	size_t n = pc_frame_encode(f, PC_SOF_REQ, cmd, seq, p, len);
	pc_refdev_feed(&dev, f, n);
}

static void send(uint8_t cmd, const uint8_t *p, uint16_t len)
{
	send_seq(cmd, p, len, seqno);
	seqno = seq_next(seqno);
}

/* run the device and decode every response; returns how many; *last is the last one */
static int responses(struct pc_frame *last, int *errors)
{
	uint8_t buf[8192];
	struct pc_decoder d;
	int n = 0;
	pc_refdev_run(&dev);
	pc_decoder_init(&d, PC_SOF_RSP);
	if (errors)
		*errors = 0;
	for (;;) {
		size_t k = pc_refdev_take(&dev, buf, sizeof buf);
		if (!k)
			break;
		for (size_t i = 0; i < k; i++)
			if (pc_decoder_feed(&d, buf[i]) == PC_DEC_FRAME) {
				n++;
				if (last)
					*last = d.f;
				if (errors && d.f.cmd == PC_CMD_ERROR)
					(*errors)++;
			}
	}
	return n;
}

/* one request; returns the error code (0 for a normal response, -1 for no/odd response) */
static int one(uint8_t cmd, const uint8_t *p, uint16_t len, struct pc_frame *rsp)
{
	struct pc_frame f;
	send(cmd, p, len);
	if (responses(&f, NULL) != 1)
		return -1;
	if (rsp)
		*rsp = f;
	if (f.cmd == PC_CMD_ERROR)
		return f.len == 1 ? f.payload[0] : -1;
	return f.cmd == (cmd | PC_RESP_BIT) ? 0 : -1;
}

/* the learned state as bytes: registers, counters (without the protocol ones), memories */
static size_t dump(const struct pc_core *c, uint8_t **out)
{
	size_t n = sizeof c->reg + sizeof c->cnt + sizeof c->nlive + sizeof c->w2 +
		   c->slot_cap * sizeof *c->slot;
	uint8_t *p = malloc(n), *q = p;
	uint64_t cnt[PC_NCOUNTERS];
	memcpy(cnt, c->cnt, sizeof cnt);
	cnt[PC_CNT_FRAME_ERRORS] = cnt[PC_CNT_RX_DROPPED] = 0;
	memcpy(q, c->reg, sizeof c->reg); q += sizeof c->reg;
	memcpy(q, cnt, sizeof cnt); q += sizeof cnt;
	memcpy(q, c->nlive, sizeof c->nlive); q += sizeof c->nlive;
	memcpy(q, c->w2, sizeof c->w2); q += sizeof c->w2;
	for (uint32_t i = 0; i < c->slot_cap; i++, q += 8) { /* field by field: no padding bytes */
		pc_put16(q, c->slot[i].idx);
		q[2] = c->slot[i].age;
		q[3] = 0;
		pc_put16(q + 4, (uint16_t)c->slot[i].w);
		pc_put16(q + 6, c->slot[i].aux);
	}
	*out = p;
	return n;
}

static void random_pixels(uint8_t *pix)
{
	for (int i = 0; i < PC_PIX_BYTES; i++) { /* ~25 % ink */
		uint32_t r = rnd();
		pix[i] = (uint8_t)((r & 3) == 0 ? r >> 8 : 0);
	}
}

static void setup_core(struct pc_core *c, uint32_t H, uint32_t S, uint32_t ctrl, uint32_t seed)
{
	pc_reg_write(c, PC_REG_HIDDEN, H);
	pc_reg_write(c, PC_REG_SLOTS, S);
	pc_reg_write(c, PC_REG_CTRL, ctrl);
	pc_reg_write(c, PC_REG_K, H / 2);
	pc_reg_write(c, PC_REG_THETA1, 2);
	pc_reg_write(c, PC_REG_THETA2, 2);
	pc_reg_write(c, PC_REG_PRUNE_EVERY, 37);
	pc_reg_write(c, PC_REG_PRUNE_THETA, 60);
	pc_reg_write(c, PC_REG_PROTECT_AGE, 1);
	pc_reg_write(c, PC_REG_GROW_W, 40);
	pc_reg_write(c, PC_REG_GROW_MAX, 20);
	pc_core_randomize(c, seed, 2500, 850);
}

/* one request with the given SEQ; the error code, 0 for a normal response, -1 none / odd */
static int one_seq(uint8_t cmd, const uint8_t *p, uint16_t len, uint8_t seq, struct pc_frame *rsp)
{
	struct pc_frame f;
	send_seq(cmd, p, len, seq);
	if (responses(&f, NULL) != 1 || f.seq != seq)
		return -1;
	if (rsp)
		*rsp = f;
	if (f.cmd == PC_CMD_ERROR)
		return f.len == 1 ? f.payload[0] : -1;
	return f.cmd == (cmd | PC_RESP_BIT) ? 0 : -1;
}

/* ---- error codes and counters ------------------------------------------------------------ */

static void test_errors(void)
{
	uint8_t p[PC_MAX_PAYLOAD + 16], f[PC_FRAME_MAX + 16];
	struct pc_frame r;
	uint64_t *cnt = dev.core.cnt;

	check(one(PC_CMD_STATUS, NULL, 0, &r) == 0 && r.len == 16 && pc_get32(r.payload) == PC_PROTO_ID &&
	      pc_get16(r.payload + 4) == 1 && pc_get16(r.payload + 6) == PC_H_MAX &&
	      pc_get32(r.payload + 8) == PC_SLOT_CAP_DEFAULT && pc_get16(r.payload + 12) == 1024 &&
	      pc_get16(r.payload + 14) == PC_REFDEV_RX_FIFO, "STATUS fields");

	uint64_t fe = cnt[PC_CNT_FRAME_ERRORS];
	size_t n = pc_frame_encode(f, PC_SOF_REQ, PC_CMD_STATUS, 77, NULL, 0);
	f[n - 1] ^= 1;
	pc_refdev_feed(&dev, f, n);
	check(responses(&r, NULL) == 1 && r.cmd == PC_CMD_ERROR && r.seq == 77 && r.payload[0] == PC_E_CRC &&
	      cnt[PC_CNT_FRAME_ERRORS] == fe + 1, "bad CRC -> error 1, SEQ echoed, FRAME_ERRORS+1");

	uint8_t big[5] = { PC_SOF_REQ, PC_CMD_TRAIN, 78, 0x01, 0x04 };
	pc_refdev_feed(&dev, big, 5);
	check(responses(&r, NULL) == 1 && r.payload[0] == PC_E_LEN && r.seq == 78, "LEN 1025 -> error 2");

	memset(p, 0, sizeof p);
	check(one(PC_CMD_TRAIN, p, 10, NULL) == PC_E_LEN, "TRAIN with 10 bytes -> error 2");
	check(one(PC_CMD_STATUS, p, 1, NULL) == PC_E_LEN, "STATUS with a payload -> error 2");
	check(one(PC_CMD_WRITE_REG, p, 7, NULL) == PC_E_LEN, "WRITE_REG 7 bytes -> error 2");
	check(one(PC_CMD_READ_REG, p, 514, NULL) == PC_E_LEN, "READ_REG 257 registers -> error 2");
	check(one(PC_CMD_MEM_READ, p, 6, NULL) == PC_E_LEN, "MEM_READ 6 bytes -> error 2");
	check(one(0x42, NULL, 0, NULL) == PC_E_CMD && one(0x00, NULL, 0, NULL) == PC_E_CMD,
	      "unknown command -> error 3");

	/* truncated frame + RX timeout */
	n = pc_frame_encode(f, PC_SOF_REQ, PC_CMD_INFER, 79, p, 393);
	pc_refdev_feed(&dev, f, 100);
	check(responses(NULL, NULL) == 0, "truncated frame: no response before the timeout");
	pc_refdev_timeout(&dev);
	check(responses(&r, NULL) == 1 && r.payload[0] == PC_E_TIMEOUT && r.seq == 79, "timeout -> error 4");

	/* bad arguments */
	pc_put16(p, 0x30);
	pc_put32(p + 2, 1);
	check(one(PC_CMD_WRITE_REG, p, 6, NULL) == PC_E_ARG, "WRITE_REG unknown address -> error 5");
	pc_put16(p, PC_REG_ID);
	check(one(PC_CMD_WRITE_REG, p, 6, NULL) == PC_E_ARG, "WRITE_REG ID (read only) -> error 5");
	uint32_t lr1 = dev.core.reg[PC_REG_LR1];
	pc_put16(p, PC_REG_LR1); pc_put32(p + 2, lr1 + 1);
	pc_put16(p + 6, PC_REG_HIDDEN); pc_put32(p + 8, 0);
	check(one(PC_CMD_WRITE_REG, p, 12, NULL) == PC_E_ARG && dev.core.reg[PC_REG_LR1] == lr1,
	      "WRITE_REG all-or-nothing: a bad second register leaves the first");
	pc_put16(p, 0x30);
	check(one(PC_CMD_READ_REG, p, 2, NULL) == PC_E_ARG, "READ_REG unknown address -> error 5");
	memset(p, 0, 400);
	p[0] = 10;
	check(one(PC_CMD_TRAIN, p, 393, NULL) == PC_E_ARG, "TRAIN label 10 -> error 5");
	p[0] = 0xFF;
	check(one(PC_CMD_TRAIN, p, 393, NULL) == PC_E_ARG, "TRAIN label 0xFF -> error 5");
	check(one(PC_CMD_INFER, p, 393, &r) == 0 && r.payload[1] == 0xFF, "INFER label 0xFF is fine");
	p[0] = 12;
	check(one(PC_CMD_INFER, p, 393, NULL) == PC_E_ARG, "INFER label 12 -> error 5");
	p[0] = 3; pc_put32(p + 1, 0); pc_put16(p + 5, 1);
	check(one(PC_CMD_MEM_READ, p, 7, NULL) == PC_E_ARG, "MEM_READ mem 3 -> error 5");
	p[0] = PC_MEM_W2; pc_put32(p + 1, PC_H_MAX * 10 - 1); pc_put16(p + 5, 2);
	check(one(PC_CMD_MEM_READ, p, 7, NULL) == PC_E_ARG, "MEM_READ past the end -> error 5");
	p[0] = PC_MEM_SLOTS; pc_put32(p + 1, 0); pc_put16(p + 5, 171);
	check(one(PC_CMD_MEM_READ, p, 7, NULL) == PC_E_ARG, "MEM_READ of more than 1024 bytes -> error 5");
	p[0] = PC_MEM_NLIVE; pc_put32(p + 1, PC_H_MAX);
	check(one(PC_CMD_MEM_WRITE, p, 7, NULL) == PC_E_ARG, "MEM_WRITE past the end -> error 5");
	pc_put32(p, dev.core.reg[PC_REG_LIVE] + 1);
	check(one(PC_CMD_ACT_PRUNE, p, 4, NULL) == PC_E_ARG, "ACT_PRUNE keep > live -> error 5");

	/* an inconsistent state: nlive > S */
	uint16_t save = dev.core.nlive[0];
	p[0] = PC_MEM_NLIVE; pc_put32(p + 1, 0); pc_put16(p + 5, (uint16_t)(dev.core.reg[PC_REG_SLOTS] + 1));
	check(one(PC_CMD_MEM_WRITE, p, 7, NULL) == 0, "MEM_WRITE nlive");
	memset(p, 0, 400);
	check(one(PC_CMD_INFER, p, 393, NULL) == PC_E_ARG, "operation with nlive > S -> error 5");
	p[0] = PC_MEM_NLIVE; pc_put32(p + 1, 0); pc_put16(p + 5, save);
	check(one(PC_CMD_MEM_WRITE, p, 7, NULL) == 0 && one(PC_CMD_STRUCT_PASS, NULL, 0, NULL) == 0,
	      "restored nlive, operations run again");

	/* garbage: RX_DROPPED */
	uint64_t dr = cnt[PC_CNT_RX_DROPPED];
	fe = cnt[PC_CNT_FRAME_ERRORS];
	uint8_t junk[100];
	memset(junk, 0x11, sizeof junk);
	pc_refdev_feed(&dev, junk, sizeof junk);
	check(responses(NULL, NULL) == 0 && cnt[PC_CNT_RX_DROPPED] == dr + 100 && cnt[PC_CNT_FRAME_ERRORS] == fe,
	      "100 garbage bytes -> RX_DROPPED+100, no response");

	/* overflow: 6 TRAIN frames (2400 bytes) without waiting */
	memset(p, 0, 400);
	fe = cnt[PC_CNT_FRAME_ERRORS];
	for (int i = 0; i < 6; i++)
		send(PC_CMD_INFER, p, 393);
	int errs = 0, got = responses(&r, &errs);
	check(got == 6 && errs == 1 && r.payload[0] == PC_E_OVERFLOW && cnt[PC_CNT_FRAME_ERRORS] == fe + 1,
	      "2400 bytes into a 2048-byte FIFO -> 5 answers + error 6");
	check(one(PC_CMD_STATUS, NULL, 0, NULL) == 0, "device recovers after overflow");
}

/* the sequence rule: exp_seq, error 7, STATUS resync */
static void test_sequence(void)
{
	uint8_t p[PC_MAX_PAYLOAD], f[PC_FRAME_MAX];
	uint64_t *cnt = dev.core.cnt;
	uint8_t *before, *after;
	struct pc_frame r;

	check(one_seq(PC_CMD_STATUS, NULL, 0, 200, NULL) == 0 && dev.exp_seq == 201,
	      "STATUS with any SEQ is accepted and resyncs (exp_seq = SEQ + 1)");
	seqno = 201;
	memset(p, 0, 400);
	p[0] = 3;
	size_t nb = dump(&dev.core, &before);
	uint64_t fe = cnt[PC_CNT_FRAME_ERRORS];
	int ok = one_seq(PC_CMD_TRAIN, p, 393, 202, &r) == PC_E_SEQ && r.seq == 202;   /* ahead */
	ok &= one_seq(PC_CMD_TRAIN, p, 393, 200, NULL) == PC_E_SEQ;                     /* the last one again */
	ok &= one_seq(PC_CMD_TRAIN, p, 393, 0, NULL) == PC_E_SEQ;                       /* 0 is never used */
	pc_put16(p + 400, PC_REG_THETA_C);
	pc_put32(p + 402, 4321);
	ok &= one_seq(PC_CMD_WRITE_REG, p + 400, 6, 77, NULL) == PC_E_SEQ;
	ok &= one_seq(PC_CMD_MEM_WRITE, (const uint8_t[]){ 1, 0, 0, 0, 0, 9, 9 }, 7, 150, NULL) == PC_E_SEQ;
	ok &= one_seq(PC_CMD_STRUCT_PASS, NULL, 0, 99, NULL) == PC_E_SEQ;
	size_t na = dump(&dev.core, &after);
	check(ok && cnt[PC_CNT_FRAME_ERRORS] == fe + 6 && dev.exp_seq == 201 && nb == na && !memcmp(before, after, nb),
	      "out-of-sequence frames -> error 7 with their SEQ, FRAME_ERRORS+1 each, nothing executed");
	free(before);
	free(after);

	uint64_t ts = cnt[PC_CNT_TRAIN_SAMPLES];
	check(one_seq(PC_CMD_TRAIN, p, 393, 201, NULL) == 0 && cnt[PC_CNT_TRAIN_SAMPLES] == ts + 1 &&
	      dev.exp_seq == 202, "the expected SEQ runs and moves exp_seq on");

	size_t n = pc_frame_encode(f, PC_SOF_REQ, PC_CMD_TRAIN, 202, p, 393);
	f[100] ^= 4;
	pc_refdev_feed(&dev, f, n);
	check(responses(&r, NULL) == 1 && r.payload[0] == PC_E_CRC && dev.exp_seq == 202 &&
	      one_seq(PC_CMD_TRAIN, p, 393, 202, NULL) == 0 && cnt[PC_CNT_TRAIN_SAMPLES] == ts + 2,
	      "a damaged frame does not move exp_seq: its resend with the same SEQ runs");
	uint8_t big[5] = { PC_SOF_REQ, PC_CMD_STATUS, 50, 0x01, 0x04 };
	pc_refdev_feed(&dev, big, 5);
	check(responses(&r, NULL) == 1 && r.payload[0] == PC_E_LEN && dev.exp_seq == 203,
	      "LEN > 1024 (even on STATUS) does not move exp_seq");
	n = pc_frame_encode(f, PC_SOF_REQ, PC_CMD_INFER, 203, p, 393);
	pc_refdev_feed(&dev, f, 50);
	pc_refdev_timeout(&dev);
	check(responses(&r, NULL) == 1 && r.payload[0] == PC_E_TIMEOUT && dev.exp_seq == 203,
	      "a truncated frame (error 4) does not move exp_seq");
	check(one_seq(0x42, NULL, 0, 203, NULL) == PC_E_CMD && dev.exp_seq == 204 &&
	      one_seq(PC_CMD_TRAIN, p, 10, 204, NULL) == PC_E_LEN && dev.exp_seq == 205 &&
	      one_seq(PC_CMD_READ_REG, (const uint8_t[]){ 0x30, 0 }, 2, 205, NULL) == PC_E_ARG && dev.exp_seq == 206,
	      "errors 3, 2 (for the command), 5 come after acceptance: exp_seq moves on");
	check(one_seq(PC_CMD_STATUS, NULL, 0, 255, NULL) == 0 && dev.exp_seq == 1 &&
	      one_seq(PC_CMD_COUNTERS, NULL, 0, 1, NULL) == 0 && dev.exp_seq == 2 &&
	      one_seq(PC_CMD_STATUS, NULL, 0, 0, NULL) == 0 && dev.exp_seq == 1,
	      "255 -> 1; STATUS with SEQ 0 -> exp_seq 1");
	/* go-back-N at the device: frames 1..5 sent back to back, 2 damaged -> 1 runs, 3..5 refused */
	ts = cnt[PC_CNT_TRAIN_SAMPLES];
	for (uint8_t q = 1; q <= 5; q++) {
		n = pc_frame_encode(f, PC_SOF_REQ, PC_CMD_TRAIN, q, p, 393);
		if (q == 2)
			f[200] ^= 1;
		pc_refdev_feed(&dev, f, n);
	}
	int errs = 0, got = responses(&r, &errs);
	check(got == 5 && errs == 4 && r.payload[0] == PC_E_SEQ && cnt[PC_CNT_TRAIN_SAMPLES] == ts + 1 &&
	      dev.exp_seq == 2, "pipelined, one damaged: exactly the prefix before it ran");
	seqno = 2;
}

/* 10,000 damaged frames: all answered by errors (or dropped), learned state unchanged */
static void test_fuzz(void)
{
	uint8_t p[PC_MAX_PAYLOAD], f[PC_FRAME_MAX + 64];
	uint8_t *before, *after;
	size_t nb = dump(&dev.core, &before);
	uint64_t fe = dev.core.cnt[PC_CNT_FRAME_ERRORS];
	long nerr = 0, nok = 0;

	for (int i = 0; i < 10000; i++) {
		uint8_t cmd;
		uint16_t len;
		switch (rnd() % 6) {
		case 0: cmd = PC_CMD_TRAIN; len = 393; break;
		case 1: cmd = PC_CMD_WRITE_REG; len = 6 * (1 + rnd() % 8); break;
		case 2: cmd = PC_CMD_MEM_WRITE; len = 5 + 6 * (1 + rnd() % 100); break;
		case 3: cmd = PC_CMD_PERSONALISE; len = 392; break;
		case 4: cmd = PC_CMD_STRUCT_PASS; len = 0; break;
		default: cmd = PC_CMD_ACT_PRUNE; len = 4; break;
		}
		for (int k = 0; k < len; k++)
			p[k] = (uint8_t)rnd();
		if (cmd == PC_CMD_MEM_WRITE)
			p[0] = (uint8_t)(rnd() % 3);
		if (cmd == PC_CMD_TRAIN)
			p[0] = (uint8_t)(rnd() % 10);
		if (cmd == PC_CMD_WRITE_REG)
			for (int k = 0; k < len; k += 6)
				pc_put16(p + k, (uint16_t)(rnd() % PC_REG_COUNT));
		size_t n = pc_frame_encode(f, PC_SOF_REQ, cmd, (uint8_t)rnd(), p, len);
		unsigned kind = rnd() % 4;
		if (kind == 0) { /* 1..3 distinct bit flips */
			int flips = 1 + rnd() % 3;
			size_t bits[3];
			for (int b = 0; b < flips; b++) {
				size_t bit;
				int dup;
				do {
					bit = rnd() % (n * 8);
					dup = 0;
					for (int k = 0; k < b; k++)
						dup |= bits[k] == bit;
				} while (dup);
				bits[b] = bit;
				f[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			}
		} else if (kind == 1) { /* truncated: cut short, garbage after */
			n = 1 + rnd() % (n - 1);
		} else if (kind == 2) { /* a byte replaced */
			f[1 + rnd() % (n - 1)] ^= (uint8_t)(1 + rnd() % 255);
		} else { /* garbage inserted */
			size_t at = 1 + rnd() % (n - 1), g = 1 + rnd() % 40;
			memmove(f + at + g, f + at, n - at);
			for (size_t k = 0; k < g; k++)
				f[at + k] = (uint8_t)rnd();
			n += g;
		}
		pc_refdev_feed(&dev, f, n);
		if (rnd() % 16 == 0)
			pc_refdev_timeout(&dev);
		int errs;
		int got = responses(NULL, &errs);
		nerr += errs;
		nok += got - errs;
	}
	pc_refdev_timeout(&dev);
	int errs;
	int got = responses(NULL, &errs);
	nerr += errs;
	nok += got - errs;
	size_t na = dump(&dev.core, &after);
	check(nb == na && !memcmp(before, after, nb), "10,000 damaged frames leave the state unchanged");
	check(nok == 0, "no damaged frame was executed");
	check(nerr > 5000 && dev.core.cnt[PC_CNT_FRAME_ERRORS] == fe + (uint64_t)nerr,
	      "FRAME_ERRORS counts every error response");
	printf("     (%ld error responses, %llu bytes dropped)\n", nerr,
	       (unsigned long long)dev.core.cnt[PC_CNT_RX_DROPPED]);
	free(before);
	free(after);
}

/* ---- the client over transport_ref ----------------------------------------------------- */

/* a transport wrapper: records the most bytes written between reads, damages frames */
struct spy {
	struct pc_transport t;
	struct pc_transport *in;
	size_t since_read, max_since_read;
	unsigned damage_every, writes; /* damage every Nth write (0 = never) */
	unsigned wrandom, rrandom;     /* or at random: 1 in N writes / reads (0 = never) */
	uint32_t lfsr;
};

static int spy_chance(struct spy *s, unsigned n)
{
	if (!n)
		return 0;
	s->lfsr = s->lfsr * 1103515245u + 12345u; /* an LCG: its high bits, not xorshift's low ones */
	return (s->lfsr >> 16) % n == 0;
}

static int spy_write(struct pc_transport *t, const uint8_t *buf, size_t n)
{
	struct spy *s = (struct spy *)t;
	uint8_t tmp[PC_FRAME_MAX];
	s->since_read += n;
	if (s->since_read > s->max_since_read)
		s->max_since_read = s->since_read;
	if (((s->damage_every && ++s->writes % s->damage_every == 0) || spy_chance(s, s->wrandom)) &&
	    n <= sizeof tmp) {
		memcpy(tmp, buf, n);
		tmp[n / 2] ^= 0x10;
		return s->in->write(s->in, tmp, n);
	}
	return s->in->write(s->in, buf, n);
}

static long spy_read(struct pc_transport *t, uint8_t *buf, size_t n, int ms)
{
	struct spy *s = (struct spy *)t;
	s->since_read = 0;
	long r = s->in->read(s->in, buf, n, ms);
	if (r < 0)
		memcpy(t->err, s->in->err, sizeof t->err);
	else if (spy_chance(s, s->rrandom))
		buf[(s->lfsr >> 8) % (size_t)r] ^= 0x08; /* a response damaged (or its SOF: lost) */
	return r;
}

#define NS 300
static uint8_t pix[NS][PC_PIX_BYTES];
static int labels[NS], preds[NS], order_ok;

static void src_get(void *ctx, size_t i, uint8_t p[PC_PIX_BYTES], int *label)
{
	(void)ctx;
	memcpy(p, pix[i], PC_PIX_BYTES);
	*label = labels[i];
}

static int src_result(void *ctx, size_t i, int pred, int label)
{
	size_t *next = ctx;
	if (i != *next || (label >= 0 && label != labels[i]))
		order_ok = 0;
	(*next)++;
	preds[i] = pred;
	return 0;
}

static int same_state(const struct pc_core *a, const struct pc_core *b)
{
	const uint32_t H = a->reg[PC_REG_HIDDEN], S = a->reg[PC_REG_SLOTS];
	if (memcmp(a->reg, b->reg, sizeof a->reg) || memcmp(a->cnt, b->cnt, sizeof a->cnt) ||
	    memcmp(a->nlive, b->nlive, sizeof a->nlive) || memcmp(a->w2, b->w2, H * PC_NOUT * 2))
		return 0;
	for (uint32_t j = 0; j < H; j++)
		for (uint32_t s = 0; s < a->nlive[j]; s++) {
			const struct pc_slot *x = &a->slot[j * S + s], *y = &b->slot[j * S + s];
			if (x->idx != y->idx || x->age != y->age || x->w != y->w || x->aux != y->aux)
				return 0;
		}
	return 1;
}

static void test_client(uint32_t ctrl, const char *what)
{
	char err[256], name[512];
	struct pc_transport_opts o = { 0 };
	struct pc_transport *ref = pc_transport_ref_open(&o, err, sizeof err);
	struct spy spy = { .t = { .name = "spy", .write = spy_write, .read = spy_read }, .in = ref };
	struct pc_client cl;
	struct pc_core a, b;

	pc_core_init(&a, PC_H_MAX, PC_SLOT_CAP_DEFAULT);
	pc_core_init(&b, PC_H_MAX, PC_SLOT_CAP_DEFAULT);
	setup_core(&a, 24, 90, ctrl, 7);
	for (int i = 0; i < NS; i++) {
		random_pixels(pix[i]);
		labels[i] = (int)(rnd() % 10);
	}
	int ok = ref && pc_client_open(&cl, &spy.t, 100) == 0;
	ok = ok && pc_client_load_state(&cl, &a) == 0;
	snprintf(name, sizeof name, "%s: client open + load state", what);
	check(ok, name);
	if (!ok) {
		printf("     %s\n", cl.err);
		return;
	}
	/* train pipelined vs direct */
	size_t next = 0;
	struct pc_sample_src src = { &next, src_get, src_result };
	order_ok = 1;
	spy.max_since_read = 0;
	ok = pc_client_samples(&cl, PC_OP_TRAIN, NS, &src) == 0;
	int same = 1;
	for (int i = 0; i < NS; i++) {
		uint8_t x[PC_NIN];
		pc_unpack_pixels(pix[i], x);
		same &= pc_train(&a, x, labels[i]) == preds[i];
	}
	snprintf(name, sizeof name, "%s: pipelined TRAIN = pc_train, results in order", what);
	check(ok && same && order_ok && next == NS, name);
	snprintf(name, sizeof name, "%s: pipelined (%zu bytes in flight, <= 2048)", what, spy.max_since_read);
	check(spy.max_since_read > 2 * 400 && spy.max_since_read <= PC_REFDEV_RX_FIFO, name);

	/* struct pass, act prune, infer, personalise */
	long pr = pc_client_act_prune(&cl, a.reg[PC_REG_LIVE] - 100);
	long pd = pc_act_prune(&a, a.reg[PC_REG_LIVE] - 100);
	ok = pc_client_struct_pass(&cl) == 0 && pr == pd && pr >= 0;
	pc_struct_pass(&a);
	next = 0;
	ok = ok && pc_client_samples(&cl, PC_OP_PERSONALISE, 50, &src) == 0;
	for (int i = 0; i < 50; i++) {
		uint8_t x[PC_NIN];
		pc_unpack_pixels(pix[i], x);
		ok &= pc_personalise(&a, x) == preds[i];
	}
	next = 0;
	ok = ok && pc_client_samples(&cl, PC_OP_INFER, NS, &src) == 0;
	for (int i = 0; i < NS; i++) {
		uint8_t x[PC_NIN];
		pc_unpack_pixels(pix[i], x);
		ok &= pc_infer(&a, x, labels[i]) == preds[i];
	}
	snprintf(name, sizeof name, "%s: ACT_PRUNE, STRUCT_PASS, PERSONALISE, INFER = direct", what);
	check(ok, name);
	ok = pc_client_read_state(&cl, &b) == 0 && same_state(&a, &b);
	snprintf(name, sizeof name, "%s: full state read back = direct model", what);
	check(ok, name);
	uint64_t cnt[PC_NCOUNTERS];
	ok = pc_client_counters(&cl, cnt) == 0 && !memcmp(cnt, a.cnt, sizeof cnt);
	snprintf(name, sizeof name, "%s: COUNTERS = direct model", what);
	check(ok, name);

	/* damaged requests: resent, same results (INFER does not change the learned state) */
	spy.damage_every = 7;
	next = 0;
	order_ok = 1;
	uint64_t resends = cl.resends;
	ok = pc_client_samples(&cl, PC_OP_INFER, NS, &src) == 0 && order_ok;
	for (int i = 0; i < NS; i++) {
		uint8_t x[PC_NIN];
		pc_unpack_pixels(pix[i], x);
		ok &= pc_infer(&a, x, labels[i]) == preds[i];
	}
	snprintf(name, sizeof name, "%s: every 7th frame damaged -> resent (%llu), same results", what,
		 (unsigned long long)(cl.resends - resends));
	check(ok && cl.resends > resends, name);

	/* TRAIN with damage both ways, pipelined: the same learning as direct calls; lost
	 * predictions are -1 (unknown) or told by TRAIN_CORRECT, and the totals stay exact */
	spy.wrandom = 30;
	spy.rrandom = 20;
	spy.lfsr = 12345u + ctrl;
	spy.max_since_read = 0;
	next = 0;
	order_ok = 1;
	uint64_t lost0 = cl.lost_responses, uc0 = cl.unknown_correct;
	resends = cl.resends;
	ok = pc_client_samples(&cl, PC_OP_TRAIN, NS, &src) == 0 && order_ok && next == NS;
	if (!ok)
		printf("     %s\n", cl.err);
	spy.wrandom = spy.rrandom = 0;
	int right_dev = 0, right_host = 0, nunknown = 0;
	same = 1;
	for (int i = 0; i < NS; i++) {
		uint8_t x[PC_NIN];
		pc_unpack_pixels(pix[i], x);
		int w = pc_train(&a, x, labels[i]);
		right_dev += w == labels[i];
		if (preds[i] < 0) {
			nunknown++;
		} else {
			same &= preds[i] == w;
			right_host += preds[i] == labels[i];
		}
	}
	right_host += (int)(cl.unknown_correct - uc0);
	ok = ok && pc_client_read_state(&cl, &b) == 0;
	b.cnt[PC_CNT_FRAME_ERRORS] = a.cnt[PC_CNT_FRAME_ERRORS];
	b.cnt[PC_CNT_RX_DROPPED] = a.cnt[PC_CNT_RX_DROPPED];
	snprintf(name, sizeof name, "%s: TRAIN, 1 in 30 requests and 1 in 20 reads damaged, pipelined (%zu bytes "
		 "in flight): state = direct, every sample once in order (%llu resent, %llu responses lost, "
		 "%d unknown), accuracy exact", what, spy.max_since_read,
		 (unsigned long long)(cl.resends - resends), (unsigned long long)(cl.lost_responses - lost0),
		 nunknown);
	check(ok && same && same_state(&a, &b) && right_host == right_dev && cl.lost_responses > lost0 &&
	      spy.max_since_read > 2 * 400, name);
	spy.damage_every = 1;
	ok = pc_client_samples(&cl, PC_OP_INFER, 5, &src) == -1 && strstr(cl.err, "8 consecutive");
	snprintf(name, sizeof name, "%s: every frame damaged -> gives up (%s)", what, cl.err);
	check(ok, name);
	spy.damage_every = 0;
	ok = pc_client_write_reg(&cl, 0x30, 1) == -1 && strstr(cl.err, "bad argument");
	snprintf(name, sizeof name, "%s: bad register -> clear error (%s)", what, cl.err);
	check(ok, name);
	pc_client_close(&cl);
	ref->close(ref);
	pc_core_free(&a);
	pc_core_free(&b);
}

/* FEATURES (0x1F, read only): a build without caching refuses CTRL bit 2, all or nothing, and
 * the client names the missing feature before it sends anything */
static void test_features(void)
{
	uint8_t p[18];
	struct pc_frame f;
	pc_put16(p, PC_REG_FEATURES);
	check(one(PC_CMD_READ_REG, p, 2, &f) == 0 && f.len == 4 && pc_get32(f.payload) == PC_CTRL_MASK,
	      "features: READ_REG FEATURES = 0x7F by default");
	dev.core.features = PC_CTRL_MASK & ~PC_CTRL_CACHE;
	uint32_t th = dev.core.reg[PC_REG_THETA1], ctrl = dev.core.reg[PC_REG_CTRL];
	pc_put16(p, PC_REG_THETA1);
	pc_put32(p + 2, th + 1);
	pc_put16(p + 6, PC_REG_CTRL);
	pc_put32(p + 8, PC_CTRL_CACHE | PC_CTRL_GATE1);
	check(one(PC_CMD_WRITE_REG, p, 12, NULL) == PC_E_ARG && dev.core.reg[PC_REG_THETA1] == th &&
	      dev.core.reg[PC_REG_CTRL] == ctrl, "features: without caching, WRITE_REG CTRL with bit 2 -> error 5, nothing written");
	pc_put32(p + 8, PC_CTRL_GATE1 | PC_CTRL_STOCH);
	check(one(PC_CMD_WRITE_REG, p, 12, NULL) == 0 && dev.core.reg[PC_REG_THETA1] == th + 1 &&
	      dev.core.reg[PC_REG_CTRL] == (PC_CTRL_GATE1 | PC_CTRL_STOCH),
	      "features: without caching, the other CTRL bits are written");
	pc_put16(p, PC_REG_FEATURES);
	pc_put32(p + 2, PC_CTRL_MASK);
	check(one(PC_CMD_WRITE_REG, p, 6, NULL) == PC_E_ARG, "features: WRITE_REG FEATURES -> error 5");
	check(one(PC_CMD_READ_REG, p, 2, &f) == 0 && f.len == 4 && pc_get32(f.payload) == 0x7B,
	      "features: READ_REG FEATURES = 0x7B without caching");
	pc_put16(p, PC_REG_THETA1);
	pc_put32(p + 2, th);
	pc_put16(p + 6, PC_REG_CTRL);
	pc_put32(p + 8, ctrl);
	check(one(PC_CMD_WRITE_REG, p, 12, NULL) == 0, "features: state restored");
	dev.core.features = PC_CTRL_MASK;

	/* the client against a reference device built without caching */
	char err[256], name[512];
	struct pc_transport_opts o = { .features = PC_CTRL_MASK & ~PC_CTRL_CACHE };
	struct pc_transport *ref = pc_transport_ref_open(&o, err, sizeof err);
	struct pc_client cl;
	struct pc_core a;
	pc_core_init(&a, PC_H_MAX, PC_SLOT_CAP_DEFAULT);
	setup_core(&a, 8, 20, PC_CTRL_CACHE | PC_CTRL_GATE1, 5);
	int ok = ref && pc_client_open(&cl, ref, 100) == 0 && cl.st.features == 0x7B;
	check(ok, "features: the client reads FEATURES when it opens the device");
	if (ok) {
		ok = pc_client_load_state(&cl, &a) == -1 && strstr(cl.err, "synaptic caching") &&
		     strstr(cl.err, "FEATURES 0x7B");
		snprintf(name, sizeof name, "features: loading a state with caching on -> clear error (%s)", cl.err);
		check(ok, name);
		uint32_t v = 1;
		ok = pc_client_write_reg(&cl, PC_REG_CTRL, PC_CTRL_CACHE) == -1 &&
		     pc_client_read_reg(&cl, PC_REG_CTRL, &v) == 0 && v == 0;
		check(ok, "features: CTRL with caching is not sent; the device's CTRL unchanged");
		pc_client_close(&cl);
	}
	if (ref)
		ref->close(ref);
	pc_core_free(&a);
}

int main(void)
{
	if (pc_refdev_init(&dev, 0, 0)) {
		printf("FAIL refdev init\n");
		return 1;
	}
	setup_core(&dev.core, 32, 100, PC_CTRL_STRUCT, 3);
	test_errors();
	test_sequence();
	test_fuzz();
	test_features();
	pc_refdev_free(&dev);
	test_client(0, "dense");
	test_client(PC_CTRL_GATE1 | PC_CTRL_GATE2 | PC_CTRL_STRUCT, "gated+structural");
	test_client(PC_CTRL_GATE1 | PC_CTRL_GATE2 | PC_CTRL_STOCH | (PC_SEL_RANDOM << PC_CTRL_SEL_SHIFT),
		    "stochastic+random");
	test_client(PC_CTRL_CACHE | PC_CTRL_STRUCT, "caching+structural");
	return failed;
}
