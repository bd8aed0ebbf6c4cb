/* SPDX-License-Identifier: ISC */
/* tests/rtl_dev.h — a small synchronous driver of the Verilated core for the RTL tests
 * (test_bitexact, test_badframes): frames in through sim_write, responses decoded from
 * sim_read, helpers to load / read back / compare the whole learned state against the C model.
 * Header-only (static functions) so every test stays one .c file.
 * Sequence numbers: d->seq is the last SEQ sent; rdev_send uses rdev_seq_next(d->seq), so a test
 * that only uses rdev_send / rdev_xfer is always in step with the core's exp_seq (reset 1). A
 * test that sends frames of its own keeps d->seq = the SEQ of the last frame the core accepted. */
#ifndef PC_RTL_DEV_H
#define PC_RTL_DEV_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "proto.h"
#include "sim.h"

#define RDEV_STEP 64 /* cycles per poll */

struct rdev {
	struct sim *s;
	struct pc_decoder dec;
	uint8_t seq;
	uint8_t buf[4096];
	size_t n, off;
	char err[512];
};

/* one test configuration: the learning registers a test sets (H separately), the initial
 * weight amplitudes for pc_core_randomize, and whether it runs PERSONALISE (test_bitexact) */
struct rdev_cfg {
	const char *name;
	uint32_t ctrl, S, k;
	uint32_t theta1, theta2, theta_c, c_decay;
	uint32_t prune_every, prune_theta, protect_age, grow_w, grow_tries, grow_max;
	int amp1, amp2;
	int personalise;
};

/* writes H and cfg's registers into the C model (the RTL gets them from its state load) */
static inline int rdev_cfg_apply(struct pc_core *c, const struct rdev_cfg *p, uint32_t H)
{
	int bad = 0;
	bad |= pc_reg_write(c, PC_REG_HIDDEN, H);
	bad |= pc_reg_write(c, PC_REG_SLOTS, p->S);
	bad |= pc_reg_write(c, PC_REG_CTRL, p->ctrl);
	bad |= pc_reg_write(c, PC_REG_K, p->k);
	bad |= pc_reg_write(c, PC_REG_THETA1, p->theta1);
	bad |= pc_reg_write(c, PC_REG_THETA2, p->theta2);
	bad |= pc_reg_write(c, PC_REG_THETA_C, p->theta_c);
	bad |= pc_reg_write(c, PC_REG_C_DECAY, p->c_decay);
	bad |= pc_reg_write(c, PC_REG_PRUNE_EVERY, p->prune_every);
	bad |= pc_reg_write(c, PC_REG_PRUNE_THETA, p->prune_theta);
	bad |= pc_reg_write(c, PC_REG_PROTECT_AGE, p->protect_age);
	bad |= pc_reg_write(c, PC_REG_GROW_W, p->grow_w);
	bad |= pc_reg_write(c, PC_REG_GROW_TRIES, p->grow_tries);
	bad |= pc_reg_write(c, PC_REG_GROW_MAX, p->grow_max);
	return bad;
}

static inline void rdev_fail(struct rdev *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->err, sizeof d->err, fmt, ap);
	va_end(ap);
}

static inline int rdev_open(struct rdev *d)
{
	char e[256] = "";
	struct sim_opts o = { .trace = getenv("RDEV_TRACE"), .err = e, .errlen = sizeof e };
	memset(d, 0, sizeof *d);
	d->s = sim_open(&o);
	if (!d->s) {
		rdev_fail(d, "sim_open: %s", e);
		return -1;
	}
	pc_decoder_init(&d->dec, PC_SOF_RSP);
	return 0;
}

static inline void rdev_close(struct rdev *d)
{
	sim_close(d->s);
	d->s = NULL;
}

/* the SEQ after s (docs/protocol.md: 1..255, 0 never used) */
static inline uint8_t rdev_seq_next(uint8_t s)
{
	return (uint8_t)(s == 255 ? 1 : s + 1);
}

/* queue one request frame; returns its SEQ */
static inline uint8_t rdev_send(struct rdev *d, uint8_t cmd, const uint8_t *p, uint16_t len)
{
	uint8_t fr[PC_FRAME_MAX];
	d->seq = rdev_seq_next(d->seq);
	size_t n = pc_frame_encode(fr, PC_SOF_REQ, cmd, d->seq, p, len);
	sim_write(d->s, fr, n);
	return d->seq;
}

/* next response frame (any), within max_cycles; 0 ok, -1 timeout / garbage */
static inline int rdev_recv(struct rdev *d, struct pc_frame *f, uint64_t max_cycles)
{
	uint64_t start = sim_cycles(d->s);
	for (;;) {
		while (d->off < d->n) {
			int r = pc_decoder_feed(&d->dec, d->buf[d->off++]);
			if (r == PC_DEC_FRAME) {
				*f = d->dec.f;
				return 0;
			}
			if (r != PC_DEC_MORE) {
				rdev_fail(d, "bad response bytes (decoder result %d)", r);
				return -1;
			}
		}
		d->n = sim_read(d->s, d->buf, sizeof d->buf);
		d->off = 0;
		if (d->n)
			continue;
		if (sim_cycles(d->s) - start > max_cycles) {
			rdev_fail(d, "no response within %llu cycles", (unsigned long long)max_cycles);
			return -1;
		}
		sim_step(d->s, RDEV_STEP);
	}
}

/* request + response; the response must be cmd|0x80 with the same SEQ (else -1, or the error
 * code as a positive value when the core answered with an error frame) */
static inline int rdev_xfer(struct rdev *d, uint8_t cmd, const uint8_t *p, uint16_t len,
		     struct pc_frame *rsp)
{
	static struct pc_frame tmp;
	if (!rsp)
		rsp = &tmp;
	uint8_t seq = rdev_send(d, cmd, p, len);
	if (rdev_recv(d, rsp, 50000000ull))
		return -1;
	if (rsp->seq != seq) {
		rdev_fail(d, "cmd 0x%02x: response seq %u, expected %u", cmd, rsp->seq, seq);
		return -1;
	}
	if (rsp->cmd == PC_CMD_ERROR) {
		rdev_fail(d, "cmd 0x%02x: error response code %u", cmd, rsp->len ? rsp->payload[0] : 0);
		return rsp->len ? rsp->payload[0] : 255;
	}
	if (rsp->cmd != (cmd | PC_RESP_BIT)) {
		rdev_fail(d, "cmd 0x%02x: response cmd 0x%02x", cmd, rsp->cmd);
		return -1;
	}
	return 0;
}

static inline int rdev_write_reg(struct rdev *d, uint16_t addr, uint32_t v)
{
	uint8_t p[6];
	pc_put16(p, addr);
	pc_put32(p + 2, v);
	return rdev_xfer(d, PC_CMD_WRITE_REG, p, 6, NULL);
}

static inline int rdev_read_reg(struct rdev *d, uint16_t addr, uint32_t *v)
{
	uint8_t p[2];
	struct pc_frame f;
	pc_put16(p, addr);
	int r = rdev_xfer(d, PC_CMD_READ_REG, p, 2, &f);
	if (r)
		return r;
	if (f.len != 4) {
		rdev_fail(d, "READ_REG: response length %u", f.len);
		return -1;
	}
	*v = pc_get32(f.payload);
	return 0;
}

static inline int rdev_counters(struct rdev *d, uint64_t cnt[PC_NCOUNTERS])
{
	struct pc_frame f;
	int r = rdev_xfer(d, PC_CMD_COUNTERS, NULL, 0, &f);
	if (r)
		return r;
	if (f.len != PC_NCOUNTERS * 8) {
		rdev_fail(d, "COUNTERS: response length %u", f.len);
		return -1;
	}
	for (int i = 0; i < PC_NCOUNTERS; i++)
		cnt[i] = pc_get64(f.payload + 8 * i);
	return 0;
}

static inline unsigned rdev_wb(unsigned mem) { return mem == PC_MEM_SLOTS ? 6 : 2; }

static inline int rdev_mem_write(struct rdev *d, unsigned mem, uint32_t addr, const uint8_t *words, unsigned n)
{
	uint8_t p[PC_MAX_PAYLOAD];
	unsigned wb = rdev_wb(mem), per = (PC_MAX_PAYLOAD - 5) / wb;
	while (n) {
		unsigned k = n < per ? n : per;
		p[0] = (uint8_t)mem;
		pc_put32(p + 1, addr);
		memcpy(p + 5, words, k * wb);
		int r = rdev_xfer(d, PC_CMD_MEM_WRITE, p, (uint16_t)(5 + k * wb), NULL);
		if (r)
			return r;
		addr += k;
		words += k * wb;
		n -= k;
	}
	return 0;
}

static inline int rdev_mem_read(struct rdev *d, unsigned mem, uint32_t addr, uint8_t *words, unsigned n)
{
	uint8_t p[7];
	struct pc_frame f;
	unsigned wb = rdev_wb(mem), per = PC_MAX_PAYLOAD / wb;
	while (n) {
		unsigned k = n < per ? n : per;
		p[0] = (uint8_t)mem;
		pc_put32(p + 1, addr);
		pc_put16(p + 5, (uint16_t)k);
		int r = rdev_xfer(d, PC_CMD_MEM_READ, p, 7, &f);
		if (r)
			return r;
		if (f.len != k * wb) {
			rdev_fail(d, "MEM_READ: response length %u, expected %u", f.len, k * wb);
			return -1;
		}
		memcpy(words, f.payload, k * wb);
		addr += k;
		words += k * wb;
		n -= k;
	}
	return 0;
}

static inline void rdev_slot_put(const struct pc_slot *s, uint8_t *p)
{
	pc_put16(p, (uint16_t)((s->idx & 0x3FF) | (s->age & 0x3F) << 10));
	pc_put16(p + 2, (uint16_t)s->w);
	pc_put16(p + 4, s->aux);
}

/* nlive, the live slots and W2 of c into the device (its registers already hold H and S) */
static inline int rdev_load_memories(struct rdev *d, const struct pc_core *c)
{
	static uint8_t buf[PC_H_MAX * PC_NOUT * 2 + PC_S_MAX * 6];
	const uint32_t H = c->reg[PC_REG_HIDDEN], S = c->reg[PC_REG_SLOTS];
	int r;
	for (uint32_t j = 0; j < H; j++)
		pc_put16(buf + 2 * j, c->nlive[j]);
	if ((r = rdev_mem_write(d, PC_MEM_NLIVE, 0, buf, H)))
		return r;
	for (uint32_t j = 0; j < H; j++) {
		for (uint32_t s = 0; s < c->nlive[j]; s++)
			rdev_slot_put(&c->slot[j * S + s], buf + 6 * s);
		if (c->nlive[j] && (r = rdev_mem_write(d, PC_MEM_SLOTS, j * S, buf, c->nlive[j])))
			return r;
	}
	for (uint32_t i = 0; i < H * PC_NOUT; i++)
		pc_put16(buf + 2 * i, (uint16_t)c->w2[i]);
	return rdev_mem_write(d, PC_MEM_W2, 0, buf, H * PC_NOUT);
}

/* every writable register, the counters (but CYCLES), nlive, the live slots and W2 */
static inline int rdev_load_state(struct rdev *d, const struct pc_core *c)
{
	int r;
	for (unsigned a = 1; a < PC_REG_COUNT; a++)
		if ((r = rdev_write_reg(d, (uint16_t)a, c->reg[a])))
			return r;
	for (unsigned i = 1; i < PC_NCOUNTERS; i++) {
		if ((r = rdev_write_reg(d, (uint16_t)(PC_REG_CNT_BASE + 2 * i), (uint32_t)c->cnt[i])))
			return r;
		if ((r = rdev_write_reg(d, (uint16_t)(PC_REG_CNT_BASE + 2 * i + 1), (uint32_t)(c->cnt[i] >> 32))))
			return r;
	}
	return rdev_load_memories(d, c);
}

/* compare registers, counters (but CYCLES) and live memories with the model; 0 equal,
 * 1 different (what in d->err), -1 transport trouble */
static inline int rdev_compare(struct rdev *d, const struct pc_core *c)
{
	static uint8_t buf[PC_S_MAX * 6 + 16];
	const uint32_t H = c->reg[PC_REG_HIDDEN], S = c->reg[PC_REG_SLOTS];
	uint64_t cnt[PC_NCOUNTERS];
	int r;
	for (unsigned a = 0; a < PC_REG_COUNT; a++) {
		uint32_t v;
		if (a == PC_REG_RX_TIMEOUT)
			continue;
		if ((r = rdev_read_reg(d, (uint16_t)a, &v)))
			return -1;
		if (v != c->reg[a]) {
			rdev_fail(d, "register 0x%02x: rtl %u, model %u", a, v, c->reg[a]);
			return 1;
		}
	}
	if (rdev_counters(d, cnt))
		return -1;
	for (int i = 1; i < PC_NCOUNTERS; i++)
		if (cnt[i] != c->cnt[i]) {
			rdev_fail(d, "counter %d: rtl %llu, model %llu", i, (unsigned long long)cnt[i],
				  (unsigned long long)c->cnt[i]);
			return 1;
		}
	if (rdev_mem_read(d, PC_MEM_NLIVE, 0, buf, H))
		return -1;
	for (uint32_t j = 0; j < H; j++)
		if (pc_get16(buf + 2 * j) != c->nlive[j]) {
			rdev_fail(d, "nlive[%u]: rtl %u, model %u", j, pc_get16(buf + 2 * j), c->nlive[j]);
			return 1;
		}
	for (uint32_t j = 0; j < H; j++) {
		if (!c->nlive[j])
			continue;
		if (rdev_mem_read(d, PC_MEM_SLOTS, j * S, buf, c->nlive[j]))
			return -1;
		for (uint32_t s = 0; s < c->nlive[j]; s++) {
			uint8_t m[6];
			rdev_slot_put(&c->slot[j * S + s], m);
			if (memcmp(m, buf + 6 * s, 6)) {
				const uint8_t *p = buf + 6 * s;
				const struct pc_slot *q = &c->slot[j * S + s];
				rdev_fail(d, "slot j %u s %u: rtl idx %u age %u w %d aux %u, model idx %u age %u w %d aux %u",
					  j, s, pc_get16(p) & 0x3FF, pc_get16(p) >> 10, (int16_t)pc_get16(p + 2),
					  pc_get16(p + 4), q->idx, q->age, q->w, q->aux);
				return 1;
			}
		}
	}
	uint8_t *w2 = malloc(H * PC_NOUT * 2);
	if (rdev_mem_read(d, PC_MEM_W2, 0, w2, H * PC_NOUT)) {
		free(w2);
		return -1;
	}
	for (uint32_t i = 0; i < H * PC_NOUT; i++)
		if ((int16_t)pc_get16(w2 + 2 * i) != c->w2[i]) {
			rdev_fail(d, "W2[%u] (j %u k %u): rtl %d, model %d", i, i / 10, i % 10,
				  (int16_t)pc_get16(w2 + 2 * i), c->w2[i]);
			free(w2);
			return 1;
		}
	free(w2);
	return 0;
}

#endif
