# constraints/ecp5.mk — the core for Lattice ECP5: Yosys synth_ecp5 resource counts only. No
# nextpnr-ecp5 / prjtrellis on this machine: nothing is placed or routed, no timing, no bitstream.
#   make ecp5   build/ecp5/h<H>-s<S>/ (plasticore.json, stat.txt, yosys.log) for the setting
#               ECP5_H_MAX / ECP5_SLOT_CAP and each of ECP5_TABLE, then docs/fpga-ecp5.md
#               (constraints/ecp5_report.sh: the counts and the parts they fit)
# The top is `plasticore` (the byte-stream core: top_icebreaker's PLL / SB_IO are iCE40-only; an
# ECP5 board top would wrap the core's boundary). -D PC_GENERIC: the DSP and SPRAM wrappers
# synthesize their behavioural models instead of SB_* cells (a netlist with one fails the build).
# Knobs: ECP5_H_MAX, ECP5_SLOT_CAP (default 256 / 65536: fits an LFE5U-85F by count), ECP5_RX_FIFO
# (STATUS only), ECP5_TABLE (more H_MAX:SLOT_CAP settings for the report's table), ECP5_REPORT.

ECP5_DIR      := $(BUILD)/ecp5
ECP5_RTL      ?= $(filter-out rtl/top_icebreaker.v,$(wildcard rtl/*.v))
ECP5_H_MAX    ?= 256
ECP5_SLOT_CAP ?= 65536
ECP5_RX_FIFO  ?= 2048
ECP5_TABLE    ?= 64:16384 128:65536 256:32768 256:200704
ECP5_REPORT   ?= docs/fpga-ecp5.md
# one directory per setting: h<H_MAX>-s<SLOT_CAP>
ECP5_SETS     := $(sort h$(ECP5_H_MAX)-s$(ECP5_SLOT_CAP) $(foreach t,$(ECP5_TABLE),h$(subst :,-s,$(t))))
ecp5_h = $(patsubst h%,%,$(word 1,$(subst -, ,$(1))))
ecp5_s = $(patsubst s%,%,$(word 2,$(subst -, ,$(1))))

.PHONY: ecp5
ecp5: $(foreach d,$(ECP5_SETS),$(ECP5_DIR)/$(d)/stat.txt) constraints/ecp5_report.sh
	ECP5_MAIN=h$(ECP5_H_MAX)-s$(ECP5_SLOT_CAP) ECP5_RX_FIFO=$(ECP5_RX_FIFO) YOSYS=$(YOSYS) \
	  constraints/ecp5_report.sh $(ECP5_DIR) $(ECP5_REPORT) $(ECP5_SETS)

# the RX FIFO size is not in the directory name: a change of it resynthesizes every setting
$(ECP5_DIR)/params: FORCE
	@mkdir -p $(@D)
	@echo '$(ECP5_RX_FIFO) $(ECP5_RTL)' | cmp -s - $@ || echo '$(ECP5_RX_FIFO) $(ECP5_RTL)' > $@

# the Yosys script of setting $(1) (h<H>-s<S>) into directory $(2)
ecp5_ys = read_verilog -D PC_GENERIC $(ECP5_RTL); \
          chparam -set H_MAX $(call ecp5_h,$(1)) -set SLOT_CAP $(call ecp5_s,$(1)) -set RX_FIFO_BYTES $(ECP5_RX_FIFO) plasticore; \
          synth_ecp5 -top plasticore -json $(2)/plasticore.json; check -assert; tee -o $(2)/stat.tmp stat

$(ECP5_DIR)/%/stat.txt: $(ECP5_RTL) constraints/ecp5.mk $(ECP5_DIR)/params
	@mkdir -p $(@D)
	$(YOSYS) -q -l $(@D)/yosys.log -p '$(call ecp5_ys,$*,$(@D))'
	@if grep -qE '^ *Latch inferred' $(@D)/yosys.log || grep -qi 'latch' $(@D)/stat.tmp; then \
	  echo "ecp5: latch inferred (see $(@D)/yosys.log)" >&2; exit 1; fi
	@if grep -qE '"type": "SB_' $(@D)/plasticore.json; then \
	  echo "ecp5: iCE40 cells in $(@D)/plasticore.json (PC_GENERIC not honoured)" >&2; exit 1; fi
	@mv $(@D)/stat.tmp $@
	@sed -n '/Number of cells/,/^$$/p' $@

.PHONY: FORCE
FORCE:
