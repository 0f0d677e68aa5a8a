// exp's and log's first stages (pow's is in PowFirstStage.swift): plain double arithmetic
// with two 256-entry tables (Tang's table-driven method, as in the first phase of CORE-MATH's
// and of glibc's exp/log/pow), with an error bound tight enough that Ziv's test
// (ZivRounding.swift) decides for all but about one input in a few hundred. When it cannot
// decide, ExpLog.swift's double-double second stage and then the exact MPFixed path take
// over, so every result stays correctly rounded.
//
// Without fused multiply-add (wasm has none) the products that must be exact are made exact by
// giving a factor few significant bits: log's c has 14, the operands are cut to 21 or 26 bits
// by masking their low bits (error-free: the cut-off part is the exact remainder).
// The constants and tables come from generate_constants.py; the error bounds are derived in
// the comments below and checked against mpmath by Tests/LuaTests/Math/first_stage_errors.py.

extension LibM {
    /// e^(zh + zl) = 2^k·(hi + lo), |zh| < 709.7, |zl| ≤ 2^-50·|zh|: relative error below
    /// 2^-69.85 (with Ziv's margin for lo's rounding, 2^-72: below 2^-69.5; 0x1.8p-69 is used),
    /// hi ∈ (0.99, 2.01) (so 2^k·hi is normal for zh > −708.3), |lo| < 2^-18.9.
    ///
    /// n = round(zh·256/ln 2), r = zh + zl − n·ln2/256 (|r| < 2^-9.529), i = n mod 256:
    /// e^z = 2^(n >> 8)·T·e^r with T = 2^(i/256) = th + tl from expTable256 (th of 27 bits) and
    /// e^r = 1 + r + q, q = r²(1/2 + r/6 + … + r⁴/720) (Taylor remainder < 2^-79).
    /// r = rH + rL with rH of 26 bits, so th·rH is exact and th + th·rH a FastTwoSum.
    /// Errors relative to the result: q's evaluation (4 roundings of a value below 2^-20.06:
    /// 2^-71.06), (th + tl)·q rounded and the last addition in lo (|lo| < 2^-19: 2^-72 each),
    /// δ·r dropped (2^-72), rl (2^-77.4), the rest below 2^-79; in all, below 2^-69.85.
    @inline(__always)
    static func expFirstStage(_ zh: Double, _ zl: Double) -> (hi: Double, lo: Double, k: Int) {
        // n by the 1.5·2^52 trick: the sum's low bits are n in two's complement.
        let shifted = zh * 369.3299304675746 + 0x1.8p52  // 256/ln 2
        let nd = shifted - 0x1.8p52
        let n = Int64(bitPattern: shifted.bitPattern &- 0x4338_0000_0000_0000)
        let (c1, c2) = MathConstants.ln2Over256Pieces
        let rh = zh - nd * c1  // exact: nd·c1 is exact (34-bit c1, |n| < 2^19) and close to zh
        let rl = zl - nd * c2  // |rl| < 2^-25.8
        let r = rh + rl
        let delta = (rh - r) + rl  // rh + rl − r (exact when |rh| ≥ |rl|; else below 2^-78)
        let r2 = r * r  // Estrin's scheme: a shorter dependency chain than Horner's
        let q = r2 * ((0.5 + r * (1.0 / 6)) + r2 * ((1.0 / 24 + r * (1.0 / 120)) + r2 * (1.0 / 720)))
        let t = MathConstants.expTable256[Int(truncatingIfNeeded: n) & 255]
        let rH = Double(bitPattern: r.bitPattern & 0xFFFF_FFFF_F800_0000)
        let mid = t.0 * rH  // exact
        let hi = t.0 + mid
        let e = (t.0 - hi) + mid
        // T·(1 + r + q + δ) − hi, dropping tl·δ (below 2^-79); q, ready last, is added last.
        let lo = (e + (t.0 * (r - rH) + (t.1 * (1 + r) + t.0 * delta))) + (t.0 + t.1) * q
        return (hi, lo, Int(truncatingIfNeeded: n >> 8))
    }

    /// The reduction both first-stage logarithms share, for the bits of a positive normal x:
    /// x = 2^k·z with z ∈ [0.708, 1.416) in 256 intervals (256 per binade of bits from
    /// 0x3FE6A8 << 40, so 1 is the centre of its interval [1 − 2^-10, 1 + 2^-9)); c ≈ 1/z from
    /// logTable256 with 14 bits (1 for the interval around 1), r = z·c − 1 with |r| < 2^-8.99,
    /// log x = k·ln 2 − log c + log1p(r). z is split into zHi (21 bits) and zLo, so rh = zHi·c − 1
    /// (a multiple of 2^-34 below 2^-8.9: 26 bits, its square is exact) and rl = zLo·c are
    /// exact, and hi0 = k·L1 − log c (table hi) + rh, multiples of 2^-42 below 2^10.5, too.
    @inline(__always)
    static func logReduction(_ bits: UInt64) -> (kd: Double, entry: (c: Double, hi: Double, lo: Double), zHi: Double, rh: Double, rl: Double, hi0: Double) {
        let tmp = bits &- 0x3FE6_A800_0000_0000
        let entry = MathConstants.logTable256[Int(truncatingIfNeeded: tmp >> 44) & 255]
        let zBits = bits &- (tmp & 0xFFF0_0000_0000_0000)
        let z = Double(bitPattern: zBits)
        // zHi: z rounded to 21 bits (to nearest, so |zLo| ≤ ulp(zHi)/2: where c = 1, rh is then
        // 0 or at least twice |rl| and log x ≈ rh + rl has no cancellation).
        let zHi = Double(bitPattern: (zBits &+ 0x8000_0000) & 0xFFFF_FFFF_0000_0000)
        let rh = zHi * entry.c - 1
        let rl = (z - zHi) * entry.c
        // k as a double by the 1.5·2^52 trick: an int-to-double conversion (cvtsi2sd) would
        // depend on its register's previous value and serialize successive calls.
        let kd = Double(bitPattern: 0x4338_0000_0000_0000 &+ UInt64(bitPattern: Int64(bitPattern: tmp) >> 52)) - 0x1.8p52
        return (kd, entry, zHi, rh, rl, kd * MathConstants.ln2Pieces.0 + entry.hi + rh)
    }

    /// log x = hi + lo for the bits of a positive normal x, for log2 and log10: absolute
    /// error below 2^-77.5 and relative error below 2^-67.5 (below 2^-69 where c = 1); |lo| < 2^-26.
    /// (Absolute: r³/3 − … evaluated with relative error 2^-50.8 from r rounded, r's rounding,
    /// and the additions in lo, 2^-78 in all; relative: |log x| ≥ 2^-10 where c ≠ 1, and where
    /// c = 1 the same errors are relative to r: 2^-69.6. Measured: 2^-79.6 and 2^-71.4.)
    @inline(__always)
    static func logFirstStage(_ bits: UInt64) -> (hi: Double, lo: Double) {
        let (kd, entry, _, rh, rl, hi0) = logReduction(bits)
        let r = rh + rl  // exact when c = 1 (then r = z − 1)
        // log1p(r) = rh + rl − rh²/2 − rl·(rh + rl/2) + r³/3 − … − r⁸/8 (remainder < 2^-75·|r|).
        let a2 = -0.5 * rh * rh
        let hi1 = hi0 + a2  // |hi0| ≥ |a2|: FastTwoSum
        let e1 = (hi0 - hi1) + a2
        let hi2 = hi1 + rl  // exponent of hi1 ≥ exponent of rl (or hi1 = 0): FastTwoSum
        let e2 = (hi1 - hi2) + rl
        let r2 = r * r
        let p = r2 * r * ((1.0 / 3 - 0.25 * r) + r2 * ((0.2 - r * (1.0 / 6)) + r2 * (1.0 / 7 - 0.125 * r)))
        let lo = (((entry.lo + kd * MathConstants.ln2Pieces.1) + (e1 + e2)) - rl * (rh + 0.5 * rl)) + p
        return (hi2, lo)
    }

    /// log x = hi + lo for log itself, which needs less than log2/log10: r²/2 is left to the
    /// polynomial, evaluated in double. The error is below `bound` (absolute): 2^-69 (P's
    /// evaluation 2^-70.4, r's rounding in P 2^-71, lo's last addition and Ziv's margin 2^-72
    /// each, truncation at r⁷/7 2^-75), and where c = 1 also below |log x|·2^-60.54 (the same
    /// relative to r). Measured: 2^-70.55 and 2^-62.64 (first_stage_errors.py).
    @inline(__always)
    static func logQuickStage(_ bits: UInt64) -> (hi: Double, lo: Double, bound: Double) {
        let (kd, entry, _, rh, rl, hi0) = logReduction(bits)
        let r = rh + rl  // exact when c = 1 (then r = z − 1)
        let hi = hi0 + rl  // FastTwoSum, as in logFirstStage
        let e = (hi0 - hi) + rl
        let r2 = r * r
        let p = r2 * ((-0.5 + r * (1.0 / 3)) + r2 * ((-0.25 + r * 0.2) + r2 * (-1.0 / 6 + r * (1.0 / 7))))
        let lo = ((entry.lo + kd * MathConstants.ln2Pieces.1) + e) + p
        // entry.hi is 0 exactly where c = 1: there the relative bound is the smaller near x = 1.
        let bound = entry.hi == 0 ? min(0x1p-69, hi.magnitude * 0x1.6p-61) : 0x1p-69
        return (hi, lo, bound)
    }

    /// log x·c rounded for a positive normal x and c = c.0 + c.1 (1/ln 2 or 1/ln 10, c.0 of
    /// 26 bits), or nil for other x or when Ziv's test cannot decide. log x = hi + lo with hi cut into
    /// hH (26 bits) + hL, so hH·c.0 is exact and the rest (below 2^-24 of the result) has
    /// rounding errors below 2^-75.4; with log's 2^-67.5, 0x1.8p-68 bounds the error.
    /// Powers of two give log2's exact integers: then hi + lo is k·ln 2 to 2^-90.
    @inline(__always)
    static func scaledLogFirstStage(_ x: Double, _ c: (Double, Double)) -> Double? {
        guard FloatBits.isPositiveNormal(x.bitPattern) else { return nil }
        let l = logFirstStage(x.bitPattern)
        let hH = Double(bitPattern: l.hi.bitPattern & 0xFFFF_FFFF_F800_0000)
        let p = hH * c.0
        let q = hH * c.1 + ((l.hi - hH) + l.lo) * (c.0 + c.1)
        return ZivRounding.round(DD(p, q), relativeError: 0x1.8p-68)
    }
}
