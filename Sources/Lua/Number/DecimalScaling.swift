// Fast, exactly-bounded scaling by powers of ten, shared by formatting and parsing.
//
// A 64-bit integer times a 128-bit truncated power of ten (PowersOfTen) is a 192-bit product
// that is at most 2^64 units below the exact one. Rounding that product at a bit position
// far above those units is right unless the discarded bits lie within the error of exactly
// half; then the caller falls back to exact big-integer arithmetic. This is the idea behind
// Eisel–Lemire parsing and Ryū-style fixed-precision printing, with a simple, explicit error
// bound instead of their tighter case analysis. Powers 10^0…10^55 are exact in the table, so
// for them ties are decided exactly too.

/// A 192-bit unsigned integer, most significant word first.
struct Product192 {
    var high: UInt64
    var middle: UInt64
    var low: UInt64
}

/// Rounding of a scaled product to an integer.
struct ScaledRounding {
    /// The product rounded half-to-even to an integer.
    var rounded: UInt64
    /// The product's integer part (before rounding).
    var truncated: UInt64
}

enum DecimalScaling {
    /// True when `q` has a table entry.
    @inline(__always)
    static func hasPower(_ q: Int) -> Bool {
        q >= PowersOfTen.smallestExponent && q <= PowersOfTen.largestExponent
    }

    /// floor(log2(10^q)) for |q| ≤ 400 (checked for the table range by the generator and tests).
    @inline(__always)
    static func floorLog2OfPowerOfTen(_ q: Int) -> Int { (q &* 217706) >> 16 }

    /// floor(log10(2^e)) for |e| ≤ 1700.
    @inline(__always)
    static func floorLog10OfPowerOfTwo(_ e: Int) -> Int { (e &* 78913) >> 18 }

    /// m · T(q) where 10^q ≈ T·2^t; returns the product and t' with m·10^q ≈ product·2^t'.
    /// The exact value lies in [product, product + m) (times 2^t'). `q` must have a table entry.
    static func multiply(_ m: UInt64, byPowerOfTen q: Int) -> (product: Product192, binaryExponent: Int) {
        let index = 2 &* (q &- PowersOfTen.smallestExponent)
        let tHigh = PowersOfTen.significands[index]
        let tLow = PowersOfTen.significands[index &+ 1]
        let lowPart = m.multipliedFullWidth(by: tLow)
        let highPart = m.multipliedFullWidth(by: tHigh)
        let (middle, carry) = highPart.low.addingReportingOverflow(lowPart.high)
        let product = Product192(high: highPart.high &+ (carry ? 1 : 0), middle: middle, low: lowPart.low)
        return (product, floorLog2OfPowerOfTen(q) &- 127)
    }

    /// True when the table holds 10^q exactly.
    @inline(__always)
    static func isExact(_ q: Int) -> Bool { q >= 0 && q <= 55 }

    /// Rounds `x · 2^-shift` to an integer, half to even. `exact` says the product has no
    /// error; otherwise the true value may exceed `x` by up to 2^64 units, and nil is returned
    /// when that could change the result. Also nil when the integer part may not fit in 63 bits.
    static func round(_ x: Product192, shift: Int, exact: Bool) -> ScaledRounding? {
        if shift >= 194 { return ScaledRounding(rounded: 0, truncated: 0) }  // below a quarter
        guard shift >= 129, shift <= 192 else { return nil }
        let r = shift &- 128  // 1…64: bits of `high` below the rounding point
        let integer = r == 64 ? 0 : x.high >> UInt64(r)
        let fractionTop = r == 64 ? x.high : x.high & ((1 << UInt64(r)) &- 1)
        // Compare the discarded part (fractionTop, middle, low) with one half = (1 << (r-1), 0, 0).
        let halfTop: UInt64 = 1 << UInt64(r &- 1)
        let up: Bool
        if exact {
            if fractionTop != halfTop {
                up = fractionTop > halfTop
            } else if x.middle != 0 || x.low != 0 {
                up = true
            } else {
                up = integer & 1 == 1  // exact tie
            }
        } else {
            // Certainly above half: the exact value is larger still.
            if fractionTop > halfTop || (fractionTop == halfTop && (x.middle != 0 || x.low != 0)) {
                up = true
            } else {
                // Certainly below half when (fraction + 2^64) ≤ half, i.e. (fractionTop, middle + 1) ≤ (halfTop, 0).
                let (nextMiddle, carry) = x.middle.addingReportingOverflow(1)
                let top = fractionTop &+ (carry ? 1 : 0)
                let below = top < halfTop || (top == halfTop && nextMiddle == 0 && x.low == 0)
                guard below else { return nil }
                up = false
            }
        }
        return ScaledRounding(rounded: integer &+ (up ? 1 : 0), truncated: integer)
    }
}
