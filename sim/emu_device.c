/* SPDX-License-Identifier: ISC */
/* emu_device.c — the reference device and the Verilated core behind the emulated FT2232H
 * (see emu_device.h). */
#include "emu_device.h"

#include "refdev.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef PC_HAVE_SIM
#include "sim.h"
#endif

struct emu_dev {
	enum emu_dev_kind kind;
	/* ref */
	struct pc_refdev ref;
	int ref_ok;
	int64_t last_rx_ms;  /* when the last byte arrived */
	int rx_since_timeout; /* bytes arrived since the last expiry check fired */
	/* the response stream, parsed for the prediction digest */
	int ps;              /* 0 hunt SOF, 1 CMD, 2 SEQ, 3 LEN lo, 4 LEN hi, 5 payload, 6 CRC */
	uint8_t pcmd;
	unsigned plen, ppos;
	uint64_t digest, npred;
	/* sim */
#ifdef PC_HAVE_SIM
	struct sim *s;
#endif
};

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- the prediction digest ------------------------------------------------------------------ */

static void watch(struct emu_dev *d, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t b = p[i];
		switch (d->ps) {
		case 0: if (b == PC_SOF_RSP) d->ps = 1; break;
		case 1: d->pcmd = b; d->ps = 2; break;
		case 2: d->ps = 3; break;
		case 3: d->plen = b; d->ps = 4; break;
		case 4:
			d->plen |= (unsigned)b << 8;
			d->ppos = 0;
			d->ps = d->plen ? 5 : 6;
			break;
		case 5:
			if (d->ppos == 0 && (d->pcmd == (PC_CMD_TRAIN | PC_RESP_BIT) ||
					     d->pcmd == (PC_CMD_INFER | PC_RESP_BIT) ||
					     d->pcmd == (PC_CMD_PERSONALISE | PC_RESP_BIT))) {
				d->digest = (d->digest ^ b) * 0x100000001B3ull;
				d->npred++;
			}
			if (++d->ppos == d->plen) {
				d->ps = 6;
				d->ppos = 0;
			}
			break;
		default:
			if (++d->ppos == 2)
				d->ps = 0;
			break;
		}
	}
}

uint64_t emu_dev_pred_digest(const struct emu_dev *d, uint64_t *n)
{
	*n = d->npred;
	return d->digest;
}

/* ---- ref ------------------------------------------------------------------------------------ */

static void ref_rx(void *ctx, const uint8_t *buf, size_t n)
{
	struct emu_dev *d = ctx;
	while (n > 0) { /* the device drains its FIFO as fast as bytes come */
		size_t k = pc_refdev_feed(&d->ref, buf, n);
		buf += k;
		n -= k;
		pc_refdev_run(&d->ref);
		if (k == 0) { /* cannot happen after a run (the FIFO is empty); do not spin */
			pc_refdev_feed(&d->ref, buf, n); /* lost, as on the wire */
			break;
		}
	}
	d->last_rx_ms = now_ms();
	d->rx_since_timeout = 1;
}

static size_t ref_tx(void *ctx, uint8_t *buf, size_t max)
{
	struct emu_dev *d = ctx;
	pc_refdev_run(&d->ref);
	if (!pc_refdev_pending(&d->ref) && d->rx_since_timeout &&
	    now_ms() - d->last_rx_ms >= EMU_REF_RX_TIMEOUT_MS) {
		pc_refdev_timeout(&d->ref); /* a frame cut short: error 4, as RX_TIMEOUT would */
		d->rx_since_timeout = 0;
	}
	size_t k = pc_refdev_take(&d->ref, buf, max);
	watch(d, buf, k);
	return k;
}

/* ---- sim ------------------------------------------------------------------------------------ */

#ifdef PC_HAVE_SIM
static void sim_rx_cb(void *ctx, const uint8_t *buf, size_t n)
{
	struct emu_dev *d = ctx;
	sim_write(d->s, buf, n);
}

static size_t sim_tx_cb(void *ctx, uint8_t *buf, size_t max)
{
	struct emu_dev *d = ctx;
	size_t got = sim_read(d->s, buf, max);
	uint64_t ran = 0;

	/* run until something is there (bounded), then while the response keeps growing */
	while (got < max && ran < EMU_SIM_BUDGET) {
		sim_step(d->s, EMU_SIM_CHUNK);
		ran += EMU_SIM_CHUNK;
		size_t k = sim_read(d->s, buf + got, max - got);
		if (k == 0 && got > 0)
			break;
		got += k;
	}
	watch(d, buf, got);
	return got;
}
#endif

/* ---- public --------------------------------------------------------------------------------- */

int emu_dev_have_sim(void)
{
#ifdef PC_HAVE_SIM
	return 1;
#else
	return 0;
#endif
}

const char *emu_dev_name(enum emu_dev_kind kind)
{
	return kind == EMU_DEV_SIM ? "sim" : "ref";
}

struct emu_dev *emu_dev_new(enum emu_dev_kind kind, char *err, size_t errlen)
{
	struct emu_dev *d = calloc(1, sizeof *d);
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	d->kind = kind;
	d->digest = 0xCBF29CE484222325ull;
	if (kind == EMU_DEV_REF) {
		if (pc_refdev_init(&d->ref, 0, 0)) {
			snprintf(err, errlen, "reference device: cannot create");
			free(d);
			return NULL;
		}
		d->ref_ok = 1;
		return d;
	}
#ifdef PC_HAVE_SIM
	struct sim_opts so = { .trace = NULL, .err = err, .errlen = errlen };
	d->s = sim_open(&so);
	if (!d->s) {
		free(d);
		return NULL;
	}
	return d;
#else
	snprintf(err, errlen, "sim: built without the simulator (rtl/plasticore.v was absent at build time)");
	free(d);
	return NULL;
#endif
}

void emu_dev_bind(struct emu_dev *d, struct ft_emu_device *out)
{
	memset(out, 0, sizeof *out);
	out->ctx = d;
	if (d->kind == EMU_DEV_REF) {
		out->rx = ref_rx;
		out->tx = ref_tx;
	}
#ifdef PC_HAVE_SIM
	else {
		out->rx = sim_rx_cb;
		out->tx = sim_tx_cb;
	}
#endif
}

void emu_dev_free(struct emu_dev *d)
{
	if (!d)
		return;
	if (d->ref_ok)
		pc_refdev_free(&d->ref);
#ifdef PC_HAVE_SIM
	sim_close(d->s);
#endif
	free(d);
}

int64_t emu_dev_cycles(const struct emu_dev *d)
{
#ifdef PC_HAVE_SIM
	if (d->s)
		return (int64_t)sim_cycles(d->s);
#endif
	(void)d;
	return -1;
}
