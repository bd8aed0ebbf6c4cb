/* SPDX-License-Identifier: ISC */
/* tests/test_protofuzz.c — differential protocol fuzz of the Verilated core against the reference
 * device (host/refdev.c): random well-formed and ill-formed requests of every command, with
 * arguments at the edges (MEM ranges at the memory ends and beyond, READ_REG counter lo/hi words,
 * WRITE_REG all-or-nothing, ACT_PRUNE keep around LIVE and with a huge LIVE, labels 9/10/0xFF,
 * wrong lengths), fed to both; every response must be identical byte for byte (but CYCLES), and
 * the whole state at the end. The sizes come from the core's STATUS, so the model may be built
 * with any H_MAX / SLOT_CAP (make BUILD=... SIM_H_MAX=64 SIM_SLOT_CAP=16384 for the board's).
 * usage: test_protofuzz [requests] [seed] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "proto.h"
#include "refdev.h"
#include "rtl_dev.h"

static uint32_t rs = 12345;
static uint32_t rnd(void) { rs ^= rs << 13; rs ^= rs >> 17; rs ^= rs << 5; return rs; }
static uint32_t rndn(uint32_t n) { return n ? rnd() % n : 0; }

static uint32_t h_max, slot_cap;
static struct pc_refdev ref;
static struct rdev dv;
static uint8_t last_seq;
static unsigned long n_ok[16], n_err[8];

static uint32_t msize(unsigned mem) { return mem == 0 ? slot_cap : mem == 1 ? h_max * 10 : h_max; }

/* an address near the end of a memory (or anywhere, or far beyond) for n words */
static uint32_t edge_addr(unsigned mem, uint32_t n)
{
	uint32_t sz = msize(mem > 2 ? 0 : mem);
	switch (rndn(8)) {
	case 0: return 0;
	case 1: return rndn(sz);
	case 2: return rnd();                                   /* far beyond */
	case 3: return (uint32_t)1 << (12 + rndn(20));
	case 4: return (uint32_t)(0x100000000ull - 1 - rndn(4));  /* wraps in 32 bits */
	default: return sz - n + rndn(3) - 1;                   /* end - 1 .. end + 1 */
	}
}

static uint32_t reg_value(unsigned a)
{
	switch (rndn(6)) {
	case 0: return 0;
	case 1: return rnd();
	case 2: return rndn(3) + (a == PC_REG_HIDDEN || a == PC_REG_K ? 1 : 0);
	default: break;
	}
	switch (a) {
	case PC_REG_CTRL: return rndn(128);
	case PC_REG_HIDDEN: case PC_REG_K: return 1 + rndn(6);
	case PC_REG_SLOTS: return 1 + rndn(40);
	case PC_REG_LR1: case PC_REG_LR2: case PC_REG_C_DECAY: return rndn(16);
	case PC_REG_PRUNE_EVERY: return rndn(4);
	case PC_REG_PROTECT_AGE: return rndn(64);
	case PC_REG_GROW_TRIES: return 1 + rndn(20);
	case PC_REG_GROW_MAX: return rndn(10);
	case PC_REG_LIVE: return rndn(3) ? rndn(400) : 0xFFFFFF - rndn(3);
	case PC_REG_SINCE_PRUNE: return rndn(3) ? rndn(10) : 0xFFFFFF;
	case PC_REG_RX_TIMEOUT: return 1000000;
	default: return rndn(2) ? rndn(65536) : rndn(1 << 17);
	}
}

/* a random request; returns its payload length */
static uint16_t request(uint8_t *cmd, uint8_t *p)
{
	uint16_t len = 0;
	unsigned k = rndn(100);
	if (k < 4) {
		*cmd = PC_CMD_STATUS;
	} else if (k < 8) {
		*cmd = PC_CMD_COUNTERS;
	} else if (k < 20) {
		*cmd = PC_CMD_READ_REG;
		unsigned n = rndn(10) ? 1 + rndn(8) : 1 + rndn(260);
		for (unsigned i = 0; i < n; i++) {
			uint16_t a;
			switch (rndn(6)) {
			case 0: a = (uint16_t)(0x42 + rndn(0x28)); break;    /* counters but CYCLES */
			case 1: a = (uint16_t)rnd(); if (a == 0x40 || a == 0x41) a = 0x42; break;
			case 2: a = (uint16_t)(0x16 + rndn(0x2A)); break;     /* bad */
			case 3: a = (uint16_t)(0x6A + rndn(4)); break;        /* bad */
			default: a = (uint16_t)rndn(PC_REG_COUNT); break;
			}
			pc_put16(p + 2 * i, a);
		}
		len = (uint16_t)(2 * n);
		if (!rndn(30)) len = (uint16_t)(len - 1);
	} else if (k < 34) {
		*cmd = PC_CMD_WRITE_REG;
		unsigned n = 1 + rndn(5);
		for (unsigned i = 0; i < n; i++) {
			uint16_t a;
			switch (rndn(8)) {
			case 0: a = (uint16_t)(0x42 + rndn(0x28)); break;    /* a counter word */
			case 1: a = (uint16_t)rnd(); break;
			case 2: a = rndn(3) ? PC_REG_CTRL : PC_REG_FEATURES; break;   /* FEATURES: read only */
			default: a = (uint16_t)(1 + rndn(PC_REG_COUNT - 1)); break;
			}
			if (a == PC_REG_RX_TIMEOUT || a == 0x40 || a == 0x41) a = PC_REG_THETA1;
			pc_put16(p + 6 * i, a);
			uint32_t v = a >= 0x40 && a < 0x6A ? ((a & 1) && rndn(4) ? rndn(65536) : rnd()) : reg_value(a);
			pc_put32(p + 6 * i + 2, v);
		}
		len = (uint16_t)(6 * n);
		if (!rndn(30)) len = (uint16_t)(len + 1 + rndn(5));
	} else if (k < 50) {
		*cmd = PC_CMD_MEM_WRITE;
		unsigned mem = rndn(12) ? rndn(3) : 3 + rndn(253), wb = mem == 0 ? 6 : 2;
		uint32_t n = rndn(6) ? 1 + rndn(6) : 1 + rndn(mem == 0 ? 169 : 509);
		uint32_t addr = edge_addr(mem, n);
		p[0] = (uint8_t)mem;
		pc_put32(p + 1, addr);
		uint32_t S = ref.core.reg[PC_REG_SLOTS];
		for (uint32_t i = 0; i < n; i++) {
			uint8_t *w = p + 5 + wb * i;
			if (mem == 0) {
				uint16_t idx = (uint16_t)(rndn(40) ? rndn(784) : rndn(1024));
				pc_put16(w, (uint16_t)(idx | rndn(64) << 10));
				pc_put16(w + 2, (uint16_t)(rndn(2) ? rnd() : rndn(200) - 100));
				pc_put16(w + 4, (uint16_t)(rndn(2) ? rndn(20) : rnd()));
			} else if (mem == 2) {
				pc_put16(w, (uint16_t)(rndn(30) ? rndn(S + 1) : rnd()));
			} else {
				pc_put16(w, (uint16_t)rnd());
			}
		}
		len = (uint16_t)(5 + wb * n);
		if (!rndn(20)) len = (uint16_t)(rndn(2) ? rndn(6) : len + 1 + rndn(5));
		if (len > PC_MAX_PAYLOAD) len = PC_MAX_PAYLOAD;
	} else if (k < 66) {
		*cmd = PC_CMD_MEM_READ;
		unsigned mem = rndn(12) ? rndn(3) : 3 + rndn(253);
		uint32_t n;
		switch (rndn(6)) {
		case 0: n = rndn(3) ? 0 : rnd() & 0xFFFF; break;
		case 1: n = (mem == 0 ? 170 : 512) + rndn(3) - 1; break;
		default: n = 1 + rndn(8); break;
		}
		p[0] = (uint8_t)mem;
		pc_put32(p + 1, edge_addr(mem, n));
		pc_put16(p + 5, (uint16_t)n);
		len = 7;
		if (!rndn(30)) len = (uint16_t)rndn(12);
	} else if (k < 82) {
		static const uint8_t c[] = { PC_CMD_TRAIN, PC_CMD_INFER, PC_CMD_PERSONALISE };
		*cmd = c[rndn(3)];
		uint8_t *x = p + (*cmd == PC_CMD_PERSONALISE ? 0 : 1);
		for (unsigned i = 0; i < PC_PIX_BYTES; i++)
			x[i] = (uint8_t)(rndn(3) ? 0 : rnd());
		if (*cmd != PC_CMD_PERSONALISE) {
			unsigned t = rndn(10);
			p[0] = (uint8_t)(t < 6 ? rndn(10) : t < 7 ? 9 : t < 8 ? 10 : t < 9 ? 0xFF : rnd());
		}
		len = (uint16_t)(PC_PIX_BYTES + (*cmd == PC_CMD_PERSONALISE ? 0 : 1));
		if (!rndn(30)) len = (uint16_t)(len + rndn(3) - 1);
	} else if (k < 87) {
		*cmd = PC_CMD_STRUCT_PASS;
		if (!rndn(20)) len = 1;
	} else if (k < 95) {
		*cmd = PC_CMD_ACT_PRUNE;
		uint32_t live = ref.core.reg[PC_REG_LIVE], keep;
		switch (rndn(6)) {
		case 0: keep = live; break;
		case 1: keep = live + 1 + rndn(3); break;
		case 2: keep = rnd(); break;
		case 3: keep = live > 3 ? live - 1 - rndn(3) : 0; break;
		default: keep = live ? rndn(live) : 0; break;
		}
		pc_put32(p, keep);
		len = 4;
		if (!rndn(30)) len = (uint16_t)rndn(8);
	} else {
		*cmd = (uint8_t)(rndn(2) ? 12 + rndn(244) : 0);
		len = (uint16_t)rndn(20);
		for (unsigned i = 0; i < len; i++) p[i] = (uint8_t)rnd();
	}
	return len;
}

/* one request to both (a random one, or cmd0 / p0 / len0); 0 same responses */
static int step(unsigned i, int given, uint8_t cmd0, const uint8_t *p0, uint16_t len0)
{
	uint8_t p[PC_MAX_PAYLOAD + 8], fr[PC_FRAME_MAX], a[8192], b[8192];
	uint8_t cmd = cmd0;
	uint16_t len = len0;
	memset(p, 0, sizeof p);
	if (given)
		memcpy(p, p0, len0);
	else
		len = request(&cmd, p);
	uint8_t seq = rdev_seq_next(last_seq);
	last_seq = seq;
	size_t n = pc_frame_encode(fr, PC_SOF_REQ, cmd, seq, p, len);
	sim_write(dv.s, fr, n);
	pc_refdev_feed(&ref, fr, n);
	pc_refdev_run(&ref);
	size_t nb = pc_refdev_take(&ref, b, sizeof b), na = 0;
	struct pc_decoder da, db;
	struct pc_frame fa;
	pc_decoder_init(&da, PC_SOF_RSP);
	pc_decoder_init(&db, PC_SOF_RSP);
	int ra = PC_DEC_MORE, rb = PC_DEC_MORE;
	size_t ib = 0;
	while (ib < nb && (rb = pc_decoder_feed(&db, b[ib++])) == PC_DEC_MORE)
		;
	for (uint64_t t = 0; t < 200000000ull && ra == PC_DEC_MORE; t += 256) {
		sim_step(dv.s, 256);
		size_t got = sim_read(dv.s, a + na, sizeof a - na);
		for (size_t j = na; j < na + got && ra == PC_DEC_MORE; j++)
			ra = pc_decoder_feed(&da, a[j]);
		na += got;
	}
	if (ra != PC_DEC_FRAME || rb != PC_DEC_FRAME) {
		printf("FAIL protofuzz: request %u (cmd 0x%02x len %u): rtl %d refdev %d\n", i, cmd, len, ra, rb);
		return -1;
	}
	fa = da.f;
	if (fa.cmd == PC_CMD_ERROR)
		n_err[fa.len ? fa.payload[0] & 7 : 0]++;
	else
		n_ok[fa.cmd & 15]++;
	size_t skip = fa.cmd == 0x87 ? 8 : 0;
	if (fa.cmd != db.f.cmd || fa.seq != db.f.seq || fa.len != db.f.len ||
	    memcmp(fa.payload + skip, db.f.payload + skip, fa.len - skip)) {
		size_t at = 0;
		while (at < fa.len && at < db.f.len && fa.payload[at] == db.f.payload[at]) at++;
		printf("FAIL protofuzz: request %u (cmd 0x%02x len %u): rtl 0x%02x/%u len %u, refdev 0x%02x/%u len %u, "
		       "first difference at byte %zu (rtl %d, refdev %d)\n", i, cmd, len, fa.cmd, fa.seq, fa.len,
		       db.f.cmd, db.f.seq, db.f.len, at, at < fa.len ? fa.payload[at] : -1,
		       at < db.f.len ? db.f.payload[at] : -1);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 20000;
	rs = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 0) | 1u : 12345;
	struct pc_frame f;
	if (rdev_open(&dv) || rdev_xfer(&dv, PC_CMD_STATUS, NULL, 0, &f) || f.len != 16) {
		printf("FAIL protofuzz: STATUS: %s\n", dv.err);
		return 1;
	}
	h_max = pc_get16(f.payload + 6);
	slot_cap = pc_get32(f.payload + 8);
	struct pc_core c;
	if (pc_core_init(&c, h_max, slot_cap) || pc_refdev_init(&ref, h_max, slot_cap))
		return 1;
	/* the build's features (the UP5K parameters leave caching out): the reference takes them */
	uint8_t fa[2];
	pc_put16(fa, PC_REG_FEATURES);
	if (rdev_xfer(&dv, PC_CMD_READ_REG, fa, 2, &f) || f.len != 4) {
		printf("FAIL protofuzz: READ_REG FEATURES: %s\n", dv.err);
		return 1;
	}
	c.features = ref.core.features = pc_get32(f.payload);
	printf("protofuzz: h_max %u, slot_cap %u, features 0x%02X\n", h_max, slot_cap, c.features);
	pc_reg_write(&c, PC_REG_HIDDEN, 4);
	pc_reg_write(&c, PC_REG_SLOTS, 24);
	pc_reg_write(&c, PC_REG_K, 2);
	pc_reg_write(&c, PC_REG_GROW_W, 300);
	pc_reg_write(&c, PC_REG_PRUNE_THETA, 200);
	pc_core_randomize(&c, 5, 800, 4000);
	if (rdev_load_state(&dv, &c)) {
		printf("FAIL protofuzz: load: %s\n", dv.err);
		return 1;
	}
	memcpy(ref.core.reg, c.reg, sizeof c.reg);
	memcpy(ref.core.nlive, c.nlive, h_max * sizeof *c.nlive);
	memcpy(ref.core.w2, c.w2, h_max * PC_NOUT * sizeof *c.w2);
	memcpy(ref.core.slot, c.slot, slot_cap * sizeof *c.slot);
	uint64_t cnt[PC_NCOUNTERS];
	if (rdev_counters(&dv, cnt)) {
		printf("FAIL protofuzz: counters: %s\n", dv.err);
		return 1;
	}
	memcpy(ref.core.cnt, cnt, sizeof cnt);
	ref.core.cnt[0] = 0;
	ref.exp_seq = rdev_seq_next(dv.seq);
	last_seq = dv.seq;
	int rc = 1;
	for (unsigned long i = 0; i < n; i++)
		if (step((unsigned)i, 0, 0, NULL, 0))
			goto out;
	{ /* the final comparison reads nlive[j] slots of every neuron: make the counts <= S */
		uint8_t p[5 + 2 * 256];
		uint32_t H = ref.core.reg[PC_REG_HIDDEN], S = ref.core.reg[PC_REG_SLOTS];
		p[0] = PC_MEM_NLIVE;
		pc_put32(p + 1, 0);
		for (uint32_t j = 0; j < H; j++)
			pc_put16(p + 5 + 2 * j, (uint16_t)(ref.core.nlive[j] > S ? S : ref.core.nlive[j]));
		if (H * S <= slot_cap && step((unsigned)n, 1, PC_CMD_MEM_WRITE, p, (uint16_t)(5 + 2 * H)))
			goto out;
	}
	dv.seq = last_seq;
	if (ref.core.reg[PC_REG_HIDDEN] * ref.core.reg[PC_REG_SLOTS] <= slot_cap && rdev_compare(&dv, &ref.core)) {
		printf("FAIL protofuzz: state at the end: %s\n", dv.err);
		goto out;
	}
	printf("PASS protofuzz  (%lu requests, H_MAX %u, SLOT_CAP %u; answers by command", n, h_max, slot_cap);
	for (int k = 1; k <= 11; k++) printf(" %lu", n_ok[k]);
	printf("; errors 2/3/5: %lu %lu %lu)\n", n_err[2], n_err[3], n_err[5]);
	rc = 0;
out:
	pc_refdev_free(&ref);
	pc_core_free(&c);
	rdev_close(&dv);
	return rc;
}
