// pow's first stage: x^y = e^(y·log x) in plain double arithmetic (Tang's tables of
// ExpLogFirstStage.swift, exact products by masking instead of fused multiply-add), arranged
// for a short dependency chain: exp's argument reduction n = round(y·log x·256/ln 2) and its
// table look-up start from an early approximation of y·log x, while log's polynomial and the
// low-order parts of y·log x are still being computed; they only enter the reduced argument.
// The error bound is derived below and measured by Tests/LuaTests/Math/first_stage_errors.py.
// When Ziv's test cannot decide, ExpLog.swift's second stage takes over.

extension LibM {
    /// x^y for x positive normal and 2^-600 ≤ |y| < 2^13 (the caller's range), or nil when
    /// Ziv's test cannot decide or |y·log x| ≥ 708.3 (the result may be subnormal or overflow).
    @inline(__always)
    static func powFirstStage(_ xBits: UInt64, _ y: Double) -> Double? {
        guard let p = powFirstStageParts(xBits, y) else { return nil }
        // Ziv's test (ZivRounding.swift) with the bound added to the low part before q, the
        // part computed last, so that the test waits for one addition less.
        let below = p.hi + ((p.x0 - p.err) + p.q)
        guard below == p.hi + ((p.x0 + p.err) + p.q) else { return nil }
        return below * Double(bitPattern: p.scaleBits)
    }

    /// x^y = 2^k·(hi + x0 + q) with |error| ≤ err, the bits of 2^k, or nil when |y·log x| may
    /// reach 708.3 (for powFirstStage and for first_stage_errors.py through the driver).
    ///
    /// Notation: u = 2^-53; "exact" means the floating-point operation makes no rounding error.
    ///
    /// 1. log's reduction (logReduction): x = 2^k·z, c from logTable256 (14 bits), zHi = z to
    ///    21 bits, rh = zHi·c − 1 (exact, a multiple of 2^-34, |rh| < 2^-8.99: 26 bits),
    ///    rl = (z − zHi)·c (exact, a multiple of 2^-66, |rl| ≤ 2^-21), r = rh + rl = z·c − 1;
    ///    g = k·L1 − log c (table hi) and hi0 = g + rh exact (multiples of 2^-42 below 2^10.5).
    ///    h = zHi·(−c/2) + 1/2 = −rh/2 and hm = 1 − rh/2, exact, computed beside rh, not after it.
    ///    s = h·rh + rl = rl − rh²/2 exact: rh² has 52 bits, and s is a multiple of 2^-69 below
    ///    2^-18.6. log1p(r) = r − r²/2 + P(r) gives log x = hi0 + s + R + P + ε with
    ///    R = table lo + k·L2 − rl·(rh + rl/2) (|R| < 2^-29.85), P = r³/3 − r⁴/4 + … (|P| <
    ///    2^-28.56), |ε| < 2^-86 (L1 + L2 − ln 2, table lo's rounding).
    /// 2. hiA = (g + rl) + rh·hm ≈ hi0 + s: |hiA − log x| < 2^-28 + 2^-52·|log x|, early.
    ///    zk = (y·256/ln 2)·hiA (so z = y·log x is about zk·ln 2/256 and the range check and
    ///    the reduction need no multiplication by 256/ln 2 after hiA); for |y| < 2^13 the
    ///    reduction's n = round(zk) satisfies |z − n·ln2/256| < ρ = ln2/512 + 2^-15 = 2^-9.497.
    /// 3. The exact part of y·log x: lh = hiA cut to 26 bits (|hiA − lh| < 2^-25·|hiA|), yh = y
    ///    cut to 26 bits, yl = y − yh (27 bits, |yl| < 2^-25·|y|): ph = yh·lh and pl = yl·lh are
    ///    exact, y·lh = ph + pl. a = ph − n·c1 (ln2/256 = c1 + c2 + c3, c1 of 34 bits) is exact:
    ///    with D = z − ph, |D| < 2^-24·|z| + 2^-28·|y| < 2^-13.7, so |a| < ρ + |D| < 2^-9.42; and
    ///    n ≠ 0 only when |zk| ≥ 1/2, then |ph| > 2^-10, so ph, n·c1 and a are multiples of 2^-62.
    ///    hi0 − lh is exact (multiples of 2^-42 below 2^-15; or, when |hiA| < 2^-17, x is in the
    ///    interval of c = 1 with k = 0, hi0 = rh is a multiple of 2^-21 and 0 or at least twice
    ///    |rl|, lh is a multiple of 2^(e−25) with 2^e ≤ |lh|, e ≤ −17, and |rh − lh| < 2^(e+3)),
    ///    and ll1 = (hi0 − lh) + s rounds a value below 2^-27 + 2^-24.99·|log x|.
    /// 4. rr_true = z − n·ln2/256 = a + b_true, b_true = pl − n·c2 + y·ll1 + y·(R + P) − n·c3.
    ///    b is computed with rounding errors below 2^-74.83·|z| (the roundings of the parts
    ///    of size 2^-25·|z|: y·ll1 twice, pl − n·c2, the two sums), 2^-76.7 (n·c2's size 2^-25.85)
    ///    and 2^-75.9·|y| (P's minimax polynomial 2^-78.8 absolute, its evaluation 8.5u relative,
    ///    R's 2^-81.3, the sums); rr = a + b rounded (|rr| < 2^-9.49).
    /// 5. exp: T = 2^(i/256) = t0 + t1 (t0 of 27 bits), aH = a cut to 26 bits (early, a is):
    ///    t0·aH exact, hi + eE = t0 + t0·aH exactly (FastTwoSum), so
    ///    T·e^rr ≈ hi + x0 + q, x0 = (t0·((a − aH) + b) + t1·(1 + rr)) + eE,
    ///    q = T·rr²·(1/2 + rr/6 + rr²/24 + rr³/120 + rr⁴/720).
    /// Errors relative to the result M = T·e^rr_true: q's evaluation 5.5u·ρ²/2 = 2^-70.53 (T, rr²,
    /// T·rr², the polynomial near 1/2 1.5u, the product), Q's argument off by u·ρ: 2^-71.99,
    /// the rounding of + q in Ziv's test 2^-72.99, exp's Taylor remainder 2^-78.76, the table
    /// and t1's terms 2^-77.4, the n·c2-sized roundings (step 4's and x0's) 2^-75.76: 2^-69.87
    /// in all (0x1.2p-70 is used); the roundings of x0 and of Ziv's x0 ± err (six, of size
    /// 2^-24·|z|) add 6·2^-77·|z| to step 4's, 10.51·2^-77·|z| = 2^-73.61·|z| = 2^-82.14·|zk|
    /// (0x1.Ep-83·|zk| is used), and 6·u·2^-26.6·|y| to step 4's: 2^-75.78·|y| (0x1.3p-76 is
    /// used). err is this bound times hi (hi = M·(1 ± 2^-17)).
    @inline(__always)
    static func powFirstStageParts(_ xBits: UInt64, _ y: Double) -> (hi: Double, x0: Double, q: Double, err: Double, scaleBits: UInt64)? {
        let (kd, entry, zHi, rh, rl, hi0) = logReduction(xBits)
        let w = zHi * (-0.5 * entry.c)
        let h = w + 0.5  // −rh/2
        let hm = w + 1.5  // 1 − rh/2
        let g = kd * MathConstants.ln2Pieces.0 + entry.hi
        let s = h * rh + rl  // rl − rh²/2, exact
        let hiA = (g + rl) + rh * hm
        // n = round(zk) by the 1.5·2^52 trick; i = n mod 256 and k = n >> 8 come from its bits.
        let zk = (y * 369.3299304675746) * hiA  // 256/ln 2
        guard zk.magnitude < 708.3 * 369.3299304675746 else { return nil }
        let shifted = zk + 0x1.8p52
        let nd = shifted - 0x1.8p52
        let nBits = shifted.bitPattern
        // y·P: P = r³·p(r), p a minimax fit of (log1p(r) − r + r²/2)/r³ for |r| ≤ 2^-8.99.
        let r = rh + rl
        let r2 = r * r
        let p = (0.3333333333333333 - 0.24999999999941558 * r) + r2 * ((0.1999999999994805 - 0.1666672710354829 * r) + r2 * 0.14285768007390617)
        let yP = ((y * r) * r2) * p
        let rest = (entry.lo + kd * MathConstants.ln2Pieces.1) - rl * (rh + 0.5 * rl)
        let cut: UInt64 = 0xFFFF_FFFF_F800_0000
        let yh = Double(bitPattern: y.bitPattern & cut), yl = y - yh
        let lh = Double(bitPattern: hiA.bitPattern & cut)
        let (c1, c2) = MathConstants.ln2Over256Pieces
        let a = yh * lh - nd * c1  // exact
        let ll1 = (hi0 - lh) + s
        let b = ((yl * lh - nd * c2) + y * ll1) + (yP + y * rest)
        let rr = a + b
        let t = MathConstants.expTable256[Int(truncatingIfNeeded: nBits) & 255]
        let aH = Double(bitPattern: a.bitPattern & cut)
        let mid = t.0 * aH  // exact
        let hi = t.0 + mid
        let eE = (t.0 - hi) + mid
        let rr2 = rr * rr
        let q = ((t.0 + t.1) * rr2) * (((0.5 + rr * (1.0 / 6)) + rr2 * (1.0 / 24 + rr * (1.0 / 120))) + (rr2 * rr2) * (1.0 / 720))
        let x0 = (t.0 * ((a - aH) + b) + t.1 * (1 + rr)) + eE
        let err = hi * ((0x1.2p-70 + y.magnitude * 0x1.3p-76) + zk.magnitude * 0x1.Ep-83)
        // 2^k: n's low 20 bits moved to the exponent field (k = n >> 8, −1022 ≤ k ≤ 1023).
        let scaleBits = ((nBits << 44) & 0xFFF0_0000_0000_0000) &+ 0x3FF0_0000_0000_0000
        return (hi, x0, q, err, scaleBits)
    }
}
