// exp, log, log2, log10 and pow.
//
// log works in double-double: x = 2^k·m with m in [√½, √2), log m = 2·atanh(s) with
// s = (m−1)/(m+1), whose series converges fast (s² < 0.03); the leading terms are summed in
// double-double and only a tiny tail in double. exp reduces z = k·ln2 + r with |r| ≤ ln2/2 and
// sums the Taylor series around 1 + r exactly. pow(x, y) = exp(y·log x) with y·log x kept in
// double-double, so only the last rounding is visible.

extension LibM {
    /// e^x.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        return expDD(DD(x))
    }

    /// The natural logarithm.
    public static func log(_ x: Double) -> Double {
        if let special = logSpecial(x) { return special }
        return logDD(x).value
    }

    /// The base-2 logarithm (exact for powers of two).
    public static func log2(_ x: Double) -> Double {
        if let special = logSpecial(x) { return special }
        return (logDD(x) * DD(MathConstants.invLn2)).value
    }

    /// The base-10 logarithm.
    public static func log10(_ x: Double) -> Double {
        if let special = logSpecial(x) { return special }
        return (logDD(x) * DD(MathConstants.invLn10)).value
    }

    /// C99 Annex F results for the arguments where the logarithm is not a finite computation.
    static func logSpecial(_ x: Double) -> Double? {
        if x.isNaN { return x }
        if x == 0 { return -.infinity }
        if x < 0 { return .nan }
        if x == .infinity { return x }
        return nil
    }

    /// log x for finite x > 0 as a double-double (relative error around 2^-100).
    static func logDD(_ x: Double) -> DD {
        var v = x
        var k = 0
        if v < 2.2250738585072014e-308 { v *= 18014398509481984.0; k = -54 }  // subnormal: scale by 2^54
        let bits = v.bitPattern
        k += Int(bits >> 52) - 1023
        var m = Double(bitPattern: bits & 0x000F_FFFF_FFFF_FFFF | 0x3FF0_0000_0000_0000)  // [1, 2)
        if m > 1.4142135623730951 { m *= 0.5; k += 1 }
        let f = m - 1  // exact
        // s = f / (2 + f) in double-double.
        let s = DD(f) / DD.twoSum(2, f)
        let t = s * s
        // log m = 2s·(1 + t/3 + t²/5 + t³·tail(t)).
        var tail = 0.0
        var j = 27
        while j >= 7 { tail = 1.0 / Double(j) + t.hi * tail; j -= 2 }
        let t2 = t * t
        let series = t * DD(0.3333333333333333, 1.850371707708594e-17)
            + t2 * DD(0.2, 1.1102230246251566e-17)
            + DD(t2.hi * t.hi * tail)
        let logM = s * 2 + (s * 2) * series
        if k == 0 { return logM }
        return DD(MathConstants.ln2) * Double(k) + logM
    }

    /// e^z for a double-double z, rounded once.
    static func expDD(_ z: DD) -> Double {
        if z.hi.isNaN { return .nan }
        if z.hi > 709.79 { return .infinity }  // beyond log(DBL_MAX) ≈ 709.7827
        if z.hi < -745.2 { return 0 }  // below log of the smallest subnormal ≈ -745.13
        return expCore(z)
    }

    /// e^z = 2^k · e^r, |r| ≤ ln2/2, with e^r = 1 + r + r²/2 + … summed around 1 + r exactly.
    private static func expCore(_ z: DD) -> Double {
        let k = (z.hi * MathConstants.invLn2.0).rounded()
        let kd = k
        // r = z − k·ln2: k·ln2Hi is exact, the subtraction from z.hi is exact by Sterbenz.
        let a = z.hi - kd * MathConstants.ln2Hi
        let b = DD.twoProduct(kd, MathConstants.ln2Lo)
        let r = DD.twoSum(a, -b.hi) + DD(z.lo - b.lo)
        // q = r²/2 + r³/6 + … (Taylor to r^14) from r.hi alone; r.lo enters linearly.
        var p = 0.0
        var n = 14
        while n >= 2 { p = (p + inverseFactorials[n]) * r.hi; n -= 1 }
        p *= r.hi  // r²/2! + r³/3! + …
        let onePlusR = DD.twoSum(1, r.hi)
        let sum = onePlusR.hi + (onePlusR.lo + (r.lo + r.lo * r.hi + p))
        return FloatBits.scale(sum, Int(k))
    }

    /// 1/n! for n = 0…26, rounded to double (the rounding only affects terms far below an ulp).
    static let inverseFactorials: [Double] = {
        var table: [Double] = [1]
        var f = 1.0
        for n in 1...26 { f *= Double(n); table.append(1 / f) }
        return table
    }()

    /// x^y with the special cases of C99 Annex F.
    public static func pow(_ x: Double, _ y: Double) -> Double {
        if y == 0 || x == 1 { return 1 }
        if x.isNaN || y.isNaN { return .nan }
        let yIsOdd = FloatBits.isOddInteger(y)
        if x == 0 {
            if y < 0 { return yIsOdd ? 1 / x : .infinity }
            return yIsOdd ? x : 0
        }
        if y.isInfinite {
            if x == -1 { return 1 }
            return (x.magnitude < 1) == (y < 0) ? .infinity : 0
        }
        if x.isInfinite {
            if x < 0 { return y < 0 ? (yIsOdd ? -0.0 : 0) : (yIsOdd ? -.infinity : .infinity) }
            return y < 0 ? 0 : .infinity
        }
        if y.magnitude > 0x1p900 && x != -1 {  // |y·log x| ≥ 2^900·2^-53: certain overflow or underflow
            let grows = (x.magnitude > 1) == (y > 0)
            return grows ? .infinity : 0  // such a y is an even integer, so the sign is +
        }
        var negate = false
        if x < 0 {
            guard FloatBits.isInteger(y) else { return .nan }
            negate = yIsOdd
        }
        let l = logDD(x.magnitude)
        if l.hi == 0 { return negate ? -1 : 1 }  // |x| = 1
        let z = DD.twoProduct(y, l.hi) + DD(y * l.lo)
        let result = expDD(z)
        return negate ? -result : result
    }
}
