#!/usr/bin/env bash
# tests/bench_sim.sh BUILD — the simulator section of docs/bench.md (called by tests/bench.sh).
set -euo pipefail
B=${1:-build}
N=${BENCH_SIM_N:-300}
echo "## 3. Simulator (Verilated RTL, \`--backend sim\`)"
echo
echo "\`$B/tests/bench_sim $N\`: per preset, $N training then $N inference samples streamed into the"
echo "core (4 frames in flight) from a random initial state; figures from the device's own counters."
echo "The bound is the slot-memory accesses (L1 reads + writes + aux writes + structural reads/writes),"
echo "since the slot memory has one port; the goal is a ratio ≤ 1.3."
echo
"$B/tests/bench_sim" "$N"
echo
t0=$(date +%s.%N)
"$B/plasticore" train --backend sim --preset frugal --epochs 1 --json --quiet | tail -n 1 >"$B/bench_epoch.json"
t1=$(date +%s.%N)
"$B/plasticore" train --backend ref --preset frugal --epochs 1 --json --quiet | tail -n 1 >"$B/bench_epoch_ref.json"
python3 - "$B/bench_epoch.json" "$t0" "$t1" "$B/bench_epoch_ref.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); wall = float(sys.argv[3]) - float(sys.argv[2])
r = json.load(open(sys.argv[4]))
same = all(d["counters"][k] == r["counters"][k] for k in r["counters"] if k not in ("cycles", "frame_errors", "rx_dropped"))
print(f"One full epoch in the simulator, default preset: `plasticore train --backend sim --preset frugal --epochs 1`"
      f" (8,000 training + 2,000 test samples, checkpoint-free): **{wall:.1f} s wall** (goal ≤ 60 s for the 8,000),"
      f" {d['cycles']:.4g} cycles, {d['sim_cycles_per_s']/1e6:.2f} M simulated cycles/s, test accuracy {100*d['accuracy']:.2f} %"
      f" (`make run` runs this). The same run on `--backend ref`: test accuracy {100*r['accuracy']:.2f} %,"
      f" counters {'identical' if same else 'DIFFERENT'} (except cycles).\n")
PY
