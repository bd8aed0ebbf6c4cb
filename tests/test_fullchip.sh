#!/usr/bin/env bash
# tests/test_fullchip.sh — the full-chip simulation: `plasticore --backend sim --sim-model top`
# (the Verilated board top rtl/top_icebreaker.v, every byte a UART frame on its RX / TX pins at
# 8 clocks per bit, sim/sim_top.cpp) against `--backend ref` (the C reference device): a short
# train + test run per preset must give the same accuracies, counters (but CYCLES) and figures
# of the --json line. Also: the board top reports FEATURES 0x7B (no synaptic caching, as the UP5K
# build) and `--caching` on it is a clear error (exit 1); an unknown --sim-model is a usage
# error (exit 2).
# Usage: tests/test_fullchip.sh [plasticore binary]   (default $BUILD/plasticore, BUILD=build)
set -u
cd "$(dirname "$0")/.."
bin=${1:-${BUILD:-build}/plasticore}
out=${BUILD:-build}/tests/fullchip
mkdir -p "$out"
PYTHON=${PYTHON:-python3}
[ -x "$bin" ] || { echo "FAIL fullchip: $bin missing (make build)"; exit 1; }
[ -e data/mnist/train-images-idx3-ubyte ] || [ -e data/mnist/train-images-idx3-ubyte.gz ] ||
  { echo "FAIL fullchip: data/mnist missing (make data)"; exit 1; }

# compare the last (JSON) lines of two runs: everything but the timing fields and CYCLES
cmp_json() { # name top.json ref.json
  "$PYTHON" - "$@" <<'EOF'
import json, sys
name, a, b = sys.argv[1:4]
def last(p):
    return json.loads(open(p).read().strip().splitlines()[-1])
t, r = last(a), last(b)
skip = ("backend", "cycles", "sim_cycles_per_s", "samples_per_s")
def flat(d, pre=""):
    for k, v in d.items():
        if isinstance(v, dict):
            yield from flat(v, pre + k + ".")
        elif k not in skip and "seconds" not in k:
            yield pre + k, v
ft, fr = dict(flat(t)), dict(flat(r))
acc = all(ft.get(k) == fr.get(k) for k in ("accuracy", "train_accuracy"))
cnt = [k for k in set(ft) | set(fr) if k.startswith("counters.") and ft.get(k) != fr.get(k)]
fig = [k for k in set(ft) | set(fr) if not k.startswith("counters.") and ft.get(k) != fr.get(k)]
print(("PASS" if acc else "FAIL") + " fullchip-%s-accuracy (test %s / ref %s, train %s / ref %s)" %
      (name, ft.get("accuracy"), fr.get("accuracy"), ft.get("train_accuracy"), fr.get("train_accuracy")))
print(("PASS" if not cnt and len([k for k in ft if k.startswith("counters.")]) >= 20 else "FAIL") +
      " fullchip-%s-counters%s" % (name, (": " + ", ".join("%s top %s ref %s" % (k, ft.get(k), fr.get(k))
                                                     for k in sorted(cnt))) if cnt else " (all but cycles equal)"))
print(("PASS" if not fig else "FAIL") + " fullchip-%s-figures%s" %
      (name, (": " + ", ".join(sorted(fig))) if fig else " (synaptic reads / writes, dw, live, energy equal)"))
print("     %s: %s clock cycles of the board top (UART at 8 clocks per bit)" % (name, t.get("cycles")))
EOF
}

for preset in dense frugal; do
  args=(train --train-limit 30 --test-limit 30 --hidden 16 --preset "$preset" --json --quiet)
  start=$(date +%s%N)
  if ! "$bin" "${args[@]}" --backend sim --sim-model top >"$out/$preset-top.json" 2>"$out/$preset-top.err"; then
    tail -n 5 "$out/$preset-top.err"; echo "FAIL fullchip-$preset-run: --backend sim --sim-model top failed"; continue
  fi
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if ! "$bin" "${args[@]}" --backend ref >"$out/$preset-ref.json" 2>"$out/$preset-ref.err"; then
    tail -n 5 "$out/$preset-ref.err"; echo "FAIL fullchip-$preset-run: --backend ref failed"; continue
  fi
  echo "PASS fullchip-$preset-run (board top: ${ms} ms)"
  cmp_json "$preset" "$out/$preset-top.json" "$out/$preset-ref.json"
done

# the board top is built as the UP5K build: without synaptic caching (FEATURES 0x7B); asking
# for it is a clear error before anything is sent, and the reference device has every feature
f_top=$("$bin" info --backend sim --sim-model top --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin).get("features"))')
f_ref=$("$bin" info --backend ref --json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin).get("features"))')
[ "$f_top" = 123 ] && [ "$f_ref" = 127 ] && echo "PASS fullchip-features (info --json: board top 0x7B, ref 0x7F)" ||
  echo "FAIL fullchip-features: board top '$f_top', ref '$f_ref' (expected 123, 127)"
"$bin" train --backend sim --sim-model top --caching --hidden 16 --train-limit 2 --test-limit 2 --quiet \
  >/dev/null 2>"$out/caching.err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q 'synaptic caching' "$out/caching.err"; then
  echo "PASS fullchip-no-caching (exit 1: $(head -n 1 "$out/caching.err"))"
else
  echo "FAIL fullchip-no-caching: exit $rc, expected 1 with a message naming synaptic caching: $(head -n 2 "$out/caching.err")"
fi

"$bin" train --backend sim --sim-model nosuch --train-limit 1 >/dev/null 2>"$out/usage.err"
rc=$?
[ "$rc" -eq 2 ] && echo "PASS fullchip-bad-model (exit 2)" || echo "FAIL fullchip-bad-model: exit $rc, expected 2"
exit 0
