// PSI and SI tables: CRC (2.2), PAT (1.3, 1.3.a), CAT (2.6), PMT (1.5, 1.5.a, and the PIDs
// 1.6 watches), and under a DVB profile the table_id rules of NIT, SDT, EIT, RST, TDT (3.x).
// SCTE-35 sections go to SCTE35.swift.
//
// The PAT arms one 1.5 tracker per PMT PID and one 1.5.a tracker per program; a PMT arms a
// 1.6 tracker per elementary PID and marks every PID it names as referenced (3.4). A new
// table version replaces what the old one announced.

/// One elementary stream as the latest PMT lists it.
struct StreamEntry {
    var pid: UInt16
    var streamType: UInt8
    var codec: CodecInfo
    var language: [UInt8]
}

/// One program as the PAT and its PMT describe it.
struct ProgramState {
    var number: UInt16
    var pmtPID: UInt16
    var inPAT = true
    var pmtVersion: Int16 = -1
    var pcrPID: UInt16 = 0x1FFF
    var streams: [StreamEntry] = []
    var tracker: Int32 = -1
    var serviceName: [UInt8] = []
    var providerName: [UInt8] = []
    var serviceType: UInt8 = 0
}

/// Programs followed (PAT entries); further programs go unchecked.
let maxPrograms = 256

extension ValidatorCore {
    /// Checks the CRC of a complete section and passes it to its table's handler.
    mutating func handleSection(_ pid: UInt16, _ s: SectionBytes, mark: Mark) {
        let tableID = s[0]
        if pids.base[Int(pid)].role == .scte35 {
            // splice_info_section: section_syntax_indicator 0, but always a CRC_32 (SCTE 35 9.6).
            guard tableID == 0xFC else { return }
            if s.count < 20 || CRC32.compute(s.base, count: s.count) != 0 {
                record(.sectionSyntaxError, pid: Int32(pid), mark: mark, reason: .crc, value: Int64(tableID))
                return
            }
            spliceSection(pid, s, mark: mark)
            return
        }
        let syntax = s[1] & 0x80 != 0
        if syntax || tableID == 0x73 {
            if s.count < (syntax ? 12 : 7) {
                record(.sectionSyntaxError, pid: Int32(pid), mark: mark, reason: .length, value: Int64(s.count))
                return
            }
            if CRC32.compute(s.base, count: s.count) != 0 {
                record(.crcError, pid: Int32(pid), mark: mark, reason: .crc, value: Int64(tableID))
                return
            }
        }
        switch pids.base[Int(pid)].role {
        case .pat: patSection(s, mark: mark)
        case .cat: catSection(s, mark: mark)
        case .pmt: if tableID == 0x02 { pmtSection(pid, s, mark: mark) }
        case .nit: siSection(pid, s, mark: mark, allowed: siTableIDs(0x40, 0x41), check: .nitActualError,
                             parent: .nitError, repeating: 0x40, tracker: 0)
        case .sdt:
            siSection(pid, s, mark: mark, allowed: siTableIDs(0x42, 0x46, 0x4A), check: .sdtActualError,
                      parent: .sdtError, repeating: 0x42, tracker: 1)
            if tableID == 0x42 { sdtSection(s) }
        case .eit: siSection(pid, s, mark: mark, allowed: 0, check: .eitActualError, parent: .eitError,
                             repeating: 0x4E, tracker: 2)
        case .rst: siSection(pid, s, mark: mark, allowed: siTableIDs(0x71), check: .rstError, parent: nil,
                             repeating: 0x71, tracker: 4)
        case .tdt: siSection(pid, s, mark: mark, allowed: siTableIDs(0x70, 0x73), check: .tdtError, parent: nil,
                             repeating: 0x70, tracker: 3)
        default: break
        }
    }

    // MARK: PAT

    private mutating func patSection(_ s: SectionBytes, mark: Mark) {
        let tableID = s[0]
        if tableID != 0x00 {
            record(.patError, pid: 0, mark: mark, reason: .tableID, value: Int64(tableID))
            record(.patError2, pid: 0, mark: mark, reason: .tableID, value: Int64(tableID))
            return
        }
        guard s[1] & 0x80 != 0, (s.count - 12) % 4 == 0 else {
            record(.sectionSyntaxError, pid: 0, mark: mark, reason: .length, value: Int64(s.count))
            return
        }
        if s[5] & 1 == 0 { return }  // not yet applicable
        noteTracker(patSectionTracker, mark: mark)
        let version = Int16(s[5] >> 1 & 31)
        transportStreamID = Int32(s.u16(3))
        if version != patVersion {
            if patVersion >= 0 { tableVersionChanges &+= 1 }
            patVersion = version
            for i in 0..<programCount { programs[i].inPAT = false }
        }
        var p = 8
        while p + 4 <= s.count - 4 {
            let number = s.u16(p)
            let pid = s.pid(p + 2)
            if number == 0 {
                setNetworkPID(pid)
            } else {
                announceProgram(number, pmtPID: pid, mark: mark)
            }
            p += 4
        }
        if s[6] == s[7] {  // last section of this version: what is not listed is gone
            for i in 0..<programCount where !programs[i].inPAT { retireProgram(i) }
        }
    }

    private mutating func setNetworkPID(_ pid: UInt16) {
        networkPID = pid
        if pids.base[Int(pid)].role == .unknown {
            pids.base[Int(pid)].role = .nit
            _ = sectionSlot(for: pid)
        }
    }

    /// A PAT lists program `number` on `pmtPID`: set up or re-arm its PMT watch.
    private mutating func announceProgram(_ number: UInt16, pmtPID: UInt16, mark: Mark) {
        var index = -1
        for i in 0..<programCount where programs[i].number == number { index = i; break }
        if index < 0 {
            guard programCount < maxPrograms else { return }
            var program = ProgramState(number: number, pmtPID: pmtPID)
            program.tracker = addTracker(.pmtError2, pid: Int32(pmtPID), maxTicks: thresholds.pmtMax, checksTail: true)
            programs[programCount] = program
            programCount += 1
            index = programCount - 1
            noteTracker(program.tracker, mark: mark, observed: false)
        } else if !programs[index].inPAT || programs[index].pmtPID != pmtPID {
            let t = Int(programs[index].tracker)
            if !trackers[t].active || programs[index].pmtPID != pmtPID {
                trackers[t].active = true
                trackers[t].reset()
                trackers[t].pid = Int32(pmtPID)
                programs[index].pmtPID = pmtPID
                programs[index].pmtVersion = -1
                noteTracker(programs[index].tracker, mark: mark, observed: false)
            }
        }
        programs[index].inPAT = true
        let state = pids.base + Int(pmtPID)
        if state.pointee.role == .unknown || state.pointee.role == .elementary { state.pointee.role = .pmt }
        guard state.pointee.role == .pmt, sectionSlot(for: pmtPID) >= 0 else { return }
        if state.pointee.pmtTracker < 0 {
            state.pointee.pmtTracker = addTracker(.pmtError, pid: Int32(pmtPID), maxTicks: thresholds.pmtMax, checksTail: true)
            noteTracker(state.pointee.pmtTracker, mark: mark, observed: false)
        } else if !trackers[Int(state.pointee.pmtTracker)].active {
            trackers[Int(state.pointee.pmtTracker)].active = true
            trackers[Int(state.pointee.pmtTracker)].reset()
            noteTracker(state.pointee.pmtTracker, mark: mark, observed: false)
        }
    }

    /// A program left the PAT: stop watching its PMT and streams.
    private mutating func retireProgram(_ i: Int) {
        let t = Int(programs[i].tracker)
        if trackers[t].active { trackers[t].active = false; trackers[t].reset() }
        let pmtPID = programs[i].pmtPID
        var shared = false
        for j in 0..<programCount where j != i && programs[j].inPAT && programs[j].pmtPID == pmtPID { shared = true }
        let pmtTracker = pids.base[Int(pmtPID)].pmtTracker
        if !shared && pmtTracker >= 0 { trackers[Int(pmtTracker)].active = false; trackers[Int(pmtTracker)].reset() }
        let old = programs[i].streams
        programs[i].streams = []
        programs[i].pmtVersion = -1
        for e in old { unwatchIfUnreferenced(e.pid) }
    }

    // MARK: PMT

    private mutating func pmtSection(_ pid: UInt16, _ s: SectionBytes, mark: Mark) {
        guard s[1] & 0x80 != 0, s.count >= 16 else {
            record(.sectionSyntaxError, pid: Int32(pid), mark: mark, reason: .length, value: Int64(s.count))
            return
        }
        if s[5] & 1 == 0 { return }
        noteTracker(pids.base[Int(pid)].pmtTracker, mark: mark)
        let number = s.u16(3)
        var index = -1
        for i in 0..<programCount where programs[i].number == number && programs[i].pmtPID == pid && programs[i].inPAT {
            index = i
            break
        }
        guard index >= 0 else { return }
        noteTracker(programs[index].tracker, mark: mark)
        let version = Int16(s[5] >> 1 & 31)
        if version == programs[index].pmtVersion { return }
        let end = s.count - 4
        let pcrPID = s.pid(8)
        var p = 12 + s.length12(10)
        if p > end {
            record(.sectionSyntaxError, pid: Int32(pid), mark: mark, reason: .length, value: Int64(p))
            return
        }
        caPIDs(s, from: 12, to: p, role: .ecm, mark: mark)
        var streams: [StreamEntry] = []
        while p + 5 <= end {
            let type = s[p]
            let esPID = s.pid(p + 1)
            let infoLength = s.length12(p + 3)
            let next = p + 5 + infoLength
            if next > end {
                record(.sectionSyntaxError, pid: Int32(pid), mark: mark, reason: .length, value: Int64(next))
                break
            }
            let hints = descriptorHints(s, from: p + 5, to: next)
            caPIDs(s, from: p + 5, to: next, role: .ecm, mark: mark)
            if streams.count < 64 {
                streams.append(StreamEntry(pid: esPID, streamType: type,
                                           codec: CodecInfo.classify(streamType: type, hints: hints),
                                           language: hints.language))
            }
            p = next
        }
        if programs[index].pmtVersion >= 0 { tableVersionChanges &+= 1 }
        let old = programs[index].streams
        programs[index].pmtVersion = version
        programs[index].pcrPID = pcrPID
        programs[index].streams = streams
        for e in streams { watchStream(e, pcrPID: pcrPID, mark: mark) }
        if pcrPID != 0x1FFF { reference(pcrPID, mark: mark) }
        for e in old { unwatchIfUnreferenced(e.pid) }
    }

    /// Reads the descriptors of a PMT entry that identify its codec.
    private func descriptorHints(_ s: SectionBytes, from: Int, to end: Int) -> DescriptorHints {
        var h = DescriptorHints()
        var p = from
        while p + 2 <= end {
            let tag = s[p]
            let length = Int(s[p + 1])
            let body = p + 2
            if body + length > end { break }
            switch tag {
            case 0x05 where length >= 4:
                h.registration = UInt32(s.u16(body)) << 16 | UInt32(s.u16(body + 2))
            case 0x0A where length >= 3: h.language = [s[body], s[body + 1], s[body + 2]]
            case 0x6A: h.ac3 = true
            case 0x7A: h.eac3 = true
            case 0x7B: h.dts = true
            case 0x7C: h.aac = true
            case 0x59: h.subtitling = true
            case 0x56, 0x46: h.teletext = true
            case 0x7F where length >= 1 && s[body] == 0x15: h.ac4 = true
            default: break
            }
            p = body + length
        }
        return h
    }

    /// Marks the PIDs of CA_descriptors (tag 0x09) in `from..<end` as referenced ECM/EMM PIDs.
    private mutating func caPIDs(_ s: SectionBytes, from: Int, to end: Int, role: PIDRole, mark: Mark) {
        var p = from
        while p + 2 <= end {
            let length = Int(s[p + 1])
            if p + 2 + length > end { break }
            if s[p] == 0x09 && length >= 4 {
                let pid = s.pid(p + 4)
                if pids.base[Int(pid)].role == .unknown { pids.base[Int(pid)].role = role }
                reference(pid, mark: mark)
            }
            p += 2 + length
        }
    }

    /// Notes that a PMT or the CAT refers to `pid` (for 3.4).
    private mutating func reference(_ pid: UInt16, mark: Mark) {
        let state = pids.base + Int(pid)
        state.pointee.referenced = true
        if state.pointee.referenceMark.packetIndex < 0 {
            state.pointee.referenceMark = mark
            if mark.time == unresolvedTime { referenceQueue.append(pid) }
        }
    }

    /// Starts watching an elementary stream a PMT lists (1.6, PES parsing).
    private mutating func watchStream(_ e: StreamEntry, pcrPID: UInt16, mark: Mark) {
        reference(e.pid, mark: mark)
        let state = pids.base + Int(e.pid)
        if state.pointee.role == .unknown {
            // SCTE-35 cues travel in sections (SCTE 35 clause 8.1: stream_type 0x86).
            let cues = e.streamType == 0x86 && !e.codec.carriesPES
            state.pointee.role = cues ? .scte35 : .elementary
            if cues { _ = sectionSlot(for: e.pid) }
        }
        state.pointee.streamType = e.streamType
        if e.codec.carriesPES && state.pointee.role == .elementary {
            _ = pesSlot(for: e.pid, pcrPID: pcrPID, kind: e.codec.kind, syntax: e.codec.syntax)
        }
        // 1.6 watches audio and video: subtitle and data streams are legitimately sparse, and
        // TR 101 290 leaves the period to the user.
        guard e.codec.kind == .video || e.codec.kind == .audio else { return }
        if state.pointee.pidTracker < 0 {
            state.pointee.pidTracker = addTracker(.pidError, pid: Int32(e.pid), maxTicks: thresholds.pidMax, checksTail: true)
            noteTracker(state.pointee.pidTracker, mark: mark, observed: false)
        } else if !trackers[Int(state.pointee.pidTracker)].active {
            trackers[Int(state.pointee.pidTracker)].active = true
            trackers[Int(state.pointee.pidTracker)].reset()
            noteTracker(state.pointee.pidTracker, mark: mark, observed: false)
        }
    }

    /// Stops 1.6 for `pid` if no current PMT lists it any more.
    private mutating func unwatchIfUnreferenced(_ pid: UInt16) {
        for k in 0..<programCount where programs[k].inPAT {
            for e in programs[k].streams where e.pid == pid { return }
        }
        let t = pids.base[Int(pid)].pidTracker
        if t >= 0 && trackers[Int(t)].active {
            trackers[Int(t)].active = false
            trackers[Int(t)].reset()
        }
    }

    // MARK: CAT

    private mutating func catSection(_ s: SectionBytes, mark: Mark) {
        let tableID = s[0]
        if tableID != 0x01 {
            record(.catError, pid: 1, mark: mark, reason: .tableID, value: Int64(tableID))
            return
        }
        guard s[1] & 0x80 != 0, s.count >= 12 else { return }
        if s[5] & 1 == 0 { return }
        catSeen = true
        let version = Int16(s[5] >> 1 & 31)
        if catVersion >= 0 && version != catVersion { tableVersionChanges &+= 1 }
        catVersion = version
        caPIDs(s, from: 8, to: s.count - 4, role: .emm, mark: mark)
    }

    // MARK: DVB SI

    /// The table_ids an SI PID may carry besides the stuffing table (0x72, allowed on every SI
    /// PID), all within 0x40...0x7F, as a bit set (bit n: table_id 0x40 + n): a constant, where
    /// an array literal per table was built and freed for every section.
    @inline(__always)
    private func siTableIDs(_ a: UInt8, _ b: UInt8? = nil, _ c: UInt8? = nil) -> UInt64 {
        var bits: UInt64 = 1 << UInt64(a & 0x3F)
        if let b { bits |= 1 << UInt64(b & 0x3F) }
        if let c { bits |= 1 << UInt64(c & 0x3F) }
        return bits
    }

    /// Applies the table_id rule of a DVB SI PID and feeds its repetition tracker
    /// (`tracker` indexes `siTrackers`: 0 NIT, 1 SDT, 2 EIT, 3 TDT, 4 RST).
    /// Out of line: `handleSection` calls it for five tables, and the optimizer inlined a copy
    /// for each.
    @inline(never)
    private mutating func siSection(_ pid: UInt16, _ s: SectionBytes, mark: Mark, allowed: UInt64, check: Check,
                                    parent: Check?, repeating: UInt8, tracker: Int) {
        let tableID = s[0]
        if pid == 0x10 || pid == networkPID { nitSeen = true }
        if pid == 0x11 { sdtSeen = true }
        guard profile.checksDVBServiceInformation else { return }
        let isEIT = pid == 0x12
        let permitted = tableID == 0x72
            || (isEIT ? tableID >= 0x4E && tableID <= 0x6F
                : tableID & 0xC0 == 0x40 && allowed >> UInt64(tableID & 0x3F) & 1 != 0)
        if !permitted {
            record(check, pid: Int32(pid), mark: mark, reason: .tableID, value: Int64(tableID))
            if let parent { record(parent, pid: Int32(pid), mark: mark, reason: .tableID, value: Int64(tableID)) }
            return
        }
        // Repetition counts section 0 of the watched table (a multi-section table's other
        // sections legitimately follow within milliseconds).
        let sectionNumber: UInt8 = s[1] & 0x80 != 0 ? s[6] : 0
        if tableID == repeating && sectionNumber == 0 && tracker >= 0 && tracker < siTrackers.count {
            noteTracker(siTrackers[tracker], mark: mark)
        }
        otherTableOccurred(pid, tableID: tableID, sectionNumber: sectionNumber, mark: mark)
        if isEIT && (tableID == 0x4E || tableID == 0x4F) && s[1] & 0x80 != 0 {
            presentFollowingSection(pid, s, mark: mark)
        }
    }

    /// Reads service names from an SDT_actual section.
    private mutating func sdtSection(_ s: SectionBytes) {
        var p = 11
        let end = s.count - 4
        while p + 5 <= end {
            let serviceID = s.u16(p)
            let loopEnd = p + 5 + s.length12(p + 3)
            if loopEnd > end { break }
            var d = p + 5
            while d + 2 <= loopEnd {
                let length = Int(s[d + 1])
                if d + 2 + length > loopEnd { break }
                if s[d] == 0x48 && length >= 3 {
                    let type = s[d + 2]
                    let providerLength = Int(s[d + 3])
                    let nameAt = d + 4 + providerLength
                    if nameAt < d + 2 + length {
                        let nameLength = min(Int(s[nameAt]), d + 2 + length - nameAt - 1)
                        for i in 0..<programCount where programs[i].number == serviceID {
                            programs[i].serviceType = type
                            programs[i].providerName = Self.text(s, from: d + 4, count: min(providerLength, 64))
                            programs[i].serviceName = Self.text(s, from: nameAt + 1, count: min(max(nameLength, 0), 64))
                        }
                    }
                }
                d += 2 + length
            }
            p = loopEnd
        }
    }

    /// DVB text bytes, with a leading character-table selector (below 0x20) removed.
    private static func text(_ s: SectionBytes, from: Int, count: Int) -> [UInt8] {
        var out: [UInt8] = []
        var i = from
        let end = from + count
        if i < end && s[i] < 0x20 { i += s[i] == 0x10 ? 3 : 1 }
        while i < end {
            let b = s[i]
            if b >= 0x20 && b != 0x7F { out.append(b) }
            i += 1
        }
        return out
    }
}
