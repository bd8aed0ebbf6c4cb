// SPDX-License-Identifier: ISC
// sim_top.cpp — the C ABI of sim_top.h over a Verilated board top (SIM_TOP_PREFIX: Vtop, the RTL;
// Vpostsynth, the Yosys netlist) with a host-side UART on its RX / TX pins.
// One cycle: pins set with the clock low, evaluate, sample TX, rising edge.
#include "sim_top.h"

#include <deque>
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
#include "sim_model.hpp"

using Model = SIM_TOP_PREFIX;
static const unsigned CPB = SIM_TOP_CLKS_PER_BIT;

struct sim_top : sim_model<Model> {
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
};

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
	s->dump(0);
	host_rx(s, t->TX);
	t->CLK = 1;
	t->eval();
	s->dump(1);
	s->cycles++;
}

extern "C" struct sim_top *sim_top_open(const struct sim_opts *o)
{
	struct sim_top *s = new (std::nothrow) sim_top;
	if (!s) {
		sim_set_err(o, "out of memory");
		return nullptr;
	}
	if (!s->open("top", o)) {
		delete s;
		return nullptr;
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
	return sim_queue_read(s->rxq, buf, max);
}

extern "C" size_t sim_top_rx_pending(const struct sim_top *s) { return s->txq.size(); }

extern "C" uint64_t sim_top_cycles(const struct sim_top *s) { return s->cycles; }

extern "C" uint64_t sim_top_framing_errors(const struct sim_top *s) { return s->framing_errors; }

extern "C" unsigned sim_top_clks_per_bit(void) { return CPB; }

extern "C" const char *sim_top_model(void) { return SIM_TOP_STR(SIM_TOP_PREFIX); }

extern "C" void sim_top_close(struct sim_top *s)
{
	delete s;
}
