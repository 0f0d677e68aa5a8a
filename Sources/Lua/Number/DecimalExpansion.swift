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
/// be zero or negative for values below 1). Zero has no digits and point 1 (exponent 0, as printf shows it).
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
        guard mantissa != 0 else { digits = []; point = 1; return }  // "0." × 10^1: exponent 0, like printf
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

    /// Digits from here on are zero.
    var significantCount: Int {
        var end = digits.count
        while end > 0 && digits[end - 1] == 0 { end -= 1 }
        return end
    }

    /// Rounds half-to-even so that at most `count` leading digits remain (the rest read as zeros).
    /// A carry out of the first digit moves `point` up by one. `count` ≤ 0 keeps the value's
    /// magnitude class: it rounds to 0 or to one unit at that position.
    func rounded(toDigits count: Int) -> DecimalDigits {
        var out = self
        if count >= digits.count { return out }  // missing digits read as zeros
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
