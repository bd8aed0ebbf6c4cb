#!/usr/bin/env bash
# tests/run.sh — run test commands, one per argument; each prints "PASS <case>" / "FAIL <case>" lines.
# A command that exits non-zero without printing a FAIL line counts as one failure of its own.
# Ends with the line "N passed, N failed"; exits 1 if anything failed.
set -u
pass=0; fail=0
log_dir=${TEST_LOG_DIR:-build/test-logs}
mkdir -p "$log_dir"
for cmd in "$@"; do
  # name: the program, skipping "env VAR=..." words; [san] for the sanitizer build
  name=$(for w in $cmd; do case $w in env|*=*) ;; *) basename "$w"; break ;; esac; done)
  case $cmd in *"/san/"* | *"/san "* | *"/san") name="$name[san]" ;; esac
  log="$log_dir/$name.log"
  start=$(date +%s)
  bash -c "$cmd" >"$log" 2>&1
  rc=$?
  p=$(grep -c '^PASS' "$log"); f=$(grep -c '^FAIL' "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "FAIL $name: exited $rc without a FAIL line" >>"$log"; fi
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; echo "FAIL $name: ran no case" >>"$log"; fi
  grep -E '^(PASS|FAIL)' "$log" | sed "s|^|[$name] |"
  if [ "$f" -ne 0 ]; then echo "---- $log (tail)"; tail -n 30 "$log"; fi
  echo "     ($name: $p passed, $f failed, $(( $(date +%s) - start )) s)"
  pass=$((pass + p)); fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
