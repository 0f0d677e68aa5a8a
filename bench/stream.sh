#!/usr/bin/env bash
# Stream validator throughput: tandem validate (native), the wasm module in Node, and ffprobe
# reading every packet of the same file, in the same run. Best of $REPEAT.
set -uo pipefail
cd "$(dirname "$0")/.."
TANDEM=${TANDEM:-.build/release/tandem}
REPEAT=${REPEAT:-3}
big=bench/out/big.ts
mkdir -p bench/out
if [ ! -s "$big" ]; then
  echo "generating $big (60 s of H.264 at ~25 Mbit/s, looped to ~1 GB)…"
  ffmpeg -nostdin -loglevel error -y -f lavfi -i testsrc2=size=1280x720:rate=50 -f lavfi -i sine -t 60 \
    -c:v libx264 -preset ultrafast -b:v 25M -c:a aac -f mpegts bench/out/part.ts
  for _ in $(seq 6); do cat bench/out/part.ts; done > "$big"
fi
bytes=$(stat -c %s "$big")
best() { local b=""; for _ in $(seq "$REPEAT"); do local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
  local t; t=$(echo "$e - $s" | bc -l); if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then b=$t; fi; done; echo "$b"; }
gbps() { echo "scale=2; $bytes / $1 / 1000000000" | bc -l; }
native=$(best "$TANDEM" validate --json "$big")
wasm=$(best node bench/node-runner.mjs stream "$big")
probe=$(best ffprobe -v error -count_packets -show_entries stream=nb_read_packets -of csv "$big")
echo "## Stream validation of $((bytes >> 20)) MiB — best of $REPEAT (wall time, including process start)"
printf "%-28s %8s s %8s GB/s\n" "tandem validate (native)" "$(printf %.3f "$native")" "$(gbps "$native")"
printf "%-28s %8s s %8s GB/s\n" "wasm in Node (4 MiB chunks)" "$(printf %.3f "$wasm")" "$(gbps "$wasm")"
printf "%-28s %8s s %8s GB/s\n" "ffprobe -count_packets" "$(printf %.3f "$probe")" "$(gbps "$probe")"
echo "native_gbps=$(gbps "$native")" > bench/out/stream.env
echo "wasm_gbps=$(gbps "$wasm")" >> bench/out/stream.env
