#!/usr/bin/env bash
# Load on loopback (RELIABILITY.md "The server", BENCHMARKS.md "Server load"): `wrk` against
# POST /api/lua/verify of a small script, through the worker pool (`--workers 2`, one process
# per job) and in the server process (`--workers 0`), measured in the same run — the cost of
# isolation; then a saturating load (many connections, slow jobs, a small queue) that must be
# answered with clean 503 `queue_full` refusals while the server stays healthy.
# Every verification is signed and stored in the SQLite ledger, as in production.
# Usage: bench/load.sh            (make bench-load; DURATION=seconds per run, default 10)
set -euo pipefail
cd "$(dirname "$0")/.."
TANDEM=${TANDEM:-.build/release/tandem}
DURATION=${DURATION:-10}
[ -x "$TANDEM" ] || { echo "build first: make release" >&2; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start NAME ARGS...: a server on a free port with its own data directory; sets $port.
start() {
  local name=$1; shift
  port=$(free_port)
  "$TANDEM" serve --port "$port" --data-dir "$work/$name" --log-level error "$@" 2> "$work/$name.log" &
  pids+=($!)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "server $name did not start" >&2; cat "$work/$name.log" >&2; exit 1
}

# verify_body SOURCE FILE: a verification request whose claim is the script's real digest.
verify_body() {
  local request; request=$(python3 -c 'import json,sys; print(json.dumps({"source": sys.argv[1]}))' "$1")
  curl -fs -H 'Content-Type: application/json' --data-binary "$request" "http://127.0.0.1:$port/api/lua/run" \
    | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({"request": json.loads(sys.argv[1]), "digest": d["digest"]}))' "$request" > "$2"
}

# load CONNECTIONS BODY: one wrk run; prints "req/s p50 p99 statuses".
load() {
  BODY=$2 wrk -t"$(( $1 < 2 ? $1 : 2 ))" -c"$1" -d"${DURATION}s" --latency --timeout 30s -s bench/load/post.lua \
    "http://127.0.0.1:$port/api/lua/verify" > "$work/wrk.txt"
  python3 - "$work/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r"^\s*%s\s+([\d.]+)(us|ms|s)\s*$" % label, text, re.M)
    v, unit = float(m.group(1)), m.group(2)
    return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
statuses = re.search(r"^statuses (.*)$", text, re.M).group(1)
print(f"{rps:.0f} {ms('50%'):.2f} {ms('99%'):.2f} {statuses}")
PY
}

small='local s = 0 for i = 1, 1000 do s = s + i end return s'
echo "## Server load: POST /api/lua/verify, wrk (2 threads, 1 for one connection), ${DURATION} s per row, loopback, $(nproc) cores"
printf "| %-34s | %5s | %7s | %7s | %7s | %-28s |\n" mode conns "req/s" "p50 ms" "p99 ms" statuses
printf "|%s|%s|%s|%s|%s|%s|\n" "------------------------------------" "------:" "--------:" "--------:" "--------:" "------------------------------"
for mode in pool in-process; do
  if [ $mode = pool ]; then start pool --workers 2; else start inproc --workers 0; fi
  verify_body "$small" "$work/small.json"
  for c in 1 8; do
    read -r rps p50 p99 statuses < <(load "$c" "$work/small.json")
    label="small script, $mode"; [ $mode = pool ] && label="small script, worker pool (2)"
    printf "| %-34s | %5s | %7s | %7s | %7s | %-28s |\n" "$label" "$c" "$rps" "$p50" "$p99" "$statuses"
  done
  kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
done

# Saturation: jobs of ~0.1-0.3 s, 2 workers, a queue of 8, 100 connections.
start saturated --workers 2 --queue 8
verify_body 'local s = 0 for i = 1, 4e6 do s = s + i end return s' "$work/slow.json"
read -r rps p50 p99 statuses < <(load 100 "$work/slow.json")
printf "| %-34s | %5s | %7s | %7s | %7s | %-28s |\n" "saturating: 4e6-step jobs, queue 8" 100 "$rps" "$p50" "$p99" "$statuses"
healthy=$(curl -fs -o /dev/null -w '%{http_code} in %{time_total} s' "http://127.0.0.1:$port/healthz")
alive=$(kill -0 "${pids[-1]}" 2>/dev/null && echo "running" || echo "GONE")
echo
echo "After the saturating load: server $alive, /healthz $healthy."
[ "$alive" = running ]
