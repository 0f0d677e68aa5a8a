#!/usr/bin/env bash
# Differential run of generated programs (generate_programs.py, deterministic by seed) against
# lua5.4: standard output and the exit status must be identical. Prints every differing program
# and a summary line.
#
# Usage: Tests/LuaTests/Differential/run_programs.sh [SEED [COUNT]]     (default 1 10000)
# The interpreter is `tandem run` (TANDEM, default .build/release/tandem) when built, otherwise
# the suite's driver (Tests/Official/driver, DRIVER).
set -uo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
seed=${1:-1}; count=${2:-10000}
TANDEM=${TANDEM:-$root/.build/release/tandem}
DRIVER=${DRIVER:-$root/.build/luadriver}
if [ -x "$TANDEM" ]; then run=("$TANDEM" run); else
  [ -x "$DRIVER" ] || "$root/Tests/Official/driver/build-driver.sh" >/dev/null
  run=("$DRIVER")
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 "$root/Tests/LuaTests/Differential/generate_programs.py" "$seed" "$count" "$dir"
cd "$dir"
same=0; differ=0
for ((i = seed; i < seed + count; i++)); do
  f=prog_$i.lua
  timeout 120 lua5.4 "$f" >ref.out 2>/dev/null; echo "exit $?" >>ref.out
  timeout 120 "${run[@]}" "$f" >ours.out 2>/dev/null; echo "exit $?" >>ours.out
  if cmp -s ref.out ours.out; then same=$((same + 1)); else
    differ=$((differ + 1))
    echo "DIFF $f"; diff -a ref.out ours.out | head -6
    [ -n "${KEEP:-}" ] && cp "$f" "$KEEP/"
  fi
done
echo "$count programs (seeds $seed..$((seed + count - 1))): $same identical, $differ differ"
