// SPDX-License-Identifier: ISC
// sim_model.hpp — what the two C ABIs over Verilated models (sim.cpp: the core, sim_top.cpp:
// a board top) share: the Verilator context + model + optional FST trace, two-edge dumping,
// the error-message helper and the byte-queue read. Header-only; M is the Verilated class.
#ifndef PC_SIM_MODEL_HPP
#define PC_SIM_MODEL_HPP

#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>

#include "sim.h"
#include "verilated.h"
#ifdef PC_SIM_TRACE
#include "verilated_fst_c.h"
#endif

static inline void sim_set_err(const struct sim_opts *o, const char *msg)
{
	if (o && o->err && o->errlen)
		std::snprintf(o->err, o->errlen, "%s", msg);
}

template <class M> struct sim_model {
	std::unique_ptr<VerilatedContext> ctx;
	std::unique_ptr<M> top;
#ifdef PC_SIM_TRACE
	std::unique_ptr<VerilatedFstC> tfp;
#endif
	uint64_t cycles = 0;

	// creates the model (every state bit without an initial value starts 0, so runs are
	// repeatable) and opens the trace o->trace if asked; false with o->err set on failure
	bool open(const char *name, const struct sim_opts *o)
	{
		ctx.reset(new VerilatedContext);
		ctx->randReset(0);
		top.reset(new M(ctx.get(), name));
		if (!o || !o->trace)
			return true;
#ifdef PC_SIM_TRACE
		ctx->traceEverOn(true);
		tfp.reset(new VerilatedFstC);
		top->trace(tfp.get(), 99);
		tfp->open(o->trace);
		if (tfp->isOpen())
			return true;
		sim_set_err(o, "cannot open the trace file");
#else
		sim_set_err(o, "trace requested but the model was built without tracing (make SIM_TRACE=1)");
#endif
		return false;
	}

	// trace the state after the falling (edge 0) or the rising (edge 1) evaluation of this cycle
	void dump(int edge)
	{
#ifdef PC_SIM_TRACE
		if (tfp) tfp->dump(cycles * 2 + (uint64_t)edge);
#else
		(void)edge;
#endif
	}

	~sim_model()
	{
		if (top) top->final();
#ifdef PC_SIM_TRACE
		if (tfp) tfp->close();
#endif
	}
};

// moves up to max bytes from the front of q to buf
static inline size_t sim_queue_read(std::deque<uint8_t> &q, uint8_t *buf, size_t max)
{
	size_t n = 0;
	while (n < max && !q.empty()) {
		buf[n++] = q.front();
		q.pop_front();
	}
	return n;
}

#endif
