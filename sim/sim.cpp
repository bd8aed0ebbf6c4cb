// SPDX-License-Identifier: ISC
// sim.cpp — the C ABI of sim.h over the Verilated `plasticore` model (Vplasticore).
// One cycle: inputs set with the clock low, evaluate, sample the handshakes, rising edge.
#include "sim.h"

#include <cstdio>
#include <deque>
#include <memory>
#include <new>
#include <vector>

#include "Vplasticore.h"
#include "verilated.h"
#ifdef PC_SIM_TRACE
#include "verilated_fst_c.h"
#endif

struct sim {
	std::unique_ptr<VerilatedContext> ctx;
	std::unique_ptr<Vplasticore> top;
#ifdef PC_SIM_TRACE
	std::unique_ptr<VerilatedFstC> tfp;
#endif
	std::deque<uint8_t> rxq; // request bytes not yet taken by the core
	std::deque<uint8_t> txq; // response bytes not yet read
	uint64_t cycles = 0;
};

static void set_err(const struct sim_opts *o, const char *msg)
{
	if (o && o->err && o->errlen)
		std::snprintf(o->err, o->errlen, "%s", msg);
}

static void tick(struct sim *s)
{
	Vplasticore *t = s->top.get();
	t->i_clk = 0;
	t->i_rx_valid = s->rxq.empty() ? 0 : 1;
	t->i_rx_data = s->rxq.empty() ? 0 : s->rxq.front();
	t->i_rx_overflow = 0;
	t->i_tx_ready = 1;
	t->eval();
#ifdef PC_SIM_TRACE
	if (s->tfp) s->tfp->dump(s->cycles * 2);
#endif
	const bool take = t->i_rx_valid && t->o_rx_ready;
	const bool give = t->o_tx_valid;
	const uint8_t out = t->o_tx_data;
	t->i_clk = 1;
	t->eval();
#ifdef PC_SIM_TRACE
	if (s->tfp) s->tfp->dump(s->cycles * 2 + 1);
#endif
	if (take) s->rxq.pop_front();
	if (give) s->txq.push_back(out);
	s->cycles++;
}

extern "C" struct sim *sim_open(const struct sim_opts *o)
{
	struct sim *s = new (std::nothrow) sim;
	if (!s) {
		set_err(o, "out of memory");
		return nullptr;
	}
	s->ctx.reset(new VerilatedContext);
	s->ctx->randReset(0); // --x-initial fast: every state bit starts 0, runs are repeatable
	s->top.reset(new Vplasticore(s->ctx.get(), "plasticore"));
	if (o && o->trace) {
#ifdef PC_SIM_TRACE
		s->ctx->traceEverOn(true);
		s->tfp.reset(new VerilatedFstC);
		s->top->trace(s->tfp.get(), 99);
		s->tfp->open(o->trace);
		if (!s->tfp->isOpen()) {
			set_err(o, "cannot open the trace file");
			sim_close(s);
			return nullptr;
		}
#else
		set_err(o, "trace requested but the model was built without tracing (make SIM_TRACE=1)");
		sim_close(s);
		return nullptr;
#endif
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
	size_t n = 0;
	while (n < max && !s->txq.empty()) {
		buf[n++] = s->txq.front();
		s->txq.pop_front();
	}
	return n;
}

extern "C" size_t sim_rx_pending(const struct sim *s) { return s->rxq.size(); }

extern "C" uint64_t sim_cycles(const struct sim *s) { return s->cycles; }

extern "C" void sim_close(struct sim *s)
{
	if (!s) return;
	if (s->top) s->top->final();
#ifdef PC_SIM_TRACE
	if (s->tfp) s->tfp->close();
#endif
	delete s;
}
