// Packet framing and sync (TR 101 290 1.1 TS_sync_loss, 1.2 Sync_byte_error).
//
// Sync follows ISO/IEC 13818-1 annex G: it is acquired after `acquire` (5) consecutive sync
// bytes at packet spacing and lost after `loss` (2) consecutive corrupted ones. While in sync,
// a lone packet with a wrong sync byte is a Sync_byte_error and is discarded (its header
// cannot be trusted); when `loss` in a row are wrong, sync is lost and the search restarts
// one byte after the first bad one, so packets shifted by inserted garbage are found again.
// Sync_byte_error counts every packet slot whose sync byte is not 0x47, as analyzers that
// count invalid syncs do: the lone bad one, the `loss` bad ones that lose sync, and, while
// sync is being re-acquired, every further slot on the lost packet grid (first bad slot +
// k × packet size) up to where sync is found again. Those re-acquisition slots are counted
// (count, first, last) but not listed as events, so a long stretch of garbage cannot fill
// the event list.
// The packet size (188, 204, or 192 with an M2TS arrival timestamp in front) is detected at
// the first acquisition and kept.
//
// Chunk invariance: every decision reads only bytes that are present; when a decision needs
// bytes beyond the end of the buffer the scan stops, keeps the undecided tail in `carry` and
// resumes when more bytes arrive. At `finish` the missing bytes are known to be absent.

extension ValidatorCore {
    /// Feeds one chunk through the carry buffer and the scanner.
    mutating func push(_ chunk: UnsafeBufferPointer<UInt8>) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        bytesReceived = Arithmetic.add(bytesReceived, Int64(chunk.count))
        var p = base
        var n = chunk.count
        while n > 0 {
            if carryCount == 0 {
                let used = scan(p, n, final: false)
                p += used
                n -= used
                if n > carry.count {  // cannot happen (lookahead < carry size); stay trap-free anyway
                    let drop = n - carry.count
                    skippedBytes = Arithmetic.add(skippedBytes, Int64(drop))
                    consumedOffset = Arithmetic.add(consumedOffset, Int64(drop))
                    p += drop
                    n -= drop
                }
                copyBytes(carry.base, p, n)
                carryCount = n
                n = 0
            } else {
                let unit = packetSize > 0 ? packetSize : 204
                let want = unit - carryCount % unit
                let take = min(n, want, carry.count - carryCount)
                copyBytes(carry.base + carryCount, p, take)
                carryCount += take
                p += take
                n -= take
                let used = scan(UnsafePointer(carry.base), carryCount, final: false)
                if used == 0 && take == 0 {  // full carry without progress: cannot happen; never spin
                    dropCarryBytes(1)
                    skippedBytes = Arithmetic.add(skippedBytes, 1)
                } else {
                    dropCarryBytes(used)
                }
            }
        }
    }

    /// Processes what is left in the carry at the end of the stream.
    mutating func flushFraming() {
        if carryCount > 0 {
            let used = scan(UnsafePointer(carry.base), carryCount, final: true)
            dropCarryBytes(used)
        }
        if carryCount > 0 {
            // Only an incomplete packet can remain in sync; out of sync the scan skips all.
            truncatedTailBytes = Int64(carryCount)
            consumedOffset = Arithmetic.add(consumedOffset, Int64(carryCount))
            carryCount = 0
        }
    }

    private mutating func dropCarryBytes(_ used: Int) {
        guard used > 0 else { return }
        let rest = carryCount - used
        if rest > 0 { copyBytes(carry.base, carry.base + used, rest) }
        carryCount = rest
    }

    /// Frames packets from `count` bytes at `base` (stream offset `consumedOffset`); returns
    /// how many bytes were consumed. With `final` false it never decides on missing bytes.
    mutating func scan(_ base: UnsafePointer<UInt8>, _ count: Int, final: Bool) -> Int {
        var i = 0
        while i < count {
            if inSync {
                let size = packetSize
                let so = syncOffset
                while count - i >= size && base[i + so] == 0x47 {
                    frameUnit(base + i, offset: consumedOffset &+ Int64(i), syncByteOK: true)
                    i += size
                }
                if count - i < size { break }
                // Unit i has a corrupted sync byte: look at the next ones.
                var bad = 1
                var goodFollows = false
                while bad < thresholds.loss {
                    // Written as differences so no sum can overflow a 32-bit Int (wasm32).
                    if count - i <= bad * size + so { break }
                    if base[i + bad * size + so] == 0x47 { goodFollows = true; break }
                    bad += 1
                }
                if bad >= thresholds.loss {
                    loseSync(at: i)
                    i += 1
                    skippedBytes = Arithmetic.add(skippedBytes, 1)
                    continue
                }
                if !goodFollows && !final { break }
                frameUnit(base + i, offset: consumedOffset &+ Int64(i), syncByteOK: false)
                i += size
            } else {
                let found = search(base, count, from: i, final: final)
                skippedBytes = Arithmetic.add(skippedBytes, Int64(found.position - i))
                i = found.position
                if !found.acquired { break }
            }
        }
        consumedOffset = Arithmetic.add(consumedOffset, Int64(i))
        return i
    }

    /// Records the Sync_byte_errors and the TS_sync_loss when `loss` bad sync bytes follow
    /// each other from unit `i` on.
    private mutating func loseSync(at i: Int) {
        let size = Int64(packetSize)
        for k in 0..<thresholds.loss {
            let offset = consumedOffset &+ Int64(i) &+ Int64(k) &* size
            let mark = Mark(packetIndex: packetIndex &+ Int64(k), byteOffset: offset,
                            coord: unitCoordEstimate(offset), time: unitTimeEstimate(offset))
            record(.syncByteError, pid: -1, mark: mark, reason: .none, value: 0)
        }
        let offset = consumedOffset &+ Int64(i)
        let mark = Mark(packetIndex: packetIndex, byteOffset: offset, coord: unitCoordEstimate(offset),
                        time: unitTimeEstimate(offset))
        record(.tsSyncLoss, pid: -1, mark: mark, reason: .none, value: 0)
        breakPositionAxis(at: offset)
        inSync = false
        nextLostSlot = offset &+ Int64(thresholds.loss) &* size
    }

    /// Passing position `u` during a search: if it is the next slot of the lost packet grid,
    /// counts a Sync_byte_error when its sync byte is present and wrong.
    @inline(__always)
    private mutating func passSearchPosition(_ base: UnsafePointer<UInt8>, _ count: Int, _ u: Int) {
        guard nextLostSlot >= 0 else { return }
        let offset = consumedOffset &+ Int64(u)
        guard offset == nextLostSlot else { return }
        nextLostSlot = offset &+ Int64(packetSize)
        if count - u <= syncOffset || base[u + syncOffset] == 0x47 { return }
        let mark = Mark(packetIndex: packetIndex, byteOffset: offset, coord: unitCoordEstimate(offset),
                        time: unitTimeEstimate(offset))
        tallies.base[Check.syncByteError.rawValue].add(mark)
    }

    /// Looks for `acquire` sync bytes at packet spacing starting at or after `from`.
    /// Returns the position reached and whether sync was acquired there.
    private mutating func search(_ base: UnsafePointer<UInt8>, _ count: Int, from: Int,
                                 final: Bool) -> (position: Int, acquired: Bool) {
        var u = from
        let acquire = thresholds.acquire
        while u < count {
            var candidate = 0
            while candidate < 3 {
                let (size, so) = candidateSize(candidate)
                if size == 0 { break }
                if count - u <= so + (acquire - 1) * size {
                    if !final { return (u, false) }
                    candidate += 1
                    continue
                }
                var ok = true
                var k = 0
                while k < acquire {
                    if base[u + so + k * size] != 0x47 { ok = false; break }
                    k += 1
                }
                if ok {
                    if packetSize == 0 {
                        lockPacketSize(size: size, syncOffset: so,
                                       arrivalClock: size == 192 && Self.plausibleArrivalTimes(base + u, units: acquire))
                    }
                    inSync = true
                    everSynced = true
                    nextLostSlot = -1
                    return (u, true)
                }
                candidate += 1
            }
            passSearchPosition(base, count, u)
            u += 1
        }
        return (count, false)
    }

    /// The packet sizes tried during a search, in order of preference.
    private func candidateSize(_ index: Int) -> (Int, Int) {
        if packetSize != 0 { return index == 0 ? (packetSize, syncOffset) : (0, 0) }
        switch options.packetSize {
        case .ts188: return index == 0 ? (188, 0) : (0, 0)
        case .ts204: return index == 0 ? (204, 0) : (0, 0)
        case .m2ts192: return index == 0 ? (192, 4) : (0, 0)
        case .auto:
            switch index {
            case 0: return (188, 0)
            case 1: return (204, 0)
            default: return (192, 4)
            }
        }
    }

    private mutating func lockPacketSize(size: Int, syncOffset so: Int, arrivalClock: Bool) {
        packetSize = size
        syncOffset = so
        usesArrivalClock = arrivalClock
        if arrivalClock { timeSource = .arrivalTimestamps }
    }

    /// True if the arrival timestamps of the first `units` 192-byte units advance like a
    /// clock: each step forward and at most one second. Writers that fill the field with
    /// something else (ffmpeg's variable-bitrate m2ts derives it from a nominal 1 bit/s mux
    /// rate) fail at once; such files are timed from their PCRs like a plain .ts file.
    private static func plausibleArrivalTimes(_ unit: UnsafePointer<UInt8>, units: Int) -> Bool {
        func ats(_ k: Int) -> Int64 {
            let p = unit + k * 192
            return Int64(p[0] & 0x3F) << 24 | Int64(p[1]) << 16 | Int64(p[2]) << 8 | Int64(p[3])
        }
        var k = 1
        while k < units {
            let step = (ats(k) &- ats(k - 1)) & 0x3FFF_FFFF
            if step > 27_000_000 { return false }
            k += 1
        }
        return true
    }

    /// Frames one unit: counts it and hands the transport packet on.
    @inline(__always)
    private mutating func frameUnit(_ unit: UnsafePointer<UInt8>, offset: Int64, syncByteOK: Bool) {
        var mark = Mark(packetIndex: packetIndex, byteOffset: offset, coord: offset, time: unresolvedTime)
        if usesArrivalClock {
            let ats = Int64(unit[0] & 0x3F) << 24 | Int64(unit[1]) << 16 | Int64(unit[2]) << 8 | Int64(unit[3])
            mark.coord = arrivalCoordinate(ats)
            mark.time = mark.coord
        }
        if packetIndex == 0 {
            startCoord = mark.coord
            startOffset = offset
            armStreamTrackers(mark)
        }
        packetIndex &+= 1
        lastUnitEnd = offset &+ Int64(packetSize)
        lastMark = mark
        if !syncByteOK {
            record(.syncByteError, pid: -1, mark: mark, reason: .none, value: 0)
            return
        }
        processPacket(unit + syncOffset, mark: mark)
        if usesArrivalClock && (packetIndex & 255 == 0 || mark.coord >= rates.due) { resolveArrivalClock(upTo: mark) }
    }

    /// Unwraps a 30-bit arrival timestamp into a monotonic coordinate.
    private mutating func arrivalCoordinate(_ ats: Int64) -> Int64 {
        if arrivalLast < 0 {
            arrivalLast = ats
            arrivalCoord = ats
            return ats
        }
        var delta = (ats &- arrivalLast) & 0x3FFF_FFFF
        if delta > 0x2000_0000 {  // more than half the wrap period back: a regression
            arrivalRegressions = Arithmetic.add(arrivalRegressions, 1)
            delta = 0
        }
        arrivalLast = ats
        arrivalCoord = Arithmetic.add(arrivalCoord, delta)
        return arrivalCoord
    }

    /// The coordinate of a unit that is not framed (a bad sync byte at a loss): its byte
    /// offset, or in arrival mode the last known arrival time.
    private func unitCoordEstimate(_ offset: Int64) -> Int64 {
        usesArrivalClock ? arrivalCoord : offset
    }

    private func unitTimeEstimate(_ offset: Int64) -> Int64 {
        usesArrivalClock ? arrivalCoord : unresolvedTime
    }
}

/// Copies `n` bytes from `src` to `dst` (the regions may overlap). Raw `copyMemory` is one
/// `memmove`; the typed `update(from:count:)` is an element-by-element loop in the Embedded
/// wasm build (a third of the stream validator's time there, and most of string concatenation's).
@inline(__always)
func copyBytes(_ dst: UnsafeMutablePointer<UInt8>, _ src: UnsafePointer<UInt8>, _ n: Int) {
    UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: n)
}
