#!/usr/bin/env bash
# Lua benchmarks by CPU time (user + system), for a machine that other work shares: wall time
# then says more about the neighbours than about the program, CPU time much less. Each program
# under lua5.4, native Tandem (`tandem run`, release) and the wasm module in Node (the browser's
# path, bench/node-runner.mjs; Node's CPU time includes its start and V8's compiler threads),
# best of $REPEAT, interleaved so that all three see the same load. Outputs are compared with
# lua5.4's byte for byte ("!" marks a difference). Prints the ratios and their geomeans.
# Usage: bench/cpu.sh [program...]   (default: every bench/lua/*.lua)
set -uo pipefail
cd "$(dirname "$0")/.."
TANDEM=${TANDEM:-.build/release/tandem}
WASM=${TANDEM_WASM:-web/tandem.wasm}
REPEAT=${REPEAT:-3}
out=bench/out; mkdir -p "$out"
programs=("$@")
[ ${#programs[@]} -gt 0 ] || programs=($(ls bench/lua/*.lua | xargs -n1 basename | sed 's/\.lua$//'))

# cpu CMD...: the least user + system seconds over $REPEAT runs; the output goes to $out/last.
cpu() {
  local best=""
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -o "$out/time" -f "%U %S" "$@" > "$out/last" 2>/dev/null
    local s; s=$(awk '{print $1 + $2}' "$out/time")
    if [ -z "$best" ] || [ "$(echo "$s < $best" | bc -l)" = 1 ]; then best=$s; fi
  done
  printf "%.2f" "$best"
}

echo "## Lua: CPU seconds (user + system), best of $REPEAT"
printf "%-18s %8s %8s %7s %8s %7s\n" program lua5.4 tandem ratio wasm w/n
native_logs=0; wasm_logs=0; n=0
for p in "${programs[@]}"; do
  f=bench/lua/$p.lua
  ref=$(cpu lua5.4 "$f"); cp "$out/last" "$out/ref.txt"
  ours=$(cpu "$TANDEM" run "$f"); cmp -s "$out/last" "$out/ref.txt" && mark="" || mark="!"
  wasm=$(cpu env TANDEM_WASM="$WASM" node bench/node-runner.mjs lua "$f"); cmp -s "$out/last" "$out/ref.txt" || mark="!"
  ratio=$(echo "$ours / $ref" | bc -l); wn=$(echo "$wasm / $ours" | bc -l)
  printf "%-18s %8s %8s %6.2fx %8s %6.2fx %s\n" "$p" "$ref" "$ours" "$ratio" "$wasm" "$wn" "$mark"
  native_logs=$(echo "$native_logs + l($ratio)" | bc -l); wasm_logs=$(echo "$wasm_logs + l($wn)" | bc -l); n=$((n + 1))
done
printf "geomean (%d): native %.2fx lua5.4, wasm %.2fx native\n" "$n" "$(echo "e($native_logs / $n)" | bc -l)" "$(echo "e($wasm_logs / $n)" | bc -l)"
