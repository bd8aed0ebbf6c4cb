/* SPDX-License-Identifier: ISC */
/* transport_ref.c — the reference device (refdev.c) in-process behind struct pc_transport.
 *
 * write() feeds the device's RX FIFO (bytes beyond it are lost, as on the wire); read() lets
 * the device run over everything buffered and returns its responses. Nothing happens while
 * the host does not read, so there is no clock: a read with nothing to return stands for a
 * wait longer than the device's RX_TIMEOUT — a frame cut short expires (error 4, as on the
 * board) and is returned; else PC_T_ERR_TIMEOUT at once (nothing will ever arrive).
 */
#include "transport.h"
#include "refdev.h"

#include <stdio.h>
#include <stdlib.h>

struct ref_transport {
	struct pc_transport t; /* first: the transport pointer is the struct pointer */
	struct pc_refdev dev;
};

static int ref_write(struct pc_transport *t, const uint8_t *buf, size_t n)
{
	struct ref_transport *r = (struct ref_transport *)t;
	pc_refdev_feed(&r->dev, buf, n);
	return PC_T_OK;
}

static long ref_read(struct pc_transport *t, uint8_t *buf, size_t n, int timeout_ms)
{
	struct ref_transport *r = (struct ref_transport *)t;
	pc_refdev_run(&r->dev);
	if (!pc_refdev_pending(&r->dev) && timeout_ms != 0)
		pc_refdev_timeout(&r->dev);
	if (!pc_refdev_pending(&r->dev)) {
		snprintf(t->err, sizeof t->err, "reference device: no response");
		return PC_T_ERR_TIMEOUT;
	}
	return (long)pc_refdev_take(&r->dev, buf, n);
}

static int64_t ref_cycles(struct pc_transport *t)
{
	(void)t;
	return -1;
}

static void ref_close(struct pc_transport *t)
{
	struct ref_transport *r = (struct ref_transport *)t;
	pc_refdev_free(&r->dev);
	free(r);
}

struct pc_transport *pc_transport_ref_open(const struct pc_transport_opts *o, char *err, size_t errlen)
{
	struct ref_transport *r = calloc(1, sizeof *r);
	uint32_t h_max = o ? o->h_max : 0, slot_cap = o ? o->slot_cap : 0;

	if (!r || pc_refdev_init(&r->dev, h_max, slot_cap)) {
		snprintf(err, errlen, "reference device: cannot create (h_max %u, slot_cap %u)",
			 (unsigned)h_max, (unsigned)slot_cap);
		free(r);
		return NULL;
	}
	if (o && o->features)
		r->dev.core.features = o->features & PC_CTRL_MASK;
	r->t.name = "ref";
	r->t.write = ref_write;
	r->t.read = ref_read;
	r->t.cycles = ref_cycles;
	r->t.close = ref_close;
	return &r->t;
}
