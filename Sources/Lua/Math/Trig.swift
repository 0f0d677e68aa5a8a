// sin, cos and tan, correctly rounded: reduce x to r = x − n·π/2 with |r| ≤ π/4 (Cody–Waite
// with four 33-bit pieces of π/2 for moderate x, Payne–Hanek with the bits of 2/π for huge x
// or when the moderate reduction cancels too much), evaluate Taylor kernels in double-double,
// and apply Ziv's test; the rare undecided cases are recomputed in MPFixed (MPFunctions.swift).

extension LibM {
    /// The sine, correctly rounded.
    public static func sin(_ x: Double) -> Double {
        if !x.isFinite { return .nan }
        if x.magnitude < 0x1p-26 { return x }  // sin x = x − x³/6 rounds to x
        let (n, r) = reduce(x)
        if let fast = ZivRounding.round(sinOrCos(n, r), relativeError: trigError) { return fast }
        let (m, mr) = MPFixed.reduce(x)
        let (s, c) = MPFixed.sinCos(mr)
        return [s, c, -s, -c][m].rounded(timesPowerOfTwo: 0)
    }

    /// The cosine, correctly rounded.
    public static func cos(_ x: Double) -> Double {
        if !x.isFinite { return .nan }
        if x.magnitude < 0x1p-27 { return 1 }  // cos x = 1 − x²/2 rounds to 1
        let (n, r) = reduce(x)
        if let fast = ZivRounding.round(sinOrCos(n + 1, r), relativeError: trigError) { return fast }
        let (m, mr) = MPFixed.reduce(x)
        let (s, c) = MPFixed.sinCos(mr)
        return [c, -s, -c, s][m].rounded(timesPowerOfTwo: 0)
    }

    /// The tangent, correctly rounded.
    public static func tan(_ x: Double) -> Double {
        if !x.isFinite { return .nan }
        if x.magnitude < 0x1p-27 { return x }  // tan x = x + x³/3 rounds to x
        let (n, r) = reduce(x)
        let s = sinKernel(r), c = cosKernel(r)
        if let fast = ZivRounding.round(n & 1 == 0 ? s / c : -(c / s), relativeError: trigError) { return fast }
        let (m, mr) = MPFixed.reduce(x)
        let (ms, mc) = MPFixed.sinCos(mr)
        return (m & 1 == 0 ? ms * mc.reciprocal : -(mc * ms.reciprocal)).rounded(timesPowerOfTwo: 0)
    }

    /// The fast paths' relative error bound: reduction below 2^-93, kernels about 2^-82.
    static let trigError = 0x1p-74

    /// sin(n·π/2 + r).
    @inline(__always) static func sinOrCos(_ n: Int, _ r: DD) -> DD {
        switch n & 3 {
        case 0: return sinKernel(r)
        case 1: return cosKernel(r)
        case 2: return -sinKernel(r)
        default: return -cosKernel(r)
        }
    }

    /// sin r for |r| ≤ π/4 + ε: r + r·z·S(z), z = r², S(z) = −1/3! + z/5! − … to r^27.
    static func sinKernel(_ r: DD) -> DD {
        let z = DD.twoProduct(r.hi, r.hi) + DD(2 * r.hi * r.lo)
        return r + r * (z * alternatingSeries(z, first: 3, last: 27))
    }

    /// cos r for |r| ≤ π/4 + ε: 1 + z·C(z), z = r², C(z) = −1/2! + z/4! − … to r^28.
    static func cosKernel(_ r: DD) -> DD {
        let z = DD.twoProduct(r.hi, r.hi) + DD(2 * r.hi * r.lo)
        return DD(1) + z * alternatingSeries(z, first: 2, last: 28)
    }

    /// Σ (−1)^(i+1)·z^i/(first + 2i)! for first + 2i ≤ last: the terms below 2^-30 (from
    /// (first + 10)! on) in double, the leading five in double-double.
    static func alternatingSeries(_ z: DD, first: Int, last: Int) -> DD {
        let table = MathConstants.inverseFactorials
        func signed(_ n: Int, _ v: Double) -> Double { (n - first) & 2 == 0 ? -v : v }
        var tail = 0.0
        var n = last
        while n >= first + 10 { tail = tail * z.hi + signed(n, table[n].0); n -= 2 }
        var sum = DD(tail)
        while n >= first {
            let c = table[n]
            sum = sum * z + DD(signed(n, c.0), signed(n, c.1))
            n -= 2
        }
        return sum
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
        // A fraction f ≥ ½ rounds the quadrant up and leaves f − 1 = −(1 − f): take 1 − f from
        // the complemented bits (exact to 2^-156) rather than subtracting 1 in double-double,
        // which would cancel the leading bits when f is close to 1.
        let upper = bit(shift - 1) == 1
        if upper { n += 1 }
        // The fraction's top 156 bits as three chunks of 52 bits each.
        func chunk(_ from: Int) -> Double {
            var v: UInt64 = 0
            for i in 0..<52 { v = v << 1 | (bit(from - 1 - i) ^ (upper ? 1 : 0)) }
            return Double(v)
        }
        var fraction = DD(chunk(shift) * 0x1p-52) + DD(chunk(shift - 52) * 0x1p-104) + DD(chunk(shift - 104) * 0x1p-156)
        if upper { fraction = -fraction }
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
