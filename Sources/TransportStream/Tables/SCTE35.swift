// SCTE-35 cue messages: splice_info_section (ANSI/SCTE 35 2023, clause 9.6, table 5) on the
// PIDs a PMT lists with stream_type 0x86 (clause 8.1), decoded into cues with their times.
//
// Decoded: the section header (pts_adjustment, encryption), splice_null (9.7.1),
// splice_insert (9.7.3), time_signal (9.7.4) with splice_time() (9.8.1) and break_duration()
// (9.8.2), and the segmentation_descriptor (10.3.3) of the descriptor loop. Other commands
// (splice_schedule, bandwidth_reservation, private_command) are listed with their type only;
// an encrypted section is listed as such (its command cannot be read). The section's CRC_32
// is checked like every section's (ISO/IEC 13818-1 annex A); a section that fails it, or whose
// fields run past its end, counts as X.3 Section_syntax_error and gives no cue.
//
// The pre-roll of a cue is how long before its splice time it arrived: the splice PTS
// (pts_time + pts_adjustment) minus the latest PCR of the program at the cue's packet, in
// microseconds (SCTE 67 asks for at least 4 s).

/// One segmentation_descriptor (SCTE 35 clause 10.3.3).
public struct SegmentationInfo {
    /// segmentation_event_id.
    public var eventID: UInt32
    /// segmentation_event_cancel_indicator.
    public var cancel: Bool
    /// segmentation_type_id (0x34 provider placement opportunity start, ...), nil when cancelled.
    public var typeID: UInt8?
    /// segmentation_duration in 90 kHz ticks, if signalled.
    public var duration90k: Int64?
}

/// One decoded splice_info_section.
public struct SpliceCue {
    /// The PID that carried it.
    public var pid: UInt16
    /// Where its section started.
    public var at: Occurrence
    /// splice_command_type (0x00 splice_null, 0x05 splice_insert, 0x06 time_signal, ...).
    public var commandType: UInt8
    /// True when the section is encrypted (its command is not decoded).
    public var encrypted: Bool
    /// pts_adjustment in 90 kHz ticks.
    public var ptsAdjustment: Int64
    /// splice_event_id (splice_insert).
    public var eventID: UInt32?
    /// splice_event_cancel_indicator (splice_insert).
    public var cancel: Bool?
    /// out_of_network_indicator (splice_insert): true leaves the network feed, false returns.
    public var outOfNetwork: Bool?
    /// splice_immediate_flag (splice_insert).
    public var immediate: Bool?
    /// The splice time as a 33-bit PTS (pts_time + pts_adjustment), if a time is specified.
    public var spliceTime90k: Int64?
    /// break_duration in 90 kHz ticks (splice_insert with duration_flag).
    public var breakDuration90k: Int64?
    /// auto_return of the break_duration.
    public var autoReturn: Bool?
    /// Splice time minus the program's latest PCR when the cue arrived, in microseconds.
    public var prerollMicros: Int64?
    /// The segmentation_descriptors, at most four.
    public var segmentation: [SegmentationInfo]

    /// The command as written into the report.
    public var commandName: StaticString {
        if encrypted { return "encrypted" }
        switch commandType {
        case 0x00: return "splice_null"
        case 0x04: return "splice_schedule"
        case 0x05: return "splice_insert"
        case 0x06: return "time_signal"
        case 0x07: return "bandwidth_reservation"
        case 0xFF: return "private_command"
        default: return "reserved"
        }
    }
}

/// A cue and the mark whose time may still be unresolved.
struct PendingCue {
    var cue: SpliceCue
    var mark: Mark
}

/// Big-endian bit reader over a section, for the SCTE-35 fields that are not byte aligned.
/// Reads past the end give zeros and set `overrun`.
struct SectionBits {
    let s: SectionBytes
    var bit: Int
    let end: Int
    var overrun = false

    init(_ s: SectionBytes, from byte: Int, to end: Int) {
        self.s = s
        bit = byte * 8
        self.end = end
    }

    mutating func read(_ width: Int) -> Int64 {
        var v: Int64 = 0
        for _ in 0..<width {
            if bit >= end * 8 { overrun = true; v <<= 1; continue }
            let byte = s[bit >> 3]
            v = v << 1 | Int64(byte >> (7 - UInt8(bit & 7)) & 1)
            bit += 1
        }
        return v
    }

    mutating func flag() -> Bool { read(1) != 0 }

    mutating func skip(bytes n: Int) { bit += max(0, n) * 8 }

    var byteOffset: Int { bit >> 3 }
}

enum SpliceInfoSection {
    /// Decodes a splice_info_section whose CRC has been checked; nil if it is not one or its
    /// fields overrun it.
    static func decode(_ s: SectionBytes, pid: UInt16) -> SpliceCue? {
        guard s[0] == 0xFC, s.count >= 20 else { return nil }
        let end = s.count - 4  // CRC_32
        var r = SectionBits(s, from: 3, to: end)
        _ = r.read(8)  // protocol_version
        let encrypted = r.flag()
        _ = r.read(6)  // encryption_algorithm
        let adjustment = r.read(33)
        _ = r.read(8)  // cw_index
        _ = r.read(12)  // tier
        let commandLength = Int(r.read(12))
        let commandType = UInt8(r.read(8))
        var cue = SpliceCue(pid: pid, at: Occurrence(packetIndex: 0, byteOffset: 0, streamTimeMicros: nil),
                            commandType: commandType, encrypted: encrypted, ptsAdjustment: adjustment,
                            segmentation: [])
        if encrypted { return r.overrun ? nil : cue }
        let commandStart = r.byteOffset
        switch commandType {
        case 0x05: spliceInsert(&r, &cue)
        case 0x06: cue.spliceTime90k = spliceTime(&r, adjustment)
        default: break
        }
        if r.overrun { return nil }
        // A command length of 0xFFF (legacy) means "as long as the command parsed".
        if commandLength != 0xFFF {
            r = SectionBits(s, from: commandStart + commandLength, to: end)
        } else if commandType != 0x00 && commandType != 0x05 && commandType != 0x06 {
            return cue  // cannot find the descriptor loop
        }
        let loopLength = Int(r.read(16))
        let loopEnd = r.byteOffset + loopLength
        if r.overrun || loopEnd > end { return nil }
        var p = r.byteOffset
        while p + 2 <= loopEnd {
            let tag = s[p]
            let length = Int(s[p + 1])
            if p + 2 + length > loopEnd { break }
            if tag == 0x02 && length >= 9 && s.u16(p + 2) == 0x4355 && s.u16(p + 4) == 0x4549 && cue.segmentation.count < 4 {
                if let info = segmentation(s, from: p + 6, to: p + 2 + length) { cue.segmentation.append(info) }
            }
            p += 2 + length
        }
        return cue
    }

    /// splice_insert() (clause 9.7.3).
    private static func spliceInsert(_ r: inout SectionBits, _ cue: inout SpliceCue) {
        cue.eventID = UInt32(truncatingIfNeeded: r.read(32))
        let cancel = r.flag()
        cue.cancel = cancel
        _ = r.read(7)
        if cancel { return }
        cue.outOfNetwork = r.flag()
        let programSplice = r.flag()
        let durationFlag = r.flag()
        let immediate = r.flag()
        cue.immediate = immediate
        _ = r.read(4)  // event_id_compliance_flag, reserved
        if programSplice {
            if !immediate { cue.spliceTime90k = spliceTime(&r, cue.ptsAdjustment) }
        } else {
            let components = Int(r.read(8))
            for _ in 0..<components {
                _ = r.read(8)  // component_tag
                if !immediate {
                    let t = spliceTime(&r, cue.ptsAdjustment)
                    if cue.spliceTime90k == nil { cue.spliceTime90k = t }
                }
                if r.overrun { return }
            }
        }
        if durationFlag {
            cue.autoReturn = r.flag()
            _ = r.read(6)
            cue.breakDuration90k = r.read(33)
        }
        _ = r.read(32)  // unique_program_id, avail_num, avails_expected
    }

    /// splice_time() (clause 9.8.1): the PTS with pts_adjustment applied, or nil.
    private static func spliceTime(_ r: inout SectionBits, _ adjustment: Int64) -> Int64? {
        if r.flag() {
            _ = r.read(6)
            return (r.read(33) &+ adjustment) & (ptsModulus - 1)
        }
        _ = r.read(7)
        return nil
    }

    /// segmentation_descriptor() after its identifier (clause 10.3.3).
    private static func segmentation(_ s: SectionBytes, from: Int, to end: Int) -> SegmentationInfo? {
        var r = SectionBits(s, from: from, to: end)
        var info = SegmentationInfo(eventID: UInt32(truncatingIfNeeded: r.read(32)), cancel: false)
        info.cancel = r.flag()
        _ = r.read(7)
        if info.cancel { return r.overrun ? nil : info }
        let program = r.flag()
        let hasDuration = r.flag()
        _ = r.read(6)  // delivery_not_restricted_flag and its flags or reserved bits
        if !program {
            let components = Int(r.read(8))
            r.skip(bytes: components * 6)
        }
        if hasDuration { info.duration90k = r.read(40) }
        _ = r.read(8)  // segmentation_upid_type
        let upidLength = Int(r.read(8))
        r.skip(bytes: upidLength)
        info.typeID = UInt8(truncatingIfNeeded: r.read(8))
        return r.overrun ? nil : info
    }
}

extension ValidatorCore {
    /// A complete section on an SCTE-35 PID (CRC already checked).
    mutating func spliceSection(_ pid: UInt16, _ s: SectionBytes, mark: Mark) {
        guard var cue = SpliceInfoSection.decode(s, pid: pid) else {
            record(.sectionSyntaxError, pid: Int32(pid), mark: mark, reason: .length, value: Int64(s.count))
            return
        }
        if let t = cue.spliceTime90k, let pcr = programPCR(of: pid) {
            let lead = Arithmetic.wrappedDifference(t, (pcr / 300) % ptsModulus, modulus: ptsModulus)
            cue.prerollMicros = Arithmetic.scale(lead, 100, 9)
        }
        if spliceCues.count < options.eventCap {
            spliceCues.append(PendingCue(cue: cue, mark: mark))
        } else {
            spliceCuesDropped = Arithmetic.add(spliceCuesDropped, 1)
        }
    }

    /// The latest PCR of the program whose PMT lists `pid`, if any.
    private func programPCR(of pid: UInt16) -> Int64? {
        for k in 0..<programCount where programs[k].inPAT && programs[k].pcrPID != 0x1FFF {
            for e in programs[k].streams where e.pid == pid {
                let slot = pids.base[Int(programs[k].pcrPID)].pcrSlot
                if slot >= 0 && pcrSlots[Int(slot)].hasLast { return pcrSlots[Int(slot)].lastPCR }
            }
        }
        return nil
    }
}
