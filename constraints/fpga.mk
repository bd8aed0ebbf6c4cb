# constraints/fpga.mk — the iCEBreaker flow: yosys -> nextpnr-ice40 -> icepack -> iceprog.
#   make synth      build/fpga/plasticore.json   (log build/fpga/yosys.log, with stat)
#   make pnr        build/fpga/plasticore.asc    (log build/fpga/nextpnr.log, build/fpga/report.json)
#                   and docs/fpga.md (constraints/fpga_report.sh)
#   make bitstream  build/fpga/plasticore.bin
#   make prog       iceprog it to the board's flash
#   make area       constraints/area.sh: synth + nextpnr --pack-only, LCs without routing (PERMOD=1:
#                   per module; NOISE=1: three synthesis option sets and their mean, ~2 min: ABC
#                   moves single results by tens of LCs); for timing work: make pnr
#                   FPGA_PNR_FLAGS="--timing-allow-fail --detailed-timing-report", then
#                   constraints/endpoints.py build/fpga/report.json
# Knobs: FPGA_CLK_MHZ (24, 30, 36, 48: core clock from the PLL), FPGA_BAUD, FPGA_H_MAX,
# FPGA_SLOT_CAP, FPGA_RX_FIFO, FPGA_CACHE (synaptic caching built in: 0 / 1), FPGA_FREQ
# (nextpnr target, default the core clock),
# FPGA_SYNTH_FLAGS (synth_ice40 options, e.g. -abc2), FPGA_MINCE / FPGA_MINSRST (flip-flop
# mapping: constraints/synth_ice40.sh), FPGA_PNR_FLAGS (e.g. --timing-allow-fail,
# --seed N), FPGA_SEEDS (nextpnr seeds tried in order until one meets the clock: constraints/pnr.sh),
# FPGA_RTL, FPGA_REPORT.

FPGA_DIR      := $(BUILD)/fpga
FPGA_RTL      ?= $(wildcard rtl/*.v)
FPGA_PCF      := constraints/icebreaker.pcf
FPGA_TOP      := top_icebreaker
FPGA_CLK_MHZ  ?= 24
FPGA_BAUD     ?= 3000000
FPGA_H_MAX    ?= 64
FPGA_SLOT_CAP ?= 16384
FPGA_RX_FIFO  ?= 2048
# synaptic caching (CTRL bit 2) in the build: 0 on the UP5K (with it 4,555 LC; no preset uses it; the
# FEATURES register tells the host), 1 where it fits (docs/fpga.md, docs/fpga-ecp5.md)
FPGA_CACHE    ?= 0
FPGA_FREQ     ?= $(FPGA_CLK_MHZ)
FPGA_PNR_FLAGS ?=
# synth_ice40 options (none by default; -abc2 won on some RTL versions, plain on others: ABC's
# noise, docs/rtl.md). The synthesis itself is constraints/synth_ice40.sh: synth_ice40 with its
# flip-flop mapping spelled out, so that clock enables / sync resets driving fewer than
# FPGA_MINCE / FPGA_MINSRST flip-flops become LUT logic (merged with the D logic: ~-90 LC).
# constraints/area.sh and tests/test_postsynth.sh run the same script with the same defaults.
FPGA_SYNTH_FLAGS ?=
FPGA_MINCE    ?= 3
FPGA_MINSRST  ?= 3
FPGA_SEEDS    ?= 1 2 3 4
FPGA_REPORT   ?= docs/fpga.md
FPGA_PARAMS   := -set CLK_MHZ $(FPGA_CLK_MHZ) -set BAUD $(FPGA_BAUD) -set H_MAX $(FPGA_H_MAX) \
                 -set SLOT_CAP $(FPGA_SLOT_CAP) -set RX_FIFO_BYTES $(FPGA_RX_FIFO) -set CACHE $(FPGA_CACHE)
export FPGA_CLK_MHZ FPGA_BAUD FPGA_H_MAX FPGA_SLOT_CAP FPGA_RX_FIFO FPGA_CACHE FPGA_FREQ FPGA_SEEDS FPGA_PNR_FLAGS FPGA_SYNTH_FLAGS FPGA_MINCE FPGA_MINSRST YOSYS NEXTPNR

synth: $(FPGA_DIR)/plasticore.json
pnr: $(FPGA_DIR)/plasticore.asc
bitstream: $(FPGA_DIR)/plasticore.bin

$(FPGA_DIR)/params: FORCE
	@mkdir -p $(@D)
	@echo '$(FPGA_PARAMS) $(FPGA_SYNTH_FLAGS) $(FPGA_MINCE) $(FPGA_MINSRST) $(FPGA_FREQ) $(FPGA_PNR_FLAGS) $(FPGA_SEEDS) $(FPGA_RTL)' | cmp -s - $@ || echo '$(FPGA_PARAMS) $(FPGA_SYNTH_FLAGS) $(FPGA_MINCE) $(FPGA_MINSRST) $(FPGA_FREQ) $(FPGA_PNR_FLAGS) $(FPGA_SEEDS) $(FPGA_RTL)' > $@

$(FPGA_DIR)/plasticore.json: $(FPGA_RTL) constraints/fpga.mk constraints/synth_ice40.sh $(FPGA_DIR)/params
	@mkdir -p $(@D)
	$(YOSYS) -q -l $(FPGA_DIR)/yosys.log -p "read_verilog $(FPGA_RTL); chparam $(FPGA_PARAMS) $(FPGA_TOP); $$(constraints/synth_ice40.sh $(FPGA_TOP) '-json $@'); check -assert; tee -o $(FPGA_DIR)/stat.txt stat"
	@if grep -qE '^ *Latch inferred' $(FPGA_DIR)/yosys.log || grep -qi 'latch' $(FPGA_DIR)/stat.txt; then \
	  echo "synth: latch inferred (see $(FPGA_DIR)/yosys.log)" >&2; exit 1; fi
	@sed -n '/Number of cells/,/^$$/p' $(FPGA_DIR)/stat.txt

$(FPGA_DIR)/plasticore.asc: $(FPGA_DIR)/plasticore.json $(FPGA_PCF) constraints/pnr.sh
	constraints/pnr.sh $< $@ $(FPGA_DIR) \
	  || { constraints/fpga_report.sh $(FPGA_DIR) $(FPGA_REPORT) >/dev/null; grep -E 'ERROR|Max frequency' $(FPGA_DIR)/nextpnr.log | tail -n 3; exit 1; }
	constraints/fpga_report.sh $(FPGA_DIR) $(FPGA_REPORT)

$(FPGA_DIR)/plasticore.bin: $(FPGA_DIR)/plasticore.asc
	$(ICEPACK) $< $@

prog: $(FPGA_DIR)/plasticore.bin
	$(ICEPROG) $<

area:
	constraints/area.sh .

.PHONY: FORCE
FORCE:
