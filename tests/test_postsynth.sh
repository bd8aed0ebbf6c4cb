#!/usr/bin/env bash
# tests/test_postsynth.sh — post-synthesis simulation of the board top: the Yosys synth_ice40
# -dsp netlist of top_icebreaker (every rtl/*.v), written with write_verilog, simulated by
# Verilator over Yosys' own iCE40 cell models (<datdir>/ice40/cells_sim.v), driven byte by byte
# through the UART pins (RX / TX) at the board's ratio CLK_MHZ 24 / BAUD 3 Mbaud = 8 clocks per
# bit, and compared bit for bit with the C reference model (tests/test_postsynth.c: predictions,
# registers, counters, nlive, slots, W2 after 20 TRAIN + 20 INFER samples).
#
# The PLL: SB_PLL40_PAD is a blackbox in cells_sim.v; the netlist's PLL cell is retyped to
# pc_pll_bypass (tests/test_postsynth_pll.v), a pass-through: CLK is the core clock, LOCK = 1.
# Everything else in the netlist is simulated as synthesized (LUT4, CARRY, DFF*, SB_RAM40_4K,
# SB_SPRAM256KA, SB_MAC16). Netlist parameters: H_MAX 16, SLOT_CAP 16384, RX_FIFO_BYTES 2048,
# CLK_MHZ 24, BAUD 3000000, CACHE as the board build (FPGA_CACHE, default 0: FEATURES 0x7B, and
# the netlist must refuse CTRL's caching bit); POR_BITS 4, LED_BITS 4 (short power-on reset and
# LED stretch).
#
# Usage: tests/test_postsynth.sh [--build-only] [test_postsynth options: -n N -H N -p NAME]
# Needs $BUILD/libplasticore.a (make build) and data/mnist (make data). The netlist and the
# model are rebuilt only when their inputs change (stamps in $BUILD/tests/postsynth/).
# Knobs: YOSYS VERILATOR CC CXX, POSTSYNTH_THREADS (Verilator --threads; default 2 if nproc >= 2).
set -u
cd "$(dirname "$0")/.."
YOSYS=${YOSYS:-yosys}
VERILATOR=${VERILATOR:-verilator}
CC=${CC:-cc}
CXX=${CXX:-c++}
BUILD=${BUILD:-build}
out=$BUILD/tests/postsynth
mkdir -p "$out"
build_only=0
if [ "${1:-}" = "--build-only" ]; then build_only=1; shift; fi
if [ -z "${POSTSYNTH_THREADS:-}" ]; then
  POSTSYNTH_THREADS=1; [ "$(nproc 2>/dev/null || echo 1)" -ge 2 ] && POSTSYNTH_THREADS=2
fi
CACHE=${FPGA_CACHE:-0}
PARAMS="-set CLK_MHZ 24 -set BAUD 3000000 -set H_MAX 16 -set SLOT_CAP 16384 -set RX_FIFO_BYTES 2048 -set CACHE $CACHE -set POR_BITS 4 -set LED_BITS 4"
FEATURES=0x7B; [ "$CACHE" = 0 ] || FEATURES=0x7F
RESET_CYCLES='((1u << 4) + 64)'
CLKS_PER_BIT=8

datdir=$(yosys-config --datdir 2>/dev/null || echo "$(dirname "$(command -v "$YOSYS")")/../share/yosys")
cells=$datdir/ice40/cells_sim.v
[ -r "$cells" ] || { echo "FAIL postsynth-setup: $cells not found"; exit 1; }
[ -r "$BUILD/libplasticore.a" ] || { echo "FAIL postsynth-setup: $BUILD/libplasticore.a missing (make build)"; exit 1; }
rtl=$(ls rtl/*.v | tr '\n' ' ')

stamp_of() { cat "$@" | sha256sum | cut -d' ' -f1; }
t_start=$(date +%s)

# ---- 1. synthesis: the netlist (rebuilt when rtl/, the parameters or this script change)
# the flow's synthesis (constraints/synth_ice40.sh with FPGA_SYNTH_FLAGS, FPGA_MINCE, FPGA_MINSRST and the
# same defaults as constraints/fpga.mk): the netlist is mapped as the bitstream's
SYNTH_CMDS=$(constraints/synth_ice40.sh top_icebreaker)
nl_stamp=$( (stamp_of $rtl "$0" constraints/synth_ice40.sh; echo "$PARAMS $SYNTH_CMDS"; "$YOSYS" -V) | sha256sum | cut -d' ' -f1)
if [ ! -s "$out/netlist.v" ] || [ "$(cat "$out/netlist.stamp" 2>/dev/null)" != "$nl_stamp" ]; then
  rm -f "$out/netlist.stamp"
  if ! "$YOSYS" -q -l "$out/yosys.log" -p "read_verilog $rtl; chparam $PARAMS top_icebreaker; \
      $SYNTH_CMDS; tee -q -o $out/stat.txt stat; \
      chtype -set pc_pll_bypass t:SB_PLL40_PAD; splitnets -ports; opt_clean; \
      write_verilog -noattr $out/netlist.v" >/dev/null 2>&1; then
    tail -n 20 "$out/yosys.log"; echo "FAIL postsynth-synth"; exit 1
  fi
  echo "$nl_stamp" >"$out/netlist.stamp"
fi
t_synth=$(date +%s)
cells_n=$(awk '/Number of cells/ { print $4 }' "$out/stat.txt" | tail -n 1)
echo "PASS postsynth-synth (constraints/synth_ice40.sh: synth_ice40 -dsp ${FPGA_SYNTH_FLAGS:+$FPGA_SYNTH_FLAGS }of top_icebreaker, enables / resets < ${FPGA_MINCE:-3} / ${FPGA_MINSRST:-3} unmapped: $cells_n cells, $((t_synth - t_start)) s)"
grep -qE '^ +SB_PLL40_PAD +1$' "$out/stat.txt" || echo "     note: no SB_PLL40_PAD in the netlist"

# ---- 2. the Verilated netlist (Vpostsynth) and the driver
vl_stamp=$( (echo "$nl_stamp"; stamp_of "$cells" tests/test_postsynth_pll.v; echo "$POSTSYNTH_THREADS $CXX"; \
  "$VERILATOR" --version) | sha256sum | cut -d' ' -f1)
if [ ! -s "$out/obj/Vpostsynth__ALL.a" ] || [ "$(cat "$out/model.stamp" 2>/dev/null)" != "$vl_stamp" ]; then
  rm -rf "$out/model.stamp" "$out/obj"
  # -Wno-fatal: the cell library and a flat netlist are not -Wall clean; errors still stop
  if ! "$VERILATOR" --cc -O3 --x-assign fast --x-initial fast --threads "$POSTSYNTH_THREADS" \
      -DNO_ICE40_DEFAULT_ASSIGNMENTS -Wno-fatal -Wno-lint -Wno-style \
      --top-module top_icebreaker --prefix Vpostsynth -Mdir "$out/obj" --build -j 2 \
      -MAKEFLAGS "OPT_FAST=-O1 OPT_SLOW=-O0 OPT_GLOBAL=-O1" \
      "$out/netlist.v" "$cells" tests/test_postsynth_pll.v >"$out/verilator.log" 2>&1 ||
     ! make -s -C "$out/obj" -f Vpostsynth.mk verilated.o verilated_threads.o \
      OPT_FAST=-O1 OPT_SLOW=-O0 OPT_GLOBAL=-O1 >>"$out/verilator.log" 2>&1; then
    tail -n 30 "$out/verilator.log"; echo "FAIL postsynth-verilate"; exit 1
  fi
  echo "$vl_stamp" >"$out/model.stamp"
fi
# the driver: relinked when it, sim_top or the host library change
drv_stamp=$( (echo "$vl_stamp"; stamp_of sim/sim_top.cpp sim/sim_top.h sim/sim.h sim/sim_model.hpp tests/test_postsynth.c \
  tests/rtl_dev.h host/core.h host/proto.h host/idx.h "$BUILD/libplasticore.a"; echo "$CC") | sha256sum | cut -d' ' -f1)
bin=$out/test_postsynth
if [ ! -x "$bin" ] || [ "$(cat "$out/driver.stamp" 2>/dev/null)" != "$drv_stamp" ]; then
  rm -f "$out/driver.stamp" "$bin"
  vroot=$("$VERILATOR" --getenv VERILATOR_ROOT)
  if ! { "$CXX" -O2 -std=c++17 -Wall -Wextra -Isim -I"$out/obj" -isystem "$vroot/include" \
           -isystem "$vroot/include/vltstd" -DSIM_TOP_PREFIX=Vpostsynth \
           -DSIM_TOP_CLKS_PER_BIT=$CLKS_PER_BIT -DSIM_TOP_RESET_CYCLES="$RESET_CYCLES" \
           -c sim/sim_top.cpp -o "$out/sim_top.o" &&
         "$CC" -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -Ihost -Isim -Itests \
           -c tests/test_postsynth.c -o "$out/test_postsynth.o" &&
         "$CXX" -o "$bin" "$out/test_postsynth.o" "$out/sim_top.o" "$out/obj/Vpostsynth__ALL.a" \
           "$out/obj/verilated.o" "$out/obj/verilated_threads.o" "$BUILD/libplasticore.a" \
           -pthread -latomic -lz -lm; } >"$out/cc.log" 2>&1; then
    cat "$out/cc.log"; echo "FAIL postsynth-build"; exit 1
  fi
  echo "$drv_stamp" >"$out/driver.stamp"
fi
t_model=$(date +%s)
echo "PASS postsynth-model (Verilator --threads $POSTSYNTH_THREADS over cells_sim.v: $((t_model - t_synth)) s)"
[ "$build_only" -eq 1 ] && exit 0

# ---- 3. the run
"$bin" -f "$FEATURES" "$@"
rc=$?
echo "     (post-synthesis run: $(( $(date +%s) - t_model )) s)"
exit $rc
