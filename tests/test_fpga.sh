#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# tests/test_fpga.sh — synth + place & route of the real core for the iCEBreaker (make bitstream)
# and checks of the result: logic cells <= 85 % of the UP5K, Fmax of the core clock >= 24 MHz.
# Slow (minutes); not in TEST_CMDS yet. Extra arguments go to make (e.g. FPGA_CLK_MHZ=36).
set -u
cd "$(dirname "$0")/.."
build=${BUILD:-build}
log="$build/fpga/nextpnr.log"
if make bitstream "$@" >"$build/test_fpga.make.log" 2>&1; then
	echo "PASS fpga make bitstream"
else
	echo "FAIL fpga make bitstream (see $build/test_fpga.make.log)"; tail -n 20 "$build/test_fpga.make.log"
fi
[ -f "$log" ] || { echo "FAIL fpga no nextpnr log"; exit 1; }
lc=$(grep -E '^Info:[[:space:]]+ICESTORM_LC:' "$log" | tail -n 1 | sed -E 's/.*:[[:space:]]*([0-9]+)\/[[:space:]]*([0-9]+).*/\1 \2/')
read -r used avail <<<"$lc"
if [ -n "${used:-}" ] && [ $((used * 100)) -le $((avail * 85)) ]; then
	echo "PASS fpga logic cells $used / $avail <= 85 %"
else
	echo "FAIL fpga logic cells ${used:-?} / ${avail:-?} > 85 %"
fi
fmax=$(grep -E "Max frequency for clock" "$log" | tail -n 1 | sed -E "s/.*: ([0-9.]+) MHz.*/\1/")
if [ -n "$fmax" ] && awk -v f="$fmax" 'BEGIN { exit !(f >= 24.0) }'; then
	echo "PASS fpga Fmax $fmax MHz >= 24 MHz"
else
	echo "FAIL fpga Fmax ${fmax:-?} MHz < 24 MHz"
fi
[ -f "$build/fpga/plasticore.bin" ] && echo "PASS fpga bitstream $build/fpga/plasticore.bin" || echo "FAIL fpga no bitstream"
