#!/usr/bin/env bash
# tests/test_dsp.sh — the hand-instantiated SB_MAC16 wrappers (rtl/dsp_down32.v, rtl/pc_add48.v,
# rtl/pc_cdec.v, rtl/pc_apd.v, rtl/pc_mad.v, rtl/pc_smul.v)
# through Yosys synth_ice40 -dsp, their netlists simulated by Icarus over Yosys' cells_sim.v
# against the behavioural models the other simulations use (tests/tb_dsp.v). Also a check that
# Yosys' ice40_dsp pass kept the cells as adders / counters (it remaps a DSP whose O[0] is used).
set -u
cd "$(dirname "$0")/.."
YOSYS=${YOSYS:-yosys}
IVERILOG=${IVERILOG:-iverilog}
out=${BUILD:-build}/tests/dsp
mkdir -p "$out"
datdir=$(yosys-config --datdir 2>/dev/null || echo "$(dirname "$(command -v "$YOSYS")")/../share/yosys")
cells=$datdir/ice40/cells_sim.v
[ -r "$cells" ] || { echo "FAIL dsp-setup: $cells not found"; exit 1; }
if ! $YOSYS -q -l "$out/yosys.log" -p "read_verilog rtl/dsp_down32.v; synth_ice40 -dsp -top dsp_down32; \
     rename dsp_down32 nl_down32; write_verilog -noattr $out/nl_down32.v; design -reset; \
     read_verilog rtl/pc_add48.v; chparam -set BW 22 pc_add48; synth_ice40 -dsp -top pc_add48; \
     rename pc_add48 nl_add48; write_verilog -noattr $out/nl_add48.v; design -reset; \
     read_verilog rtl/pc_cdec.v; synth_ice40 -dsp -top pc_cdec; \
     rename pc_cdec nl_cdec; write_verilog -noattr $out/nl_cdec.v; design -reset; \
     read_verilog rtl/pc_apd.v; synth_ice40 -dsp -top pc_apd; \
     rename pc_apd nl_apd; write_verilog -noattr $out/nl_apd.v; design -reset; \
     read_verilog rtl/pc_mad.v; synth_ice40 -dsp -top pc_mad; \
     rename pc_mad nl_mad; write_verilog -noattr $out/nl_mad.v; design -reset; \
     read_verilog rtl/pc_smul.v; synth_ice40 -dsp -top pc_smul; \
     rename pc_smul nl_smul; write_verilog -noattr $out/nl_smul.v" >/dev/null 2>&1; then
  tail -n 20 "$out/yosys.log"; echo "FAIL dsp-synth"; exit 1
fi
for f in nl_down32 nl_add48; do
  grep -q "TOPADDSUB_LOWERINPUT(2'h0)" "$out/$f.v" || { echo "FAIL dsp-synth: $f is no longer an adder (ice40_dsp remapped it)"; exit 1; }
done
for f in nl_cdec nl_apd nl_mad; do               # product into the post-adder, with C / D
  grep -q "TOPADDSUB_LOWERINPUT(2'h2)" "$out/$f.v" && grep -q "TOPADDSUB_UPPERINPUT(1'h1)" "$out/$f.v" ||
    { echo "FAIL dsp-synth: $f's post-adder was remapped (ice40_dsp)"; exit 1; }
done
grep -q "A_REG(1'h1)" "$out/nl_mad.v" || { echo "FAIL dsp-synth: nl_mad lost its A register"; exit 1; }
grep -q "TOPOUTPUT_SELECT(2'h3)" "$out/nl_smul.v" && grep -q "OLOADBOT(1'h1)" "$out/nl_smul.v" ||
  { echo "FAIL dsp-synth: nl_smul was remapped (ice40_dsp)"; exit 1; }
if ! $IVERILOG -g2012 -DNO_ICE40_DEFAULT_ASSIGNMENTS -o "$out/tb.vvp" -s tb_dsp tests/tb_dsp.v \
     rtl/dsp_down32.v rtl/pc_add48.v rtl/pc_cdec.v rtl/pc_apd.v rtl/pc_mad.v rtl/pc_smul.v "$out/nl_down32.v" \
     "$out/nl_add48.v" "$out/nl_cdec.v" "$out/nl_apd.v" "$out/nl_mad.v" "$out/nl_smul.v" "$cells" >"$out/iverilog.log" 2>&1; then
  cat "$out/iverilog.log"; echo "FAIL dsp-compile"; exit 1
fi
vvp -n "$out/tb.vvp" | tee "$out/run.log" | grep -E '^(PASS|FAIL)'
! grep -q '^FAIL' "$out/run.log" && grep -q '^PASS dsp' "$out/run.log"
