// "%a": hexadecimal floating point in glibc's style — "0x1.8p+1", "0x0p+0", subnormals as
// "0x0.0000000000001p-1022" — with optional precision rounded half-to-even on the bits.

enum HexFloat {
    /// Appends the digits after "0x" for a non-negative finite `value`.
    static func append(_ value: Double, precision: Int?, alternate: Bool, upper: Bool, to out: inout [UInt8]) {
        let bits = value.bitPattern
        let biased = Int(truncatingIfNeeded: bits >> 52 & 0x7FF)
        var fraction = bits & 0x000F_FFFF_FFFF_FFFF  // 13 hex digits
        var lead: UInt64 = biased == 0 ? 0 : 1
        let exponent = biased == 0 ? (fraction == 0 ? 0 : -1022) : biased - 1023
        var digits = 13
        if let p = precision, p < 13 {
            // Round the fraction to p hex digits, half to even, carrying into the leading digit.
            let drop = UInt64(4 * (13 - p))
            let kept = fraction >> drop
            let rest = fraction & ((1 << drop) - 1)
            let half: UInt64 = 1 << (drop - 1)
            var rounded = kept
            let lastKept = p == 0 ? lead : kept  // with no fraction digits the leading digit decides the tie
            if rest > half || (rest == half && lastKept & 1 == 1) { rounded += 1 }
            if rounded >> UInt64(4 * p) != 0 {  // carried out of the fraction
                rounded = 0
                lead += 1
            }
            fraction = rounded
            digits = p
        } else if precision == nil {
            while digits > 0 && fraction & 0xF == 0 { fraction >>= 4; digits -= 1 }
        }
        // A carry into the leading digit stays there: glibc writes "0x2p-4", not "0x1p-3".
        out.append(FormatHex.digit(UInt8(lead), upper: upper))
        let totalDigits = precision ?? digits
        if totalDigits > 0 || alternate { out.append(UInt8(ascii: ".")) }
        var i = digits - 1
        while i >= 0 {
            out.append(FormatHex.digit(UInt8(truncatingIfNeeded: fraction >> UInt64(4 * i) & 0xF), upper: upper))
            i -= 1
        }
        for _ in digits..<max(digits, totalDigits) { out.append(0x30) }
        out.append(upper ? UInt8(ascii: "P") : UInt8(ascii: "p"))
        out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        NumberFormatter.appendUnsigned(UInt64(truncatingIfNeeded: exponent.magnitude), base: 10, upper: false, to: &out)
    }
}

enum FormatHex {
    static func digit(_ v: UInt8, upper: Bool) -> UInt8 { v < 10 ? 0x30 + v : (upper ? 0x37 : 0x57) + v }
}
