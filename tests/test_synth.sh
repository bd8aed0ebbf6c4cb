#!/usr/bin/env bash
# tests/test_synth.sh — the core through Yosys synth_ice40 -dsp (board parameters: H_MAX 64,
# SLOT_CAP 16384): it must synthesize with no latch, with the slot memory in SPRAM and the
# small memories in EBR, and the hard blocks within the UP5K's. The LUT4/FF counts are printed.
set -u
cd "$(dirname "$0")/.."
YOSYS=${YOSYS:-yosys}
out=${BUILD:-build}/tests/synth
mkdir -p "$out"
rtl=$(ls rtl/*.v | grep -v top_icebreaker | tr "\n" " ")
if ! $YOSYS -q -l "$out/yosys.log" -p "read_verilog -DSYNTHESIS $rtl; synth_ice40 -dsp -top plasticore; tee -o $out/stat.txt stat" >/dev/null 2>&1; then
  tail -n 20 "$out/yosys.log"; echo "FAIL synth-run"; exit 1
fi
echo "PASS synth-run"
cnt() { awk -v c="$1" '$1 == c { n += $2 } END { print n + 0 }' "$out/stat.txt"; }
spram=$(cnt SB_SPRAM256KA); ebr=$(cnt SB_RAM40_4K); dsp=$(cnt SB_MAC16); lut=$(cnt SB_LUT4)
ff=0; for c in SB_DFF SB_DFFE SB_DFFSR SB_DFFSS SB_DFFESR SB_DFFESS SB_DFFR SB_DFFS SB_DFFER SB_DFFES; do ff=$((ff + $(cnt $c))); done
latch=$(( $(grep -c '^Latch inferred' "$out/yosys.log") + $(cnt '$_DLATCH_P_') + $(cnt '$_DLATCH_N_') ))
echo "     SB_SPRAM256KA $spram  SB_RAM40_4K $ebr  SB_MAC16 $dsp  SB_LUT4 $lut  FF $ff"
[ "$spram" -gt 0 ] && [ "$ebr" -gt 0 ] && echo "PASS synth-memories" || echo "FAIL synth-memories: SPRAM $spram EBR $ebr"
[ "$latch" -eq 0 ] && echo "PASS synth-no-latch" || echo "FAIL synth-no-latch: $latch latch lines in $out/yosys.log"
[ "$spram" -le 4 ] && [ "$ebr" -le 30 ] && [ "$dsp" -le 8 ] && echo "PASS synth-hard-blocks" || echo "FAIL synth-hard-blocks: SPRAM $spram/4 EBR $ebr/30 DSP $dsp/8"
# The fit on the UP5K (LCs after place and route, Fmax) is checked by tests/test_fpga.sh.
exit 0
