#!/usr/bin/env bash
# tests/test_cli.sh [BUILD] — the plasticore CLI: usage errors exit 2 with one line, --help,
# short runs on a data subset whose --json line parses, eval / info / counters / personalise.
# Prints PASS/FAIL lines.  env: DATA (default data/mnist)
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${1:-build}
P=$BUILD/plasticore
DATA=${DATA:-data/mnist}
[ -x "$P" ] || { echo "FAIL cli_built: $P missing"; exit 1; }
[ -d "$DATA" ] || { echo "FAIL cli_data: $DATA missing (make data)"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
fail=0
pass() { echo "PASS $1"; }
failc() { echo "FAIL $1"; fail=1; }

# usage error: exit 2, exactly one line on stderr, nothing on stdout
usage_err() {
  local name=$1; shift
  "$P" "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  local lines; lines=$(wc -l <"$tmp/err")
  if [ $rc -eq 2 ] && [ "$lines" -eq 1 ] && [ ! -s "$tmp/out" ]; then pass "usage_$name"
  else failc "usage_$name: rc $rc, $lines stderr lines: $(head -c 300 "$tmp/err")"; fi
}

usage_err no_command
usage_err unknown_command frobnicate
usage_err unknown_option train --frob
usage_err missing_value train --epochs
usage_err bad_number train --epochs abc
usage_err zero_epochs train --epochs 0
usage_err reg_range train --lr1 99
usage_err reg_hidden train --hidden 0
usage_err bad_preset train --preset fancy
usage_err bad_backend train --backend gpu
usage_err bad_sel train --sel maybe
usage_err bad_sparsity personalise --sparsity 1.5
usage_err bad_classes personalise --classes 3-1
usage_err json_csv counters --json --csv
usage_err stray_arg train extra
usage_err eval_no_load eval
usage_err pers_no_classes personalise --load x.bin
usage_err resume_no_ckpt train --resume
usage_err float_save train --backend float --save x.bin
usage_err info_float info --backend float
usage_err train_load train --load x.bin

for c in train eval personalise info counters; do
  if "$P" $c --help >"$tmp/out" 2>&1 && grep -q "^usage: plasticore $c" "$tmp/out"; then pass "help_$c"
  else failc "help_$c"; fi
done
if "$P" --help | grep -q "^usage: plasticore COMMAND"; then pass help_top; else failc help_top; fi
if "$P" train --help | grep -q -- "--theta1" && "$P" train --help | grep -q -- "--prune-every"; then
  pass help_lists_register_options; else failc help_lists_register_options; fi

# runtime errors: exit 1, one line
"$P" train --data "$tmp/nothing" --quiet >/dev/null 2>"$tmp/err"; rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]; then pass missing_data_exit1; else failc "missing_data_exit1: rc $rc"; fi
"$P" info --backend usb --device 250:250 >/dev/null 2>"$tmp/err"; rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]; then pass usb_absent_exit1
elif [ $rc -eq 0 ]; then pass "usb_absent_exit1 (a board answered)"; else failc "usb_absent_exit1: rc $rc $(cat "$tmp/err")"; fi

# a short run with --json: the last line of stdout is one JSON object with the documented keys
json_check() { # file, python expression over d that must hold
  python3 - "$1" "$2" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
d = json.loads(lines[-1])
keys = """accuracy train_samples test_samples train_accuracy synaptic_reads synaptic_writes updates_gated
dw_abs_sum min_energy inefficiency live_synapses dense_synapses pruned grown energy_pj samples_per_s cycles
sim_cycles_per_s backend preset epochs hidden seed counters""".split()
missing = [k for k in keys if k not in d]
cn = """cycles train_samples train_correct infer_samples infer_correct l1_reads l1_writes l1_gated l1_dw
l2_reads l2_writes l2_gated l2_dw aux_writes struct_reads struct_writes pruned grown pers_samples
frame_errors rx_dropped""".split()
missing += ["counters." + k for k in cn if k not in d.get("counters", {})]
if missing:
    print("missing keys:", missing); sys.exit(1)
if not eval(sys.argv[2], {}, {"d": d}):
    print("condition failed:", sys.argv[2], d); sys.exit(1)
PY
}

if "$P" train --data "$DATA" --train-limit 400 --test-limit 200 --json --quiet --save "$tmp/s.bin" \
     >"$tmp/train.json" 2>"$tmp/err" &&
   json_check "$tmp/train.json" 'd["train_samples"]==400 and d["test_samples"]==200 and 0<=d["accuracy"]<=1 and d["backend"]=="ref" and d["preset"]=="frugal" and d["cycles"] is None and d["live_synapses"]<=d["dense_synapses"] and d["synaptic_writes"]>0 and d["energy_pj"]>0 and d["counters"]["frame_errors"]==0'; then
  pass train_json_ref
else failc "train_json_ref: $(tail -c 400 "$tmp/err")"; fi

for preset in dense gated structural; do
  if "$P" train --data "$DATA" --preset $preset --hidden 32 --train-limit 200 --test-limit 100 --json --quiet \
       >"$tmp/p.json" 2>"$tmp/err" && json_check "$tmp/p.json" "d['preset']=='$preset' and d['hidden']==32"; then
    pass "train_preset_$preset"; else failc "train_preset_$preset: $(tail -c 300 "$tmp/err")"; fi
done

if "$P" train --data "$DATA" --backend float --hidden 32 --train-limit 300 --test-limit 100 --json --quiet \
     >"$tmp/f.json" 2>"$tmp/err" &&
   json_check "$tmp/f.json" 'd["backend"]=="float" and d["live_synapses"]==784*32 and d["dw_abs_sum"]>0 and d["min_energy"]>0 and d["accuracy"]>0.3'; then
  pass train_json_float
else failc "train_json_float: $(tail -c 300 "$tmp/err")"; fi

# the human table goes to stdout, progress never to a pipe
if "$P" train --data "$DATA" --train-limit 100 --test-limit 50 >"$tmp/h.out" 2>"$tmp/h.err" &&
   grep -q "test accuracy" "$tmp/h.out" && [ ! -s "$tmp/h.err" ]; then pass human_table
else failc human_table; fi

# eval of the saved state: same accuracy as at the end of training
acc_train=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["accuracy"])' "$tmp/train.json")
if "$P" eval --data "$DATA" --load "$tmp/s.bin" --test-limit 200 --json --quiet >"$tmp/e.json" 2>"$tmp/err" &&
   json_check "$tmp/e.json" "d['accuracy']==$acc_train and d['train_samples']==400"; then pass eval_same_accuracy
else failc "eval_same_accuracy: $(tail -c 300 "$tmp/err")"; fi

# info / counters
if "$P" info --json >"$tmp/i.json" && python3 -c 'import json,sys; d=json.loads(open(sys.argv[1]).read().splitlines()[-1]); assert d["id"]==0x31434C50 and d["rx_fifo_bytes"]==2048 and d["registers"]["hidden"]==128' "$tmp/i.json"; then
  pass info_json; else failc info_json; fi
if "$P" counters --csv --load "$tmp/s.bin" >"$tmp/c.csv" && [ "$(wc -l <"$tmp/c.csv")" -eq 22 ] &&
   grep -q "^train_samples,400$" "$tmp/c.csv"; then pass counters_csv; else failc counters_csv; fi

# energy table file
printf '# test\nl1_read 0\nl2_read 0\nstruct_read 0 # comment\nmac1 0\nmac2 0\n' >"$tmp/e.tab"
if "$P" eval --data "$DATA" --load "$tmp/s.bin" --test-limit 50 --json --quiet --energy-table "$tmp/e.tab" >"$tmp/en.json" &&
   json_check "$tmp/en.json" 'd["energy_read_pj"]==0 and d["energy_compute_pj"]==0 and d["energy_pj"]==d["energy_write_pj"]'; then
  pass energy_table; else failc energy_table; fi
printf 'l1_reed 3\n' >"$tmp/bad.tab"
usage_err energy_table_bad_key eval --load "$tmp/s.bin" --energy-table "$tmp/bad.tab"

# personalise: a small dense model, pruned to 70 % sparsity
if "$P" train --data "$DATA" --preset dense --hidden 32 --train-limit 500 --test-limit 100 --quiet --save "$tmp/d.bin" >/dev/null &&
   "$P" personalise --data "$DATA" --load "$tmp/d.bin" --classes 0-4 --pers-samples 200 --test-limit 100 --json --quiet >"$tmp/pe.json" 2>"$tmp/err" &&
   json_check "$tmp/pe.json" 'd["live_before"]==784*32 and d["live_after"]==int(0.3*784*32) and d["reads_per_inference_after"]<d["reads_per_inference_before"] and d["counters"]["pers_samples"]==200'; then
  pass personalise_json; else failc "personalise_json: $(tail -c 300 "$tmp/err")"; fi

exit $fail
