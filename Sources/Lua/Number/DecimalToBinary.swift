// Decimal numeral to the nearest double (ties to even), for any number of digits.
//
// Three tiers, each exact where it answers:
// 1. Clinger's fast path: at most 2^53 as an integer times/over an exact power of ten ≤ 10^22
//    is one correctly rounded IEEE operation.
// 2. One 64×128-bit product (DecimalScaling) with an explicit error bound; inputs of more than
//    19 digits bracket the value between the products of its truncation and truncation + 1.
// 3. Otherwise exact big-integer comparison of the decimal value against the halfway point
//    between a candidate double and its successor. Only the first 800 significant digits are
//    used, plus a sticky digit: halfway points of doubles have at most 768 significant digits,
//    so the comparison cannot change.

/// The digits of a decimal numeral: value = D × 10^exponent, where D is the integer spelled by
/// the `count` significant digits between `first` and `last` (the point skipped).
struct DecimalNumeral {
    let input: NumberText
    /// Index of the first non-zero digit, and of the last one.
    var first = 0, last = -1
    /// Number of digits from `first` to `last`, zero for a zero value.
    var count: Int64 = 0
    /// Decimal exponent of the last non-zero digit.
    var exponent: Int64 = 0
    /// Index after the numeral.
    var end = 0

    /// Scans `digits [. digits] [e|E [sign] digits]` (at least one mantissa digit) from `start`.
    static func scan(_ input: NumberText, from start: Int) -> DecimalNumeral? {
        var numeral = DecimalNumeral(input: input)
        var i = start
        var point = -1
        var anyDigit = false
        while true {
            let c = input[i]
            if c == UInt8(ascii: "."), point < 0 {
                point = i
            } else if let d = NumberParser.decimalValue(c) {
                anyDigit = true
                if d != 0 {
                    if numeral.count == 0 { numeral.first = i }
                    numeral.last = i
                    numeral.count = 1
                }
            } else {
                break
            }
            i += 1
        }
        guard anyDigit else { return nil }
        let mantissaEnd = i
        var explicit: Int64 = 0
        if input[i] | 0x20 == UInt8(ascii: "e"), let (value, end) = NumberParser.scanExponent(input, from: i + 1) {
            explicit = value
            i = end
        }
        numeral.end = i
        if numeral.count != 0 {
            // Positions relative to the point (or to the end of the digits when there is none).
            let pointIndex = point >= 0 ? point : mantissaEnd
            func power(_ index: Int) -> Int64 {
                index < pointIndex ? Int64(pointIndex - 1 - index) : Int64(pointIndex - index)
            }
            numeral.count = power(numeral.first) - power(numeral.last) + 1
            numeral.exponent = power(numeral.last) + explicit
        }
        return numeral
    }

    /// The significant digits in order, `limit` at most.
    func forEachDigit(limit: Int64, _ body: (UInt8) -> Void) {
        var i = first
        var taken: Int64 = 0
        while taken < limit && i <= last {
            if let d = NumberParser.decimalValue(input[i]) {
                body(d)
                taken += 1
            }
            i += 1
        }
    }
}

enum DecimalToBinary {
    /// 10^0 … 10^22, all exact doubles.
    static let exactPowers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The double nearest to the numeral's (non-negative) value.
    static func convert(_ numeral: DecimalNumeral) -> Double {
        guard numeral.count > 0 else { return 0 }
        let leading = numeral.exponent + numeral.count - 1  // decimal exponent of the first digit
        if leading > 309 { return .infinity }               // ≥ 1e310
        if leading < -325 { return 0 }                      // < 1e-325, under half the smallest subnormal
        let prefixLength = min(numeral.count, 19)
        var w: UInt64 = 0
        numeral.forEachDigit(limit: prefixLength) { w = w * 10 + UInt64($0) }
        let q = Int(truncatingIfNeeded: numeral.exponent + (numeral.count - prefixLength))  // value ≈ w·10^q
        if numeral.count <= 19 {
            if w <= 1 << 53 && q >= -22 && q <= 22 {
                return q >= 0 ? Double(w) * exactPowers[q] : Double(w) / exactPowers[-q]
            }
            if let value = approximate(w, q) { return value }
        } else if let low = approximate(w, q), let high = approximate(w + 1, q), low == high {
            return low  // the value lies between the two, and rounding is monotonic
        }
        return exactly(numeral, candidate: candidate(w, q))
    }

    /// w·10^q correctly rounded, or nil when the product's error bound leaves it undecided.
    static func approximate(_ w: UInt64, _ q: Int) -> Double? {
        guard DecimalScaling.hasPower(q) else { return nil }
        let (product, unitExponent, shift) = scaledProduct(w, q)
        if unitExponent == Int.max { return .infinity }
        guard let r = DecimalScaling.round(product, shift: shift, exact: DecimalScaling.isExact(q)) else { return nil }
        return NumberParser.compose(r.rounded, unitExponent: Int64(unitExponent))
    }

    /// A double at most a few units below w·10^q (never above), from the truncated product.
    static func candidate(_ w: UInt64, _ q: Int) -> Double {
        guard DecimalScaling.hasPower(q) else { return 0 }
        let (x, unitExponent, shift) = scaledProduct(w, q)
        if unitExponent == Int.max { return .infinity }
        guard shift >= 128 && shift < 192 else { return 0 }
        let truncated = shift == 128 ? x.high : x.high >> UInt64(shift - 128)
        return NumberParser.compose(truncated, unitExponent: Int64(unitExponent))
    }

    /// w·10^q as product·2^(unitExponent - shift), where unitExponent is the exponent of the
    /// last bit a double of that magnitude keeps (Int.max when it overflows for sure).
    static func scaledProduct(_ w: UInt64, _ q: Int) -> (Product192, unitExponent: Int, shift: Int) {
        let lz = w.leadingZeroBitCount
        let (x, t) = DecimalScaling.multiply(w << UInt64(lz), byPowerOfTen: q)
        let scale = t - lz                                  // value ≈ x · 2^scale
        let top = (x.high >> 63 == 1 ? 191 : 190) + scale   // exponent of the leading bit
        if top >= 1024 { return (x, Int.max, 0) }
        let unit = max(top - 52, -1074)
        return (x, unit, unit - scale)
    }

    /// The correctly rounded value by exact comparison with halfway points, starting from a
    /// candidate that is at most a few units too low.
    static func exactly(_ numeral: DecimalNumeral, candidate: Double) -> Double {
        if candidate.isInfinite { return candidate }
        // x = digits × 10^exponent, with at most 800 digits plus a sticky one.
        let kept = min(numeral.count, 800)
        var digits = BigUInt(0)
        var chunk: UInt32 = 0, chunkLength = 0
        numeral.forEachDigit(limit: kept) { d in
            chunk = chunk * 10 + UInt32(d)
            chunkLength += 1
            if chunkLength == 9 { digits.multiply(by: 1_000_000_000, adding: chunk); chunk = 0; chunkLength = 0 }
        }
        var tenPower: UInt32 = 1
        for _ in 0..<chunkLength { tenPower *= 10 }
        digits.multiply(by: tenPower, adding: chunk)
        var exponent = numeral.exponent + (numeral.count - kept)
        if kept < numeral.count {
            digits.multiply(by: 10, adding: 1)
            exponent -= 1
        }
        let decimalExponent = Int(truncatingIfNeeded: exponent)  // within ±1200 here
        if decimalExponent > 0 { digits.multiplyByPowerOfFive(decimalExponent) }

        var b = candidate
        for _ in 0..<16 {
            let order = compareWithHalfway(digits, decimalExponent, b)
            if order < 0 { return b }
            let next = Double(bitPattern: b.bitPattern + 1)
            if order == 0 { return b.bitPattern & 1 == 0 ? b : next }
            if next.isInfinite { return next }
            b = next
        }
        return b  // unreachable: the candidate is within a few units
    }

    /// Sign of (scaledDigits · 2^e10 [· 5^e10 already applied when e10 > 0]) − (b + ulp/2),
    /// i.e. of x − h where x = digits·10^e10 and h is halfway from b to its successor.
    static func compareWithHalfway(_ scaledDigits: BigUInt, _ e10: Int, _ b: Double) -> Int {
        let bits = b.bitPattern
        let biased = Int(truncatingIfNeeded: bits >> 52)
        let fraction = bits & 0x000F_FFFF_FFFF_FFFF
        let m = biased == 0 ? fraction : fraction | 1 << 52
        let e = biased == 0 ? -1074 : biased - 1075
        // h = (2m + 1) · 2^(e - 1); x = D·5^e10·2^e10 → compare D·5^max(e10,0)·2^e10 with (2m+1)·5^max(-e10,0)·2^(e-1).
        var left = scaledDigits
        var right = BigUInt(2 * m + 1)
        if e10 < 0 { right.multiplyByPowerOfFive(-e10) }
        let leftTwos = e10, rightTwos = e - 1
        if leftTwos > rightTwos { left.shiftLeft(leftTwos - rightTwos) } else { right.shiftLeft(rightTwos - leftTwos) }
        return BigUInt.compare(left, right)
    }
}
