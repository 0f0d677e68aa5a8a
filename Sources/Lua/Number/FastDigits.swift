// The fast path of decimal formatting: up to 17 correctly rounded significant digits (or a
// fixed number of fraction digits, while the result fits in 63 bits) from one 64×128-bit
// multiplication. It answers nil when the product's error bound leaves the rounding in doubt
// (values within ~2^-60 relative of a decimal tie); `DecimalDigits` then decides exactly.

enum FastDigits {
    /// 10^0 … 10^19.
    static let powers: [UInt64] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000,
        1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ]

    /// The number of decimal digits of `n` (1 for zero).
    static func digitCount(_ n: UInt64) -> Int {
        var count = 1
        while count < 20 && n >= powers[count] { count &+= 1 }
        return count
    }

    /// `value` (positive, finite) as m·2^e with m's top bit set.
    @inline(__always)
    static func normalized(_ value: Double) -> (mantissa: UInt64, exponent: Int) {
        let bits = value.bitPattern
        let biased = Int(truncatingIfNeeded: bits >> 52 & 0x7FF)
        let fraction = bits & 0x000F_FFFF_FFFF_FFFF
        let m = biased == 0 ? fraction : fraction | (1 << 52)
        let e = biased == 0 ? -1074 : biased &- 1075
        let lz = m.leadingZeroBitCount
        return (m << UInt64(lz), e &- lz)
    }

    /// round(value · 10^scale), half to even, or nil if undecided or ≥ 2^63.
    @inline(__always)
    static func scaled(_ mantissa: UInt64, _ exponent: Int, by scale: Int) -> ScaledRounding? {
        guard DecimalScaling.hasPower(scale) else { return nil }
        let (product, t) = DecimalScaling.multiply(mantissa, byPowerOfTen: scale)
        return DecimalScaling.round(product, shift: 0 &- (exponent &+ t), exact: DecimalScaling.isExact(scale))
    }

    /// The first `count` (1…17) significant digits of `value` (non-negative, finite), correctly
    /// rounded, as an integer of exactly `count` digits with the decimal exponent of its first
    /// digit (zero gives 0 with exponent 0). `carried` tells that rounding raised the exponent (9.96 → 10 at two digits).
    static func significant(_ value: Double, count: Int) -> (digits: UInt64, exponent: Int, carried: Bool)? {
        if value == 0 { return (0, 0, false) }
        let (m, e) = normalized(value)
        var exponent = DecimalScaling.floorLog10OfPowerOfTwo(e &+ 63)  // ≤ floor(log10(value)) ≤ this + 1
        let limit = powers[count]
        for _ in 0..<2 {
            guard let r = scaled(m, e, by: count &- 1 &- exponent) else { return nil }
            if r.truncated >= limit { exponent &+= 1; continue }  // estimate one too low
            if r.rounded < powers[count &- 1] { return nil }
            if r.rounded == limit { return (powers[count &- 1], exponent &+ 1, true) }
            return (r.rounded, exponent, false)
        }
        return nil
    }

    /// round(value · 10^fractionDigits) for `value` non-negative and finite, or nil (undecided, or
    /// too large for 63 bits).
    static func fixed(_ value: Double, fractionDigits: Int) -> UInt64? {
        if value == 0 { return 0 }
        let (m, e) = normalized(value)
        return scaled(m, e, by: fractionDigits)?.rounded
    }
}
