// sin, cos and tan: reduce x to r = x − n·π/2 with |r| ≤ π/4 (Cody–Waite with four 33-bit
// pieces of π/2 for moderate x, Payne–Hanek with the bits of 2/π for huge x or when the
// moderate reduction cancels too much), then evaluate Taylor kernels in double-double.

extension LibM {
    /// The sine.
    public static func sin(_ x: Double) -> Double {
        if !x.isFinite { return .nan }
        if x.magnitude < 0x1p-26 { return x }  // sin x = x − x³/6 rounds to x
        let (n, r) = reduce(x)
        switch n & 3 {
        case 0: return sinKernel(r).value
        case 1: return cosKernel(r).value
        case 2: return -sinKernel(r).value
        default: return -cosKernel(r).value
        }
    }

    /// The cosine.
    public static func cos(_ x: Double) -> Double {
        if !x.isFinite { return .nan }
        if x.magnitude < 0x1p-27 { return 1 }
        let (n, r) = reduce(x)
        switch n & 3 {
        case 0: return cosKernel(r).value
        case 1: return -sinKernel(r).value
        case 2: return -cosKernel(r).value
        default: return sinKernel(r).value
        }
    }

    /// The tangent.
    public static func tan(_ x: Double) -> Double {
        if !x.isFinite { return .nan }
        if x.magnitude < 0x1p-27 { return x }
        let (n, r) = reduce(x)
        let s = sinKernel(r)
        let c = cosKernel(r)
        return (n & 1 == 0 ? s / c : -(c / s)).value
    }

    /// sin r for |r| ≤ π/4 + ε: r + r³·(−1/3! + r²/5! − …) to r^23.
    static func sinKernel(_ r: DD) -> DD {
        let z = r.hi * r.hi
        var p = 0.0
        var n = 23
        while n >= 5 { p = p * z + (n & 2 == 0 ? inverseFactorials[n] : -inverseFactorials[n]); n -= 2 }
        p = p * z - inverseFactorials[3]  // −1/6 + z/120 − …
        let tail = r.hi * z * p + r.lo * (1 - 0.5 * z)
        return DD.fastTwoSum(r.hi, tail)
    }

    /// cos r for |r| ≤ π/4 + ε: 1 − r²/2 + r⁴·(1/4! − r²/6! + …) to r^24, with 1 − r²/2 exact.
    static func cosKernel(_ r: DD) -> DD {
        let z = DD.twoProduct(r.hi, r.hi) + DD(2 * r.hi * r.lo)
        var p = 0.0
        var n = 24
        while n >= 6 { p = p * z.hi + (n & 2 == 0 ? inverseFactorials[n] : -inverseFactorials[n]); n -= 2 }
        p = p * z.hi + inverseFactorials[4]
        let half = DD(0.5 * z.hi, 0.5 * z.lo)
        return DD(1) - half + DD(z.hi * z.hi * p)
    }

    /// x = n·π/2 + r with |r| ≲ π/4; returns n mod 4 and r as a double-double.
    static func reduce(_ x: Double) -> (Int, DD) {
        if x.magnitude <= 0.7853981633974483 { return (0, DD(x)) }
        if x.magnitude < 0x1p19 {
            let k = (x * 0.6366197723675814).rounded()  // x·2/π
            let (p1, p2, p3, p4) = MathConstants.halfPiChunks
            // k·pᵢ are exact (k < 2^20, pᵢ have 33 bits); x − k·p1 is exact by Sterbenz.
            var r = DD.twoSum(x - k * p1, -(k * p2))
            r = r + DD(-(k * p3), -(k * p4))
            if r.hi.magnitude > 0x1p-20 { return (Int(Int64(k) & 3), r) }
        }
        return payneHanek(x)
    }

    /// Payne–Hanek reduction: the product of x's 53-bit significand with a 256-bit window of
    /// 2/π gives the quadrant and the fraction of x·2/π to far more bits than a double needs.
    static func payneHanek(_ x: Double) -> (Int, DD) {
        let bits = x.magnitude.bitPattern
        let biased = Int(bits >> 52)
        let m = bits & 0x000F_FFFF_FFFF_FFFF | 1 << 52
        let e = biased - 1075  // |x| = m·2^e
        // Bits of 2/π of weight ≥ 2^(2−e) contribute multiples of 4 to x·2/π: skip them.
        let start = max(0, e - 2)
        let window = twoOverPiWindow(fromBit: start)  // 8 words, most significant first
        // Product of m (two 32-bit halves) with the window: 10 words, most significant first.
        var product = [UInt64](repeating: 0, count: 10)
        let mParts: [UInt64] = [m >> 32, m & 0xFFFF_FFFF]
        for (i, mp) in mParts.enumerated() {
            var carry: UInt64 = 0
            var j = 7
            while j >= 0 {
                let index = i + j + 1  // word 9 has weight 2^0; m's high half is i = 0
                let t = mp * UInt64(window[j]) + product[index] + carry
                product[index] = t & 0xFFFF_FFFF
                carry = t >> 32
                j -= 1
            }
            var index = i
            while carry != 0 && index >= 0 {
                let t = product[index] + carry
                product[index] = t & 0xFFFF_FFFF
                carry = t >> 32
                index -= 1
            }
        }
        // The binary point of x·2/π lies `shift` bits above the least significant product bit.
        let shift = start + 256 - e
        let totalBits = 320
        func bit(_ position: Int) -> UInt64 {  // position counted from the least significant bit
            guard position >= 0 && position < totalBits else { return 0 }
            let word = 9 - position / 32
            return product[word] >> UInt64(position % 32) & 1
        }
        var n = Int(bit(shift) | bit(shift + 1) << 1)
        // The fraction's top 160 bits as three chunks of at most 53 bits each.
        func chunk(_ from: Int, _ count: Int) -> Double {
            var v: UInt64 = 0
            for i in 0..<count { v = v << 1 | bit(from - 1 - i) }
            return Double(v)
        }
        var fraction = DD(chunk(shift, 52)) * 0x1p-52
        fraction = fraction + DD(chunk(shift - 52, 52) * 0x1p-104) + DD(chunk(shift - 104, 52) * 0x1p-156)
        if fraction.hi >= 0.5 { fraction = fraction - DD(1); n += 1 }
        var r = fraction * DD(MathConstants.halfPi)
        if x < 0 { r = -r; n = -n }
        return (n & 3, r)
    }

    /// 256 bits of 2/π starting at bit `start` after the binary point, as 8 words.
    private static func twoOverPiWindow(fromBit start: Int) -> [UInt32] {
        let words = MathConstants.twoOverPiWords
        let first = start / 32
        let offset = UInt64(start % 32)
        var out = [UInt32](repeating: 0, count: 8)
        for i in 0..<8 {
            let a = first + i < words.count ? UInt64(words[first + i]) : 0
            let b = first + i + 1 < words.count ? UInt64(words[first + i + 1]) : 0
            out[i] = UInt32(truncatingIfNeeded: (a << 32 | b) >> (32 - offset))
        }
        return out
    }
}
