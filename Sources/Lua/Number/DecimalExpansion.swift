// Exact decimal expansion of binary doubles.
//
// A finite double is m·2^e, so its decimal expansion is finite: m·2^e itself when e ≥ 0, and
// m·5^k / 10^k when e = -k < 0. Computing those digits with a small big integer and rounding
// them half-to-even gives the correctly rounded results printf promises, with no libc and so
// identically on every target. Values have at most ~770 significant digits (the smallest
// subnormal), so the big integers stay small.

/// The exact decimal digits of a non-negative finite double.
///
/// The value is `0.d₁d₂d₃… × 10^point`: `point` digits stand before the decimal point (it may
/// be zero or negative for values below 1). Zero has no digits.
struct DecimalDigits {
    /// Digit values 0…9, most significant first, no leading zeros.
    var digits: [UInt8]
    /// Position of the decimal point relative to the first digit.
    var point: Int

    /// The exact expansion of `|value|` (which must be finite).
    init(exactly value: Double) {
        let bits = value.bitPattern & 0x7FFF_FFFF_FFFF_FFFF
        let biased = Int(bits >> 52)
        let fraction = bits & 0x000F_FFFF_FFFF_FFFF
        let mantissa = biased == 0 ? fraction : fraction | (1 << 52)
        let exponent = biased == 0 ? -1074 : biased - 1075
        guard mantissa != 0 else { digits = []; point = 0; return }
        var n = BigUInt(mantissa)
        var scale = 0  // value = n × 10^-scale
        if exponent >= 0 {
            n.shiftLeft(exponent)
        } else {
            n.multiplyByPowerOfFive(-exponent)
            scale = -exponent
        }
        digits = n.decimalDigits()
        point = digits.count - scale
        while let last = digits.last, last == 0 { digits.removeLast() }  // trailing zeros carry no information
    }

    /// True for zero.
    var isZero: Bool { digits.isEmpty }

    /// Rounds half-to-even so that exactly `count` leading digits remain (padding with zeros).
    /// A carry out of the first digit moves `point` up by one. `count` ≤ 0 keeps the value's
    /// magnitude class: it rounds to 0 or to one unit at that position.
    func rounded(toDigits count: Int) -> DecimalDigits {
        var out = self
        if count >= digits.count {
            out.digits.append(contentsOf: [UInt8](repeating: 0, count: count - digits.count))
            return out
        }
        let roundUp: Bool
        if count < 0 {
            roundUp = false
        } else {
            let first = digits[count]
            if first != 5 {
                roundUp = first > 5
            } else if count + 1 < digits.count {
                roundUp = true  // trailing zeros were stripped, so anything after the 5 is non-zero
            } else {
                roundUp = count > 0 && digits[count - 1] & 1 == 1  // an exact tie: to even
            }
        }
        let kept = max(count, 0)
        out.digits.removeLast(digits.count - kept)
        guard roundUp else {
            if kept == 0 { out.digits = []; out.point = point + count }
            return out
        }
        var i = kept - 1
        while i >= 0 {
            if out.digits[i] < 9 { out.digits[i] += 1; return out }
            out.digits[i] = 0
            i -= 1
        }
        // All nines (or nothing kept): the value becomes one unit of the next higher position.
        out.digits.insert(1, at: 0)
        if kept > 0 { out.digits.removeLast() }
        out.point = kept > 0 ? point + 1 : point + count + 1
        return out
    }

    /// The digit at `index` (0 beyond the stored digits).
    subscript(index: Int) -> UInt8 { index >= 0 && index < digits.count ? digits[index] : 0 }
}

/// Just enough unsigned big-integer arithmetic for decimal conversion: little-endian 32-bit limbs.
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
        if whole > 0 { limbs.insert(contentsOf: [UInt32](repeating: 0, count: whole), at: 0) }
    }

    /// self *= factor
    mutating func multiply(by factor: UInt32) {
        var carry: UInt64 = 0
        for i in 0..<limbs.count {
            let product = UInt64(limbs[i]) * UInt64(factor) + carry
            limbs[i] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry != 0 { limbs.append(UInt32(carry)) }
    }

    /// self *= 5^k, thirteen factors of five at a time (5^13 < 2^32).
    mutating func multiplyByPowerOfFive(_ k: Int) {
        var remaining = k
        while remaining >= 13 { multiply(by: 1_220_703_125); remaining -= 13 }
        var tail: UInt32 = 1
        while remaining > 0 { tail *= 5; remaining -= 1 }
        if tail > 1 { multiply(by: tail) }
    }

    /// self /= divisor, returning the remainder.
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

    /// Decimal digit values, most significant first (`[]` for zero).
    func decimalDigits() -> [UInt8] {
        var n = self
        var groups: [UInt32] = []  // base 10^9, least significant first
        while !n.isZero { groups.append(n.divide(by: 1_000_000_000)) }
        var out: [UInt8] = []
        out.reserveCapacity(groups.count * 9)
        var i = groups.count - 1
        while i >= 0 {
            var group = groups[i]
            var chunk: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0]
            var j = 8
            while j >= 0 { chunk[j] = UInt8(group % 10); group /= 10; j -= 1 }
            if i == groups.count - 1 {
                var start = 0
                while start < 8 && chunk[start] == 0 { start += 1 }
                out.append(contentsOf: chunk[start...])
            } else {
                out.append(contentsOf: chunk)
            }
            i -= 1
        }
        return out
    }
}
