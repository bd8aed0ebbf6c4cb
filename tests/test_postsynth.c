/* SPDX-License-Identifier: ISC */
/* tests/test_postsynth.c — the Yosys synth_ice40 netlist of the board top (Vpostsynth, built by
 * tests/test_postsynth.sh over Yosys' iCE40 cell models) against the C reference model
 * (host/core.c), every byte through the UART pins at CLKS_PER_BIT clocks per bit (sim/sim_top.h).
 *
 * tests/rtl_dev.h drives it unchanged: its sim_* calls are mapped onto sim_top_* below. Per
 * configuration: pc_core_randomize, load the state through the protocol, compare; TRAIN n samples
 * then INFER n samples (MNIST), frames pipelined PIPE at a time (their bytes stay below the
 * 2 KB receive FIFO: the UART has no flow control); every prediction is compared, and after each
 * phase all registers, counters (but CYCLES) and the live memories (nlive, slots, W2).
 * Options: -n N samples per phase (default 20), -H N hidden neurons (default 8, <= the
 * netlist's H_MAX), -p NAME one configuration (frugal, act; all: both; default frugal),
 * -d DIR data set.
 * Prints "PASS postsynth-<config> ..." or "FAIL postsynth-<config>: ...".
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idx.h"
#include "sim_top.h"

/* rtl_dev.h over the board top's pins instead of the core's byte handshakes */
#define sim sim_top
#define sim_open sim_top_open
#define sim_close sim_top_close
#define sim_step sim_top_step
#define sim_write sim_top_write
#define sim_read sim_top_read
#define sim_cycles sim_top_cycles
#include "rtl_dev.h"

#define PIPE 4 /* TRAIN / INFER frames in flight: 4 x 400 bytes < 2048 */

#define G1 PC_CTRL_GATE1
#define G2 PC_CTRL_GATE2
#define ST PC_CTRL_STOCH
#define SEL(x) ((uint32_t)(x) << PC_CTRL_SEL_SHIFT)

/* small S keeps the state loads / read-backs short; prune_every 5 with prune_theta 30 and
 * protect_age 0 makes the 20 training samples see 4 structural passes that prune and grow.
 * The first configuration runs by default, -p all runs every one. */
static const struct rdev_cfg configs[] = {
	{ "frugal", G1 | G2 | ST | PC_CTRL_STRUCT, 32, 8, 36, 36, 0, 0, 5, 30, 0, 40, 8, 32, 60, 4000, 0 },
	{ "act", G2 | SEL(PC_SEL_ACT), 24, 6, 0, 0, 40, 4, 0, 0, 0, 0, 8, 24, 800, 4000, 0 },
};

static struct pc_dataset train_ds, test_ds;
static uint32_t want_features = PC_CTRL_MASK & ~PC_CTRL_CACHE;   /* -f */

/* n samples of TRAIN (op 0) or INFER (op 1) in a sliding window of PIPE frames; predictions
 * compared as the responses arrive */
static int run_samples(struct rdev *d, struct pc_core *c, const char *name, int op,
		       const struct pc_dataset *ds, size_t first, size_t n)
{
	static const char *names[2] = { "TRAIN", "INFER" };
	const uint8_t cmd = op == 0 ? PC_CMD_TRAIN : PC_CMD_INFER;
	uint8_t pay[PC_PIX_BYTES + 1], x[PC_NIN];
	int pred[PIPE];
	uint8_t seqs[PIPE];
	size_t sent = 0;

	for (size_t i = 0; i < n; i++) {
		while (sent < n && sent < i + PIPE) {
			size_t si = (first + sent) % ds->n;
			int label = ds->labels[si];
			pay[0] = (uint8_t)label;
			pc_pack_pixels(ds->images + si * PC_NIN, pay + 1);
			seqs[sent % PIPE] = rdev_send(d, cmd, pay, PC_PIX_BYTES + 1);
			pc_unpack_pixels(pay + 1, x);
			pred[sent % PIPE] = op == 0 ? pc_train(c, x, label) : pc_infer(c, x, label);
			sent++;
		}
		struct pc_frame f;
		if (rdev_recv(d, &f, 20000000ull)) {
			printf("FAIL postsynth-%s: %s sample %zu: %s\n", name, names[op], i, d->err);
			return -1;
		}
		if (f.cmd != (cmd | PC_RESP_BIT) || f.seq != seqs[i % PIPE] || f.len != 2) {
			printf("FAIL postsynth-%s: %s sample %zu: response cmd 0x%02x seq %u len %u "
			       "(error code %d)\n", name, names[op], i, f.cmd, f.seq, f.len,
			       f.len ? f.payload[0] : -1);
			return -1;
		}
		if (f.payload[0] != pred[i % PIPE]) {
			printf("FAIL postsynth-%s: %s sample %zu: prediction netlist %u, model %d\n",
			       name, names[op], i, f.payload[0], pred[i % PIPE]);
			return -1;
		}
	}
	return 0;
}

/* the state of c into the device: the registers in one burst of WRITE_REG frames (their bytes
 * fit the receive FIFO), then nlive, the live slots and W2. The counters are not written: both
 * sides start them at 0 (the final comparison checks that too). */
static int load_state(struct rdev *d, const struct pc_core *c)
{
	uint8_t seqs[PC_REG_COUNT];
	unsigned n = 0;
	for (unsigned a = 1; a < PC_REG_COUNT; a++) {
		uint8_t p[6];
		pc_put16(p, (uint16_t)a);
		pc_put32(p + 2, c->reg[a]);
		seqs[n++] = rdev_send(d, PC_CMD_WRITE_REG, p, 6);
	}
	for (unsigned i = 0; i < n; i++) {
		struct pc_frame f;
		if (rdev_recv(d, &f, 5000000ull))
			return -1;
		if (f.seq != seqs[i] || f.cmd != (PC_CMD_WRITE_REG | PC_RESP_BIT)) {
			rdev_fail(d, "WRITE_REG %u: response cmd 0x%02x seq %u (error code %d)", i + 1,
				  f.cmd, f.seq, f.len ? f.payload[0] : -1);
			return -1;
		}
	}
	return rdev_load_memories(d, c);
}

static int run_config(const struct rdev_cfg *p, uint32_t H, size_t n, unsigned seed)
{
	struct pc_core c;
	struct rdev d;
	int rc = -1;

	if (pc_core_init(&c, PC_H_MAX, PC_SLOT_CAP_DEFAULT)) {
		printf("FAIL postsynth-%s: pc_core_init\n", p->name);
		return -1;
	}
	if (rdev_cfg_apply(&c, p, H)) {
		printf("FAIL postsynth-%s: registers rejected by the model\n", p->name);
		goto out_core;
	}
	pc_core_randomize(&c, seed, p->amp1, p->amp2);
	if (rdev_open(&d)) {
		printf("FAIL postsynth-%s: %s\n", p->name, d.err);
		goto out_core;
	}
	uint32_t id = 0;
	if (rdev_read_reg(&d, PC_REG_ID, &id) || id != PC_PROTO_ID) {
		printf("FAIL postsynth-%s: ID register 0x%08x (%s)\n", p->name, id, d.err);
		goto out;
	}
	/* the netlist's FEATURES (-f: what its synthesis parameters give); without caching, a
	 * WRITE_REG of CTRL with it is refused (error 5) and changes nothing */
	uint32_t feat = 0, ctrl = 1;
	if (rdev_read_reg(&d, PC_REG_FEATURES, &feat) || feat != want_features) {
		printf("FAIL postsynth-%s: FEATURES 0x%02x, expected 0x%02x (%s)\n", p->name, feat,
		       want_features, d.err);
		goto out;
	}
	if (!(feat & PC_CTRL_CACHE) &&
	    (rdev_write_reg(&d, PC_REG_CTRL, PC_CTRL_CACHE | G1) != PC_E_ARG ||
	     rdev_read_reg(&d, PC_REG_CTRL, &ctrl) || ctrl != 0)) {
		printf("FAIL postsynth-%s: WRITE_REG CTRL with caching not refused (CTRL 0x%02x)\n",
		       p->name, ctrl);
		goto out;
	}
	c.features = feat;
	if (!(feat & PC_CTRL_CACHE))
		c.cnt[PC_CNT_FRAME_ERRORS]++;               /* that error response */
	uint64_t t0 = sim_cycles(d.s);
	if (load_state(&d, &c)) {
		printf("FAIL postsynth-%s: loading the state: %s\n", p->name, d.err);
		goto out;
	}
	uint64_t t1 = sim_cycles(d.s);
	if (run_samples(&d, &c, p->name, 0, &train_ds, seed * 7919u, n))
		goto out;
	uint64_t t2 = sim_cycles(d.s);
	if (run_samples(&d, &c, p->name, 1, &test_ds, seed * 31u, n))
		goto out;
	uint64_t t3 = sim_cycles(d.s);
	int r = rdev_compare(&d, &c);
	if (r) {
		printf("FAIL postsynth-%s: final state: %s\n", p->name, d.err);
		goto out;
	}
	if (sim_top_framing_errors(d.s)) {
		printf("FAIL postsynth-%s: %llu TX bytes with a bad stop bit\n", p->name,
		       (unsigned long long)sim_top_framing_errors(d.s));
		goto out;
	}
	printf("PASS postsynth-%s  (features 0x%02x, H %u S %u, %zu train + %zu infer through the UART pins at %u "
	       "clocks/bit: predictions, registers, counters, nlive, slots, W2 equal; train %llu/%zu, "
	       "infer %llu/%zu correct; live %u, pruned %llu, grown %llu; cycles: load %llu, "
	       "train %llu, infer %llu, compare %llu)\n", p->name, feat, H, p->S, n, n,
	       sim_top_clks_per_bit(), (unsigned long long)c.cnt[PC_CNT_TRAIN_CORRECT], n,
	       (unsigned long long)c.cnt[PC_CNT_INFER_CORRECT], n, c.reg[PC_REG_LIVE],
	       (unsigned long long)c.cnt[PC_CNT_PRUNED], (unsigned long long)c.cnt[PC_CNT_GROWN],
	       (unsigned long long)(t1 - t0), (unsigned long long)(t2 - t1),
	       (unsigned long long)(t3 - t2), (unsigned long long)(sim_cycles(d.s) - t3));
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
	size_t n = 20;
	uint32_t H = 8;
	char err[256];
	int opt, fails = 0;

	while ((opt = getopt(argc, argv, "n:H:p:d:f:")) != -1) {
		switch (opt) {
		case 'n': n = strtoul(optarg, NULL, 0); break;
		case 'H': H = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'p': only = optarg; break;
		case 'd': dir = optarg; break;
		case 'f': want_features = (uint32_t)strtoul(optarg, NULL, 0); break;
		default:
			fprintf(stderr, "usage: %s [-n samples] [-H hidden] [-p config] [-d mnist-dir] "
				"[-f features]\n", argv[0]);
			return 2;
		}
	}
	if (pc_dataset_load(dir, "train", &train_ds, err, sizeof err) ||
	    pc_dataset_load(dir, "t10k", &test_ds, err, sizeof err)) {
		printf("FAIL postsynth: MNIST data missing or bad (%s) -- run `make data` first\n", err);
		return 1;
	}
	unsigned seed = 3;
	for (size_t i = 0; i < sizeof configs / sizeof configs[0]; i++, seed++) {
		if (only ? strcmp(only, "all") && strcmp(only, configs[i].name) : i > 0)
			continue;
		if (run_config(&configs[i], H, n, seed))
			fails++;
		fflush(stdout);
	}
	pc_dataset_free(&train_ds);
	pc_dataset_free(&test_ds);
	return fails ? 1 : 0;
}
