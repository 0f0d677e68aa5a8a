// Overflow-safe integer helpers. Clock arithmetic multiplies byte distances by tick counts;
// inputs are untrusted, so products are taken at full width and results saturate instead of
// trapping.

enum Arithmetic {
    /// `x * num / den` rounded toward zero, computed at 128-bit width; saturates at Int64 bounds.
    /// `den` must be positive; a non-positive `den` yields 0.
    static func scale(_ x: Int64, _ num: Int64, _ den: Int64) -> Int64 {
        if den <= 0 { return 0 }
        let negative = (x < 0) != (num < 0)
        let product = x.magnitude.multipliedFullWidth(by: num.magnitude)
        let d = den.magnitude
        if product.high >= d { return negative ? Int64.min : Int64.max }
        let q = d.dividingFullWidth((high: product.high, low: product.low)).quotient
        if q > UInt64(Int64.max) { return negative ? Int64.min : Int64.max }
        return negative ? -Int64(q) : Int64(q)
    }

    /// Compares `a * b` with `c * d` for non-negative operands (full width, no overflow).
    /// Returns -1, 0 or 1.
    static func compareProducts(_ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64) -> Int {
        let left = a.magnitude.multipliedFullWidth(by: b.magnitude)
        let right = c.magnitude.multipliedFullWidth(by: d.magnitude)
        if left.high != right.high { return left.high < right.high ? -1 : 1 }
        if left.low != right.low { return left.low < right.low ? -1 : 1 }
        return 0
    }

    /// Difference `a - b` of two values of a counter that wraps at `modulus`, mapped into
    /// (-modulus/2, modulus/2]. Both inputs must lie in 0..<modulus.
    static func wrappedDifference(_ a: Int64, _ b: Int64, modulus: Int64) -> Int64 {
        var d = (a &- b) % modulus
        if d < 0 { d += modulus }
        if d > modulus / 2 { d -= modulus }
        return d
    }

    /// Saturating addition for counters and clocks fed by input.
    @inline(__always)
    static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (r, o) = a.addingReportingOverflow(b)
        if o { return b > 0 ? Int64.max : Int64.min }
        return r
    }
}

/// 27 MHz system clock ticks per millisecond.
let ticksPerMillisecond: Int64 = 27_000
/// The PCR wraps at 2^33 * 300 ticks (about 26.5 hours).
let pcrModulus: Int64 = (Int64(1) << 33) * 300
/// PTS and DTS wrap at 2^33 ticks of 90 kHz.
let ptsModulus: Int64 = Int64(1) << 33
