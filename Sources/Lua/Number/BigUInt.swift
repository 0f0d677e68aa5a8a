// Just enough unsigned big-integer arithmetic for exact decimal ↔ binary conversion:
// little-endian 32-bit limbs (the same arithmetic on 64-bit hosts and wasm32). Sizes stay
// small: the largest numbers here (exact halfway points of subnormals against 800-digit
// inputs) have a few thousand bits.

/// A non-negative integer of any size. Zero has no limbs.
struct BigUInt {
    var limbs: [UInt32]

    init(_ value: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
        trim()
    }

    var isZero: Bool { limbs.isEmpty }

    private mutating func trim() { while let last = limbs.last, last == 0 { limbs.removeLast() } }

    /// self <<= bits
    mutating func shiftLeft(_ bits: Int) {
        guard !isZero, bits > 0 else { return }
        let whole = bits / 32
        let part = UInt32(bits % 32)
        if part > 0 {
            var carry: UInt32 = 0
            for i in 0..<limbs.count {
                let limb = limbs[i]
                limbs[i] = limb << part | carry
                carry = limb >> (32 - part)
            }
            if carry != 0 { limbs.append(carry) }
        }
        if whole > 0 { limbs.insert(contentsOf: repeatElement(0, count: whole), at: 0) }
    }

    /// self = self × factor + addend
    mutating func multiply(by factor: UInt32, adding addend: UInt32 = 0) {
        var carry = UInt64(addend)
        for i in 0..<limbs.count {
            let product = UInt64(limbs[i]) &* UInt64(factor) &+ carry  // < 2^64
            limbs[i] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry != 0 { limbs.append(UInt32(truncatingIfNeeded: carry)) }
    }

    /// self *= 5^k, thirteen factors of five at a time (5^13 < 2^32).
    mutating func multiplyByPowerOfFive(_ k: Int) {
        var remaining = k
        while remaining >= 13 { multiply(by: 1_220_703_125); remaining -= 13 }
        var tail: UInt32 = 1
        while remaining > 0 { tail &*= 5; remaining -= 1 }
        if tail > 1 { multiply(by: tail) }
    }

    /// self /= divisor (non-zero), returning the remainder.
    mutating func divide(by divisor: UInt32) -> UInt32 {
        var remainder: UInt64 = 0
        var i = limbs.count - 1
        while i >= 0 {
            let current = remainder << 32 | UInt64(limbs[i])
            limbs[i] = UInt32(truncatingIfNeeded: current / UInt64(divisor))
            remainder = current % UInt64(divisor)
            i -= 1
        }
        trim()
        return UInt32(truncatingIfNeeded: remainder)
    }

    /// -1, 0 or 1 as a is less than, equal to or greater than b.
    static func compare(_ a: BigUInt, _ b: BigUInt) -> Int {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count ? -1 : 1 }
        var i = a.limbs.count - 1
        while i >= 0 {
            if a.limbs[i] != b.limbs[i] { return a.limbs[i] < b.limbs[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    /// Decimal digit values, most significant first (`[]` for zero).
    func decimalDigits() -> [UInt8] {
        var n = self
        var groups: [UInt32] = []  // base 10^9, least significant first
        groups.reserveCapacity(limbs.count + 1)
        while !n.isZero { groups.append(n.divide(by: 1_000_000_000)) }
        var out: [UInt8] = []
        out.reserveCapacity(groups.count * 9)
        var i = groups.count - 1
        while i >= 0 {
            var group = groups[i]
            let start = out.count
            for _ in 0..<9 { out.append(UInt8(truncatingIfNeeded: group % 10)); group /= 10 }
            var a = start, b = out.count - 1
            while a < b { out.swapAt(a, b); a += 1; b -= 1 }
            if i == groups.count - 1 {  // no leading zeros in the most significant group
                var zeros = 0
                while zeros < 8 && out[start + zeros] == 0 { zeros += 1 }
                out.removeSubrange(start..<(start + zeros))
            }
            i -= 1
        }
        return out
    }
}
