#!/usr/bin/env bash
# LibM instruction counts under valgrind's callgrind (independent of the machine's load):
# instructions per call of Tandem's function and of glibc's on the benchmark's inputs, and
# their ratio. Usage: bench/libm/callgrind.sh [function ...] (default: exp log pow); CALLS=N.
set -euo pipefail
cd "$(dirname "$0")/../.."
calls=${CALLS:-262144}
out=${TMPDIR:-/tmp}/libm-callgrind-$$
swiftc -O -wmo Sources/Lua/Math/*.swift bench/libm/bench/main.swift -o "$out"
# instructions N FUNCTION IMPL: instructions executed by the whole process for N calls
instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$out" count "$2" "$3" "$1" 2>&1 |
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
functions=("$@")
[ ${#functions[@]} -gt 0 ] || functions=(exp log pow)
echo "instructions per call (callgrind, $calls calls, setup subtracted)"
for f in "${functions[@]}"; do
  per=()
  for impl in tandem glibc; do
    total=$(instructions "$calls" "$f" "$impl")
    base=$(instructions "$calls" "$f" none)  # the same inputs and loop without the calls
    per+=("$(echo "scale=1; ($total - $base) / $calls" | bc -l)")
  done
  printf "%-6s tandem %7s   glibc %7s   ratio %s\n" "$f" "${per[0]}" "${per[1]}" "$(echo "scale=2; ${per[0]} / ${per[1]}" | bc -l)"
done
rm -f "$out"
