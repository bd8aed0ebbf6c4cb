#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# tests/test_pnr_seeds.sh — constraints/pnr.sh's seed sweep against a stand-in nextpnr (a script
# that writes nextpnr's log lines): the first seed that meets the clock is used and recorded,
# the seeds that missed it keep their logs, a failure other than timing stops the sweep at once,
# no passing seed is an error, and --seed in FPGA_PNR_FLAGS runs that seed alone. Seconds.
set -u
cd "$(dirname "$0")/.."
t=$(mktemp -d "${TMPDIR:-/tmp}/pnrseedXXXXXX")
trap 'rm -rf "$t"' EXIT
pass=0; fail=0
ok() { if [ "$1" = 0 ]; then echo "PASS pnr-seeds $2"; pass=$((pass + 1)); else echo "FAIL pnr-seeds $2"; fail=$((fail + 1)); fi; }

# the stand-in: PASS_SEEDS meet the clock, HARD_SEEDS fail to place, the others miss the clock;
# every call is logged to $t/calls
cat >"$t/nextpnr" <<'EOF'
#!/usr/bin/env bash
seed=none; log=; asc=
while [ $# -gt 0 ]; do
	case "$1" in
	--seed) seed=$2; shift ;;
	-l) log=$2; shift ;;
	--asc) asc=$2; shift ;;
	esac
	shift
done
echo "$seed" >>"$T/calls"
{
	echo "Info: 	         ICESTORM_LC:  4915/ 5280    93%"
	echo "Info: Max frequency for clock 'clk': 30.00 MHz (PASS at 24.00 MHz)"   # (placement estimate)
	case " $HARD_SEEDS " in *" $seed "*) echo "ERROR: Unable to place cell 'x'"; exit 1 ;; esac
	case " $PASS_SEEDS " in
	*" $seed "*) echo "Info: Max frequency for clock 'clk': 24.5$seed MHz (PASS at 24.00 MHz)"; echo asc >"$asc"; exit 0 ;;
	*) echo "ERROR: Max frequency for clock 'clk': 23.9$seed MHz (FAIL at 24.00 MHz)"; exit 1 ;;
	esac
} >"$log"
EOF
chmod +x "$t/nextpnr"
run() { # run PASS_SEEDS HARD_SEEDS FPGA_SEEDS FLAGS -> rc; $t/out (stderr + stdout), $t/calls
	rm -rf "$t/d" "$t/calls"; mkdir -p "$t/d"
	T=$t PASS_SEEDS=$1 HARD_SEEDS=$2 FPGA_SEEDS=$3 FPGA_PNR_FLAGS=$4 NEXTPNR="$t/nextpnr" \
		constraints/pnr.sh "$t/x.json" "$t/d/x.asc" "$t/d" >"$t/out" 2>&1
}
calls() { tr '\n' ' ' <"$t/calls" | sed 's/ $//'; }

run "3 4" "" "1 2 3 4" ""; rc=$?
[ $rc = 0 ] && [ "$(calls)" = "1 2 3" ] && [ "$(cat "$t/d/seed")" = 3 ] && [ -s "$t/d/x.asc" ] &&
	[ -f "$t/d/nextpnr-seed1.log" ] && [ -f "$t/d/nextpnr-seed2.log" ] && [ ! -f "$t/d/nextpnr-seed3.log" ] &&
	grep -q '24.53 MHz (PASS' "$t/d/nextpnr.log" && grep -q 'seed 2: Max frequency.*23.92 MHz (FAIL' "$t/out"
ok $? "first seed meeting the clock used (seed 3 after 1, 2; their logs kept)"

run "1 2" "" "1 2 3 4" ""; rc=$?
[ $rc = 0 ] && [ "$(calls)" = 1 ] && [ "$(cat "$t/d/seed")" = 1 ] && ! ls "$t/d"/nextpnr-seed*.log >/dev/null 2>&1
ok $? "seed 1 meets the clock: one run"

run "" "" "1 2" ""; rc=$?
[ $rc = 1 ] && [ "$(calls)" = "1 2" ] && [ ! -f "$t/d/seed" ] && grep -q "no seed of '1 2' met 24 MHz" "$t/out" &&
	grep -q '23.92 MHz (FAIL' "$t/d/nextpnr.log"
ok $? "no seed meets the clock: exit 1, the last log stays"

run "2" "1" "1 2" ""; rc=$?
[ $rc = 1 ] && [ "$(calls)" = 1 ] && grep -q 'not timing' "$t/out" && grep -q 'Unable to place' "$t/out"
ok $? "a failure other than timing stops the sweep"

run "7" "" "1 2" "--timing-allow-fail --seed 7"; rc=$?
[ $rc = 0 ] && [ "$(calls)" = 7 ] && [ "$(cat "$t/d/seed")" = - ]
ok $? "--seed in FPGA_PNR_FLAGS: that seed alone"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
