// SPDX-License-Identifier: ISC
// sim_top.cpp — the C ABI of sim_top.h over a Verilated board top (SIM_TOP_PREFIX: Vtop, the RTL;
// Vpostsynth, the Yosys netlist) with a host-side UART on its RX / TX pins.
// One cycle: pins set with the clock low, evaluate, sample TX, rising edge.
#include "sim_top.h"

#include <cstdio>
#include <deque>
#include <memory>
#include <new>

#ifndef SIM_TOP_PREFIX
#define SIM_TOP_PREFIX Vtop
#endif
#ifndef SIM_TOP_CLKS_PER_BIT
#define SIM_TOP_CLKS_PER_BIT 8 // CLK_MHZ 24 / BAUD 3000000
#endif
#ifndef SIM_TOP_RESET_CYCLES
#define SIM_TOP_RESET_CYCLES 70000 // 2^POR_BITS (16) + synchronisers, with margin
#endif
#define SIM_TOP_STR_(x) #x
#define SIM_TOP_STR(x) SIM_TOP_STR_(x)
#include SIM_TOP_STR(SIM_TOP_PREFIX.h)
#include "verilated.h"
#ifdef PC_SIM_TRACE
#include "verilated_fst_c.h"
#endif

using Model = SIM_TOP_PREFIX;
static const unsigned CPB = SIM_TOP_CLKS_PER_BIT;

struct sim_top {
	std::unique_ptr<VerilatedContext> ctx;
	std::unique_ptr<Model> top;
#ifdef PC_SIM_TRACE
	std::unique_ptr<VerilatedFstC> tfp;
#endif
	std::deque<uint8_t> txq; // host -> device bytes not yet (fully) on the RX wire
	std::deque<uint8_t> rxq; // device -> host bytes received from TX
	// host transmitter (drives RX): bit 0 start, 1..8 data LSB first, 9 stop; -1 idle
	int tx_bit = -1;
	unsigned tx_cnt = 0;
	// host receiver (samples TX): -1 idle, 0 start bit, 1..8 data, 9 stop
	int rx_bit = -1;
	unsigned rx_cnt = 0;
	uint8_t rx_shift = 0;
	uint64_t framing_errors = 0;
	uint64_t cycles = 0;
};

static void set_err(const struct sim_opts *o, const char *msg)
{
	if (o && o->err && o->errlen)
		std::snprintf(o->err, o->errlen, "%s", msg);
}

// the RX line level in this cycle; advances the host transmitter by one clock
static uint8_t host_tx(struct sim_top *s)
{
	if (s->tx_bit < 0) {
		if (s->txq.empty())
			return 1;
		s->tx_bit = 0;
		s->tx_cnt = 0;
	}
	uint8_t level;
	if (s->tx_bit == 0)
		level = 0;
	else if (s->tx_bit <= 8)
		level = (s->txq.front() >> (s->tx_bit - 1)) & 1;
	else
		level = 1;
	if (++s->tx_cnt == CPB) {
		s->tx_cnt = 0;
		if (++s->tx_bit == 10) {
			s->tx_bit = -1;
			s->txq.pop_front();
		}
	}
	return level;
}

// the host receiver sees the TX level of this cycle
static void host_rx(struct sim_top *s, uint8_t level)
{
	if (s->rx_bit < 0) {
		if (level == 0) { // start bit edge: sample it again in its middle
			s->rx_bit = 0;
			s->rx_cnt = CPB / 2;
		}
		return;
	}
	if (--s->rx_cnt != 0)
		return;
	s->rx_cnt = CPB;
	if (s->rx_bit == 0) {
		if (level != 0) { // a glitch, not a start bit
			s->rx_bit = -1;
			return;
		}
	} else if (s->rx_bit <= 8) {
		s->rx_shift = (uint8_t)((s->rx_shift >> 1) | (level ? 0x80 : 0));
	} else {
		if (level)
			s->rxq.push_back(s->rx_shift);
		else
			s->framing_errors++;
		s->rx_bit = -1;
		return;
	}
	s->rx_bit++;
}

static void tick(struct sim_top *s)
{
	Model *t = s->top.get();
	t->CLK = 0;
	t->RX = host_tx(s);
	t->BTN_N = 1;
	t->eval();
#ifdef PC_SIM_TRACE
	if (s->tfp) s->tfp->dump(s->cycles * 2);
#endif
	host_rx(s, t->TX);
	t->CLK = 1;
	t->eval();
#ifdef PC_SIM_TRACE
	if (s->tfp) s->tfp->dump(s->cycles * 2 + 1);
#endif
	s->cycles++;
}

extern "C" struct sim_top *sim_top_open(const struct sim_opts *o)
{
	struct sim_top *s = new (std::nothrow) sim_top;
	if (!s) {
		set_err(o, "out of memory");
		return nullptr;
	}
	s->ctx.reset(new VerilatedContext);
	s->ctx->randReset(0); // --x-initial fast: state bits without an initial value start 0
	s->top.reset(new Model(s->ctx.get(), "top"));
	if (o && o->trace) {
#ifdef PC_SIM_TRACE
		s->ctx->traceEverOn(true);
		s->tfp.reset(new VerilatedFstC);
		s->top->trace(s->tfp.get(), 99);
		s->tfp->open(o->trace);
		if (!s->tfp->isOpen()) {
			set_err(o, "cannot open the trace file");
			sim_top_close(s);
			return nullptr;
		}
#else
		set_err(o, "trace requested but the model was built without tracing (make SIM_TRACE=1)");
		sim_top_close(s);
		return nullptr;
#endif
	}
	s->top->CLK = 0;
	s->top->RX = 1;
	s->top->BTN_N = 1;
	s->top->eval();
	for (unsigned i = 0; i < SIM_TOP_RESET_CYCLES; i++)
		tick(s);
	return s;
}

extern "C" void sim_top_step(struct sim_top *s, uint64_t n)
{
	while (n--) tick(s);
}

extern "C" size_t sim_top_write(struct sim_top *s, const uint8_t *buf, size_t n)
{
	s->txq.insert(s->txq.end(), buf, buf + n);
	return n;
}

extern "C" size_t sim_top_read(struct sim_top *s, uint8_t *buf, size_t max)
{
	size_t n = 0;
	while (n < max && !s->rxq.empty()) {
		buf[n++] = s->rxq.front();
		s->rxq.pop_front();
	}
	return n;
}

extern "C" size_t sim_top_rx_pending(const struct sim_top *s) { return s->txq.size(); }

extern "C" uint64_t sim_top_cycles(const struct sim_top *s) { return s->cycles; }

extern "C" uint64_t sim_top_framing_errors(const struct sim_top *s) { return s->framing_errors; }

extern "C" unsigned sim_top_clks_per_bit(void) { return CPB; }

extern "C" const char *sim_top_model(void) { return SIM_TOP_STR(SIM_TOP_PREFIX); }

extern "C" void sim_top_close(struct sim_top *s)
{
	if (!s) return;
	if (s->top) s->top->final();
#ifdef PC_SIM_TRACE
	if (s->tfp) s->tfp->close();
#endif
	delete s;
}
