// The DVB SI rules that apply only to tables a stream chooses to carry (DVB profile):
// 3.1.b NIT_other, 3.5.b SDT_other and 3.6.b EIT_other repetition, and 3.6.c EIT_PF_error.
//
// A multiplex need not describe other transport streams, so these checks start when such a
// table first occurs: from then on section 0 (and for EIT p/f other also section 1) must
// repeat within `otherSIMax` (10 s), including the stretch to the end of the stream. Gaps are
// measured per table_id and section number, not per sub-table (network, service), which keeps
// the state constant. 3.6.c wants both sections of every EIT present/following sub-table
// (section 0 "present" and 1 "following") once either occurs, and no section number above 1;
// sub-tables are remembered up to a cap, beyond which they are counted as unchecked.

/// EIT present/following sub-tables seen so far and which of their two sections occurred.
struct EITPresentFollowingTable {
    struct Entry {
        /// table_id << 32 | transport_stream_id << 16 | service_id.
        var key: Int64
        /// Bit 0: section 0 seen; bit 1: section 1 seen.
        var sections: UInt8
        /// Where the sub-table first occurred (reported if a section is missing).
        var first: Mark
        var pid: Int32
    }

    /// Most sub-tables remembered; a multiplex has a few hundred services at most.
    static let capacity = 512
    private(set) var entries: [Entry] = []
    /// Sub-tables not remembered because the table was full.
    private(set) var dropped: Int64 = 0

    /// Notes section `number` (0 or 1) of the sub-table `key`.
    mutating func note(key: Int64, number: UInt8, mark: Mark, pid: Int32) {
        let bit: UInt8 = number == 0 ? 1 : 2
        for i in 0..<entries.count where entries[i].key == key {
            entries[i].sections |= bit
            return
        }
        if entries.count >= Self.capacity {
            dropped = Arithmetic.add(dropped, 1)
            return
        }
        entries.append(Entry(key: key, sections: bit, first: mark, pid: pid))
    }
}

extension ValidatorCore {
    /// Feeds the repetition tracker of an "other" table, making it on first occurrence.
    mutating func otherTableOccurred(_ pid: UInt16, tableID: UInt8, sectionNumber: UInt8, mark: Mark) {
        let slot: Int
        let check: Check
        switch (tableID, sectionNumber) {
        case (0x41, 0): (slot, check) = (0, .nitOtherError)
        case (0x46, 0): (slot, check) = (1, .sdtOtherError)
        case (0x4F, 0): (slot, check) = (2, .eitOtherError)
        case (0x4F, 1): (slot, check) = (3, .eitOtherError)
        default: return
        }
        if otherSITrackers[slot] < 0 {
            otherSITrackers[slot] = addTracker(check, pid: Int32(pid), maxTicks: thresholds.otherSIMax, checksTail: true)
        }
        noteTracker(otherSITrackers[slot], mark: mark)
    }

    /// Records a section of an EIT present/following table (table_id 0x4E or 0x4F) for 3.6.c.
    mutating func presentFollowingSection(_ pid: UInt16, _ s: SectionBytes, mark: Mark) {
        let number = s[6]
        if number > 1 {
            record(.eitPFError, pid: Int32(pid), mark: mark, reason: .sectionNumber, value: Int64(number))
            return
        }
        let serviceID = Int64(s[3]) << 8 | Int64(s[4])
        let streamID = Int64(s[8]) << 8 | Int64(s[9])
        let key = Int64(s[0]) << 32 | streamID << 16 | serviceID
        eitPresentFollowing.note(key: key, number: number, mark: mark, pid: Int32(pid))
    }

    /// At the end: every sub-table with only one of its two sections is one EIT_PF_error.
    mutating func checkPresentFollowingPairs() {
        for e in eitPresentFollowing.entries where e.sections != 3 {
            let missing: Int64 = e.sections == 1 ? 1 : 0
            record(.eitPFError, pid: e.pid, mark: e.first, reason: .sectionMissing, value: missing)
        }
    }

    /// Whether the stream carried what `check` (3.1.b, 3.5.b, 3.6.b, 3.6.c) applies to.
    func otherTableSeen(_ check: Check) -> Bool {
        switch check {
        case .nitOtherError: return otherSITrackers[0] >= 0
        case .sdtOtherError: return otherSITrackers[1] >= 0
        case .eitOtherError: return otherSITrackers[2] >= 0 || otherSITrackers[3] >= 0
        case .eitPFError: return !eitPresentFollowing.entries.isEmpty || eitPresentFollowing.dropped > 0
        default: return false
        }
    }
}
