#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# tests/test_ecp5.sh — the core through Yosys synth_ecp5 with -D PC_GENERIC (~30 s; board
# parameters H_MAX 64, SLOT_CAP 16384, or ECP5_H_MAX / ECP5_SLOT_CAP): it must synthesize with no
# SB_* cell (the iCE40 wrappers take their behavioural models) and no latch, and fit an
# LFE5U-25F by count (LUT4s as constraints/ecp5_report.sh counts them, 56 DP16KD, 28 MULT18X18D).
# Placement and timing are not checked (no nextpnr-ecp5 here: docs/fpga-ecp5.md).
set -u
cd "$(dirname "$0")/.."
YOSYS=${YOSYS:-yosys}
out=${BUILD:-build}/tests/ecp5
mkdir -p "$out"
rtl=$(ls rtl/*.v | grep -v top_icebreaker | tr "\n" " ")
P="-set H_MAX ${ECP5_H_MAX:-64} -set SLOT_CAP ${ECP5_SLOT_CAP:-16384}"
if ! $YOSYS -q -l "$out/yosys.log" -p "read_verilog -D PC_GENERIC $rtl; chparam $P plasticore; \
     synth_ecp5 -top plasticore -json $out/t.json; check -assert; tee -o $out/stat.txt stat" >/dev/null 2>&1; then
  grep -m3 ERROR "$out/yosys.log"; echo "FAIL ecp5-synth"; exit 1
fi
echo "PASS ecp5-synth"
cnt() { awk -v c="$1" '$1 == c { n += $2 } END { print n + 0 }' "$out/stat.txt"; }
sb=$(grep -c '"type": "SB_' "$out/t.json")
[ "$sb" -eq 0 ] && echo "PASS ecp5-no-sb-cells" || echo "FAIL ecp5-no-sb-cells: $sb SB_* cells in $out/t.json"
latch=$(( $(grep -c '^ *Latch inferred' "$out/yosys.log") + $(grep -ci 'latch' "$out/stat.txt") ))
[ "$latch" -eq 0 ] && echo "PASS ecp5-no-latch" || echo "FAIL ecp5-no-latch: see $out/yosys.log"
lut=$(( $(cnt LUT4) + 2 * $(cnt CCU2C) + 6 * $(cnt TRELLIS_DPR16X4) )); ff=$(cnt TRELLIS_FF)
bram=$(cnt DP16KD); mul=$(cnt MULT18X18D)
echo "     LUT4 total $lut  TRELLIS_FF $ff  DP16KD $bram  MULT18X18D $mul"
if [ "$lut" -le 24000 ] && [ "$ff" -le 24000 ] && [ "$bram" -le 56 ] && [ "$mul" -le 28 ]; then
  echo "PASS ecp5-fits-25f"
else
  echo "FAIL ecp5-fits-25f: LUT4 $lut/24000 FF $ff/24000 DP16KD $bram/56 MULT18X18D $mul/28"
fi
