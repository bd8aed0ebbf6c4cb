#!/usr/bin/env bash
# tests/test_icarus.sh — the core under Icarus Verilog (-g2012): proves the RTL needs no
# Verilator-only construct. Smoke: STATUS, WRITE_REG / READ_REG, an error 5, MEM_WRITE of a tiny
# state and one INFER whose pixels come from tests/smoke_pixels.hex (expected prediction 7).
set -u
cd "$(dirname "$0")/.."
IVERILOG=${IVERILOG:-iverilog}
out=${BUILD:-build}/tests/icarus
mkdir -p "$out"
rtl=$(ls rtl/*.v | grep -v top_icebreaker)
if ! $IVERILOG -g2012 -Wall -o "$out/tb.vvp" -s tb_plasticore_icarus tests/tb_plasticore_icarus.v $rtl >"$out/iverilog.log" 2>&1; then
  cat "$out/iverilog.log"; echo "FAIL icarus-compile"; exit 1
fi
grep -i "error" "$out/iverilog.log" && { echo "FAIL icarus-compile"; exit 1; }
echo "PASS icarus-compile"
vvp -n "$out/tb.vvp" +pix=tests/smoke_pixels.hex | tee "$out/run.log" | grep -E '^(PASS|FAIL)'
! grep -q '^FAIL' "$out/run.log" && grep -q '^PASS icarus-infer' "$out/run.log"
