#!/usr/bin/env bash
# Where the wasm module's CPU time goes in Node, per Lua program: CPU seconds (user + system,
# all of Node's threads, best of $REPEAT) of one run as the browser does it (bench/node-runner.mjs,
# sliced) and of two runs in one instance. The second run's code is already optimized by V8, so
#   steady  = cpu(2 runs) − cpu(1 run)   (the script on tiered-up code),
#   startup = cpu(1 run) − steady        (Node, compiling the module, Liftoff code until V8's
#                                          optimizing compiler is done, and that compiler's threads).
# Compared with a native run ($NATIVE, e.g. the release `tandem run` or a `swiftc -O -wmo` runner).
# Usage: NATIVE=path [TANDEM_WASM=module] bench/wasm-split.sh [program...]
set -uo pipefail
cd "$(dirname "$0")/.."
NATIVE=${NATIVE:-.build/release/tandem run}
WASM=${TANDEM_WASM:-web/tandem.wasm}
REPEAT=${REPEAT:-3}
programs=("$@")
[ ${#programs[@]} -gt 0 ] || programs=($(ls bench/lua/*.lua | xargs -n1 basename | sed 's/\.lua$//'))
t=$(mktemp)

cpu() {  # least user + system seconds of the command over $REPEAT runs
  local best=""
  for _ in $(seq "$REPEAT"); do
    /usr/bin/time -o "$t" -f "%U %S" "$@" > /dev/null 2>&1
    local s; s=$(awk '{print $1 + $2}' "$t")
    if [ -z "$best" ] || [ "$(echo "$s < $best" | bc -l)" = 1 ]; then best=$s; fi
  done
  echo "$best"
}

printf "%-16s %7s %7s %7s %7s %7s %7s\n" program native wasm w/n steady s/n startup
logs=0; slogs=0; n=0
for p in "${programs[@]}"; do
  f=bench/lua/$p.lua
  nat=$(cpu $NATIVE "$f")
  one=$(cpu env TANDEM_WASM="$WASM" node bench/node-runner.mjs lua "$f")
  two=$(cpu env TANDEM_WASM="$WASM" TANDEM_RUNS=2 node bench/node-runner.mjs lua "$f")
  steady=$(echo "$two - $one" | bc -l); startup=$(echo "$one - $steady" | bc -l)
  printf "%-16s %7.2f %7.2f %6.2fx %7.2f %6.2fx %7.2f\n" "$p" "$nat" "$one" "$(echo "$one / $nat" | bc -l)" \
    "$steady" "$(echo "$steady / $nat" | bc -l)" "$startup"
  logs=$(echo "$logs + l($one / $nat)" | bc -l); slogs=$(echo "$slogs + l($steady / $nat)" | bc -l); n=$((n + 1))
done
printf "geomean (%d): wasm %.2fx native; steady state %.2fx native\n" "$n" "$(echo "e($logs / $n)" | bc -l)" "$(echo "e($slogs / $n)" | bc -l)"
rm -f "$t"
