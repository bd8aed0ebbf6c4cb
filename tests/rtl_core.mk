# tests/rtl_core.mk — tests of the RTL learning core (rtl/plasticore.v and its modules):
#   test_bitexact   the Verilated core vs the C model (host/core.c), 14 presets, needs data/mnist
#   test_badframes  damaged / random frames: answers, FRAME_ERRORS, clean training afterwards
#   test_cycles     CYCLES (COUNTERS, READ_REG, WRITE_REG, saturation) vs the simulator cycle count
#   test_protofuzz  random requests of every command (edge arguments, wrong lengths) vs refdev
#   test_icarus.sh  Icarus -g2012 smoke test (no Verilator-only constructs)
#   test_synth.sh   yosys synth_ice40 -dsp: no latches, SPRAM + EBR inferred (fit: test_fpga.sh)
#   test_dsp.sh     the SB_MAC16 wrappers' netlists (cells_sim.v) vs their behavioural models
TEST_CMDS += $(BUILD)/tests/test_bitexact $(BUILD)/tests/test_badframes $(BUILD)/tests/test_protofuzz $(BUILD)/tests/test_cycles \
             tests/test_icarus.sh tests/test_synth.sh tests/test_dsp.sh
TEST_DEPS += $(BUILD)/tests/test_bitexact $(BUILD)/tests/test_badframes $(BUILD)/tests/test_protofuzz $(BUILD)/tests/test_cycles

# the simulator benchmark (make bench), built with the tests
bench-deps: $(BUILD)/tests/bench_sim
