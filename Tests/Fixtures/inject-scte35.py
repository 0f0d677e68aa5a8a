#!/usr/bin/env python3
"""Adds an SCTE-35 cue PID to a constant-bitrate MPEG-TS file made by ffmpeg (which cannot
write SCTE-35), following ANSI/SCTE 35 2023 (splice_info_section, clause 9.6) and ISO/IEC
13818-1 (PMT, CRC-32/MPEG-2).

- Every PMT gains an elementary stream entry (stream_type 0x86) on PID 0x01F0 and a
  registration_descriptor "CUEI" in its program loop (SCTE 35 clause 8.1).
- Cues replace null packets, so byte positions and PCR timing stay exactly as muxed.
- The cues written are also printed as JSON lines into NAME.cues (packet index, command and
  fields), which the tests compare with the validator's decoding.

Usage: inject-scte35.py IN.ts OUT.ts
"""
import json
import sys

CUE_PID = 0x01F0
CRC_TABLE = []
for i in range(256):
    c = i << 24
    for _ in range(8):
        c = ((c << 1) ^ 0x04C11DB7) if c & 0x80000000 else (c << 1)
    CRC_TABLE.append(c & 0xFFFFFFFF)


def crc32_mpeg2(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ CRC_TABLE[((crc >> 24) ^ b) & 0xFF]
    return crc


class Bits:
    def __init__(self):
        self.value, self.count = 0, 0

    def put(self, width, v):
        self.value = (self.value << width) | (v & ((1 << width) - 1))
        self.count += width
        return self

    def bytes(self):
        assert self.count % 8 == 0
        return self.value.to_bytes(self.count // 8, "big")


def splice_time(pts):
    if pts is None:
        return Bits().put(1, 0).put(7, 0x7F).bytes()
    return Bits().put(1, 1).put(6, 0x3F).put(33, pts).bytes()


def splice_insert(event_id, out, pts, duration=None, immediate=False, cancel=False):
    b = Bits().put(32, event_id).put(1, 1 if cancel else 0).put(7, 0x7F).bytes()
    if cancel:
        return b
    flags = Bits().put(1, out).put(1, 1).put(1, duration is not None).put(1, immediate).put(1, 1).put(3, 7).bytes()
    body = b + flags
    if not immediate:
        body += splice_time(pts)
    if duration is not None:
        body += Bits().put(1, 1).put(6, 0x3F).put(33, duration).bytes()
    return body + Bits().put(16, 0x0100).put(8, 0).put(8, 0).bytes()


def segmentation_descriptor(event_id, type_id, duration):
    body = b"CUEI" + Bits().put(32, event_id).put(1, 0).put(7, 0x7F).bytes()
    body += Bits().put(1, 1).put(1, 1).put(1, 1).put(5, 0x1F).bytes()  # program, duration, not restricted
    body += Bits().put(40, duration).bytes()
    body += bytes([0x00, 0x00, type_id, 0x01, 0x01])  # no UPID, type, segment 1 of 1
    return bytes([0x02, len(body)]) + body


def section(command_type, command, descriptors=b""):
    after_length = (Bits().put(8, 0).put(1, 0).put(6, 0).put(33, 0).put(8, 0xFF).put(12, 0xFFF)
                    .put(12, len(command)).put(8, command_type).bytes()
                    + command + len(descriptors).to_bytes(2, "big") + descriptors)
    length = len(after_length) + 4
    head = Bits().put(8, 0xFC).put(1, 0).put(1, 0).put(2, 3).put(12, length).bytes()
    s = head + after_length
    return s + crc32_mpeg2(s).to_bytes(4, "big")


def packets_for_section(s, cc):
    payload = bytes([0]) + s
    out = []
    first = True
    while payload:
        chunk, payload = payload[:184], payload[184:]
        header = bytes([0x47, (0x40 if first else 0) | CUE_PID >> 8, CUE_PID & 0xFF, 0x10 | (cc & 15)])
        out.append(header + chunk + b"\xff" * (184 - len(chunk)))
        cc += 1
        first = False
    return out, cc


def read_pcr(p):
    if p[3] & 0x20 and p[4] >= 7 and p[5] & 0x10:
        base = (p[6] << 25) | (p[7] << 17) | (p[8] << 9) | (p[9] << 1) | (p[10] >> 7)
        return base * 300 + (((p[10] & 1) << 8) | p[11])
    return None


def rewrite_pmt(p):
    """Adds the cue stream to a PMT that fits in one packet (ffmpeg's do)."""
    if not p[1] & 0x40:
        return p
    start = 5 + p[4]
    s = bytearray(p[start:start + 3 + (((p[start + 1] & 0x0F) << 8) | p[start + 2])])
    if s[0] != 0x02:
        return p
    body = s[:-4]
    program_info = ((body[10] & 0x0F) << 8) | body[11]
    cuei = bytes([0x05, 0x04]) + b"CUEI"
    body = body[:12] + cuei + body[12:]
    program_info += len(cuei)
    body[10], body[11] = 0xF0 | program_info >> 8, program_info & 0xFF
    body += bytes([0x86, 0xE0 | CUE_PID >> 8, CUE_PID & 0xFF, 0xF0, 0x00])
    length = len(body) + 4 - 3
    body[1], body[2] = (body[1] & 0xF0) | length >> 8, length & 0xFF
    new = bytes(body) + crc32_mpeg2(body).to_bytes(4, "big")
    out = p[:start] + new
    assert len(out) <= 188, "PMT no longer fits one packet"
    return out + b"\xff" * (188 - len(out))


def main(src, dst):
    data = open(src, "rb").read()
    packets = [data[i:i + 188] for i in range(0, len(data) - 187, 188)]
    pmt_pid = None
    pcr_pid = None
    last_pcr = None
    # Cues at these PCR times (seconds after the first PCR), each with its plan.
    plan = [
        (0.5, "splice_null"),
        (1.0, "splice_insert_out"),
        (1.5, "time_signal"),
        (2.0, "splice_insert_in"),
        (2.4, "splice_insert_cancel"),
    ]
    first_pcr = None
    cc = 0
    queue = []  # packets waiting for a null packet to replace
    cues = []
    out = []
    for index, p in enumerate(packets):
        pid = ((p[1] & 0x1F) << 8) | p[2]
        if pid == 0 and p[1] & 0x40 and pmt_pid is None:
            s = p[5 + p[4]:]
            pmt_pid = ((s[10] & 0x1F) << 8) | s[11]
        if pid == pmt_pid:
            if p[1] & 0x40 and pcr_pid is None:
                s = p[5 + p[4]:]
                pcr_pid = ((s[8] & 0x1F) << 8) | s[9]
            p = rewrite_pmt(p)
        if pid == pcr_pid:
            pcr = read_pcr(p)
            if pcr is not None:
                last_pcr = pcr
                if first_pcr is None:
                    first_pcr = pcr
        if plan and last_pcr is not None and (last_pcr - first_pcr) / 27e6 >= plan[0][0]:
            _, what = plan.pop(0)
            now = last_pcr // 300
            if what == "splice_null":
                cue = {"command": "splice_null"}
                s = section(0x00, b"")
            elif what == "splice_insert_out":
                pts = (now + 2 * 90000) % (1 << 33)
                cue = {"command": "splice_insert", "event_id": 1001, "out_of_network": True, "pts_time": pts,
                       "duration": 30 * 90000, "auto_return": True}
                s = section(0x05, splice_insert(1001, 1, pts, duration=30 * 90000))
            elif what == "time_signal":
                pts = (now + 90000) % (1 << 33)
                cue = {"command": "time_signal", "pts_time": pts, "segmentation_type_id": 0x34,
                       "segmentation_event_id": 2002, "segmentation_duration": 15 * 90000}
                s = section(0x06, splice_time(pts), segmentation_descriptor(2002, 0x34, 15 * 90000))
            elif what == "splice_insert_in":
                cue = {"command": "splice_insert", "event_id": 1002, "out_of_network": False, "pts_time": None,
                       "immediate": True}
                s = section(0x05, splice_insert(1002, 0, None, immediate=True))
            else:
                cue = {"command": "splice_insert", "event_id": 1003, "cancel": True}
                s = section(0x05, splice_insert(1003, 0, None, cancel=True))
            new, cc = packets_for_section(s, cc)
            queue.append((cue, new))
        if pid == 0x1FFF and queue:
            cue, pending = queue[0]
            if "packet" not in cue:
                cue["packet"] = index
                cues.append(cue)
            p = pending.pop(0)
            if not pending:
                queue.pop(0)
        out.append(p)
    assert not queue and not plan, "not enough null packets or PCRs for every cue"
    open(dst, "wb").write(b"".join(out))
    with open(dst + ".cues", "w") as f:
        for cue in cues:
            f.write(json.dumps(cue, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
