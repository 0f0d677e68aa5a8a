#!/usr/bin/env bash
# Benchmarks: each program under Tandem (native release build) and under the reference, in the
# same run, best of $REPEAT wall-clock times, with the ratio tandem/reference. Outputs must be
# identical, or the row is marked. Usage: bench/run.sh [lua|stream|all]
set -uo pipefail
cd "$(dirname "$0")/.."
TANDEM=${TANDEM:-.build/release/tandem}
REPEAT=${REPEAT:-3}
what=${1:-all}
mkdir -p bench/out

# best_time CMD... : prints the best wall time in seconds over $REPEAT runs; output goes to bench/out/last
best_time() {
  local best=""
  for _ in $(seq "$REPEAT"); do
    local start end t
    start=$(date +%s.%N)
    "$@" > bench/out/last 2>&1
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
  done
  printf "%.3f" "$best"
}

if [ "$what" = lua ] || [ "$what" = all ]; then
  echo "## Lua: lua5.4 vs tandem run (native, release) vs the wasm module in Node — best of $REPEAT (wall time)"
  printf "%-22s %10s %10s %8s %10s %8s  %s\n" program "lua5.4 s" "tandem s" ratio "wasm s" ratio output
  for f in bench/lua/*.lua; do
    name=$(basename "$f" .lua)
    ref=$(best_time lua5.4 "$f"); cp bench/out/last bench/out/ref.txt
    ours=$(best_time "$TANDEM" run "$f"); cp bench/out/last bench/out/ours.txt
    wasm=$(best_time node bench/node-runner.mjs lua "$f"); cp bench/out/last bench/out/wasm.txt
    same=$(cmp -s bench/out/ref.txt bench/out/ours.txt && cmp -s bench/out/ref.txt bench/out/wasm.txt && echo same || echo DIFFERENT)
    ratio=$(echo "$ours / $ref" | bc -l)
    wratio=$(echo "$wasm / $ref" | bc -l)
    printf "%-22s %10s %10s %7.2fx %10s %7.2fx  %s\n" "$name" "$ref" "$ours" "$ratio" "$wasm" "$wratio" "$same"
  done
fi

if [ -x bench/stream.sh ] && { [ "$what" = stream ] || [ "$what" = all ]; }; then
  bench/stream.sh
fi
