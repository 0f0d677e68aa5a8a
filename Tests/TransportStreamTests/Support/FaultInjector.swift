// A small fault-injection tool for 188-byte transport streams. It reads packet headers itself
// (independently of the validator) and edits packets in place: drop, duplicate, reorder,
// corrupt sync bytes, damage CRCs, set TEI or scrambling, move or remove PCRs, strip PTS,
// insert foreign PIDs, garbage and truncation. Expected counts in the tests are derived from
// what these edits did.

import Foundation

struct FaultInjector {
    var bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count / 188 }

    func packet(_ i: Int) -> [UInt8] { Array(bytes[i * 188..<(i + 1) * 188]) }
    func byte(_ i: Int, _ k: Int) -> UInt8 { bytes[i * 188 + k] }

    func pid(_ i: Int) -> Int { Int(byte(i, 1) & 0x1F) << 8 | Int(byte(i, 2)) }
    func cc(_ i: Int) -> Int { Int(byte(i, 3) & 15) }
    func unitStart(_ i: Int) -> Bool { byte(i, 1) & 0x40 != 0 }
    func control(_ i: Int) -> Int { Int(byte(i, 3) >> 4) & 3 }
    func hasAdaptation(_ i: Int) -> Bool { control(i) & 2 != 0 && byte(i, 4) > 0 }
    func hasPayload(_ i: Int) -> Bool { control(i) & 1 != 0 }
    func hasPCR(_ i: Int) -> Bool { hasAdaptation(i) && byte(i, 5) & 0x10 != 0 && byte(i, 4) >= 7 }

    /// First payload byte of packet `i`.
    func payloadStart(_ i: Int) -> Int { control(i) & 2 != 0 ? 5 + Int(byte(i, 4)) : 4 }

    /// The 42-bit PCR of packet `i`.
    func pcr(_ i: Int) -> Int64? {
        guard hasPCR(i) else { return nil }
        let p = i * 188 + 6
        let base = Int64(bytes[p]) << 25 | Int64(bytes[p + 1]) << 17 | Int64(bytes[p + 2]) << 9
            | Int64(bytes[p + 3]) << 1 | Int64(bytes[p + 4] >> 7)
        return base * 300 + (Int64(bytes[p + 4] & 1) << 8 | Int64(bytes[p + 5]))
    }

    /// Indices of the packets of `pid`.
    func indices(pid: Int) -> [Int] { (0..<count).filter { self.pid($0) == pid } }

    /// Seconds since the first PCR for every packet, interpolated by packet index between the
    /// PCRs of `pcrPID` (an oracle independent of the validator's clock).
    func times(pcrPID: Int) -> [Double] {
        let points = (0..<count).compactMap { k -> (Int, Double)? in
            guard self.pid(k) == pcrPID, let v = pcr(k) else { return nil }
            return (k, Double(v) / 27_000_000)
        }
        guard let first = points.first else { return [Double](repeating: 0, count: count) }
        var out = [Double](repeating: 0, count: count)
        var j = 0
        for i in 0..<count {
            while j + 1 < points.count && points[j + 1].0 < i { j += 1 }
            let a = points[j]
            if i <= a.0 || j + 1 >= points.count {
                out[i] = (i <= a.0 ? a.1 : points[points.count - 1].1) - first.1
            } else {
                let b = points[j + 1]
                out[i] = a.1 + (b.1 - a.1) * Double(i - a.0) / Double(b.0 - a.0) - first.1
            }
        }
        return out
    }

    /// Packet indices whose time lies in `from..<to` seconds.
    func window(from: Double, to: Double, pcrPID: Int) -> Range<Int> {
        let t = times(pcrPID: pcrPID)
        let lo = t.firstIndex { $0 >= from } ?? count
        let hi = t.firstIndex { $0 >= to } ?? count
        return lo..<max(lo, hi)
    }

    // MARK: Edits

    mutating func remove(_ indices: [Int]) {
        let drop = Set(indices)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for i in 0..<count where !drop.contains(i) { out += packet(i) }
        out += bytes[(count * 188)...]
        bytes = out
    }

    mutating func insert(_ packet: [UInt8], at i: Int) {
        bytes.insert(contentsOf: packet, at: i * 188)
    }

    mutating func swapPackets(_ i: Int, _ j: Int) {
        let a = packet(i), b = packet(j)
        bytes.replaceSubrange(i * 188..<(i + 1) * 188, with: b)
        bytes.replaceSubrange(j * 188..<(j + 1) * 188, with: a)
    }

    mutating func setByte(_ i: Int, _ k: Int, _ v: UInt8) { bytes[i * 188 + k] = v }

    mutating func corruptSync(_ i: Int) { setByte(i, 0, 0x46) }

    mutating func setTEI(_ i: Int) { setByte(i, 1, byte(i, 1) | 0x80) }

    mutating func scramble(_ i: Int) { setByte(i, 3, byte(i, 3) | 0x80) }

    mutating func setDiscontinuity(_ i: Int) {
        precondition(hasAdaptation(i))
        setByte(i, 5, byte(i, 5) | 0x80)
    }

    mutating func setPCR(_ i: Int, _ value: Int64) {
        precondition(hasPCR(i))
        let base = value / 300, ext = value % 300
        let p = i * 188 + 6
        bytes[p] = UInt8(truncatingIfNeeded: base >> 25)
        bytes[p + 1] = UInt8(truncatingIfNeeded: base >> 17)
        bytes[p + 2] = UInt8(truncatingIfNeeded: base >> 9)
        bytes[p + 3] = UInt8(truncatingIfNeeded: base >> 1)
        bytes[p + 4] = UInt8(truncatingIfNeeded: (base & 1) << 7) | 0x7E | UInt8(truncatingIfNeeded: ext >> 8)
        bytes[p + 5] = UInt8(truncatingIfNeeded: ext)
    }

    /// Clears PCR_flag (the six PCR bytes become adaptation-field stuffing).
    mutating func removePCR(_ i: Int) {
        precondition(hasPCR(i))
        setByte(i, 5, byte(i, 5) & ~0x10)
        for k in 6..<12 { setByte(i, k, 0xFF) }
    }

    /// Flips a bit of the CRC_32 of the section that starts in PSI packet `i`.
    mutating func damageCRC(_ i: Int) {
        precondition(unitStart(i))
        let start = payloadStart(i) + 1 + Int(byte(i, payloadStart(i)))
        let length = Int(byte(i, start + 1) & 0x0F) << 8 | Int(byte(i, start + 2))
        let last = start + 3 + length - 1
        precondition(last < 188)
        setByte(i, last, byte(i, last) ^ 0x01)
    }

    /// Clears PTS_DTS_flags of the PES header starting in packet `i` (the PTS bytes become
    /// header stuffing). Returns false if the packet starts no PES with a PTS.
    @discardableResult
    mutating func stripPTS(_ i: Int) -> Bool {
        guard unitStart(i) else { return false }
        let p = payloadStart(i)
        guard p + 9 < 188, byte(i, p) == 0, byte(i, p + 1) == 0, byte(i, p + 2) == 1,
              byte(i, p + 7) & 0xC0 != 0 else { return false }
        setByte(i, p + 7, byte(i, p + 7) & 0x3F)
        return true
    }

    /// A payload-only packet of `pid` with counter `cc` and filler payload.
    static func packet(pid: Int, cc: Int, fill: UInt8 = 0xAA) -> [UInt8] {
        var p = [UInt8](repeating: fill, count: 188)
        p[0] = 0x47
        p[1] = UInt8(pid >> 8 & 0x1F)
        p[2] = UInt8(pid & 0xFF)
        p[3] = 0x10 | UInt8(cc & 15)
        return p
    }

    /// CRC-32/MPEG-2 computed bit by bit (independent of the validator's table).
    static func crc(_ data: [UInt8]) -> [UInt8] {
        var c: UInt32 = 0xFFFF_FFFF
        for b in data {
            for bit in (0..<8).reversed() {
                let top = (c >> 31) ^ UInt32((b >> UInt8(bit)) & 1)
                c = (c << 1) ^ (top != 0 ? 0x04C1_1DB7 : 0)
            }
        }
        return [UInt8(c >> 24), UInt8(c >> 16 & 0xFF), UInt8(c >> 8 & 0xFF), UInt8(c & 0xFF)]
    }

    /// One packet carrying `section` (without CRC; it is appended) after a zero pointer_field.
    static func sectionPacket(pid: Int, cc: Int, section: [UInt8]) -> [UInt8] {
        var s = section
        let length = s.count - 3 + 4
        s[1] = (s[1] & 0xF0) | UInt8(length >> 8)
        s[2] = UInt8(length & 0xFF)
        s += crc(s)
        var p = packet(pid: pid, cc: cc, fill: 0xFF)
        p[1] |= 0x40
        p[4] = 0
        p.replaceSubrange(5..<5 + s.count, with: s)
        return p
    }

    /// Recomputes the CRC of the section starting in PSI packet `i` (after an edit).
    mutating func fixCRC(_ i: Int) {
        let start = payloadStart(i) + 1 + Int(byte(i, payloadStart(i)))
        let length = Int(byte(i, start + 1) & 0x0F) << 8 | Int(byte(i, start + 2))
        let body = Array(bytes[i * 188 + start..<i * 188 + start + 3 + length - 4])
        for (k, b) in Self.crc(body).enumerated() { setByte(i, start + 3 + length - 4 + k, b) }
    }

    /// True if packet `i` is an ordinary payload packet of `pid`: no unit start, no adaptation field.
    func isPlainPayload(_ i: Int, pid: Int) -> Bool {
        self.pid(i) == pid && !unitStart(i) && control(i) == 1
    }
}
