// SPDX-License-Identifier: ISC
// sim.cpp — the C ABI of sim.h over the Verilated `plasticore` model (Vplasticore).
// One cycle: inputs set with the clock low, evaluate, sample the handshakes, rising edge.
#include "sim.h"

#include <deque>
#include <new>

#include "Vplasticore.h"
#include "sim_model.hpp"

struct sim : sim_model<Vplasticore> {
	std::deque<uint8_t> rxq; // request bytes not yet taken by the core
	std::deque<uint8_t> txq; // response bytes not yet read
};

static void tick(struct sim *s)
{
	Vplasticore *t = s->top.get();
	t->i_clk = 0;
	t->i_rx_valid = s->rxq.empty() ? 0 : 1;
	t->i_rx_data = s->rxq.empty() ? 0 : s->rxq.front();
	t->i_rx_overflow = 0;
	t->i_tx_ready = 1;
	t->eval();
	s->dump(0);
	const bool take = t->i_rx_valid && t->o_rx_ready;
	const bool give = t->o_tx_valid;
	const uint8_t out = t->o_tx_data;
	t->i_clk = 1;
	t->eval();
	s->dump(1);
	if (take) s->rxq.pop_front();
	if (give) s->txq.push_back(out);
	s->cycles++;
}

extern "C" struct sim *sim_open(const struct sim_opts *o)
{
	struct sim *s = new (std::nothrow) sim;
	if (!s) {
		sim_set_err(o, "out of memory");
		return nullptr;
	}
	if (!s->open("plasticore", o)) {
		delete s;
		return nullptr;
	}
	s->top->i_rst = 1;
	for (int i = 0; i < 8; i++) tick(s);
	s->top->i_rst = 0;
	return s;
}

extern "C" void sim_step(struct sim *s, uint64_t n)
{
	while (n--) tick(s);
}

extern "C" size_t sim_write(struct sim *s, const uint8_t *buf, size_t n)
{
	s->rxq.insert(s->rxq.end(), buf, buf + n);
	return n;
}

extern "C" size_t sim_read(struct sim *s, uint8_t *buf, size_t max)
{
	return sim_queue_read(s->txq, buf, max);
}

extern "C" size_t sim_rx_pending(const struct sim *s) { return s->rxq.size(); }

extern "C" uint64_t sim_cycles(const struct sim *s) { return s->cycles; }

extern "C" void sim_close(struct sim *s)
{
	delete s;
}
