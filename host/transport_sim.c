/* SPDX-License-Identifier: ISC */
/* transport_sim.c — the pc_transport over the Verilated RTL core (sim/sim.h).
 *
 * write queues the bytes into the model; read clocks the model in chunks of SIM_CHUNK cycles
 * until response bytes appear or a cycle budget of timeout_ms * SIM_CYCLES_PER_MS passes (the
 * simulated clock, not the wall clock: generous, as some commands take millions of cycles).
 * Compiled with -DPC_HAVE_SIM only when sim/sim.mk found rtl/plasticore.v; otherwise
 * pc_transport_sim_open fails with "built without the simulator".
 *
 * Two models (pc_transport_opts.sim_model): "core" (default) the core `plasticore` with byte
 * handshakes (sim/sim.h); "top" the board top top_icebreaker, every byte a UART frame on its
 * RX / TX pins at 8 clocks per bit (sim/sim_top.h, -DPC_HAVE_SIM_TOP). The client keeps its
 * in-flight bytes below the device's receive FIFO (STATUS), as over USB.
 */
#include "transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef PC_HAVE_SIM
#include "sim.h"

#define SIM_CHUNK 256
#define SIM_CYCLES_PER_MS 100000ull /* 100 MHz-equivalent budget per millisecond of timeout */

#ifdef PC_HAVE_SIM_TOP
#include "sim_top.h"
#endif

struct tsim {
	struct pc_transport t; /* first: the transport functions get &t */
	struct sim *s;
#ifdef PC_HAVE_SIM_TOP
	struct sim_top *top; /* instead of s: the board top */
#endif
};

/* the model calls, on whichever model is open */
static void ts_write(struct tsim *ts, const uint8_t *buf, size_t n)
{
#ifdef PC_HAVE_SIM_TOP
	if (ts->top) {
		sim_top_write(ts->top, buf, n);
		return;
	}
#endif
	sim_write(ts->s, buf, n);
}

static size_t ts_read(struct tsim *ts, uint8_t *buf, size_t n)
{
#ifdef PC_HAVE_SIM_TOP
	if (ts->top)
		return sim_top_read(ts->top, buf, n);
#endif
	return sim_read(ts->s, buf, n);
}

static void ts_step(struct tsim *ts, uint64_t n)
{
#ifdef PC_HAVE_SIM_TOP
	if (ts->top) {
		sim_top_step(ts->top, n);
		return;
	}
#endif
	sim_step(ts->s, n);
}

static uint64_t ts_cycles(const struct tsim *ts)
{
#ifdef PC_HAVE_SIM_TOP
	if (ts->top)
		return sim_top_cycles(ts->top);
#endif
	return sim_cycles(ts->s);
}

static int tsim_write(struct pc_transport *t, const uint8_t *buf, size_t n)
{
	struct tsim *ts = (struct tsim *)t;
	ts_write(ts, buf, n);
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
		got = ts_read(ts, buf, n);
		if (got > 0)
			return (long)got;
		if (ran >= budget) {
			snprintf(t->err, sizeof t->err, "sim: no response byte within %llu cycles",
			         (unsigned long long)ran);
			return PC_T_ERR_TIMEOUT;
		}
		ts_step(ts, SIM_CHUNK);
		ran += SIM_CHUNK;
	}
}

static int64_t tsim_cycles(struct pc_transport *t)
{
	return (int64_t)ts_cycles((struct tsim *)t);
}

static void tsim_close(struct pc_transport *t)
{
	struct tsim *ts = (struct tsim *)t;
	if (!ts)
		return;
	sim_close(ts->s);
#ifdef PC_HAVE_SIM_TOP
	sim_top_close(ts->top);
#endif
	free(ts);
}

struct pc_transport *pc_transport_sim_open(const struct pc_transport_opts *o, char *err, size_t errlen)
{
	struct sim_opts so = { .trace = o ? o->trace : NULL, .err = err, .errlen = errlen };
	const char *model = o && o->sim_model ? o->sim_model : "core";
	struct tsim *ts;

	if (strcmp(model, "core") && strcmp(model, "top")) {
		if (err && errlen)
			snprintf(err, errlen, "sim: unknown model '%s' (core or top)", model);
		return NULL;
	}
#ifndef PC_HAVE_SIM_TOP
	if (!strcmp(model, "top")) {
		if (err && errlen)
			snprintf(err, errlen, "sim: built without the board-top model (sim/sim.mk)");
		return NULL;
	}
#endif
	ts = calloc(1, sizeof *ts);
	if (!ts) {
		if (err && errlen)
			snprintf(err, errlen, "sim: out of memory");
		return NULL;
	}
#ifdef PC_HAVE_SIM_TOP
	if (!strcmp(model, "top")) {
		ts->top = sim_top_open(&so);
		if (!ts->top) {
			free(ts);
			return NULL;
		}
	} else
#endif
	{
		ts->s = sim_open(&so);
		if (!ts->s) {
			free(ts);
			return NULL;
		}
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
