/* SPDX-License-Identifier: ISC */
/* transport_sim.c — the pc_transport over the Verilated RTL core (sim/sim.h).
 *
 * write queues the bytes into the model; read clocks the model in chunks of SIM_CHUNK cycles
 * until response bytes appear or a cycle budget of timeout_ms * SIM_CYCLES_PER_MS passes (the
 * simulated clock, not the wall clock: generous, as some commands take millions of cycles).
 * Compiled with -DPC_HAVE_SIM only when sim/sim.mk found rtl/plasticore.v; otherwise
 * pc_transport_sim_open fails with "built without the simulator".
 */
#include "transport.h"

#include <stdio.h>
#include <stdlib.h>

#ifdef PC_HAVE_SIM
#include "sim.h"

#define SIM_CHUNK 256
#define SIM_CYCLES_PER_MS 100000ull /* 100 MHz-equivalent budget per millisecond of timeout */

struct tsim {
	struct pc_transport t; /* first: the transport functions get &t */
	struct sim *s;
};

static int tsim_write(struct pc_transport *t, const uint8_t *buf, size_t n)
{
	struct tsim *ts = (struct tsim *)t;
	sim_write(ts->s, buf, n);
	return PC_T_OK;
}

static long tsim_read(struct pc_transport *t, uint8_t *buf, size_t n, int timeout_ms)
{
	struct tsim *ts = (struct tsim *)t;
	uint64_t budget = timeout_ms > 0 ? (uint64_t)timeout_ms * SIM_CYCLES_PER_MS : SIM_CHUNK;
	uint64_t ran = 0;
	size_t got;

	if (n == 0)
		return 0;
	for (;;) {
		got = sim_read(ts->s, buf, n);
		if (got > 0)
			return (long)got;
		if (ran >= budget) {
			snprintf(t->err, sizeof t->err, "sim: no response byte within %llu cycles",
			         (unsigned long long)ran);
			return PC_T_ERR_TIMEOUT;
		}
		sim_step(ts->s, SIM_CHUNK);
		ran += SIM_CHUNK;
	}
}

static int64_t tsim_cycles(struct pc_transport *t)
{
	return (int64_t)sim_cycles(((struct tsim *)t)->s);
}

static void tsim_close(struct pc_transport *t)
{
	struct tsim *ts = (struct tsim *)t;
	if (!ts)
		return;
	sim_close(ts->s);
	free(ts);
}

struct pc_transport *pc_transport_sim_open(const struct pc_transport_opts *o, char *err, size_t errlen)
{
	struct sim_opts so = { .trace = o ? o->trace : NULL, .err = err, .errlen = errlen };
	struct tsim *ts = calloc(1, sizeof *ts);

	if (!ts) {
		if (err && errlen)
			snprintf(err, errlen, "sim: out of memory");
		return NULL;
	}
	ts->s = sim_open(&so);
	if (!ts->s) {
		free(ts);
		return NULL;
	}
	ts->t.name = "sim";
	ts->t.write = tsim_write;
	ts->t.read = tsim_read;
	ts->t.cycles = tsim_cycles;
	ts->t.close = tsim_close;
	return &ts->t;
}

#else /* !PC_HAVE_SIM: a build configuration without rtl/plasticore.v */

struct pc_transport *pc_transport_sim_open(const struct pc_transport_opts *o, char *err, size_t errlen)
{
	(void)o;
	if (err && errlen)
		snprintf(err, errlen, "sim: built without the simulator (rtl/plasticore.v was absent at build time)");
	return NULL;
}

#endif
