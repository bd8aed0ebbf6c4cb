/* SPDX-License-Identifier: ISC */
/* sim_top.h — a thin C ABI over a Verilated *board top* (rtl/top_icebreaker.v, ports CLK RX TX
 * BTN_N LEDR_N LEDG_N), driven bit by bit through its UART pins by a host-side UART model.
 *
 * The same calls as sim.h, over a different model: bytes queued by sim_top_write() are shifted
 * into RX as 8N1 frames at CLKS_PER_BIT clocks per bit, back to back (like the FT2232H: no flow
 * control, the host must not overrun the device's receive FIFO); TX is sampled every clock,
 * each start bit found starts a byte sampled in the middle of its bits, and the bytes go to a
 * buffer for sim_top_read(). BTN_N is held high (released). sim_top_open() runs the board's
 * power-on reset (RESET_CYCLES clocks) before it returns.
 *
 * One source (sim/sim_top.cpp), two builds (sim/sim.mk):
 *   Vtop         the rtl/ sources, top top_icebreaker, RTL (the PLL is left out outside SYNTHESIS):
 *                the full-chip model behind `plasticore --backend sim --sim-model top`
 *   Vpostsynth   the Yosys synth_ice40 netlist of the same top over Yosys' iCE40 cell models,
 *                the PLL cell swapped for a pass-through (tests/test_postsynth.sh)
 * Compile-time knobs: SIM_TOP_PREFIX (the Verilator --prefix), SIM_TOP_CLKS_PER_BIT,
 * SIM_TOP_RESET_CYCLES; sim_top_params() reports them.
 */
#ifndef PC_SIM_TOP_H
#define PC_SIM_TOP_H

#include <stddef.h>
#include <stdint.h>

#include "sim.h" /* struct sim_opts */

#ifdef __cplusplus
extern "C" {
#endif

struct sim_top;

struct sim_top *sim_top_open(const struct sim_opts *o); /* NULL on failure (see o->err) */
void sim_top_step(struct sim_top *s, uint64_t n);        /* run n clock cycles */
size_t sim_top_write(struct sim_top *s, const uint8_t *buf, size_t n); /* queue bytes; returns n */
size_t sim_top_read(struct sim_top *s, uint8_t *buf, size_t max);      /* take received bytes */
size_t sim_top_rx_pending(const struct sim_top *s);  /* queued bytes not yet fully on the RX wire */
uint64_t sim_top_cycles(const struct sim_top *s);    /* clock cycles since sim_top_open (reset included) */
uint64_t sim_top_framing_errors(const struct sim_top *s); /* TX bytes with a bad stop bit */
void sim_top_close(struct sim_top *s);               /* flushes the trace, frees s; NULL is fine */
/* build-time figures of this model: clocks per UART bit, reset clocks, model name */
unsigned sim_top_clks_per_bit(void);
const char *sim_top_model(void);

#ifdef __cplusplus
}
#endif

#endif
