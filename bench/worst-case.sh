#!/usr/bin/env bash
# Worst cases for the budgets (DESIGN.md "Budgets"): each script under bench/worst-case/ run
# once by the native release CLI under the DEFAULT budgets, reporting wall time, max RSS and
# how the run ended. `tandem run --json SCRIPT` takes the request defaults
# (LuaRunRequest.defaultBudgets: 10^8 steps, 64 MiB memory, 4 MiB output) because no
# --steps/--memory-bytes flag is given; plain `tandem run` would be unlimited.
# Target: no row above 5 s. Usage: bench/worst-case.sh [script.lua...]   (make bench-worst)
set -uo pipefail
cd "$(dirname "$0")/.."
TANDEM=${TANDEM:-.build/release/tandem}
TIME=/usr/bin/time
GUARD=${GUARD:-120}  # seconds after which a run is killed and reported as such
[ -x "$TIME" ] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
[ -x "$TANDEM" ] || { echo "build first: make release" >&2; exit 1; }
mkdir -p bench/out
scripts=("$@"); [ ${#scripts[@]} -gt 0 ] || scripts=(bench/worst-case/*.lua)

printf "| %-22s | %8s | %11s | %-40s |\n" script "wall s" "max RSS MiB" "outcome"
printf "|%s|%s|%s|%s|\n" "------------------------" "----------" "-------------" "------------------------------------------"
for f in "${scripts[@]}"; do
  name=$(basename "$f" .lua)
  # A wall-clock guard so a regression cannot hang the benchmark (reported as "killed"):
  # timeout sends TERM, waits for the run, so GNU time still sees its maximum RSS.
  $TIME -f "%e %M" -o bench/out/time.txt timeout -k 5 "$GUARD" "$TANDEM" run --json "$f" > bench/out/doc.json 2> bench/out/err.txt
  status=$?
  read -r wall rss < <(tail -n 1 bench/out/time.txt)
  if [ "$status" = 124 ] || [ "$status" = 137 ]; then
    outcome="killed after $GUARD s"
  else
    outcome=$(head -c 8000000 bench/out/doc.json | python3 -c '
import json, sys
try:
    d = json.loads(sys.stdin.read())
except Exception:
    print("no document"); sys.exit()
st, err = d.get("status"), d.get("error") or {}
if st == "ok":
    print("ok, %s steps" % d.get("steps"))
elif st == "budget_exceeded":
    print("%s budget exceeded, %s steps" % (err.get("budget"), d.get("steps")))
else:
    print(("%s: %s" % (st, err.get("message", "")))[:40])
' 2>/dev/null)
  fi
  printf "| %-22s | %8s | %11s | %-40s |\n" "$name" "$wall" "$(( ${rss:-0} / 1024 ))" "$outcome"
done
