#!/usr/bin/env bash
# Generates the small MPEG-TS recordings used by `tandem parity`, the parity tests and the
# browser test, with Debian's ffmpeg, into Tests/Fixtures/generated/streams (not committed).
# Idempotent: existing files are kept.
set -euo pipefail
cd "$(dirname "$0")"
out=generated/streams
mkdir -p "$out"
gen() {  # gen NAME ffmpeg-args...
  local name=$1; shift
  [ -s "$out/$name" ] && return 0
  ffmpeg -nostdin -loglevel error -y "$@" "$out/$name.tmp" && mv "$out/$name.tmp" "$out/$name"
}
src=(-f lavfi -i testsrc=size=320x240:rate=25 -f lavfi -i sine=frequency=440:sample_rate=48000 -t 3)
gen h264-aac-vbr.ts "${src[@]}" -c:v libx264 -preset ultrafast -c:a aac -f mpegts
gen h264-aac-cbr.ts "${src[@]}" -c:v libx264 -preset ultrafast -b:v 400k -c:a aac -muxrate 800k -f mpegts
gen mpeg2-dvb.ts "${src[@]}" -c:v mpeg2video -c:a mp2 -mpegts_service_type digital_tv -f mpegts
gen hevc.ts "${src[@]}" -c:v libx265 -preset ultrafast -x265-params log-level=error -c:a aac -f mpegts
gen m2ts.m2ts "${src[@]}" -c:v libx264 -preset ultrafast -c:a aac -f mpegts -mpegts_m2ts_mode 1
# Elementary-stream variety for the ES facts (checked against ffprobe): AC-3, AAC in LATM,
# interlaced H.264 and MPEG-2 video.
gen h264-ac3-interlaced.ts "${src[@]}" -c:v libx264 -preset ultrafast -x264-params interlaced=1:tff=1 \
  -c:a ac3 -b:a 192k -f mpegts
gen aac-latm.ts "${src[@]}" -c:v libx264 -preset ultrafast -c:a aac -mpegts_flags latm -f mpegts
gen mpeg2-interlaced.ts "${src[@]}" -c:v mpeg2video -flags +ilme+ildct -top 1 -b:v 2M -c:a ac3 -f mpegts
# SCTE-35 cues (ffmpeg cannot write them): injected into null packets of the CBR stream; the
# cues written are listed in scte35.ts.cues.
if [ ! -s "$out/scte35.ts" ]; then
  python3 inject-scte35.py "$out/h264-aac-cbr.ts" "$out/scte35.ts.tmp" && mv "$out/scte35.ts.tmp.cues" "$out/scte35.ts.cues" \
    && mv "$out/scte35.ts.tmp" "$out/scte35.ts"
fi
# M2TS at a constant mux rate: its arrival timestamps are a clock (PCR accuracy against them).
gen m2ts-cbr.m2ts "${src[@]}" -c:v libx264 -preset ultrafast -b:v 400k -c:a aac -muxrate 800k -f mpegts \
  -mpegts_m2ts_mode 1
# Sync loss and re-acquisition: 5000 bytes of deterministic garbage (no 0x47) inserted between
# two packets in the middle of the VBR stream (1.1 once, 1.2 for every slot of the lost grid).
if [ ! -s "$out/sync-garbage.ts" ]; then
  python3 -c '
import sys
data = open(sys.argv[1], "rb").read()
cut = (len(data) // 188 // 2) * 188
x, garbage = 12345, bytearray()
for _ in range(5000):
    x = (x * 1103515245 + 12345) % 2**31
    garbage.append((x >> 16) & 0xFF if (x >> 16) & 0xFF != 0x47 else 0)
open(sys.argv[2], "wb").write(data[:cut] + bytes(garbage) + data[cut:])
' "$out/h264-aac-vbr.ts" "$out/sync-garbage.ts.tmp" && mv "$out/sync-garbage.ts.tmp" "$out/sync-garbage.ts"
fi
echo "streams in Tests/Fixtures/generated/streams: $(ls "$out" | grep -v tmp | wc -l)"
