# sim/sim.mk — the Verilated plasticore core (top `plasticore`, not the board top) and its C ABI
# (sim/sim.h). Exports for host/host.mk and tests/:
#   SIM_LINK       what to put on the link line (archives + libs), empty without the core
#   SIM_LINK_DEPS  the files among them, for prerequisites
# and -DPC_HAVE_SIM on host/transport_sim.c when the core exists (rtl/plasticore.v).
# Targets: make sim (the models), make lint (verilator -Wall over every module in rtl/).
# Also the full-chip model of the board top (Vtop, sim/sim_top.h; see below).
# Knobs: SIM_H_MAX SIM_SLOT_CAP (256 x 784), SIM_CACHE (synaptic caching built in: 1),
# SIM_TRACE=1 (compile FST tracing in: slower).

SIM_DIR      := $(BUILD)/sim
SIM_RTL      ?= $(wildcard rtl/*.v)
SIM_HAVE     ?= $(if $(wildcard rtl/plasticore.v),1,)
SIM_H_MAX    ?= 256
SIM_SLOT_CAP ?= 200704
SIM_CACHE    ?= 1
SIM_TRACE    ?= 0
LINT_VLT     := rtl/lint.vlt

VERILATOR_ROOT_DIR := $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)
# C++ optimisation of the Verilated models: the per-cycle code (OPT_FAST) at -O3 without the
# vectoriser, whose SLP packing of the flat per-cycle function grows it past the L1 I-cache
# for no gain (callgrind on bench_sim: -3 % instructions per cycle, no I-cache misses);
# -CFLAGS reaches every file of the model's make.
SIM_OPT    := OPT_FAST=-O3 OPT_SLOW=-O1 OPT_GLOBAL=-O2
SIM_CFLAGS := -CFLAGS -fno-tree-vectorize
SIM_VFLAGS := --cc -O3 --x-assign fast --x-initial fast -Wall --top-module plasticore \
              -GH_MAX=$(SIM_H_MAX) -GSLOT_CAP=$(SIM_SLOT_CAP) -GCACHE=$(SIM_CACHE) --prefix Vplasticore \
              -Mdir $(SIM_DIR)/obj --build -j 0 $(SIM_CFLAGS) -MAKEFLAGS "$(SIM_OPT)"
SIM_CXXFLAGS := -O2 -g -std=c++17 -Wall -Wextra -Isim -I$(SIM_DIR)/obj \
                -isystem $(VERILATOR_ROOT_DIR)/include -isystem $(VERILATOR_ROOT_DIR)/include/vltstd -MMD -MP
# the Verilator run-time (verilated.mk's VM_GLOBAL_FAST), archived as libverilated.a
SIM_RT_OBJS := verilated.o verilated_threads.o
ifeq ($(SIM_TRACE),1)
  SIM_RT_OBJS  += verilated_fst_c.o
  SIM_VFLAGS   += --trace-fst
  SIM_CXXFLAGS += -DPC_SIM_TRACE
  SIM_TRACE_LIBS := -lz
endif

ifneq ($(SIM_HAVE),)
SIM_LINK_DEPS := $(SIM_DIR)/libsim.a $(SIM_DIR)/obj/Vplasticore__ALL.a $(SIM_DIR)/obj/libverilated.a
SIM_LINK      := $(SIM_LINK_DEPS) -pthread -latomic $(SIM_TRACE_LIBS)

# the model; a stamp of the configuration forces a rebuild when a knob changes
$(SIM_DIR)/config: FORCE
	@mkdir -p $(@D)
	@echo '$(SIM_VFLAGS) $(SIM_RTL)' | cmp -s - $@ || echo '$(SIM_VFLAGS) $(SIM_RTL)' > $@

$(SIM_DIR)/obj/Vplasticore__ALL.a: $(SIM_RTL) $(LINT_VLT) sim/sim.mk $(SIM_DIR)/config
	@mkdir -p $(@D)
	$(VERILATOR) $(SIM_VFLAGS) $(LINT_VLT) $(SIM_RTL) >$(SIM_DIR)/verilator.log 2>&1 || { tail -n 40 $(SIM_DIR)/verilator.log; exit 1; }
	$(MAKE) -s -C $(SIM_DIR)/obj -f Vplasticore.mk $(SIM_RT_OBJS) $(SIM_OPT) >>$(SIM_DIR)/verilator.log 2>&1
	@rm -f $(SIM_DIR)/obj/libverilated.a
	cd $(SIM_DIR)/obj && ar rcs libverilated.a $(SIM_RT_OBJS)
	@touch $@

$(SIM_DIR)/obj/libverilated.a: $(SIM_DIR)/obj/Vplasticore__ALL.a ;

$(SIM_DIR)/sim.o: sim/sim.cpp sim/sim.h sim/sim_model.hpp $(SIM_DIR)/obj/Vplasticore__ALL.a
	$(CXX) $(SIM_CXXFLAGS) -c $< -o $@

$(SIM_DIR)/libsim.a: $(SIM_DIR)/sim.o
	@rm -f $@
	ar rcs $@ $^

# transport_sim.c: the real transport instead of the "built without the simulator" stub
$(BUILD)/obj/host/transport_sim.o: HOST_CFLAGS += -DPC_HAVE_SIM
$(BUILD)/obj/host/transport_sim.o: $(wildcard rtl/plasticore.v) sim/sim.mk

# host.mk is read before this file, so its link rule saw an empty SIM_LINK_DEPS: add them here
$(BUILD)/plasticore: $(SIM_LINK_DEPS)

sim: $(SIM_LINK_DEPS)
-include $(SIM_DIR)/sim.d

# ---- the full-chip model: the board top rtl/top_icebreaker.v (RTL; outside SYNTHESIS the PLL
# is left out, CLK drives the core clock) with a host UART on its pins (sim/sim_top.h), behind
# `plasticore --backend sim --sim-model top`. Board parameters (CLK_MHZ 24, BAUD 3000000: 8 clocks
# per bit, H_MAX 64, SLOT_CAP 16384, RX_FIFO_BYTES 2048, no caching) but a short power-on reset
# (POR_BITS). Knobs: SIM_TOP_H_MAX SIM_TOP_SLOT_CAP SIM_TOP_CACHE SIM_TOP_POR_BITS. Links before
# the core's archives (they share its Verilator run-time libverilated.a).
SIM_TOP_DIR      := $(BUILD)/sim_top
SIM_TOP_H_MAX    ?= 64
SIM_TOP_SLOT_CAP ?= 16384
SIM_TOP_CACHE    ?= 0
SIM_TOP_POR_BITS ?= 8
SIM_TOP_VFLAGS := --cc -O3 --x-assign fast --x-initial fast -Wall --top-module top_icebreaker \
                  -GH_MAX=$(SIM_TOP_H_MAX) -GSLOT_CAP=$(SIM_TOP_SLOT_CAP) -GCACHE=$(SIM_TOP_CACHE) \
                  -GPOR_BITS=$(SIM_TOP_POR_BITS) -GCLK_MHZ=24 -GBAUD=3000000 --prefix Vtop -Mdir $(SIM_TOP_DIR)/obj --build -j 0 \
                  $(SIM_CFLAGS) -MAKEFLAGS "$(SIM_OPT)" $(if $(filter 1,$(SIM_TRACE)),--trace-fst)
SIM_TOP_CXXFLAGS := $(subst -I$(SIM_DIR)/obj,-I$(SIM_TOP_DIR)/obj,$(SIM_CXXFLAGS)) \
                    -DSIM_TOP_PREFIX=Vtop -DSIM_TOP_CLKS_PER_BIT=8 \
                    -DSIM_TOP_RESET_CYCLES='((1u << $(SIM_TOP_POR_BITS)) + 64)'

$(SIM_TOP_DIR)/config: FORCE
	@mkdir -p $(@D)
	@echo '$(SIM_TOP_VFLAGS) $(SIM_RTL)' | cmp -s - $@ || echo '$(SIM_TOP_VFLAGS) $(SIM_RTL)' > $@

$(SIM_TOP_DIR)/obj/Vtop__ALL.a: $(SIM_RTL) $(LINT_VLT) sim/sim.mk $(SIM_TOP_DIR)/config
	@mkdir -p $(@D)
	$(VERILATOR) $(SIM_TOP_VFLAGS) $(LINT_VLT) $(SIM_RTL) >$(SIM_TOP_DIR)/verilator.log 2>&1 || { tail -n 40 $(SIM_TOP_DIR)/verilator.log; exit 1; }
	@touch $@

$(SIM_TOP_DIR)/sim_top.o: sim/sim_top.cpp sim/sim_top.h sim/sim.h sim/sim_model.hpp $(SIM_TOP_DIR)/obj/Vtop__ALL.a
	$(CXX) $(SIM_TOP_CXXFLAGS) -MF $(SIM_TOP_DIR)/sim_top.d -c $< -o $@

$(SIM_TOP_DIR)/libsim_top.a: $(SIM_TOP_DIR)/sim_top.o
	@rm -f $@
	ar rcs $@ $^

SIM_TOP_LINK_DEPS := $(SIM_TOP_DIR)/libsim_top.a $(SIM_TOP_DIR)/obj/Vtop__ALL.a
SIM_LINK_DEPS := $(SIM_TOP_LINK_DEPS) $(SIM_LINK_DEPS)
SIM_LINK      := $(SIM_TOP_LINK_DEPS) $(SIM_LINK)
$(BUILD)/obj/host/transport_sim.o: HOST_CFLAGS += -DPC_HAVE_SIM_TOP
$(BUILD)/plasticore: $(SIM_TOP_LINK_DEPS)
sim: $(SIM_TOP_LINK_DEPS)
-include $(SIM_TOP_DIR)/sim_top.d
else
SIM_LINK_DEPS :=
SIM_LINK      :=
$(BUILD)/obj/host/transport_sim.o: sim/sim.mk
sim:
	@echo "sim: rtl/plasticore.v does not exist yet: no model to build" >&2; exit 1
endif

.PHONY: FORCE
FORCE:

# lint: every module of rtl/ as its own top (default parameters); the board top needs the core
LINT_TOPS := $(filter-out $(if $(SIM_HAVE),,top_icebreaker),$(basename $(notdir $(wildcard rtl/*.v))))
lint:
	@set -e; for t in $(LINT_TOPS); do \
	  echo "lint $$t"; $(VERILATOR) --lint-only -Wall $(LINT_VLT) $(wildcard rtl/*.v) --top-module $$t; \
	done
	$(if $(SIM_HAVE),,@echo "lint: top_icebreaker skipped (rtl/plasticore.v missing)")
