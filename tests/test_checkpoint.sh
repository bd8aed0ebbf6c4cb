#!/usr/bin/env bash
# tests/test_checkpoint.sh [BUILD] — checkpoints: an interrupted + resumed run equals the
# uninterrupted one (same --json figures, byte-identical saved state), also across an epoch
# boundary; damaged, truncated, wrong-version and foreign files are refused with one line.
# Prints PASS/FAIL lines.  env: DATA (default data/mnist)
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${1:-build}
P=$BUILD/plasticore
DATA=${DATA:-data/mnist}
[ -x "$P" ] || { echo "FAIL ckpt_built: $P missing"; exit 1; }
[ -d "$DATA" ] || { echo "FAIL ckpt_data: $DATA missing (make data)"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_ckpt.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
pass() { echo "PASS $1"; }
failc() { echo "FAIL $1"; fail=1; }

# the --json figures that must agree (everything but timing)
same_json() {
  python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.loads(open(f).read().splitlines()[-1]) for f in sys.argv[1:3])
skip = {"samples_per_s", "sim_cycles_per_s"}
diff = [k for k in set(a) | set(b) if k not in skip and a.get(k) != b.get(k)]
if diff:
    print("differ:", {k: (a.get(k), b.get(k)) for k in diff}); sys.exit(1)
PY
}

run() { "$P" train --data "$DATA" --quiet "$@"; }

# 1. 300 samples: checkpoint at 150, stop, resume  vs  uninterrupted
A="--train-limit 300 --test-limit 200 --seed 5"
run $A --json --save "$tmp/full.bin" >"$tmp/full.json" || failc "ckpt_full_run"
run $A --checkpoint "$tmp/ck.bin" --checkpoint-every 150 --stop-after 150 >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ -s "$tmp/ck.bin" ]; then pass ckpt_stop_after; else failc "ckpt_stop_after: rc $rc $(cat "$tmp/err")"; fi
cp "$tmp/ck.bin" "$tmp/ck150.bin"
run --resume --checkpoint "$tmp/ck.bin" --json --save "$tmp/res.bin" >"$tmp/res.json" 2>"$tmp/err" ||
  failc "ckpt_resume_run: $(cat "$tmp/err")"
if same_json "$tmp/full.json" "$tmp/res.json"; then pass ckpt_resume_same_json; else failc ckpt_resume_same_json; fi
if cmp -s "$tmp/full.bin" "$tmp/res.bin"; then pass ckpt_resume_same_state; else failc ckpt_resume_same_state; fi

# 2. two epochs of 100, interrupted twice (at 70 and 140: across the epoch boundary)
B="--train-limit 100 --test-limit 100 --epochs 2 --preset structural --prune-every 30"
run $B --json --save "$tmp/full2.bin" >"$tmp/full2.json" || failc "ckpt_full2_run"
run $B --checkpoint "$tmp/ck2.bin" --checkpoint-every 70 --stop-after 70 >/dev/null 2>&1 &&
run --resume --checkpoint "$tmp/ck2.bin" --checkpoint-every 70 --stop-after 70 >/dev/null 2>&1 &&
run --resume --checkpoint "$tmp/ck2.bin" --json --save "$tmp/res2.bin" >"$tmp/res2.json" 2>"$tmp/err" ||
  failc "ckpt_resume2_runs: $(cat "$tmp/err")"
if same_json "$tmp/full2.json" "$tmp/res2.json" && cmp -s "$tmp/full2.bin" "$tmp/res2.bin"; then
  pass ckpt_resume_across_epochs; else failc ckpt_resume_across_epochs; fi

# 3. a checkpoint loads into eval and gives the figures of the run that wrote it
if "$P" eval --data "$DATA" --load "$tmp/full.bin" --test-limit 200 --json --quiet >"$tmp/ev.json" &&
   python3 -c '
import json,sys
a,b=(json.loads(open(f).read().splitlines()[-1]) for f in sys.argv[1:3])
assert a["accuracy"]==b["accuracy"] and a["live_synapses"]==b["live_synapses"] and a["min_energy"]==b["min_energy"], (a,b)
' "$tmp/full.json" "$tmp/ev.json"; then pass ckpt_eval_figures; else failc ckpt_eval_figures; fi

# 4. damaged files: exit 1, one line naming the problem
refuse() { # name, file, expected text
  "$P" eval --data "$DATA" --load "$2" --quiet >/dev/null 2>"$tmp/err"; local rc=$?
  if [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -qi "$3" "$tmp/err"; then pass "ckpt_refuse_$1"
  else failc "ckpt_refuse_$1: rc $rc: $(cat "$tmp/err")"; fi
}
f=$tmp/ck150.bin
size=$(stat -c %s "$f")
head -c $((size - 1)) "$f" >"$tmp/trunc.bin";        refuse truncated "$tmp/trunc.bin" truncated
head -c 10 "$f" >"$tmp/short.bin";                     refuse short "$tmp/short.bin" magic
cp "$f" "$tmp/flip.bin"; printf '\x55' | dd of="$tmp/flip.bin" bs=1 seek=$((size / 2)) conv=notrunc status=none
refuse crc "$tmp/flip.bin" crc
cp "$f" "$tmp/ver.bin"; printf '\x02' | dd of="$tmp/ver.bin" bs=1 seek=8 conv=notrunc status=none
refuse version "$tmp/ver.bin" version
cp "$f" "$tmp/magic.bin"; printf 'X' | dd of="$tmp/magic.bin" bs=1 seek=0 conv=notrunc status=none
refuse magic "$tmp/magic.bin" magic
cat "$f" "$f" >"$tmp/long.bin";                        refuse long "$tmp/long.bin" garbage
refuse missing "$tmp/none.bin" "no such file"
echo "just text" >"$tmp/text.bin";                     refuse text "$tmp/text.bin" magic

exit $fail
