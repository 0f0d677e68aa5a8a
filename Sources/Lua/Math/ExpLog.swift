// exp, log, log2, log10 and pow, correctly rounded (the CORE-MATH scheme: a fast
// double-double evaluation, Ziv's rounding test, and the exact MPFixed path for the rest).
//
// exp: z = N·ln2/128 + r, |r| ≤ ln2/256, e^z = 2^(N/128)·e^r with 2^(i/128) from a table and
// e^r − 1 a short polynomial (relative error about 2^-69).
// log: x = 2^k·m with m ∈ [√½, √2), m·c − 1 = r exact with c ≈ 1/m from a 256-entry table,
// log x = k·ln2 − log c + log1p(r), with r − r²/2 + r³/3 in double-double (error about 2^-80).
// pow(x, y) = e^(y·log x) with y·log x a double-double.

extension LibM {
    /// e^x, correctly rounded.
    public static func exp(_ x: Double) -> Double {
        if x > -708.3 && x < 709.7 {
            let e = expFirstStage(x, 0)
            if let v = ZivRounding.round(DD(e.hi, e.lo), relativeError: 0x1.8p-69) { return v * FloatBits.powerOfTwo(e.k) }
        }
        return expSecondStage(x)
    }

    /// e^x by the double-double stage and the exact path, with the special cases.
    @inline(never) static func expSecondStage(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.79 { return .infinity }  // beyond log(DBL_MAX + ulp/2) ≈ 709.7827
        if x < -745.14 { return 0 }  // below log(2^-1075) ≈ −745.1332
        if let fast = expFast(DD(x), relativeError: 0) { return fast }
        let (w, k) = MPFixed.exp(MPFixed(x))
        return w.rounded(timesPowerOfTwo: k)
    }

    /// The natural logarithm, correctly rounded.
    public static func log(_ x: Double) -> Double {
        let bits = x.bitPattern
        if FloatBits.isPositiveNormal(bits) {
            let l = logQuickStage(bits)
            if let v = ZivRounding.round(DD(l.hi, l.lo), absoluteError: l.bound) { return v }
        }
        return logSecondStage(x)
    }

    /// log x by the double-double stage and the exact path, with the special cases.
    @inline(never) static func logSecondStage(_ x: Double) -> Double {
        if let special = logSpecial(x) { return special }
        let (m, k) = logArgument(x)
        let l = logFast(m, k)
        if let r = ZivRounding.round(l, relativeError: 0x1p-72) { return r }
        return MPFixed.log(x).rounded(timesPowerOfTwo: 0)
    }

    /// The base-2 logarithm, correctly rounded (exact for powers of two).
    public static func log2(_ x: Double) -> Double {
        scaledLogFirstStage(x, MathConstants.invLn2Pieces) ?? log2SecondStage(x)
    }

    /// log2 x by the double-double stage and the exact path, with the special cases.
    @inline(never) static func log2SecondStage(_ x: Double) -> Double {
        if let special = logSpecial(x) { return special }
        let (m, k) = logArgument(x)
        if m == 1 { return Double(k) }
        let l = logFast(m) * DD(MathConstants.invLn2) + DD(Double(k))
        if let r = ZivRounding.round(l, relativeError: 0x1p-72) { return r }
        return (MPFixed.log(x) * MPFixed.invLn2).rounded(timesPowerOfTwo: 0)
    }

    /// The base-10 logarithm, correctly rounded.
    public static func log10(_ x: Double) -> Double {
        scaledLogFirstStage(x, MathConstants.invLn10Pieces) ?? log10SecondStage(x)
    }

    /// log10 x by the double-double stage and the exact path, with the special cases.
    @inline(never) static func log10SecondStage(_ x: Double) -> Double {
        if let special = logSpecial(x) { return special }
        let (m, k) = logArgument(x)
        let l = logFast(m, k) * DD(MathConstants.invLn10)
        if let r = ZivRounding.round(l, relativeError: 0x1p-72) { return r }
        return (MPFixed.log(x) * MPFixed.invLn10).rounded(timesPowerOfTwo: 0)
    }

    /// C99 Annex F results for the arguments where the logarithm is not a finite computation.
    static func logSpecial(_ x: Double) -> Double? {
        if x.isNaN { return x }
        if x == 0 { return -.infinity }
        if x < 0 { return .nan }
        if x == .infinity { return x }
        return nil
    }

    /// x = 2^k·m with m ∈ [0.707, 1.414) (the split at j = 106 of logTable), for finite x > 0.
    @inline(__always) static func logArgument(_ x: Double) -> (m: Double, k: Int) {
        var bits = x.bitPattern
        var k = -1023
        if bits < 0x0010_0000_0000_0000 {  // subnormal: scale by 2^54
            bits = (x * 18014398509481984.0).bitPattern
            k -= 54
        }
        k += Int(bits >> 52)
        var m = Double(bitPattern: bits & 0x000F_FFFF_FFFF_FFFF | 0x3FF0_0000_0000_0000)  // [1, 2)
        if bits & 0x000F_FFFF_FFFF_FFFF >= 106 << 44 { m *= 0.5; k += 1 }
        return (m, k)
    }

    /// log(2^k·m) for m from logArgument, as a double-double: absolute error below 2^-83.4
    /// (relative 2^-76 where |log x| ≥ 2^-8.x; where c = 1 relative to r, far smaller).
    /// log1p's tail p·r⁴ (|r| ≤ 2^-8): p's evaluation near −1/4 (2^-55 absolute, times r⁴ ≤
    /// 2^-32: 2^-86.98), rh² for r² (2^-86.9), the two products' roundings (2^-85.95), rh for r
    /// in the tail (|rl·r³| ≤ 2^-86), and low's last addition (2^-87): 2^-84.16; for k ≠ 0 the
    /// five roundings of the low sum below (k·c2 up to 2^-34): 2^-84.68; 2^-83.4 in all. The rest
    /// (r³/3 in double-double, −log c and k·ln 2 in double-double) is below 2^-100.
    /// Measured: Tests/LuaTests/Math/first_stage_errors.py ("log second stage").
    static func logFast(_ m: Double, _ k: Int = 0) -> DD {
        let j = Int(m.bitPattern >> 44 & 0xFF)
        let entry = MathConstants.logTable[j]
        // r = m·c − 1 exactly: c has 20 bits, so m·c is a double-double, and p.hi − 1 is exact.
        let p = DD.twoProduct(m, entry.c)
        let r = DD.fastTwoSum(p.hi - 1, p.lo)
        let l1p = log1p(r)
        let kd = Double(k)
        let (c1, c2, c3) = MathConstants.ln2Chunks
        let base = DD.twoSum(kd * c1, entry.hi)  // k·c1 is exact
        let sum = DD.twoSum(base.hi, l1p.hi)
        return DD.fastTwoSum(sum.hi, sum.lo + (base.lo + (l1p.lo + (kd * c2 + (entry.lo + kd * c3)))))
    }

    /// log(1 + r) for |r| ≤ 2^-8: r − r²/2 + r³/3 in double-double, the rest in double.
    @inline(__always) static func log1p(_ r: DD) -> DD {
        let rh = r.hi
        let square = DD.twoProduct(rh, rh)
        let cube = DD.twoProduct(square.hi, rh)
        let third = cube.hi * (1.0 / 3)
        let triple = DD.twoSum(2 * third, third)  // 3·third exactly, so the remainder below is exact
        let thirdLow = (((cube.hi - triple.hi) - triple.lo) + (cube.lo + square.lo * rh + 3 * square.hi * r.lo)) * (1.0 / 3)
        // −r⁴/4 + r⁵/5 − … + r¹¹/11 (|r|⁴/4 ≤ 2^-34, so double precision suffices).
        let p = -1.0 / 4 + rh * (1.0 / 5 + rh * (-1.0 / 6 + rh * (1.0 / 7 + rh * (-1.0 / 8 + rh * (1.0 / 9 + rh * (-1.0 / 10 + rh * (1.0 / 11)))))))
        let tail = p * square.hi * square.hi
        let head = DD.fastTwoSum(rh, -0.5 * square.hi)  // rh² /2 is exact; |rh| ≫ rh²/2
        let withThird = DD.twoSum(head.hi, third)
        let low = withThird.lo + head.lo + r.lo - 0.5 * square.lo - rh * r.lo + thirdLow + tail
        return DD.fastTwoSum(withThird.hi, low)
    }

    /// e^z rounded, or nil when Ziv's test cannot decide (the caller takes the exact path)
    /// or e^z may be subnormal or overflow. `relativeError` is z's own error relative to e^z.
    static func expFast(_ z: DD, relativeError: Double) -> Double? {
        guard z.hi > -708.3 && z.hi < 709.7 else { return nil }
        let (v, k) = expDD(z)
        guard let rounded = ZivRounding.round(v, relativeError: 0x1p-77 + relativeError) else { return nil }
        return rounded * FloatBits.powerOfTwo(k)  // exact: the result stays normal
    }

    /// e^z = v·2^k with v ∈ [1, 2) as a double-double, |z.hi| < 709.8: relative error below
    /// 2^-78.49 (the cubic part's four roundings: 2^-79.2; the sums of e's low part: 2^-81 and
    /// 2^-82; the Taylor remainder 2^-83.5; the rest below 2^-90). expFast uses 2^-77.
    static func expDD(_ z: DD) -> (DD, Int) {
        let (c1, c2, c3) = MathConstants.ln2Over128Chunks
        // N = round(z·128/ln 2) by the 1.5·2^52 trick (a plain add: no call to round()).
        let nd = (z.hi * 184.6649652337873 + 0x1.8p52) - 0x1.8p52
        // r = z − N·ln2/128: N·c1 and N·c2 are exact, z.hi − N·c1 is exact by Sterbenz.
        let a = DD.twoSum(z.hi - nd * c1, -(nd * c2))
        let r = DD.fastTwoSum(a.hi, a.lo + (z.lo - nd * c3))
        let rh = r.hi, rl = r.lo
        // e^r − 1 = rh + rh²/2 + rh³·(1/6 + … + rh⁴/5040) + rl·(1 + rh + rh²/2), with rh² exact
        // (remainder below 2^-83.5); only the cubic part (below 2^-28.17) is rounded in double.
        let square = DD.twoProduct(rh, rh)
        let cubic = square.hi * rh * (1.0 / 6 + rh * (1.0 / 24 + rh * (1.0 / 120 + rh * (1.0 / 720 + rh * (1.0 / 5040)))))
        let head = DD.fastTwoSum(rh, 0.5 * square.hi)  // |rh| ≥ rh²/2
        let e = DD.fastTwoSum(head.hi, head.lo + (0.5 * square.lo + (cubic + rl * (1 + rh + 0.5 * square.hi))))
        let n = Int64(nd)
        let i = Int(n & 127)
        let t = DD(MathConstants.expTable[i])
        // 2^(i/128)·(1 + e) = t.hi + t.hi·e.hi + (t.lo + t.hi·e.lo + t.lo·e.hi).
        let p = DD.twoProduct(t.hi, e.hi)
        let s = DD.fastTwoSum(t.hi, p.hi)
        return (DD(s.hi, s.lo + (p.lo + (t.lo + (t.hi * e.lo + t.lo * e.hi)))), Int(n >> 7))
    }

    /// x^y, correctly rounded, with the special cases of C99 Annex F.
    public static func pow(_ x: Double, _ y: Double) -> Double {
        let xBits = x.bitPattern
        let yExponentBits = y.bitPattern & 0x7FFF_FFFF_FFFF_FFFF
        // x positive normal, 2^-600 ≤ |y| < 2^13 (0x1A7… is the bits of 2^-600, 0x40C… of 2^13).
        if FloatBits.isPositiveNormal(xBits)
            && yExponentBits &- 0x1A70_0000_0000_0000 < 0x40C0_0000_0000_0000 - 0x1A70_0000_0000_0000,
            let v = powFirstStage(xBits, y) {
            return v
        }
        return powSecondStage(x, y)
    }

    /// x^y by the double-double stage and the exact path, with the special cases.
    @inline(never) static func powSecondStage(_ x: Double, _ y: Double) -> Double {
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
        var negate = false
        if x < 0 {
            guard FloatBits.isInteger(y) else { return .nan }
            negate = yIsOdd
        }
        let result = powPositive(x.magnitude, y)
        return negate ? -result : result
    }

    /// x^y for finite x > 0, x ≠ 1, finite y ≠ 0.
    private static func powPositive(_ x: Double, _ y: Double) -> Double {
        if x == 1 { return 1 }  // (−1)^y for huge y: even integers
        // |log x| ≥ 2^-53 here, so beyond 2^64 the magnitude of y·log x exceeds 2^11: certain
        // overflow or underflow (avoids overflow in the double-double product, too).
        if y.magnitude > 0x1p64 { return (x > 1) == (y > 0) ? .infinity : 0 }
        let (m, k) = logArgument(x)
        let l = logFast(m, k)
        let z = DD.twoProduct(y, l.hi) + DD(y * l.lo)
        if z.hi > 709.79 { return .infinity }
        if z.hi < -745.14 { return 0 }
        // z's error: log x has relative error ≤ 2^-76, and absolute error ≤ 2^-83.4 (logFast's
        // comment), so |z|·2^-76 or |y|·2^-83.4 (+ the product's 2^-100·|z|), the smaller.
        // (The absolute form, far smaller for |log x| ≫ 2^-8, keeps MPFixed's calls rare.)
        let zError = min(z.hi.magnitude * 0x1p-76, y.magnitude * 0x1.Ap-84 + z.hi.magnitude * 0x1p-100)
        if let fast = expFast(z, relativeError: zError) { return fast }
        let (w, e) = MPFixed.exp(MPFixed.log(x) * MPFixed(y))
        return w.rounded(timesPowerOfTwo: e)
    }
}
