#!/bin/sh
# SPDX-License-Identifier: ISC
# constraints/synth_ice40.sh TOP [OUTPUT_OPTIONS] — prints the Yosys commands that synthesize TOP
# for the iCE40 the way the board flow does (constraints/fpga.mk, constraints/area.sh and
# tests/test_postsynth.sh all use it, so the three netlists are mapped alike):
#   synth_ice40 -dsp $FPGA_SYNTH_FLAGS, its flip-flop mapping step (map_ffs) spelled out so that
#   clock enables and sync resets that drive fewer than FPGA_MINCE / FPGA_MINSRST flip-flops
#   (default 3 / 3) are unmapped into LUT logic, where ABC merges them with the D logic (about
#   -60 and -30 LC on the board top, docs/rtl.md). OUTPUT_OPTIONS (e.g. "-json f.json") go to
#   the second synth_ice40 call, which runs from map_luts to the end.
# The map_ffs step is Yosys 0.23's (Debian bookworm) with -mince / -minsrst added.
top=$1
out=${2:-}
flags=${FPGA_SYNTH_FLAGS:-}
ce=${FPGA_MINCE:-3}
sr=${FPGA_MINSRST:-3}
printf '%s' "synth_ice40 -dsp $flags -top $top -run :map_ffs; "
printf '%s' "dfflegalize -cell \$_DFF_?_ 0 -cell \$_DFFE_?P_ 0 -cell \$_DFF_?P?_ 0 -cell \$_DFFE_?P?P_ 0 "
printf '%s' "-cell \$_SDFF_?P?_ 0 -cell \$_SDFFCE_?P?P_ 0 -cell \$_DLATCH_?_ x -mince $ce -minsrst $sr; "
printf '%s' "techmap -map +/ice40/ff_map.v; opt_expr -mux_undef; simplemap; ice40_opt -full; "
printf '%s\n' "synth_ice40 -dsp $flags -top $top $out -run map_luts:"
