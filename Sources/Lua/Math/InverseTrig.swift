// atan (with atan2's two arguments), asin and acos, correctly rounded: one double-double kernel,
// atan t for 0 ≤ t ≤ 1 = atan(c) + atan((t − c)/(1 + t·c)) with c the nearest multiple of 1/8,
// which leaves a reduced argument below 1/16 for a short Taylor series; then Ziv's test, and
// Newton's iteration on MPFixed sin/cos for the rare undecided cases (MPFunctions.swift).

extension LibM {
    /// atan2(y, x): the angle of (x, y), in [−π, π], correctly rounded; Lua's `math.atan(y [, x])`.
    public static func atan(_ y: Double, _ x: Double) -> Double {
        if x.isNaN || y.isNaN { return .nan }
        let negativeY = y.sign == .minus
        func signed(_ v: Double) -> Double { negativeY ? -v : v }
        if y == 0 {
            return signed(x.sign == .minus ? MathConstants.pi.0 : 0)  // atan2(±0, −0 or x<0) = ±π
        }
        if x == 0 { return signed(MathConstants.halfPi.0) }
        if x.isInfinite {
            if y.isInfinite { return signed(x > 0 ? 0.7853981633974483 : 2.356194490192345) }
            return signed(x > 0 ? 0 : MathConstants.pi.0)
        }
        if y.isInfinite { return signed(MathConstants.halfPi.0) }
        let angle = atanRatio(DD(y.magnitude), DD(x.magnitude))
        let full = x < 0 ? DD(MathConstants.pi) - angle : angle
        if let fast = ZivRounding.round(full, relativeError: trigError) { return signed(fast) }
        // Exact path on the pair scaled (exactly) so that the larger lies in [1, 2).
        let e = -exponent(max(x.magnitude, y.magnitude))
        let theta = MPFixed.atan(FloatBits.scale(y.magnitude, e), FloatBits.scale(x.magnitude, e), seed: angle.hi)
        return signed((x < 0 ? MPFixed.pi - theta : theta).rounded(timesPowerOfTwo: 0))
    }

    /// The arc sine, in [−π/2, π/2], correctly rounded; NaN outside [−1, 1].
    public static func asin(_ x: Double) -> Double {
        if x.isNaN || x.magnitude > 1 { return .nan }
        if x.magnitude < 0x1p-26 { return x }  // asin x = x + x³/6 rounds to x
        let a = x.magnitude
        let angle = atanRatio(DD(a), oneMinusSquareRoot(a))
        let result = ZivRounding.round(angle, relativeError: trigError)
            ?? (a == 1 ? MathConstants.halfPi.0 : MPFixed.asin(a, seed: angle.hi).rounded(timesPowerOfTwo: 0))
        return x < 0 ? -result : result
    }

    /// The arc cosine, in [0, π], correctly rounded; NaN outside [−1, 1].
    public static func acos(_ x: Double) -> Double {
        if x.isNaN || x.magnitude > 1 { return .nan }
        let a = x.magnitude
        let angle = atanRatio(oneMinusSquareRoot(a), DD(a))
        if let fast = ZivRounding.round(x < 0 ? DD(MathConstants.pi) - angle : angle, relativeError: trigError) { return fast }
        if a == 1 { return x < 0 ? MathConstants.pi.0 : 0 }
        let asinA = MPFixed.asin(a, seed: (DD(MathConstants.halfPi) - angle).hi)
        return (x < 0 ? MPFixed.halfPi + asinA : MPFixed.halfPi - asinA).rounded(timesPowerOfTwo: 0)
    }

    /// √(1 − a²) for 0 ≤ a ≤ 1 in double-double, factored as (1 − a)(1 + a) near 1.
    static func oneMinusSquareRoot(_ a: Double) -> DD {
        let d: DD
        if a < 0.5 {
            d = DD(1) - DD.twoProduct(a, a)
        } else {
            d = DD.twoSum(1, a) * (1 - a)  // 1 − a is exact here
        }
        return d.hi == 0 ? DD(0) : DD.sqrt(d)
    }

    /// atan(n/d) for n, d ≥ 0 (not both zero), in double-double.
    static func atanRatio(_ n: DD, _ d: DD) -> DD {
        if d.hi == 0 { return DD(MathConstants.halfPi) }
        if n.hi == 0 { return DD(0) }
        // Scale both by a power of two so the double-double division cannot overflow.
        let scale = FloatBits.powerOfTwo(-max(-1000, min(1000, exponent(max(n.hi, d.hi)))))
        let ns = DD(n.hi * scale, n.lo * scale)
        let ds = DD(d.hi * scale, d.lo * scale)
        if ns.hi <= ds.hi {
            if ns.hi < ds.hi * 0x1p-60 { return DD(n.hi / d.hi) }  // atan t = t; unscaled: scaling could round a subnormal
            return atanUnit(ns / ds)
        }
        if ds.hi < ns.hi * 0x1p-60 { return DD(MathConstants.halfPi) - DD(d.hi / n.hi) }
        return DD(MathConstants.halfPi) - atanUnit(ds / ns)
    }

    /// atan t for 0 ≤ t ≤ 1.
    static func atanUnit(_ t: DD) -> DD {
        let i = Int((t.hi * 8).rounded())
        if i == 0 { return atanSmall(t) }
        let c = Double(i) * 0.125
        // u = (t − c)/(1 + t·c): t.hi − c is exact (within a factor of 2 of c).
        let numerator = DD.twoSum(t.hi - c, t.lo)
        let denominator = DD(1) + t * c
        return DD(MathConstants.atanOfEighths[i]) + atanSmall(numerator / denominator)
    }

    /// atan u for |u| ≤ 1/16: u + u·z·A(z), z = u², A(z) = −1/3 + z/5 − … to u^25; the terms
    /// below 2^-30 (from u^9 on) in double, the leading three in double-double.
    static func atanSmall(_ u: DD) -> DD {
        let z = DD.twoProduct(u.hi, u.hi) + DD(2 * u.hi * u.lo)
        let odds = MathConstants.inverseOdds
        func signed(_ i: Int, _ v: Double) -> Double { i & 1 == 1 ? -v : v }
        var tail = 0.0
        var i = 12
        while i >= 4 { tail = tail * z.hi + signed(i, odds[i].0); i -= 1 }
        var sum = DD(tail)
        while i >= 1 { sum = sum * z + DD(signed(i, odds[i].0), signed(i, odds[i].1)); i -= 1 }
        return u + u * (z * sum)
    }

    /// The unbiased binary exponent of a positive finite double.
    static func exponent(_ v: Double) -> Int { Int(v.bitPattern >> 52 & 0x7FF) - 1023 }
}
