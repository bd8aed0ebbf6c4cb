# tests/board.mk — simulations of the whole board top rtl/top_icebreaker.v (docs/fpga-sim.md):
#   test_postsynth.sh  the Yosys synth_ice40 -dsp netlist over Yosys' iCE40 cell models
#                      (Verilator), bytes through the UART pins at 8 clocks per bit, bit-exact
#                      against the C model (tests/test_postsynth.c); about 3 min from scratch
#                      (synthesis ~50 s, Verilator ~75 s, run ~20-60 s), seconds when cached
#   test_fullchip.sh   `plasticore --backend sim --sim-model top` (RTL board top, sim/sim_top.cpp)
#                      vs `--backend ref`: same accuracies, counters and figures
#   test_pnr_seeds.sh  constraints/pnr.sh's nextpnr seed sweep against a stand-in nextpnr (seconds)
#   test_fpga.sh       make bitstream of the default board build (~2-4 min): it must meet the
#                      24 MHz core clock and use <= 85 % of the UP5K's logic cells (issue 6)
#   test_ecp5.sh       the core through Yosys synth_ecp5 -D PC_GENERIC (~30 s): no SB_* cell, no
#                      latch, fits an LFE5U-25F by count (docs/fpga-ecp5.md)
# The post-synthesis model is built as a test dependency (so `make -j` overlaps it with other
# builds); the script keeps it up to date by itself (stamps), and runs it.
ifneq ($(SIM_HAVE),)
POSTSYNTH_BIN := $(BUILD)/tests/postsynth/test_postsynth

$(POSTSYNTH_BIN): $(HOST_LIB) FORCE
	BUILD=$(BUILD) tests/test_postsynth.sh --build-only

TEST_CMDS += "BUILD=$(BUILD) tests/test_postsynth.sh" "tests/test_fullchip.sh $(BUILD)/plasticore"
TEST_DEPS += $(POSTSYNTH_BIN) $(BUILD)/plasticore
endif
TEST_CMDS += tests/test_pnr_seeds.sh "BUILD=$(BUILD) tests/test_fpga.sh" "BUILD=$(BUILD) tests/test_ecp5.sh"
