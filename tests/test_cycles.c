/* SPDX-License-Identifier: ISC */
/* tests/test_cycles.c — the CYCLES counter of the Verilated core against the simulator's own
 * cycle count (no other test can: the C model has no clock, so test_bitexact and the protocol
 * tests compare every counter but CYCLES). Read through COUNTERS and through READ_REG 0x40 / 0x41
 * after idle gaps and after training; written with WRITE_REG lo / hi; saturation at 2^48 - 1.
 * Each read must lie between the cycle count when the request was sent and when its answer came. */
#include <stdio.h>

#include "rtl_dev.h"

static int fails;

static void check(int ok, const char *what, unsigned long long v, unsigned long long lo,
		  unsigned long long hi)
{
	if (ok)
		printf("PASS cycles %s (%llu in [%llu, %llu])\n", what, v, lo, hi);
	else {
		printf("FAIL cycles %s: %llu not in [%llu, %llu]\n", what, v, lo, hi);
		fails++;
	}
}

/* CYCLES through COUNTERS; *t0 / *t1: simulator cycles when sent / answered */
static int read_counters(struct rdev *d, unsigned long long *v, uint64_t *t0, uint64_t *t1)
{
	uint64_t c[PC_NCOUNTERS];
	*t0 = sim_cycles(d->s);
	if (rdev_counters(d, c))
		return -1;
	*t1 = sim_cycles(d->s);
	*v = c[PC_CNT_CYCLES];
	return 0;
}

/* CYCLES through READ_REG lo then hi (two requests: the value may move between them) */
static int read_reg48(struct rdev *d, unsigned long long *v, uint64_t *t0, uint64_t *t1)
{
	uint32_t lo, hi;
	*t0 = sim_cycles(d->s);
	if (rdev_read_reg(d, 0x41, &hi) || rdev_read_reg(d, 0x40, &lo))
		return -1;
	*t1 = sim_cycles(d->s);
	*v = ((unsigned long long)hi << 32) | lo;
	return 0;
}

int main(void)
{
	struct rdev d;
	if (rdev_open(&d)) {
		printf("FAIL cycles: %s\n", d.err);
		return 1;
	}
	/* the counter starts with the core's reset: up to 8 cycles fewer than the simulator's */
	const unsigned long long off = 8;
	static const unsigned gaps[] = { 0, 1, 37, 1000, 5000, 3 };
	unsigned long long v, prev = 0;
	uint64_t t0, t1;
	char what[64];
	for (unsigned i = 0; i < sizeof gaps / sizeof gaps[0]; i++) {
		sim_step(d.s, gaps[i]);
		int reg = i & 1;
		if ((reg ? read_reg48 : read_counters)(&d, &v, &t0, &t1)) {
			printf("FAIL cycles read %u: %s\n", i, d.err);
			return 1;
		}
		snprintf(what, sizeof what, "%s read %u after %u idle", reg ? "READ_REG" : "COUNTERS", i,
			 gaps[i]);
		check(v + off >= t0 && v <= t1 && v > prev, what, v, t0 - off, t1);
		prev = v;
	}

	/* a few training samples (engines, flushes, counter requests) in between */
	uint8_t pay[PC_PIX_BYTES + 1] = { 3 };
	for (unsigned i = 0; i < PC_PIX_BYTES; i++)
		pay[1 + i] = (uint8_t)(i * 37u);
	if (rdev_write_reg(&d, PC_REG_HIDDEN, 8) || rdev_write_reg(&d, PC_REG_SLOTS, 20)) {
		printf("FAIL cycles setup: %s\n", d.err);
		return 1;
	}
	for (int i = 0; i < 3; i++)
		if (rdev_xfer(&d, PC_CMD_TRAIN, pay, sizeof pay, NULL)) {
			printf("FAIL cycles train: %s\n", d.err);
			return 1;
		}
	if (read_counters(&d, &v, &t0, &t1))
		return 1;
	check(v + off >= t0 && v <= t1, "COUNTERS after TRAIN", v, t0 - off, t1);

	/* WRITE_REG: hi then lo; the counter keeps counting from the value written */
	uint64_t w0 = sim_cycles(d.s);
	if (rdev_write_reg(&d, 0x41, 0x1234) || rdev_write_reg(&d, 0x40, 0x10)) {
		printf("FAIL cycles write: %s\n", d.err);
		return 1;
	}
	uint64_t w1 = sim_cycles(d.s);
	sim_step(d.s, 500);
	if (read_reg48(&d, &v, &t0, &t1))
		return 1;
	unsigned long long base = (0x1234ull << 32) | 0x10;
	check(v >= base + (t0 - w1) && v <= base + (t1 - w0), "WRITE_REG lo/hi then count", v,
	      base + (t0 - w1), base + (t1 - w0));

	/* saturation: 2^48 - 1 stays */
	if (rdev_write_reg(&d, 0x41, 0xFFFF) || rdev_write_reg(&d, 0x40, 0xFFFFFF00u)) {
		printf("FAIL cycles write: %s\n", d.err);
		return 1;
	}
	sim_step(d.s, 2000);
	if (read_counters(&d, &v, &t0, &t1))
		return 1;
	check(v == 0xFFFFFFFFFFFFull, "saturates at 2^48 - 1", v, 0xFFFFFFFFFFFFull, 0xFFFFFFFFFFFFull);

	rdev_close(&d);
	return fails != 0;
}
