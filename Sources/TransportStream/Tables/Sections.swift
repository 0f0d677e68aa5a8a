// PSI/SI section reassembly (ISO/IEC 13818-1 2.4.4).
//
// A packet with payload_unit_start_indicator carries a pointer_field: the bytes before the
// pointer finish the section in progress, then new sections follow back to back until 0xFF
// stuffing or the end of the packet. A section may span many packets. Each section PID has one
// fixed 4096-byte buffer (the largest section: 3 + 4093 bytes); a continuity error abandons
// the section in progress, since its missing bytes are gone.

/// Reassembly state of one section PID.
struct SectionSlot {
    var pid: UInt16
    /// Offset of this slot's buffer in `sectionStore`.
    var base: Int
    /// Bytes of the current section held so far.
    var length = 0
    /// Total length of the current section (3 + section_length), or 0 until known.
    var expected = 0
    var active = false
    var startMark = Mark.none

    init(pid: UInt16, base: Int) {
        self.pid = pid
        self.base = base
    }

    mutating func abandon() {
        active = false
        length = 0
        expected = 0
    }
}

/// Largest section in bytes (table_id, two length bytes, section_length up to 4093).
let maxSectionBytes = 4096

/// PIDs whose sections are gathered; sections on further PIDs go unread.
let maxSectionSlots = 512

extension ValidatorCore {
    /// Returns the section slot of `pid`, creating it (-1 when the bounded table is full).
    @inline(never)  // set-up code with several callers
    mutating func sectionSlot(for pid: UInt16) -> Int32 {
        let existing = pids.base[Int(pid)].sectionSlot
        if existing >= 0 { return existing }
        guard sectionSlotCount < maxSectionSlots else { return -1 }
        // The buffer itself is grown on first use (appendSection), never while a section is
        // being delivered.
        sectionSlots[sectionSlotCount] = SectionSlot(pid: pid, base: sectionSlotCount * maxSectionBytes)
        sectionSlotCount += 1
        let slot = Int32(sectionSlotCount - 1)
        pids.base[Int(pid)].sectionSlot = slot
        return slot
    }

    /// Takes the payload of one packet of a section PID.
    mutating func feedSection(_ pid: UInt16, slot: Int, payload: UnsafePointer<UInt8>, count: Int,
                              unitStart: Bool, mark: Mark) {
        var i = 0
        if unitStart {
            let pointer = Int(payload[0])
            if 1 + pointer > count {
                record(.sectionSyntaxError, pid: Int32(pid), mark: mark, reason: .pointerField, value: Int64(pointer))
                sectionSlots[slot].abandon()
                return
            }
            if sectionSlots[slot].active {
                let used = appendSection(slot, payload + 1, pointer, mark: mark)
                if sectionSlots[slot].active && used == pointer {
                    // The new section starts before the old one is complete.
                    record(.sectionSyntaxError, pid: Int32(pid), mark: sectionSlots[slot].startMark,
                           reason: .length, value: Int64(sectionSlots[slot].length))
                    sectionSlots[slot].abandon()
                }
            }
            i = 1 + pointer
            while i < count && payload[i] != 0xFF {
                sectionSlots[slot].abandon()
                sectionSlots[slot].active = true
                sectionSlots[slot].startMark = mark
                i += appendSection(slot, payload + i, count - i, mark: mark)
                if sectionSlots[slot].active { break }  // continues in the next packet
            }
        } else if sectionSlots[slot].active {
            _ = appendSection(slot, payload, count, mark: mark)
        }
    }

    /// Appends up to `available` bytes to the section in progress; delivers it when complete.
    /// Returns the bytes used.
    private mutating func appendSection(_ slot: Int, _ p: UnsafePointer<UInt8>, _ available: Int, mark: Mark) -> Int {
        var used = 0
        let base = sectionSlots[slot].base
        if sectionStore.count < base + maxSectionBytes {
            sectionStore.append(contentsOf: repeatElement(0, count: base + maxSectionBytes - sectionStore.count))
        }
        while used < available && sectionSlots[slot].active {
            if sectionSlots[slot].expected == 0 {
                let at = sectionSlots[slot].length
                sectionStore[base + at] = p[used]
                used += 1
                sectionSlots[slot].length = at + 1
                if at + 1 == 3 {
                    let sectionLength = Int(sectionStore[base + 1] & 0x0F) << 8 | Int(sectionStore[base + 2])
                    if sectionLength > maxSectionBytes - 3 {
                        record(.sectionSyntaxError, pid: Int32(sectionSlots[slot].pid), mark: sectionSlots[slot].startMark,
                               reason: .length, value: Int64(sectionLength))
                        sectionSlots[slot].abandon()
                        return available  // the rest of this packet cannot be interpreted
                    }
                    sectionSlots[slot].expected = 3 + sectionLength
                }
                continue
            }
            let have = sectionSlots[slot].length
            let take = min(available - used, sectionSlots[slot].expected - have)
            sectionStore.withUnsafeMutableBufferPointer { buf in
                guard let b = buf.baseAddress, base + have + take <= buf.count else { return }
                copyBytes(b + base + have, p + used, take)
            }
            used += take
            sectionSlots[slot].length = have + take
            if have + take == sectionSlots[slot].expected {
                deliverSection(slot)
            }
        }
        return used
    }

    /// Hands a complete section to the table handlers, without copying or allocating: the
    /// store is moved out of `self` for the duration of the call.
    private mutating func deliverSection(_ slot: Int) {
        let length = sectionSlots[slot].expected
        let base = sectionSlots[slot].base
        let pid = sectionSlots[slot].pid
        let mark = sectionSlots[slot].startMark
        sectionSlots[slot].abandon()
        var store: [UInt8] = []
        swap(&store, &sectionStore)
        store.withUnsafeBufferPointer { buf in
            guard let b = buf.baseAddress, base + length <= buf.count else { return }
            handleSection(pid, SectionBytes(base: b + base, count: length), mark: mark)
        }
        swap(&store, &sectionStore)
    }
}

/// A complete section, read by bounds-checked index (out-of-range reads give 0).
struct SectionBytes {
    let base: UnsafePointer<UInt8>
    let count: Int

    subscript(_ i: Int) -> UInt8 { i >= 0 && i < count ? base[i] : 0 }

    /// Big-endian 16-bit value at `i`.
    func u16(_ i: Int) -> UInt16 { UInt16(self[i]) << 8 | UInt16(self[i + 1]) }

    /// 13-bit PID at `i`.
    func pid(_ i: Int) -> UInt16 { u16(i) & 0x1FFF }

    /// 12-bit length at `i`.
    func length12(_ i: Int) -> Int { Int(u16(i) & 0x0FFF) }
}
