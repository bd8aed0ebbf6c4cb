/* SPDX-License-Identifier: ISC */
/* sim.h — a thin C ABI over the Verilated plasticore core (rtl/plasticore.v, top `plasticore`).
 *
 * One struct sim = one model instance, clocked only inside sim_step(). Request bytes queued by
 * sim_write() enter i_rx_valid/i_rx_data (i_rx_overflow = 0), at most one per cycle, as fast as
 * o_rx_ready takes them; response bytes leave o_tx_valid/o_tx_data with i_tx_ready held high and
 * are buffered for sim_read(). sim_open() holds i_rst for 8 cycles. Build parameters:
 * H_MAX = 256, SLOT_CAP = 200704 (256 x 784) unless sim.mk says otherwise.
 */
#ifndef PC_SIM_H
#define PC_SIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sim;

struct sim_opts {
	const char *trace; /* FST trace file, or NULL (needs a model built with SIM_TRACE=1) */
	char *err;         /* where sim_open() explains a failure (may be NULL) */
	size_t errlen;
};

struct sim *sim_open(const struct sim_opts *o); /* NULL on failure (see o->err) */
void sim_step(struct sim *s, uint64_t n);         /* run n clock cycles */
size_t sim_write(struct sim *s, const uint8_t *buf, size_t n); /* queue request bytes; returns n */
size_t sim_read(struct sim *s, uint8_t *buf, size_t max);      /* take up to max response bytes */
size_t sim_rx_pending(const struct sim *s);       /* queued request bytes the core has not taken */
uint64_t sim_cycles(const struct sim *s);         /* clock cycles since sim_open (reset included) */
void sim_close(struct sim *s);                    /* flushes the trace, frees s; NULL is fine */

#ifdef __cplusplus
}
#endif

#endif
