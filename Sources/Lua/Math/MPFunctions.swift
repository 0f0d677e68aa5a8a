// LibM's slow path, in MPFixed (448 fraction bits): e^z, log x, the reduction modulo π/2,
// sin/cos, and the Newton steps that invert them (asin, atan2). Used only when Ziv's rounding
// test rejects the fast double-double result (see ZivRounding.swift), so the code favours
// obviousness over speed: Taylor series, Newton's iteration, and the bits of 2/π.

extension MPFixed {
    static var ln2: MPFixed { MPFixed(limbs: MathConstants.ln2Limbs) }
    static var invLn2: MPFixed { MPFixed(limbs: MathConstants.invLn2Limbs) }
    static var invLn10: MPFixed { MPFixed(limbs: MathConstants.invLn10Limbs) }
    static var halfPi: MPFixed { MPFixed(limbs: MathConstants.halfPiLimbs) }
    static var pi: MPFixed { MPFixed(limbs: MathConstants.piLimbs) }

    /// e^z = w·2^k for |z| < 2^20: z = k·ln2 + r, then e^(r/2^10) by Taylor and ten squarings.
    static func exp(_ z: MPFixed) -> (w: MPFixed, k: Int) {
        let k = Int64((z.approximation * 1.4426950408889634).rounded())
        let r = (z - ln2.times(k)).shifted(by: -10)  // |r| ≤ 2^-10.5
        var s = one
        var n: UInt32 = 36  // |r|^37/37! < 2^-520
        while n >= 1 { s = one + (r * s) / n; n -= 1 }
        for _ in 0..<10 { s = s * s }
        return (s, Int(k))
    }

    /// e^z as a fixed-point number, for |z| ≤ 40.
    static func expValue(_ z: MPFixed) -> MPFixed {
        let (w, k) = exp(z)
        return w.shifted(by: k)
    }

    /// log x for finite x > 0: x = 2^k·m with m ∈ [√½, √2), log m by two Newton steps
    /// y ← y + m·e^(−y) − 1 from the fast double-double value (error squares: 2^-75 → 2^-150 → 2^-300 → 2^-600).
    static func log(_ x: Double) -> MPFixed {
        let (m, k) = LibM.logArgument(x)
        var y = MPFixed(LibM.logFast(m))
        for _ in 0..<3 { y = y + MPFixed(m) * expValue(-y) - one }
        return y + ln2.times(Int64(k))
    }

    /// x = n·π/2 + r with |r| ≤ π/4 (n mod 4): Payne–Hanek with 576 bits of 2/π, exact
    /// enough for any double (the closest a double comes to a multiple of π/2 is ~2^-61).
    static func reduce(_ x: Double) -> (n: Int, r: MPFixed) {
        let bits = x.magnitude.bitPattern
        let biased = Int(bits >> 52)
        let m = biased == 0 ? bits & 0x000F_FFFF_FFFF_FFFF : bits & 0x000F_FFFF_FFFF_FFFF | 1 << 52
        let e = max(biased, 1) - 1075  // |x| = m·2^e
        // Bits of 2/π of weight 2^-i with e − i ≥ 2 add multiples of 4 to x·2/π: skip them.
        let start = max(1, e - 1)
        let count = 576
        var window = [UInt32](repeating: 0, count: count / 32 + 2)  // little-endian, bit 0 = bit start+count−1 of 2/π
        for j in 0..<count where twoOverPiBit(start + count - 1 - j) != 0 {
            window[j / 32] |= 1 << UInt32(j % 32)
        }
        let product = multiply(window, by: m)  // x·2/π = product·2^-fraction
        let fraction = start + count - 1 - e
        func productBit(_ i: Int) -> UInt32 {
            guard i >= 0 && i < 32 * product.count else { return 0 }
            return product[i / 32] >> UInt32(i % 32) & 1
        }
        var n = Int(productBit(fraction) | productBit(fraction + 1) << 1)
        var f = zero
        for j in 0..<fractionBits where productBit(fraction - fractionBits + j) != 0 {
            f.limbs[j / 32] |= 1 << UInt32(j % 32)
        }
        if productBit(fraction - 1) != 0 { f = f - one; n += 1 }  // round to the nearest quadrant
        var r = f * halfPi
        if x < 0 { r = -r; n = -n }
        return (n & 3, r)
    }

    /// Bit i (i ≥ 1) after the binary point of 2/π.
    private static func twoOverPiBit(_ i: Int) -> UInt32 {
        let words = MathConstants.twoOverPiWords
        let word = (i - 1) / 32
        guard i >= 1 && word < words.count else { return 0 }
        return words[word] >> UInt32(31 - (i - 1) % 32) & 1
    }

    private static func multiply(_ a: [UInt32], by m: UInt64) -> [UInt32] {
        var out = [UInt32](repeating: 0, count: a.count + 2)
        for (shift, part) in [(0, m & 0xFFFF_FFFF), (1, m >> 32)] {
            var carry: UInt64 = 0
            for i in 0..<a.count {
                let t = UInt64(a[i]) * part + UInt64(out[i + shift]) + carry
                out[i + shift] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            out[a.count + shift] = UInt32(truncatingIfNeeded: UInt64(out[a.count + shift]) + carry)
        }
        return out
    }

    /// (sin r, cos r) for |r| ≤ 2 by their Taylor series (64 terms each: 2^128/128! < 2^-580).
    static func sinCos(_ r: MPFixed) -> (sin: MPFixed, cos: MPFixed) {
        let r2 = r * r
        var s = one, c = one
        var n: UInt32 = 64
        while n >= 1 {
            s = one - (r2 * s) / (2 * n * (2 * n + 1))
            c = one - (r2 * c) / ((2 * n - 1) * (2 * n))
            n -= 1
        }
        return (r * s, c)
    }

    /// asin x for |x| < 1 by Newton's iteration θ ← θ + (x − sin θ)/cos θ from the fast value.
    static func asin(_ x: Double, seed: Double) -> MPFixed {
        var theta = MPFixed(seed)
        let target = MPFixed(x)
        for _ in 0..<4 {
            let (s, c) = sinCos(theta)
            theta = theta + (target - s) * c.reciprocal
        }
        return theta
    }

    /// atan(y/x) for 0 < y, x with both in [2^-62, 2], by Newton's iteration on
    /// f(θ) = y·cos θ − x·sin θ, whose derivative is −(x·cos θ + y·sin θ).
    static func atan(_ y: Double, _ x: Double, seed: Double) -> MPFixed {
        var theta = MPFixed(seed)
        let my = MPFixed(y), mx = MPFixed(x)
        for _ in 0..<4 {
            let (s, c) = sinCos(theta)
            theta = theta + (my * c - mx * s) * (mx * c + my * s).reciprocal
        }
        return theta
    }
}
