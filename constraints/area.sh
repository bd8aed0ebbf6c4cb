#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# constraints/area.sh [REPO_DIR] — the board top's area without place and route (~1 min): yosys
# synth_ice40 -dsp with the board parameters (FPGA_* as in constraints/fpga.mk), then nextpnr
# --pack-only. Prints the cell counts (LUT4 / CARRY / DSP / EBR / SPRAM), the flip-flops and
# ICESTORM_LC after packing (the fit figure: budget 4 488 = 85 % of 5 280).
# The synthesis is constraints/synth_ice40.sh, the flow's (FPGA_SYNTH_FLAGS, FPGA_MINCE,
# FPGA_MINSRST as there). PERMOD=1 adds LUT / FF per module (a second, plain -noflatten
# synthesis); SOPT replaces FPGA_SYNTH_FLAGS' synth_ice40 options (e.g. SOPT=-abc2): ABC
# moves single results by ±20–80 LC, so judge small changes by the mean over a few SOPT
# variants (NOISE=1 does that: three option sets, two at a time, ~2 min; prints each and the
# mean), or by FF / CARRY, which do not move.
set -u
d=${1:-.}; cd "$d" || exit 1
if [ -n "${NOISE:-}" ]; then
	base=${SOPT:-${FPGA_SYNTH_FLAGS:-}}
	ce=${FPGA_MINCE:-3}; sr=${FPGA_MINSRST:-3}
	t=$(mktemp -d "${TMPDIR:-/tmp}/areanXXXXXX")
	trap 'rm -rf "$t"' EXIT
	# the flow's settings; enables / resets unmapped below 2; the same with -abc2
	NOISE='' SOPT="$base" FPGA_SYNTH_FLAGS="$base" "$0" . >"$t/1" 2>&1 &
	NOISE='' SOPT="$base" FPGA_SYNTH_FLAGS="$base" FPGA_MINCE=2 FPGA_MINSRST=2 "$0" . >"$t/2" 2>&1 &
	wait
	NOISE='' SOPT="$base -abc2" FPGA_SYNTH_FLAGS="$base -abc2" "$0" . >"$t/3" 2>&1
	sum=0
	for i in 1 2 3; do
		case $i in
		1) v="options '${base}', enables / resets < $ce / $sr" ;;
		2) v="options '${base}', enables / resets < 2 / 2" ;;
		3) v="options '${base} -abc2', enables / resets < $ce / $sr" ;;
		esac
		n=$(sed -n 's/.*ICESTORM_LC: *\([0-9]*\)\/.*/\1/p' "$t/$i" | head -n 1)
		[ -n "$n" ] || { echo "area: synthesis $i failed" >&2; cat "$t/$i" >&2; exit 1; }
		printf '  %-52s %s LC\n' "$v" "$n"
		sum=$((sum + n))
	done
	echo "ICESTORM_LC mean $((sum / 3))"
	exit 0
fi
o=$(mktemp -d "${TMPDIR:-/tmp}/areaXXXXXX")
trap 'rm -rf "$o"' EXIT
P="-set CLK_MHZ ${FPGA_CLK_MHZ:-24} -set BAUD ${FPGA_BAUD:-3000000} -set H_MAX ${FPGA_H_MAX:-64} -set SLOT_CAP ${FPGA_SLOT_CAP:-16384} -set RX_FIFO_BYTES ${FPGA_RX_FIFO:-2048} -set CACHE ${FPGA_CACHE:-0}"
FPGA_SYNTH_FLAGS=${SOPT:-${FPGA_SYNTH_FLAGS:-}}; export FPGA_SYNTH_FLAGS
${YOSYS:-yosys} -q -l "$o/y.log" -p "read_verilog rtl/*.v; chparam $P top_icebreaker; $(constraints/synth_ice40.sh top_icebreaker "-json $o/t.json"); tee -o $o/stat stat" >/dev/null 2>&1 ||
	{ echo "area: yosys failed" >&2; cat "$o/y.log" >&2; exit 1; }
grep -E 'SB_LUT4|SB_CARRY|SB_MAC16|SB_RAM40|SB_SPRAM' "$o/stat" | tr -s ' ' | tr '\n' ' '; echo
awk '/SB_DFF/ { s += $2 } END { print " FF total", s }' "$o/stat"
if [ -n "${PERMOD:-}" ]; then
	${YOSYS:-yosys} -q -p "read_verilog rtl/*.v; chparam $P top_icebreaker; synth_ice40 -dsp -noflatten -top top_icebreaker; tee -o $o/nf stat" >/dev/null 2>&1
	awk '/^=== / { m = $2; sub(/.*\\/, "", m) } /SB_LUT4/ { l[m] += $2 } /SB_DFF/ { f[m] += $2 }
	     END { for (k in l) printf "  %-14s LUT %5d FF %5d\n", k, l[k], f[k] }' "$o/nf" | sort
fi
${NEXTPNR:-nextpnr-ice40} --up5k --package sg48 --pcf constraints/icebreaker.pcf --json "$o/t.json" --pack-only -l "$o/p.log" -q >/dev/null 2>&1
grep -E 'ICESTORM_LC:' "$o/p.log" | head -n 1
