/* SPDX-License-Identifier: ISC */
/* tests/bench_sim.c — simulator benchmark for docs/bench.md (called by tests/bench.sh).
 *
 * For each preset of host/presets.c (H = 128 unless given): load a random initial state into
 * the Verilated core, stream N training then N inference samples (pipelined, several in
 * flight), and measure from the device's own counters: cycles per sample, slot-memory accesses
 * per sample (the memory-port bound: the slot memory has one port), their ratio, and the
 * Verilator speed in simulated cycles per wall-clock second. Prints markdown table rows.
 *
 * usage: bench_sim [N] [DATA_DIR] [PRESET...]   (default: every preset below)
 */
#include <time.h>

#include "idx.h"
#include "presets.h"
#pragma GCC diagnostic ignored "-Wunused-function" /* rtl_dev.h is header-only */
#include "rtl_dev.h"

#define INFLIGHT 4

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static uint64_t slot_accesses(const uint64_t c[PC_NCOUNTERS])
{
	return c[PC_CNT_L1_READS] + c[PC_CNT_L1_WRITES] + c[PC_CNT_AUX_WRITES] +
	       c[PC_CNT_STRUCT_READS] + c[PC_CNT_STRUCT_WRITES];
}

/* n samples of TRAIN (train = 1) or INFER, INFLIGHT frames in flight */
static int stream(struct rdev *d, const struct pc_dataset *ds, size_t n, int train)
{
	uint8_t pay[PC_PIX_BYTES + 1];
	size_t sent = 0, got = 0;
	while (got < n) {
		while (sent < n && sent - got < INFLIGHT) {
			size_t i = sent % ds->n;
			pay[0] = ds->labels[i];
			pc_pack_pixels(ds->images + i * PC_NIN, pay + 1);
			rdev_send(d, train ? PC_CMD_TRAIN : PC_CMD_INFER, pay, sizeof pay);
			sent++;
		}
		struct pc_frame f;
		if (rdev_recv(d, &f, 1000000000ull) || f.cmd == PC_CMD_ERROR) {
			fprintf(stderr, "bench_sim: sample %zu: %s\n", got, d->err);
			return -1;
		}
		got++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 300;
	const char *dir = argc > 2 ? argv[2] : "data/mnist";
	static const char *names[] = { "dense", "gated", "structural", "frugal" };
	struct pc_dataset train, test;
	char err[256];

	if (pc_dataset_load(dir, "train", &train, err, sizeof err) ||
	    pc_dataset_load(dir, "t10k", &test, err, sizeof err)) {
		fprintf(stderr, "bench_sim: %s\n", err);
		return 1;
	}
	printf("| preset (H = 128) | cycles / training sample | slot accesses / training sample (bound) | ratio | "
	       "cycles / inference sample | slot reads / inference (bound) | ratio | simulated cycles/s |\n");
	printf("|---|---|---|---|---|---|---|---|\n");
	for (size_t p = 0; p < sizeof names / sizeof names[0]; p++) {
		if (argc > 3) { /* only the presets named */
			int want = 0;
			for (int a = 3; a < argc; a++)
				want |= !strcmp(argv[a], names[p]);
			if (!want)
				continue;
		}
		struct pc_config cfg;
		struct pc_core c;
		struct rdev d;
		uint64_t c0[PC_NCOUNTERS], c1[PC_NCOUNTERS], c2[PC_NCOUNTERS];

		if (pc_preset_apply(&cfg, names[p]) || pc_core_init(&c, PC_H_MAX, PC_SLOT_CAP_DEFAULT))
			return 1;
		for (unsigned r = 0; r < PC_REG_COUNT; r++)
			if (cfg.set & (1u << r))
				c.reg[r] = cfg.reg[r];
		pc_core_randomize(&c, 1, cfg.amp1, cfg.amp2);
		if (rdev_open(&d) || rdev_load_state(&d, &c) || rdev_counters(&d, c0)) {
			fprintf(stderr, "bench_sim: %s: %s\n", names[p], d.err);
			return 1;
		}
		double t0 = now();
		if (stream(&d, &train, n, 1) || rdev_counters(&d, c1))
			return 1;
		double t1 = now();
		if (stream(&d, &test, n, 0) || rdev_counters(&d, c2))
			return 1;
		double t2 = now();
		double cyc_t = (double)(c1[PC_CNT_CYCLES] - c0[PC_CNT_CYCLES]) / n;
		double acc_t = (double)(slot_accesses(c1) - slot_accesses(c0)) / n;
		double cyc_i = (double)(c2[PC_CNT_CYCLES] - c1[PC_CNT_CYCLES]) / n;
		double acc_i = (double)(slot_accesses(c2) - slot_accesses(c1)) / n;
		double speed = (double)(c2[PC_CNT_CYCLES] - c0[PC_CNT_CYCLES]) / (t2 - t0);
		printf("| %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.2f M |\n", names[p], cyc_t, acc_t,
		       cyc_t / acc_t, cyc_i, acc_i, cyc_i / acc_i, speed / 1e6);
		(void)t1;
		rdev_close(&d);
		pc_core_free(&c);
	}
	pc_dataset_free(&train);
	pc_dataset_free(&test);
	return 0;
}
