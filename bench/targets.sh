#!/usr/bin/env bash
# The targets of the "Smaller and faster" issue against what this run of bench/run.sh measured
# (bench/out/lua.env and bench/out/stream.env, written by the Lua and stream benchmarks of the
# same run) and the module's size: one line per target, with "met" or "NOT met".
# Usage: bench/targets.sh   (make bench runs it last)
set -uo pipefail
cd "$(dirname "$0")/.."
WASM=${TANDEM_WASM:-web/tandem.wasm}
for f in bench/out/lua.env bench/out/stream.env; do
  [ -s "$f" ] || { echo "bench/targets.sh: $f is missing: run bench/run.sh (all programs) first" >&2; exit 1; }
  . "$f"
done
size=$(stat -c %s "$WASM")

# row NAME MEASURED OP TARGET: OP is <= or >= (as bc writes it).
row() {
  local ok; ok=$(echo "$2 $3 $4" | bc -l)
  printf "%-44s %14s %12s  %s\n" "$1" "$(printf "%.2f" "$2")" "$3 $4" "$([ "$ok" = 1 ] && echo met || echo 'NOT met')"
}
echo "## Targets (issue \"Smaller and faster\"), this run"
printf "%-44s %14s %12s  %s\n" target measured wanted ""
printf "%-44s %14s %12s  %s\n" "web/tandem.wasm bytes" "$size" "<= 300000" "$([ "$size" -le 300000 ] && echo met || echo 'NOT met')"
row "native Lua vs lua5.4, geomean ($lua_programs)" "$native_geomean" "<=" 1.1
row "native Lua vs lua5.4, slowest ($native_worst_name)" "$native_worst" "<=" 1.3
row "wasm (Node) vs native Lua, geomean" "$wasm_native_geomean" "<=" 1.25
row "streams native, GB/s" "$native_gbps" ">=" 2.5
row "streams wasm (Node), GB/s" "$wasm_gbps" ">=" 1.5
