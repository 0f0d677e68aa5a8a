// fmod: the exact remainder x − n·y with n = trunc(x/y), by integer long division on the
// significands (the result is always representable, so no rounding happens anywhere).

extension LibM {
    /// The remainder of x/y with the sign of x (C99 semantics; exact).
    public static func fmod(_ x: Double, _ y: Double) -> Double {
        if x.isNaN || y.isNaN || x.isInfinite || y == 0 { return .nan }
        if y.isInfinite || x == 0 { return x }
        let ax = x.magnitude
        let ay = y.magnitude
        if ax < ay { return x }
        var (mx, ex) = significandAndExponent(ax)
        let (my, ey) = significandAndExponent(ay)
        // Long division: shift the dividend up to 11 bits at a time (mx < 2^53, so it fits).
        mx %= my
        while ex > ey && mx != 0 {
            let step = min(11, ex - ey)
            mx = (mx << UInt64(step)) % my
            ex -= step
        }
        let magnitude = mx == 0 ? 0 : FloatBits.scale(Double(mx), ey)  // exact: mx < my
        return x < 0 ? -magnitude : magnitude
    }

    /// (m, e) with value = m·2^e and m an integer below 2^53.
    private static func significandAndExponent(_ v: Double) -> (UInt64, Int) {
        let bits = v.bitPattern
        let biased = Int(bits >> 52)
        let fraction = bits & 0x000F_FFFF_FFFF_FFFF
        return biased == 0 ? (fraction, -1074) : (fraction | 1 << 52, biased - 1075)
    }
}
