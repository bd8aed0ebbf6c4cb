/* SPDX-License-Identifier: ISC */
/* tests/test_bitexact.c — the RTL core (Verilated) against the C reference model (host/core.c),
 * sample by sample: every prediction, and every 50 samples and at the end all registers,
 * counters (but CYCLES) and the live memories (nlive, live slots, W2).
 *
 * Presets: dense, gated, structural, frugal, caching, gate2-random, gate2-act, personalise,
 * gate1-det (the gate-1 neuron skip without gate 2), and tiny fan-ins (S = 2..5, a structural
 * pass every sample: many neurons with 0..4 live slots) for the back-to-back neuron streams.
 * Each: pc_core_randomize (H = 32), load through the protocol, TRAIN samples then INFER samples
 * (real MNIST digits from data/mnist). Options: -n N samples per phase (default 500),
 * -p NAME run one preset, -d DIR data set. Prints "PASS <preset>" or
 * "FAIL <preset>: sample i, <field>" and the cycles per sample. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idx.h"
#include "rtl_dev.h"

#define H_TEST 32
#define BATCH 50

#define G1 PC_CTRL_GATE1
#define G2 PC_CTRL_GATE2
#define ST PC_CTRL_STOCH
#define SEL(x) ((uint32_t)(x) << PC_CTRL_SEL_SHIFT)

static const struct rdev_cfg presets[] = {
	{ "dense", 0, 784, 32, 0, 0, 0, 0, 0, 0, 0, 0, 8, 784, 800, 4000, 0 },
	{ "gated", G1 | G2 | ST | SEL(PC_SEL_DELTA), 784, 32, 36, 36, 0, 0, 0, 0, 0, 0, 8, 784, 800, 4000, 0 },
	{ "gated-det", G1 | G2 | SEL(PC_SEL_DELTA), 784, 12, 36, 36, 0, 0, 0, 0, 0, 0, 8, 784, 800, 4000, 0 },
	{ "structural", PC_CTRL_STRUCT, 78, 32, 0, 0, 0, 0, 50, 80, 2, 40, 8, 78, 60, 4000, 0 },
	{ "frugal", G1 | G2 | ST | PC_CTRL_STRUCT, 78, 16, 36, 36, 0, 0, 50, 80, 2, 40, 8, 78, 60, 4000, 0 },
	{ "caching", PC_CTRL_CACHE, 784, 32, 0, 0, 40, 4, 0, 0, 0, 0, 8, 784, 800, 4000, 0 },
	{ "gate2-random", G2 | SEL(PC_SEL_RANDOM), 784, 8, 0, 0, 0, 0, 0, 0, 0, 0, 8, 784, 800, 4000, 0 },
	{ "gate2-act", G2 | SEL(PC_SEL_ACT), 200, 10, 0, 0, 0, 0, 0, 0, 0, 0, 8, 784, 800, 4000, 0 },
	{ "gate1-det", G1, 200, 32, 36, 36, 0, 0, 0, 0, 0, 0, 8, 784, 800, 4000, 0 },
	{ "tiny", PC_CTRL_STRUCT | G1 | ST, 4, 32, 36, 36, 0, 0, 1, 0x8000, 0, 40, 1, 2, 60, 4000, 0 },
	{ "tiny-det", G1, 3, 32, 4, 36, 0, 0, 0, 0, 0, 0, 8, 3, 800, 4000, 0 },
	{ "tiny-g2", G2 | SEL(PC_SEL_RANDOM) | PC_CTRL_STRUCT, 2, 9, 0, 0, 0, 0, 1, 0x8000, 0, 40, 1, 1, 800, 4000, 0 },
	{ "tiny-pers", PC_CTRL_STRUCT, 5, 32, 0, 0, 0, 0, 1, 0x8000, 0, 40, 1, 3, 60, 4000, 1 },
	{ "personalise", 0, 784, 32, 0, 0, 0, 0, 0, 0, 0, 0, 8, 784, 800, 4000, 1 },
};

static struct pc_dataset train_ds, test_ds;

/* n samples of one operation, pipelined in batches; compares predictions, then the state */
static int run_samples(struct rdev *d, struct pc_core *c, const struct rdev_cfg *p, int op,
		       const struct pc_dataset *ds, size_t first, size_t n, uint64_t *cycles)
{
	static const uint8_t cmds[3] = { PC_CMD_TRAIN, PC_CMD_INFER, PC_CMD_PERSONALISE };
	static const char *names[3] = { "TRAIN", "INFER", "PERSONALISE" };
	uint8_t pay[PC_PIX_BYTES + 1], x[PC_NIN];
	int pred[BATCH];
	uint8_t seqs[BATCH];

	for (size_t b = 0; b < n; b += BATCH) {
		size_t m = n - b < BATCH ? n - b : BATCH;
		uint64_t t0 = sim_cycles(d->s);
		for (size_t i = 0; i < m; i++) {
			size_t si = (first + b + i) % ds->n;
			int label = ds->labels[si];
			uint8_t *pix = op == 2 ? pay : pay + 1;
			pay[0] = (uint8_t)label;
			pc_pack_pixels(ds->images + (size_t)si * PC_NIN, pix);
			seqs[i] = rdev_send(d, cmds[op], pay, op == 2 ? PC_PIX_BYTES : PC_PIX_BYTES + 1);
			pc_unpack_pixels(pix, x);
			pred[i] = op == 0 ? pc_train(c, x, label) : op == 1 ? pc_infer(c, x, label)
									: pc_personalise(c, x);
		}
		for (size_t i = 0; i < m; i++) {
			struct pc_frame f;
			size_t si = (first + b + i) % ds->n;
			if (rdev_recv(d, &f, 200000000ull)) {
				printf("FAIL %s: %s sample %zu: %s\n", p->name, names[op], b + i, d->err);
				return -1;
			}
			if (f.cmd != (cmds[op] | PC_RESP_BIT) || f.seq != seqs[i] ||
			    f.len != (op == 2 ? 1 : 2)) {
				printf("FAIL %s: %s sample %zu: response cmd 0x%02x seq %u len %u (error code %d)\n",
				       p->name, names[op], b + i, f.cmd, f.seq, f.len, f.len ? f.payload[0] : -1);
				return -1;
			}
			if (f.payload[0] != pred[i] || (op != 2 && f.payload[1] != ds->labels[si])) {
				printf("FAIL %s: %s sample %zu: prediction rtl %u, model %d\n", p->name,
				       names[op], b + i, f.payload[0], pred[i]);
				return -1;
			}
		}
		*cycles += sim_cycles(d->s) - t0;
		int r = rdev_compare(d, c);
		if (r) {
			printf("FAIL %s: after %s sample %zu: %s\n", p->name, names[op], b + m - 1, d->err);
			return -1;
		}
	}
	return 0;
}

static int act_prune(struct rdev *d, struct pc_core *c, const struct rdev_cfg *p, uint32_t keep)
{
	uint8_t pay[4];
	struct pc_frame f;
	pc_put32(pay, keep);
	long want = pc_act_prune(c, keep);
	int r = rdev_xfer(d, PC_CMD_ACT_PRUNE, pay, 4, &f);
	if (r || f.len != 4 || (long)pc_get32(f.payload) != want) {
		printf("FAIL %s: ACT_PRUNE keep %u: rtl %s %u, model %ld\n", p->name, keep, r ? d->err : "",
		       f.len == 4 ? pc_get32(f.payload) : 0, want);
		return -1;
	}
	if ((r = rdev_compare(d, c))) {
		printf("FAIL %s: after ACT_PRUNE keep %u: %s\n", p->name, keep, d->err);
		return -1;
	}
	return 0;
}

static int run_preset(const struct rdev_cfg *p, size_t n, unsigned seed)
{
	struct pc_core c;
	struct rdev d;
	int rc = -1;
	uint64_t cyc_train = 0, cyc_infer = 0, cyc_pers = 0;

	if (pc_core_init(&c, PC_H_MAX, PC_SLOT_CAP_DEFAULT)) {
		printf("FAIL %s: pc_core_init\n", p->name);
		return -1;
	}
	if (rdev_cfg_apply(&c, p, H_TEST)) {
		printf("FAIL %s: preset registers rejected by the model\n", p->name);
		goto out_core;
	}
	pc_core_randomize(&c, seed, p->amp1, p->amp2);
	if (rdev_open(&d)) {
		printf("FAIL %s: %s\n", p->name, d.err);
		goto out_core;
	}
	if (rdev_load_state(&d, &c)) {
		printf("FAIL %s: loading the state: %s\n", p->name, d.err);
		goto out;
	}
	if (rdev_compare(&d, &c)) {
		printf("FAIL %s: state after loading: %s\n", p->name, d.err);
		goto out;
	}
	uint64_t c0[PC_NCOUNTERS];
	memcpy(c0, c.cnt, sizeof c0);
	if (run_samples(&d, &c, p, 0, &train_ds, seed * 7919u, n, &cyc_train))
		goto out;
	uint64_t acc = 0;
	for (int i = PC_CNT_L1_READS; i <= PC_CNT_STRUCT_WRITES; i++)
		if (i == PC_CNT_L1_READS || i == PC_CNT_L1_WRITES || i == PC_CNT_AUX_WRITES ||
		    i == PC_CNT_STRUCT_READS || i == PC_CNT_STRUCT_WRITES)
			acc += c.cnt[i] - c0[i];
	if (p->personalise) {
		if (act_prune(&d, &c, p, c.reg[PC_REG_LIVE]))
			goto out;
		if (run_samples(&d, &c, p, 2, &test_ds, 5000, n < 200 ? n : 200, &cyc_pers))
			goto out;
		if (act_prune(&d, &c, p, (uint32_t)(c.reg[PC_REG_LIVE] * 3ull / 10)))
			goto out;
	}
	if (run_samples(&d, &c, p, 1, &test_ds, seed * 31u, n, &cyc_infer))
		goto out;
	printf("PASS %s  (%zu train + %zu infer; cycles/sample train %.0f infer %.0f; "
	       "train synapse accesses/sample %.0f, ratio %.3f; live %u, pruned %llu, grown %llu)\n",
	       p->name, n, n, (double)cyc_train / n, (double)cyc_infer / n, (double)acc / n,
	       acc ? (double)cyc_train / acc : 0.0, c.reg[PC_REG_LIVE],
	       (unsigned long long)c.cnt[PC_CNT_PRUNED], (unsigned long long)c.cnt[PC_CNT_GROWN]);
	rc = 0;
out:
	rdev_close(&d);
out_core:
	pc_core_free(&c);
	return rc;
}

int main(int argc, char **argv)
{
	const char *dir = "data/mnist", *only = NULL;
	size_t n = 500;
	char err[256];
	int opt, fails = 0;

	while ((opt = getopt(argc, argv, "n:p:d:")) != -1) {
		switch (opt) {
		case 'n': n = strtoul(optarg, NULL, 0); break;
		case 'p': only = optarg; break;
		case 'd': dir = optarg; break;
		default:
			fprintf(stderr, "usage: %s [-n samples] [-p preset] [-d mnist-dir]\n", argv[0]);
			return 2;
		}
	}
	if (pc_dataset_load(dir, "train", &train_ds, err, sizeof err) ||
	    pc_dataset_load(dir, "t10k", &test_ds, err, sizeof err)) {
		printf("FAIL test_bitexact: MNIST data missing or bad (%s) -- run `make data` first\n", err);
		return 1;
	}
	unsigned seed = 1;
	for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++, seed++) {
		if (only && strcmp(only, presets[i].name))
			continue;
		fflush(stdout);
		if (run_preset(&presets[i], n, seed))
			fails++;
		fflush(stdout);
	}
	pc_dataset_free(&train_ds);
	pc_dataset_free(&test_ds);
	return fails ? 1 : 0;
}
