/* SPDX-License-Identifier: ISC */
/* tests/test_badframes.c — the RTL core under damaged traffic.
 *
 * Phase A (>= 10,000 frames): bad frames of known kind interleaved with good ones, one at a
 * time: flipped CRC / CMD / SEQ / payload bits (code 1), LEN > 1024 (2), LEN wrong for the
 * command (2), unknown commands (3), bad arguments (5), truncated frames followed by idle
 * cycles beyond RX_TIMEOUT = 2000 (4), intact frames out of sequence (7: ahead, repeated, 0;
 * nothing may run), garbage without 0xA5 between frames (dropped, no answer). Sequence rule:
 * good frames and those the core refuses after acceptance (2 for the command, 3, 5) carry the
 * expected SEQ and move it on; damaged ones (1, 2 > 1024, 4) carry it or a random one and must
 * not move it (the next good frame reuses it); STATUS with a random SEQ resynchronises. Every bad frame must be answered with the right code and SEQ within a bounded
 * number of cycles; good frames (STATUS, READ_REG, WRITE_REG, COUNTERS, INFER, TRAIN) are
 * checked against a C model that never saw the bad ones. FRAME_ERRORS must equal the bad
 * frames injected, RX_DROPPED the garbage bytes; afterwards a training run and the whole
 * state must match the clean model.
 * Phase B: random corruption anywhere (bit flips incl. SOF/LEN, cuts, garbage with 0xA5), SEQs
 * mostly in order, sometimes random, both devices first synchronised by one STATUS; response
 * bytes compared with the C reference device (host/refdev.c) byte for byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idx.h"
#include "refdev.h"
#include "rtl_dev.h"

#define TMO 2000
#define H_T 16
#define S_T 64

static uint32_t rng = 0x12345678u;
static uint32_t rnd(void) { return pc_lfsr_next(&rng); }
static uint32_t rndn(uint32_t n) { return rnd() % n; }

static struct pc_dataset ds;
static struct pc_core clean;           /* never sees a bad frame */
static uint64_t bad_frames, dropped_bytes;
static unsigned long cnt_kind[10];
static struct rdev *dv;                /* the device: dv->seq = SEQ of the last accepted frame */

static uint8_t exp_seq(void) { return rdev_seq_next(dv->seq); }
/* a frame that is refused before acceptance: the expected SEQ or any other */
static uint8_t any_seq(void) { return rndn(2) ? exp_seq() : (uint8_t)(1 + rndn(255)); }

static int fail_line(const char *what, unsigned long i, const char *msg)
{
	printf("FAIL %s: frame %lu: %s\n", what, i, msg);
	return -1;
}

/* the whole frame is queued; wait for one response within bound cycles */
static int one(struct rdev *d, const uint8_t *fr, size_t n, uint64_t bound, struct pc_frame *rsp)
{
	sim_write(d->s, fr, n);
	return rdev_recv(d, rsp, bound);
}

static size_t good_frame(uint8_t *fr, uint8_t cmd, uint8_t seq, const uint8_t *p, uint16_t len)
{
	return pc_frame_encode(fr, PC_SOF_REQ, cmd, seq, p, len);
}

static int expect_err(struct rdev *d, const uint8_t *fr, size_t n, uint8_t code, uint8_t seq,
		      uint64_t bound, unsigned long i)
{
	struct pc_frame f;
	char m[1024];
	if (one(d, fr, n, bound, &f)) {
		snprintf(m, sizeof m, "expected error %u: %s", code, d->err);
		return fail_line("badframes", i, m);
	}
	if (f.cmd != PC_CMD_ERROR || f.len != 1 || f.payload[0] != code || f.seq != seq) {
		snprintf(m, sizeof m, "expected error %u seq %u, got cmd 0x%02x seq %u code %d", code, seq,
			 f.cmd, f.seq, f.len ? f.payload[0] : -1);
		return fail_line("badframes", i, m);
	}
	bad_frames++;
	return 0;
}

static void sample(size_t i, uint8_t pay[PC_PIX_BYTES + 1], int *label)
{
	size_t si = i % ds.n;
	*label = ds.labels[si];
	pay[0] = (uint8_t)*label;
	pc_pack_pixels(ds.images + si * PC_NIN, pay + 1);
}

/* a random good request and its check against the clean model */
static int good(struct rdev *d, unsigned long i)
{
	uint8_t fr[PC_FRAME_MAX], pay[PC_MAX_PAYLOAD], x[PC_NIN];
	struct pc_frame f;
	char m[1024];
	uint8_t seq = exp_seq();
	unsigned kind = rndn(6);
	size_t n;
	int label;

	if (kind == 0 && rndn(2))
		seq = (uint8_t)rnd(); /* STATUS with any SEQ (0 too): resync */
	dv->seq = seq; /* accepted: exp_seq = next(seq) */
	switch (kind) {
	case 0: /* STATUS */
		n = good_frame(fr, PC_CMD_STATUS, seq, NULL, 0);
		if (one(d, fr, n, 1000, &f) || f.cmd != 0x81 || f.seq != seq || f.len != 16 ||
		    pc_get32(f.payload) != PC_PROTO_ID)
			return fail_line("badframes", i, "STATUS");
		break;
	case 1: { /* READ_REG of a few registers */
		unsigned k = 1 + rndn(8);
		uint16_t a[8];
		for (unsigned t = 0; t < k; t++) {
			a[t] = (uint16_t)(rndn(3) ? rndn(PC_REG_COUNT) : PC_REG_CNT_BASE + 2 + rndn(36));
			pc_put16(pay + 2 * t, a[t]);
		}
		n = good_frame(fr, PC_CMD_READ_REG, seq, pay, (uint16_t)(2 * k));
		if (one(d, fr, n, 2000, &f) || f.cmd != 0x83 || f.seq != seq || f.len != 4 * k)
			return fail_line("badframes", i, "READ_REG response");
		for (unsigned t = 0; t < k; t++) {
			uint32_t v;
			pc_reg_read(&clean, a[t], &v);
			if (a[t] == PC_REG_RX_TIMEOUT)
				v = TMO;
			if (a[t] >= PC_REG_CNT_BASE) {
				unsigned ci = (a[t] - PC_REG_CNT_BASE) / 2;
				uint64_t cv = ci == PC_CNT_FRAME_ERRORS ? bad_frames :
					      ci == PC_CNT_RX_DROPPED ? dropped_bytes : clean.cnt[ci];
				v = (a[t] & 1) ? (uint32_t)(cv >> 32) : (uint32_t)cv;
			}
			if (pc_get32(f.payload + 4 * t) != v) {
				snprintf(m, sizeof m, "READ_REG 0x%02x: rtl %u, model %u", a[t],
					 pc_get32(f.payload + 4 * t), v);
				return fail_line("badframes", i, m);
			}
		}
		break;
	}
	case 2: { /* WRITE_REG of a harmless register, mirrored */
		uint32_t v = rndn(60000);
		pc_put16(pay, PC_REG_THETA_C);
		pc_put32(pay + 2, v);
		n = good_frame(fr, PC_CMD_WRITE_REG, seq, pay, 6);
		if (one(d, fr, n, 2000, &f) || f.cmd != 0x82 || f.seq != seq || f.len != 0)
			return fail_line("badframes", i, "WRITE_REG");
		pc_reg_write(&clean, PC_REG_THETA_C, v);
		break;
	}
	case 3: { /* COUNTERS */
		n = good_frame(fr, PC_CMD_COUNTERS, seq, NULL, 0);
		if (one(d, fr, n, 2000, &f) || f.cmd != 0x87 || f.seq != seq || f.len != 168)
			return fail_line("badframes", i, "COUNTERS");
		for (int c = 1; c < PC_NCOUNTERS; c++) {
			uint64_t want = c == PC_CNT_FRAME_ERRORS ? bad_frames :
					c == PC_CNT_RX_DROPPED ? dropped_bytes : clean.cnt[c];
			if (pc_get64(f.payload + 8 * c) != want) {
				snprintf(m, sizeof m, "counter %d: rtl %llu, expected %llu", c,
					 (unsigned long long)pc_get64(f.payload + 8 * c), (unsigned long long)want);
				return fail_line("badframes", i, m);
			}
		}
		break;
	}
	default: { /* INFER (labeled / unlabeled) or TRAIN */
		int train = kind == 5 && rndn(2);
		sample(i, pay, &label);
		if (!train && rndn(4) == 0) {
			pay[0] = 0xFF;
			label = -1;
		}
		n = good_frame(fr, train ? PC_CMD_TRAIN : PC_CMD_INFER, seq, pay, PC_PIX_BYTES + 1);
		pc_unpack_pixels(pay + 1, x);
		int want = train ? pc_train(&clean, x, label) : pc_infer(&clean, x, label);
		if (one(d, fr, n, 200000, &f) || f.seq != seq || f.len != 2 ||
		    f.cmd != ((train ? PC_CMD_TRAIN : PC_CMD_INFER) | 0x80) || f.payload[0] != want) {
			snprintf(m, sizeof m, "%s: prediction / response mismatch (%s)", train ? "TRAIN" : "INFER",
				 d->err);
			return fail_line("badframes", i, m);
		}
		break;
	}
	}
	return 0;
}

/* a random bad frame of a known kind */
static int bad(struct rdev *d, unsigned long i)
{
	uint8_t fr[PC_FRAME_MAX + 16], pay[PC_MAX_PAYLOAD];
	uint8_t seq = any_seq();
	unsigned kind = rndn(9);
	size_t n;
	int label;

	cnt_kind[kind]++;
	if (kind >= 3 && kind <= 5) { /* intact frames the core refuses after acceptance */
		seq = exp_seq();
		dv->seq = seq;
	}
	switch (kind) {
	case 0: { /* CRC flipped */
		sample(i, pay, &label);
		n = good_frame(fr, PC_CMD_INFER, seq, pay, PC_PIX_BYTES + 1);
		fr[n - 1 - rndn(2)] ^= (uint8_t)(1u << rndn(8));
		return expect_err(d, fr, n, PC_E_CRC, seq, n + 500, i);
	}
	case 1: { /* a bit of CMD, SEQ or payload flipped */
		sample(i, pay, &label);
		n = good_frame(fr, PC_CMD_TRAIN, seq, pay, PC_PIX_BYTES + 1);
		size_t at = rndn(3) == 0 ? 1 + rndn(2) : 5 + rndn(PC_PIX_BYTES + 1);
		fr[at] ^= (uint8_t)(1u << rndn(8));
		return expect_err(d, fr, n, PC_E_CRC, fr[2], n + 500, i);
	}
	case 2: { /* LEN > 1024: the header alone */
		uint16_t len = (uint16_t)(1025 + rndn(64000));
		fr[0] = PC_SOF_REQ; fr[1] = (uint8_t)(1 + rndn(11)); fr[2] = seq;
		pc_put16(fr + 3, len);
		return expect_err(d, fr, 5, PC_E_LEN, seq, 500, i);
	}
	case 3: { /* LEN wrong for the command, CRC good */
		static const uint8_t cmds[] = { PC_CMD_STATUS, PC_CMD_WRITE_REG, PC_CMD_READ_REG, PC_CMD_TRAIN,
						PC_CMD_INFER, PC_CMD_PERSONALISE, PC_CMD_COUNTERS, PC_CMD_MEM_READ,
						PC_CMD_STRUCT_PASS, PC_CMD_ACT_PRUNE, PC_CMD_MEM_WRITE };
		uint8_t cmd = cmds[rndn(sizeof cmds)];
		uint16_t len;
		memset(pay, 0, sizeof pay);
		switch (cmd) {
		case PC_CMD_WRITE_REG: len = (uint16_t)(6 * rndn(10) + 1 + rndn(5)); break;
		case PC_CMD_READ_REG: len = rndn(2) ? (uint16_t)(2 * rndn(100) + 1) : (uint16_t)(514 + 2 * rndn(100)); break;
		case PC_CMD_TRAIN: case PC_CMD_INFER: len = (uint16_t)(rndn(2) ? 392 : 394 + rndn(100)); break;
		case PC_CMD_PERSONALISE: len = (uint16_t)(rndn(2) ? 393 : rndn(392)); break;
		case PC_CMD_MEM_READ: len = (uint16_t)(rndn(2) ? rndn(7) : 8 + rndn(20)); break;
		case PC_CMD_ACT_PRUNE: len = (uint16_t)(rndn(2) ? rndn(4) : 5 + rndn(20)); break;
		case PC_CMD_MEM_WRITE: /* len < 5, or a word count that does not divide */
			pay[0] = (uint8_t)rndn(3);
			len = (uint16_t)(rndn(2) ? rndn(5) : (pay[0] == 0 ? 5 + 6 * rndn(100) + 1 + rndn(5)
								      : 5 + 2 * rndn(100) + 1));
			if (len == 5 + 0 && rndn(2)) len = 5; /* exactly the header: also code 2 */
			break;
		default: len = (uint16_t)(1 + rndn(50)); break;
		}
		n = good_frame(fr, cmd, seq, pay, len);
		return expect_err(d, fr, n, PC_E_LEN, seq, n + 500, i);
	}
	case 4: { /* unknown command */
		uint8_t cmd;
		do
			cmd = (uint8_t)rnd();
		while (cmd >= 1 && cmd <= 11);
		uint16_t len = (uint16_t)rndn(30);
		for (unsigned t = 0; t < len; t++) pay[t] = (uint8_t)rnd();
		n = good_frame(fr, cmd, seq, pay, len);
		return expect_err(d, fr, n, PC_E_CMD, seq, n + 500, i);
	}
	case 5: { /* bad argument */
		uint8_t cmd;
		uint16_t len;
		switch (rndn(7)) {
		case 0: /* WRITE_REG: one bad entry among good ones (nothing may change) */
			cmd = PC_CMD_WRITE_REG;
			pc_put16(pay, PC_REG_THETA_C); pc_put32(pay + 2, 77);
			{
				static const uint16_t ba[] = { 0x00, 0x16, 0x3F, 0x6A, 0x02, 0x08, 0x10, 0x01, 0x0F, 0x41,
							       PC_REG_FEATURES };
				static const uint32_t bv[] = { 1, 0, 0, 0, 0, 0, 0, 0x30, 0, 0x10000, PC_CTRL_MASK };
				unsigned t = rndn(11);
				pc_put16(pay + 6, ba[t]); pc_put32(pay + 8, bv[t]);
			}
			len = 12;
			break;
		case 1: { /* 0x16..0x3F but FEATURES (0x1F, read only) */
			unsigned r = rndn(0x29);
			cmd = PC_CMD_READ_REG;
			pc_put16(pay, (uint16_t)(0x16 + r + (r >= PC_REG_FEATURES - 0x16)));
			len = 2;
			break;
		}
		case 2: sample(i, pay, &label); pay[0] = (uint8_t)(10 + rndn(245)); cmd = PC_CMD_TRAIN; len = 393; break;
		case 3: cmd = PC_CMD_MEM_READ; pay[0] = (uint8_t)(3 + rndn(200)); pc_put32(pay + 1, 0); pc_put16(pay + 5, 1); len = 7; break;
		case 4: cmd = PC_CMD_MEM_READ; pay[0] = 1; pc_put32(pay + 1, 0); pc_put16(pay + 5, 0); len = 7; break;
		case 5: cmd = PC_CMD_MEM_READ; pay[0] = 2; pc_put32(pay + 1, 250 + rndn(1000)); pc_put16(pay + 5, 10); len = 7; break;
		default: cmd = PC_CMD_ACT_PRUNE; pc_put32(pay, clean.reg[PC_REG_LIVE] + 1 + rndn(1000)); len = 4; break;
		}
		n = good_frame(fr, cmd, seq, pay, len);
		return expect_err(d, fr, n, PC_E_ARG, seq, n + 20000, i);
	}
	case 6: { /* truncated, then silence */
		sample(i, pay, &label);
		n = good_frame(fr, PC_CMD_INFER, seq, pay, PC_PIX_BYTES + 1);
		size_t cut = 1 + rndn((uint32_t)n - 1);
		return expect_err(d, fr, cut, PC_E_TIMEOUT, cut >= 3 ? seq : 0, TMO + cut + 500, i);
	}
	case 8: { /* intact, out of sequence: ahead, the last one again, or 0; nothing may run */
		uint8_t cmd = rndn(2) ? PC_CMD_TRAIN : PC_CMD_WRITE_REG;
		unsigned w = rndn(3);
		seq = w == 0 ? dv->seq : w == 1 ? 0 : (uint8_t)(exp_seq() + 1 + rndn(250));
		if (seq == exp_seq() || (w == 2 && seq == 0))
			seq = rdev_seq_next(exp_seq());
		uint16_t len;
		if (cmd == PC_CMD_TRAIN) {
			sample(i, pay, &label);
			len = PC_PIX_BYTES + 1;
		} else {
			pc_put16(pay, PC_REG_THETA_C);
			pc_put32(pay + 2, 12345);
			len = 6;
		}
		n = good_frame(fr, cmd, seq, pay, len);
		return expect_err(d, fr, n, PC_E_SEQ, seq, n + 500, i);
	}
	default: { /* garbage without SOF, then a good frame */
		unsigned k = 1 + rndn(20);
		for (unsigned t = 0; t < k; t++) {
			do
				fr[t] = (uint8_t)rnd();
			while (fr[t] == PC_SOF_REQ);
		}
		sim_write(d->s, fr, k);
		dropped_bytes += k;
		cnt_kind[kind]--;
		return good(d, i);
	}
	}
}

/* phase B: random damage, compared byte for byte with the reference device */
static int phase_b(struct rdev *d, struct pc_refdev *ref, unsigned frames)
{
	uint8_t fr[PC_FRAME_MAX + 64], pay[PC_MAX_PAYLOAD], a[8192], b[8192];
	int label;
	uint8_t last = 0;
	{ /* one STATUS puts both in step (exp_seq = 1) */
		size_t n = good_frame(fr, PC_CMD_STATUS, 0, NULL, 0);
		sim_write(d->s, fr, n);
		pc_refdev_feed(ref, fr, n);
		pc_refdev_run(ref);
		sim_step(d->s, 20000);
		while (sim_read(d->s, a, sizeof a))
			;
		while (pc_refdev_take(ref, b, sizeof b))
			;
	}
	for (unsigned i = 0; i < frames; i++) {
		uint8_t seq = rndn(4) ? rdev_seq_next(last) : (uint8_t)rnd();
		size_t n;
		last = seq;
		switch (rndn(4)) {
		case 0: n = good_frame(fr, PC_CMD_STATUS, seq, NULL, 0); break;
		case 1: pc_put16(pay, (uint16_t)rndn(PC_REG_COUNT)); n = good_frame(fr, PC_CMD_READ_REG, seq, pay, 2); break;
		case 2: n = good_frame(fr, PC_CMD_COUNTERS, seq, NULL, 0); break;
		default: sample(i, pay, &label); n = good_frame(fr, PC_CMD_INFER, seq, pay, PC_PIX_BYTES + 1); break;
		}
		switch (rndn(5)) {
		case 0: fr[rndn((uint32_t)n)] ^= (uint8_t)(1u << rndn(8)); break;      /* a flip anywhere */
		case 1: n = 1 + rndn((uint32_t)n); break;                             /* a cut */
		case 2: { unsigned k = 1 + rndn(12);                                 /* garbage (may hold SOF) */
			memmove(fr + k, fr, n);
			for (unsigned t = 0; t < k; t++) fr[t] = rndn(4) ? (uint8_t)rnd() : PC_SOF_REQ;
			n += k; break; }
		default: break;
		}
		sim_write(d->s, fr, n);
		pc_refdev_feed(ref, fr, n);
		pc_refdev_run(ref);
		/* let the core finish (and a started frame time out) */
		sim_step(d->s, 40000 + TMO);
		pc_refdev_timeout(ref);
		size_t na = 0, nb = pc_refdev_take(ref, b, sizeof b);
		for (size_t got; (got = sim_read(d->s, a + na, sizeof a - na)); na += got)
			;
		/* frame by frame; the CYCLES counter (COUNTERS bytes 0..7) only the RTL counts */
		struct pc_decoder da, db;
		size_t ia = 0, ib = 0;
		unsigned nf = 0;
		pc_decoder_init(&da, PC_SOF_RSP);
		pc_decoder_init(&db, PC_SOF_RSP);
		for (;;) {
			int ra = 0, rb = 0;
			while (ia < na && (ra = pc_decoder_feed(&da, a[ia++])) == PC_DEC_MORE)
				;
			while (ib < nb && (rb = pc_decoder_feed(&db, b[ib++])) == PC_DEC_MORE)
				;
			if (ra != PC_DEC_FRAME && rb != PC_DEC_FRAME)
				break;
			if (ra != rb || da.f.cmd != db.f.cmd || da.f.seq != db.f.seq || da.f.len != db.f.len ||
			    memcmp(da.f.payload + (da.f.cmd == 0x87 ? 8 : 0), db.f.payload + (db.f.cmd == 0x87 ? 8 : 0),
				   da.f.len - (da.f.cmd == 0x87 ? 8u : 0u))) {
				printf("FAIL badframes-random: frame %u: response %u differs: rtl cmd 0x%02x seq %u len %u "
				       "(first byte %d), refdev cmd 0x%02x seq %u len %u (first byte %d)\n", i, nf,
				       da.f.cmd, da.f.seq, da.f.len, da.f.len ? da.f.payload[0] : -1, db.f.cmd, db.f.seq,
				       db.f.len, db.f.len ? db.f.payload[0] : -1);
				return -1;
			}
			nf++;
		}
		if (ia != na || ib != nb) {
			printf("FAIL badframes-random: frame %u: response streams differ in length (%zu / %zu bytes)\n",
			       i, na, nb);
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long nframes = argc > 1 ? strtoul(argv[1], NULL, 0) : 10000;
	char err[256];
	struct rdev d;
	uint8_t pay[PC_PIX_BYTES + 1], x[PC_NIN];
	int label, rc = 1;

	if (pc_dataset_load("data/mnist", "t10k", &ds, err, sizeof err)) {
		printf("FAIL badframes: MNIST data missing (%s) -- run `make data` first\n", err);
		return 1;
	}
	if (pc_core_init(&clean, PC_H_MAX, PC_SLOT_CAP_DEFAULT)) return 1;
	pc_reg_write(&clean, PC_REG_HIDDEN, H_T);
	pc_reg_write(&clean, PC_REG_SLOTS, S_T);
	pc_reg_write(&clean, PC_REG_K, H_T);
	pc_core_randomize(&clean, 99, 800, 4000);
	dv = &d;
	if (rdev_open(&d) || rdev_load_state(&d, &clean) || rdev_write_reg(&d, PC_REG_RX_TIMEOUT, TMO)) {
		printf("FAIL badframes: setup: %s\n", d.err);
		return 1;
	}
	for (unsigned long i = 0; i < nframes; i++) {
		int r = rndn(2) ? bad(&d, i) : good(&d, i);
		if (r)
			goto out;
	}
	unsigned long nbad = 0;
	for (int k = 0; k < 9; k++) nbad += cnt_kind[k];
	uint64_t cnt[PC_NCOUNTERS];
	if (rdev_counters(&d, cnt)) { printf("FAIL badframes: COUNTERS: %s\n", d.err); goto out; }
	if (cnt[PC_CNT_FRAME_ERRORS] != nbad || cnt[PC_CNT_RX_DROPPED] != dropped_bytes) {
		printf("FAIL badframes: FRAME_ERRORS %llu (injected %lu), RX_DROPPED %llu (injected %llu)\n",
		       (unsigned long long)cnt[PC_CNT_FRAME_ERRORS], nbad,
		       (unsigned long long)cnt[PC_CNT_RX_DROPPED], (unsigned long long)dropped_bytes);
		goto out;
	}
	printf("PASS badframes-answers  (%lu frames: %lu bad [crc %lu, flip %lu, len>1024 %lu, len %lu, cmd %lu, "
	       "arg %lu, timeout %lu, out of sequence %lu], %llu garbage bytes)\n", nframes, nbad, cnt_kind[0],
	       cnt_kind[1], cnt_kind[2], cnt_kind[3], cnt_kind[4], cnt_kind[5], cnt_kind[6], cnt_kind[8],
	       (unsigned long long)dropped_bytes);
	/* the same learning as a core that never saw the bad frames */
	clean.cnt[PC_CNT_FRAME_ERRORS] = nbad;
	clean.cnt[PC_CNT_RX_DROPPED] = dropped_bytes;
	clean.reg[PC_REG_RX_TIMEOUT] = TMO;
	for (int i = 0; i < 100; i++) {
		struct pc_frame f;
		sample(3000 + i, pay, &label);
		pc_unpack_pixels(pay + 1, x);
		int want = pc_train(&clean, x, label);
		if (rdev_xfer(&d, PC_CMD_TRAIN, pay, sizeof pay, &f) || f.payload[0] != want) {
			printf("FAIL badframes-clean-train: sample %d: prediction differs\n", i);
			goto out;
		}
	}
	if (rdev_compare(&d, &clean)) {
		printf("FAIL badframes-clean-train: %s\n", d.err);
		goto out;
	}
	printf("PASS badframes-clean-train\n");
	rdev_close(&d);

	/* phase B */
	struct pc_refdev ref;
	if (pc_refdev_init(&ref, PC_H_MAX, PC_SLOT_CAP_DEFAULT) || rdev_open(&d)) return 1;
	{
		/* same small state in both (through frames, the refdev executes them too) */
		struct pc_core tmp;
		pc_core_init(&tmp, PC_H_MAX, PC_SLOT_CAP_DEFAULT);
		pc_reg_write(&tmp, PC_REG_HIDDEN, H_T);
		pc_reg_write(&tmp, PC_REG_SLOTS, S_T);
		pc_reg_write(&tmp, PC_REG_K, H_T);
		pc_core_randomize(&tmp, 7, 800, 4000);
		if (rdev_load_state(&d, &tmp) || rdev_write_reg(&d, PC_REG_RX_TIMEOUT, TMO)) {
			printf("FAIL badframes-random: setup: %s\n", d.err);
			return 1;
		}
		pc_refdev_free(&ref);
		pc_refdev_init(&ref, PC_H_MAX, PC_SLOT_CAP_DEFAULT);
		/* give the reference the same state directly */
		memcpy(ref.core.reg, tmp.reg, sizeof tmp.reg);
		ref.core.reg[PC_REG_RX_TIMEOUT] = TMO;
		memcpy(ref.core.nlive, tmp.nlive, sizeof tmp.nlive);
		memcpy(ref.core.w2, tmp.w2, sizeof tmp.w2);
		memcpy(ref.core.slot, tmp.slot, tmp.slot_cap * sizeof *tmp.slot);
		pc_core_free(&tmp);
		/* counters: the RTL has seen the load frames only (no errors) */
	}
	if (phase_b(&d, &ref, 2000))
		goto out2;
	printf("PASS badframes-random  (2000 randomly damaged frames, responses identical to refdev)\n");
	rc = 0;
out2:
	pc_refdev_free(&ref);
out:
	rdev_close(&d);
	pc_core_free(&clean);
	pc_dataset_free(&ds);
	return rc;
}
