#!/usr/bin/env bash
# Builds the libFuzzer harnesses of Tests/Fuzz against the shared modules' sources (swiftc
# directly, not SwiftPM targets) and runs each for a while, one after another, one worker.
#
#   Tests/Fuzz/run.sh [seconds-per-harness] [harness...]      (default: 60 s, all five)
#   harnesses: lua-compile lua-run lua-run-gc stream request
#   (lua-run-gc is lua-run with FUZZ_GC_STRESS=1: a full collection at every safe point)
#
# Everything goes to .build/fuzz: objects, binaries, the growing corpora (corpus/<harness>,
# kept between runs) and crash inputs (artifacts/<harness>/crash-*). Exit status 1 when a
# harness found a crash. Reproduce one with `.build/fuzz/bin/<harness> <crash-file>`.
# Environment: FUZZ_CPU_SECONDS ends each harness after that much CPU time (with a large
# seconds-per-harness, e.g. `FUZZ_CPU_SECONDS=3600 Tests/Fuzz/run.sh 86400 stream`);
# FUZZ_FLAGS adds libFuzzer flags (e.g. "-runs=100000"); FUZZ_TIMEOUT is libFuzzer's
# per-input wall-clock limit (default 300 s: generous on purpose — on a loaded machine wall time
# says little, so the harnesses check each input's CPU time against the cost model instead).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
seconds=${1:-60}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(lua-compile lua-run lua-run-gc stream request)
out=$root/.build/fuzz
mkdir -p "$out/obj" "$out/bin" "$out/seeds"
export SWIFT_BACKTRACE=enable=no   # the runtime's backtracer would stall libFuzzer's crash path

flags=(-O -g -wmo -parse-as-library -sanitize=fuzzer,address -I "$out/obj")

# build_module NAME [IMPORTED...]: one object + swiftmodule per shared module, rebuilt when a
# source changed or a module it imports was rebuilt (an object compiled against an older
# layout of an imported type reads past it: a stale TandemCore.o made every request look like
# a stack-buffer-overflow in makeGlobalState).
build_module() {
  local name=$1 srcs dep; shift
  for dep in "$@"; do
    if [ "$out/obj/$dep.o" -nt "$out/obj/$name.o" ]; then rm -f "$out/obj/$name.o"; fi
  done
  srcs=$(find -L "Sources/$name" -name '*.swift' | sort)
  if [ -f "$out/obj/$name.o" ] && [ -z "$(find -L "Sources/$name" -name '*.swift' -newer "$out/obj/$name.o" | head -1)" ] \
     && [ "$(echo "$srcs" | md5sum)" = "$(cat "$out/obj/$name.sources" 2>/dev/null)" ]; then return 0; fi
  echo "building $name (instrumented)..."
  # shellcheck disable=SC2086
  swiftc "${flags[@]}" -module-name "$name" -emit-module -emit-module-path "$out/obj/$name.swiftmodule" \
    -c $srcs -o "$out/obj/$name.o" 2>&1 | grep -E 'error' || true
  [ -f "$out/obj/$name.o" ] || { echo "failed to build $name" >&2; exit 2; }
  echo "$srcs" | md5sum > "$out/obj/$name.sources"
}

# build_harness HARNESS FILE MODULES...
build_harness() {
  local bin=$out/bin/$1 file=Tests/Fuzz/$2; shift 2
  local objs=() m; for m in "$@"; do objs+=("$out/obj/$m.o"); done
  if [ -x "$bin" ] && [ "$bin" -nt "$file" ] && [ -z "$(find "${objs[@]}" Tests/Fuzz/Support -newer "$bin")" ]; then return 0; fi
  echo "linking $(basename "$bin")..."
  swiftc "${flags[@]}" "$file" Tests/Fuzz/Support/*.swift "${objs[@]}" -o "$bin" 2>&1 | grep -vE 'ld.gold: warning: Cannot export' || true
  [ -x "$bin" ] || { echo "failed to link $bin" >&2; exit 2; }
}

# Seed corpora (rebuilt each run; libFuzzer reads them but writes new inputs to corpus/).
# Kept while their sources are unchanged, so several harnesses can start side by side.
seeds() {
  local s=$out/seeds
  if [ -f "$s/.ready" ] && [ -z "$(find Tests/LuaTests/Scripts Tests/LuaTests/LibraryScripts bench/lua Tests/Fuzz/run.sh \
       -newer "$s/.ready" 2>/dev/null | head -1)" ]; then return 0; fi
  rm -rf "$s"; mkdir -p "$s/lua" "$s/stream" "$s/request"
  cp Tests/LuaTests/Scripts/*.lua bench/lua/*.lua "$s/lua/" 2>/dev/null || true
  for f in Tests/LuaTests/LibraryScripts/*.lua; do [ -f "$f" ] && cp "$f" "$s/lua/lib-$(basename "$f")"; done
  # Streams: two prefix bytes (options, chunk seed) + the first 64 KiB of each recording,
  # plus short synthetic inputs (garbage, truncated and oddly sized packets).
  [ -d Tests/Fixtures/generated/streams ] || Tests/Fixtures/make-streams.sh >/dev/null 2>&1 || true
  local i=0 f
  for f in Tests/Fixtures/generated/streams/*; do
    [ -f "$f" ] || continue
    { printf "\\x$(printf %02x $((i % 12)))\\x$(printf %02x $((i * 37 % 256)))"; head -c 65536 "$f"; } > "$s/stream/$(basename "$f")"
    { printf '\x00\x05'; head -c 4136 "$f"; } > "$s/stream/short-$(basename "$f")"
    # Larger inputs: a megabyte of the first few recordings (a second of video or more).
    [ $i -lt 4 ] && { printf '\x03\x00'; head -c 1048000 "$f"; } > "$s/stream/large-$(basename "$f")"
    i=$((i + 1))
  done
  python3 - "$s/stream" <<'PY'
import sys, os, random
d = sys.argv[1]; r = random.Random(1)
def pkt(pid, cc, payload=b"", afc=1, pusi=0, af=b""):
    h = bytes([0x47, (pusi << 6) | (pid >> 8), pid & 0xFF, (afc << 4) | (cc & 15)])
    body = (bytes([len(af)]) + af if afc & 2 else b"") + payload
    return (h + body + b"\xff" * 188)[:188]
pat = bytes([0, 0x00, 0xB0, 13, 0, 1, 0xC1, 0, 0, 0, 1, 0xE1, 0x00]) + b"\0\0\0\0"
pmt = bytes([0, 0x02, 0xB0, 18, 0, 1, 0xC1, 0, 0, 0xE1, 0x01, 0xF0, 0, 0x1B, 0xE1, 0x01, 0xF0, 0]) + b"\0\0\0\0"
pcr = lambda t: bytes([0x10, (t >> 25) & 255, (t >> 17) & 255, (t >> 9) & 255, (t >> 1) & 255, ((t & 1) << 7) | 0x7E, 0])
pes = b"\0\0\1\xE0\0\0\x80\x80\x05\x21\0\1\0\1"
s = b"".join(pkt(0, i, pat, pusi=1) + pkt(0x100, i, pmt, pusi=1) + pkt(0x101, i, pes, afc=3, pusi=1, af=pcr(i * 90000)) for i in range(8))
open(os.path.join(d, "synthetic.ts"), "wb").write(b"\x00\x01" + s)
open(os.path.join(d, "synthetic-192.ts"), "wb").write(b"\x01\x02" + b"".join(b"\0\0\0\0" + s[i:i+188] for i in range(0, len(s), 188)))
open(os.path.join(d, "synthetic-204.ts"), "wb").write(b"\x02\x03" + b"".join(s[i:i+188] + b"\0" * 16 for i in range(0, len(s), 188)))
open(os.path.join(d, "garbage.ts"), "wb").write(b"\x00\x09" + bytes(r.randrange(256) for _ in range(3000)) + s[:940])
open(os.path.join(d, "truncated.ts"), "wb").write(b"\x00\x04" + s[:188 * 5 + 77])
PY
  # Requests: a few well-formed ones to mutate.
  printf '%s' '{"source":"print(1)"}' > "$s/request/minimal.json"
  printf '%s' '{"source":"local t={} for i=1,10 do t[i]=i*i end print(#t, t[10])","chunk_name":"=input","seed":42,"host_time":1700000000,"args":["a","b"],"budgets":{"steps":100000,"memory_bytes":1000000,"call_depth":200,"output_bytes":1000}}' > "$s/request/full.json"
  printf '%s' '{"source_base64":"cHJpbnQoJ1x1ezEwRkZGRn0nLCAiXDIzNCIsIDB4MXAtMyk=","seed":18446744073709551615,"host_time":-1e3}' > "$s/request/base64.json"
  printf '%s' '{"source":"error(\"\\u00e9\\ud83d\\ude00\\n\\t\")","budgets":null,"host_time":null}' > "$s/request/escapes.json"
  printf '%s' '{"profile":"dvb","packet_size":204}' > "$s/request/stream-options.json"
  printf '%s' '[1,-0.5e-7,true,false,null,{"a":[[]]},"x"]' > "$s/request/values.json"
  touch "$s/.ready"
}

# stop_after_cpu PID SECONDS: interrupts the fuzzer (libFuzzer ends cleanly on SIGINT and
# prints its final stats) once it has used SECONDS of CPU time, and records what it used in
# $out/$h.cpu. On a shared machine "ran for an hour" means CPU time, not wall time.
stop_after_cpu() {
  local pid=$1 limit=$2 tick used=0
  tick=$(getconf CLK_TCK)
  while kill -0 "$pid" 2>/dev/null; do
    used=$(awk -v t="$tick" '{ sub(/^.*\) /, ""); print int(($12 + $13) / t) }' "/proc/$pid/stat" 2>/dev/null || echo "$used")
    echo "cpu_seconds=$used" > "$out/$h.cpu"
    [ "$used" -ge "$limit" ] && { kill -INT "$pid"; return 0; }
    sleep 10
  done
}

build_module Lua
case " ${harnesses[*]} " in *" stream "*|*" request "*) build_module TransportStream; build_module TandemCore Lua TransportStream;; esac
seeds

status=0
for h in "${harnesses[@]}"; do
  case $h in
    lua-compile) build_harness "$h" LuaCompileFuzz.swift Lua; dirs=("$out/seeds/lua"); extra=(-dict=Tests/Fuzz/lua.dict -max_len=16384);;
    lua-run)     build_harness "$h" LuaRunFuzz.swift Lua; dirs=("$out/seeds/lua"); extra=(-dict=Tests/Fuzz/lua.dict -max_len=8192);;
    lua-run-gc)  build_harness lua-run LuaRunFuzz.swift Lua; dirs=("$out/seeds/lua"); extra=(-dict=Tests/Fuzz/lua.dict -max_len=8192);;
    stream)      build_harness "$h" StreamFuzz.swift Lua TransportStream TandemCore; dirs=("$out/seeds/stream"); extra=(-max_len=1048576);;
    request)     build_harness "$h" RequestFuzz.swift Lua TransportStream TandemCore; dirs=("$out/seeds/request"); extra=(-dict=Tests/Fuzz/json.dict -max_len=4096);;
    *) echo "unknown harness $h" >&2; exit 2;;
  esac
  mkdir -p "$out/corpus/$h" "$out/artifacts/$h"
  echo "== $h: ${seconds}s"
  # shellcheck disable=SC2086
  bin=$out/bin/$h; stress=0
  [ "$h" = lua-run-gc ] && { bin=$out/bin/lua-run; stress=1; }
  FUZZ_GC_STRESS=$stress "$bin" "$out/corpus/$h" "${dirs[@]}" "${extra[@]}" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-300}" \
       -rss_limit_mb=3072 -print_final_stats=1 -artifact_prefix="$out/artifacts/$h/" ${FUZZ_FLAGS:-} \
       > "$out/$h.log" 2>&1 &
  pid=$!
  rm -f "$out/$h.cpu"
  [ -n "${FUZZ_CPU_SECONDS:-}" ] && stop_after_cpu "$pid" "$FUZZ_CPU_SECONDS" &
  # An interrupt from stop_after_cpu is the planned end of the run, not a finding.
  if ! wait "$pid" && ! grep -q 'libFuzzer: run interrupted' "$out/$h.log"; then
    status=1
    echo "!! $h found a problem: $(ls -t "$out/artifacts/$h" | head -1) (log: .build/fuzz/$h.log)"
  fi
  # (|| true: under pipefail a log without stats would end the script here)
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+.*DONE' "$out/$h.log" | tr '\n' ' ' || true
  [ -f "$out/$h.cpu" ] && tr '\n' ' ' < "$out/$h.cpu"
  echo
done
exit $status
