#!/usr/bin/env bash
# LibM microbenchmark against glibc (same process, same inputs): bench/libm/run.sh [function ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${TMPDIR:-/tmp}/libm-bench-$$
swiftc -O -wmo Sources/Lua/Math/*.swift bench/libm/bench/main.swift -o "$out"
"$out" "$@"
rm -f "$out"
