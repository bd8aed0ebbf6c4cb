#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# constraints/pnr.sh JSON ASC DIR — nextpnr-ice40 for the iCEBreaker with a seed sweep: the seeds
# of FPGA_SEEDS are tried in order until one places and routes at FPGA_FREQ (nextpnr without
# --timing-allow-fail fails a seed that misses the clock). The same netlist always ends on the
# same seed, so the flow stays deterministic; the sweep only absorbs placement noise (a rename
# in the RTL moves Fmax by ~0.5 MHz through ABC and the placer, docs/rtl.md).
#   DIR/nextpnr.log  the log of the seed that passed (or of the last one tried)
#   DIR/report.json  its report; DIR/seed the seed used; DIR/nextpnr-seed<N>.log the failed ones
# A failure other than timing (e.g. the design does not fit) stops at once: no seed helps.
# FPGA_PNR_FLAGS go to every run; if they hold --seed, that seed alone is run.
# Exit 0 when a seed met timing, 1 otherwise (the last log stays in DIR/nextpnr.log).
set -u
json=$1; asc=$2; dir=$3
nextpnr=${NEXTPNR:-nextpnr-ice40}
freq=${FPGA_FREQ:-24}
flags=${FPGA_PNR_FLAGS:-}
seeds=${FPGA_SEEDS:-1 2 3 4}
case " $flags " in *" --seed "*) seeds="-" ;; esac
rm -f "$dir"/nextpnr-seed*.log "$dir/seed"
for s in $seeds; do
	sflag=""
	[ "$s" = "-" ] || sflag="--seed $s"
	# shellcheck disable=SC2086  # flags are words
	if $nextpnr --up5k --package sg48 --pcf "${FPGA_PCF:-constraints/icebreaker.pcf}" --json "$json" --asc "$asc" \
		--freq "$freq" --report "$dir/report.json" -l "$dir/nextpnr.log" -q $sflag $flags; then
		echo "$s" >"$dir/seed"
		echo "pnr: seed $s: $(grep -E 'Max frequency for clock' "$dir/nextpnr.log" | tail -n 1 | sed -E 's/^Info: //')"
		exit 0
	fi
	fm=$(grep -E 'Max frequency for clock' "$dir/nextpnr.log" | tail -n 1 | sed -E 's/^(ERROR|Warning|Info): //')
	if [ -z "$fm" ] || ! grep -qE 'FAIL at' <<<"$fm"; then
		echo "pnr: seed $s: nextpnr failed (not timing):" >&2
		grep -E '^ERROR' "$dir/nextpnr.log" | tail -n 3 >&2
		exit 1
	fi
	echo "pnr: seed $s: $fm" >&2
	cp "$dir/nextpnr.log" "$dir/nextpnr-seed$s.log"
done
echo "pnr: no seed of '$seeds' met $freq MHz (logs: $dir/nextpnr-seed*.log)" >&2
exit 1
