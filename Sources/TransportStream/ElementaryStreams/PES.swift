// PES headers: PTS/DTS for 2.5 PTS_error and the extra decode-time checks.
//
// Only the first bytes of each PES packet matter (at most 19: the fixed header and PTS/DTS).
// They normally sit in the packet that starts the PES, but an adaptation field can push them
// into the next packet, so up to 19 bytes are gathered per PID in a small fixed buffer.

/// Broad class of an elementary stream, from its stream type and descriptors.
public enum StreamKind: UInt8 {
    /// Moving pictures, sound, subtitles or teletext, other data, or unknown.
    case video, audio, subtitles, data, other

    /// The kind as written into the report.
    public var text: StaticString {
        switch self {
        case .video: "video"
        case .audio: "audio"
        case .subtitles: "subtitles"
        case .data: "data"
        case .other: "other"
        }
    }
}

/// PES state of one elementary-stream PID.
struct PESSlot {
    var pid: UInt16
    var pcrPID: UInt16
    var kind: StreamKind
    /// Header bytes gathered for the current PES packet, or -1 when not gathering.
    var headerLength = -1
    var startMark = Mark.none
    var pesCount: Int64 = 0
    var ptsCount: Int64 = 0
    var hasLastDecode = false
    var lastDecode: Int64 = 0
    /// Set after a discontinuity (continuity error, discontinuity_indicator, PCR jump): the
    /// next decode time is not compared with the previous one.
    var discontinuityPending = false
    var ptsTracker: Int32 = -1
    var firstPTS: Int64 = -1
    var lastPTS: Int64 = -1
    /// Offset of the ES data in the current PES packet (9 + PES_header_data_length), or -1
    /// until the header is read.
    var esStart = -1
    /// Bytes of the current PES packet received so far (for the probe).
    var pesPosition = 0
    /// True while `probes[slot]` still looks for the stream's headers.
    var probing = false

    init(pid: UInt16, pcrPID: UInt16, kind: StreamKind) {
        self.pid = pid
        self.pcrPID = pcrPID
        self.kind = kind
    }
}

/// Bytes kept per PID for a PES header split across packets.
let pesHeaderBytes = 19

/// PIDs given PES state (and an ES probe); the rest go unchecked.
let maxPESSlots = 1024

extension ValidatorCore {
    /// Returns the PES slot of `pid`, creating it. A new `syntax` restarts its ES probe.
    mutating func pesSlot(for pid: UInt16, pcrPID: UInt16, kind: StreamKind, syntax: ElementarySyntax) -> Int32 {
        let existing = pids.base[Int(pid)].pesSlot
        if existing >= 0 {
            let i = Int(existing)
            pesSlots[i].pcrPID = pcrPID
            pesSlots[i].kind = kind
            if probes[i].syntax != syntax {
                probes[i] = ElementaryStreamProbe(syntax: syntax)
                pesSlots[i].probing = !probes[i].done
            }
            return existing
        }
        guard pesSlotCount < maxPESSlots else { return -1 }
        pesSlots[pesSlotCount] = PESSlot(pid: pid, pcrPID: pcrPID, kind: kind)
        pesHeaders.append(contentsOf: repeatElement(0, count: pesHeaderBytes))
        probes[pesSlotCount] = ElementaryStreamProbe(syntax: syntax)
        pesSlotCount += 1
        let slot = Int32(pesSlotCount - 1)
        pesSlots[Int(slot)].probing = !probes[Int(slot)].done
        pids.base[Int(pid)].pesSlot = slot
        return slot
    }

    /// Takes the payload of one packet of a PES PID.
    mutating func feedPES(slot: Int, payload: UnsafePointer<UInt8>, count: Int, unitStart: Bool, mark: Mark) {
        if unitStart {
            pesSlots[slot].headerLength = 0
            pesSlots[slot].startMark = mark
            pesSlots[slot].pesCount &+= 1
            pesSlots[slot].esStart = -1
            pesSlots[slot].pesPosition = 0
        }
        if pesSlots[slot].headerLength >= 0 { gatherHeader(slot: slot, payload: payload, count: count) }
        if pesSlots[slot].probing { feedProbe(slot: slot, payload: payload, count: count) }
    }

    /// Hands the ES bytes of one packet (those after the PES header) to the slot's probe.
    private mutating func feedProbe(slot: Int, payload: UnsafePointer<UInt8>, count: Int) {
        let position = pesSlots[slot].pesPosition
        pesSlots[slot].pesPosition = position < Int.max / 2 ? position + count : position
        let start = pesSlots[slot].esStart
        guard start >= 0, position < Int.max / 2 else { return }
        let skip = max(0, start - position)
        guard skip < count else { return }
        probes[slot].feed(payload + skip, count - skip, pesStart: start >= position)
        if probes[slot].done { pesSlots[slot].probing = false }
    }

    /// Gathers the first `pesHeaderBytes` of a PES packet and parses them when complete enough.
    private mutating func gatherHeader(slot: Int, payload: UnsafePointer<UInt8>, count: Int) {
        let have = pesSlots[slot].headerLength
        let take = min(count, pesHeaderBytes - have)
        let base = slot * pesHeaderBytes
        pesHeaders.withUnsafeMutableBufferPointer { buf in
            guard let b = buf.baseAddress, base + pesHeaderBytes <= buf.count, take > 0 else { return }
            copyBytes(b + base + have, payload, take)
        }
        pesSlots[slot].headerLength = have + take
        var header = PESHeaderBytes()
        withUnsafeMutableBytes(of: &header.bytes) { raw in
            pesHeaders.withUnsafeBufferPointer { buf in
                for i in 0..<pesHeaderBytes where base + i < buf.count { raw[i] = buf[base + i] }
            }
        }
        parsePESHeader(slot: slot, header, length: have + take)
    }

    /// Parses the gathered header once enough of it is present.
    private mutating func parsePESHeader(slot: Int, _ h: PESHeaderBytes, length: Int) {
        if length < 9 { return }
        let mark = pesSlots[slot].startMark
        let pid = Int32(pesSlots[slot].pid)
        if h[0] != 0 || h[1] != 0 || h[2] != 1 {
            record(.pesHeaderError, pid: pid, mark: mark, reason: .startCode, value: 0)
            pesSlots[slot].headerLength = -1
            return
        }
        switch h[3] {
        case 0xBC, 0xBE, 0xBF, 0xF0, 0xF1, 0xF2, 0xF8, 0xFF:
            pesSlots[slot].headerLength = -1  // stream ids without the optional header
            return
        default: break
        }
        let flags = h[7] >> 6
        if h[6] & 0xC0 != 0x80 || flags == 1 {
            record(.pesHeaderError, pid: pid, mark: mark, reason: .headerLength, value: Int64(h[6]))
            pesSlots[slot].headerLength = -1
            return
        }
        let needed = flags == 3 ? 19 : flags == 2 ? 14 : 9
        if Int(h[8]) < needed - 9 {
            record(.pesHeaderError, pid: pid, mark: mark, reason: .headerLength, value: Int64(h[8]))
            pesSlots[slot].headerLength = -1
            return
        }
        pesSlots[slot].esStart = 9 + Int(h[8])
        if length < needed { return }
        pesSlots[slot].headerLength = -1
        guard flags >= 2 else { return }
        let pts = Self.readTimestamp(h, at: 9)
        let dts = flags == 3 ? Self.readTimestamp(h, at: 14) : pts
        timestamps(slot: slot, pts: pts, dts: dts, mark: mark)
    }

    /// A 33-bit PTS or DTS from the 5 bytes at `i`.
    private static func readTimestamp(_ h: PESHeaderBytes, at i: Int) -> Int64 {
        Int64((h[i] >> 1) & 7) << 30 | Int64(h[i + 1]) << 22 | Int64(h[i + 2] >> 1) << 15
            | Int64(h[i + 3]) << 7 | Int64(h[i + 4] >> 1)
    }

    /// Applies 2.5 PTS_error and the extra decode-order and decode-time checks.
    private mutating func timestamps(slot: Int, pts: Int64, dts: Int64, mark: Mark) {
        let pid = pesSlots[slot].pid
        pesSlots[slot].ptsCount &+= 1
        if pesSlots[slot].firstPTS < 0 { pesSlots[slot].firstPTS = pts }
        pesSlots[slot].lastPTS = pts
        let kind = pesSlots[slot].kind
        if kind == .video || kind == .audio {
            if pesSlots[slot].ptsTracker < 0 {
                pesSlots[slot].ptsTracker = addTracker(.ptsError, pid: Int32(pid), maxTicks: thresholds.ptsMax, checksTail: false)
            }
            trackerOccur(pesSlots[slot].ptsTracker, mark: mark)
        }
        let fresh = !pesSlots[slot].discontinuityPending
        if pesSlots[slot].hasLastDecode && fresh {
            let step = Arithmetic.wrappedDifference(dts, pesSlots[slot].lastDecode, modulus: ptsModulus)
            if step <= 0 {
                record(.dtsOrderError, pid: Int32(pid), mark: mark, reason: .backwards, value: step * 100 / 9)
            }
        }
        pesSlots[slot].lastDecode = dts
        pesSlots[slot].hasLastDecode = true
        pesSlots[slot].discontinuityPending = false

        let pcrPID = pesSlots[slot].pcrPID
        if fresh && pcrPID < 0x1FFF {
            let pcrSlot = pids.base[Int(pcrPID)].pcrSlot
            if pcrSlot >= 0 && pcrSlots[Int(pcrSlot)].hasLast {
                let clock90k = pcrSlots[Int(pcrSlot)].lastPCR / 300
                let lead = Arithmetic.wrappedDifference(dts, clock90k, modulus: ptsModulus)
                if lead < 0 {
                    record(.dtsBeforePCR, pid: Int32(pid), mark: mark, reason: .lateDTS, value: -lead * 100 / 9)
                }
            }
        }
    }
}

/// A fixed 19-byte copy of a PES header, readable by index without allocation.
struct PESHeaderBytes {
    var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)

    subscript(_ i: Int) -> UInt8 {
        withUnsafeBytes(of: bytes) { raw in i >= 0 && i < raw.count ? raw[i] : 0 }
    }
}
