// LibM's exact slow path: signed fixed-point numbers with 64 integer bits and 448 fraction bits
// in 32-bit limbs (the same integer arithmetic on 64-bit hosts and wasm32, nothing rounded by
// the FPU). Ziv's strategy (CORE-MATH) sends the rare inputs whose double-double result is too
// close to a rounding boundary here. Results come out with relative error below 2^-360, far
// closer than the hardest known non-exact cases come to a rounding boundary (the worst known
// for pow has 153 identical bits after the rounding bit), so rounding this value is final.

/// A signed fixed-point number: ±magnitude · 2^-448, magnitude below 2^512.
struct MPFixed {
    static let limbCount = 16
    static let fractionBits = 448

    /// The magnitude, least significant limb first; always `limbCount` limbs.
    var limbs: [UInt32]
    var negative: Bool

    init(limbs: [UInt32], negative: Bool = false) {
        self.limbs = limbs
        self.negative = negative
    }

    static var zero: MPFixed { MPFixed(limbs: [UInt32](repeating: 0, count: limbCount)) }
    static var one: MPFixed { MPFixed(integer: 1) }

    init(integer n: Int64) {
        self = MPFixed.zero
        let m = n.magnitude
        limbs[14] = UInt32(truncatingIfNeeded: m)
        limbs[15] = UInt32(truncatingIfNeeded: m >> 32)
        negative = n < 0
    }

    /// x exactly for |x| < 2^63 (bits below 2^-448 are dropped, toward zero).
    init(_ x: Double) {
        self = MPFixed.zero
        guard x.isFinite, x != 0 else { return }
        negative = x < 0
        let bits = x.bitPattern
        let biased = Int(bits >> 52 & 0x7FF)
        var m = bits & 0x000F_FFFF_FFFF_FFFF
        var e = biased - 1075  // |x| = m·2^e
        if biased == 0 { e = -1074 } else { m |= 1 << 52 }
        let shift = e + MPFixed.fractionBits
        guard shift + 53 <= 32 * MPFixed.limbCount else { return }  // out of range: callers exclude it
        if shift < 0 {
            if -shift >= 64 { return }
            m >>= UInt64(-shift)
            placeBits(m, at: 0)
        } else {
            placeBits(m, at: shift)
        }
    }

    /// hi + lo of a double-double.
    init(_ x: DD) { self = MPFixed(x.hi) + MPFixed(x.lo) }

    /// Ors the bits of m into the magnitude starting at bit `position`.
    private mutating func placeBits(_ m: UInt64, at position: Int) {
        var value = m
        var bit = position
        while value != 0 && bit < 32 * MPFixed.limbCount {
            let word = bit / 32, offset = UInt64(bit % 32)
            limbs[word] |= UInt32(truncatingIfNeeded: value << offset)
            let taken = 32 - offset
            value = taken >= 64 ? 0 : value >> taken
            bit += Int(taken)
        }
    }

    var isZero: Bool { limbs.allSatisfy { $0 == 0 } }

    /// Bit i of the magnitude (0 = least significant); 0 outside the number.
    func bit(_ i: Int) -> UInt64 {
        guard i >= 0 && i < 32 * MPFixed.limbCount else { return 0 }
        return UInt64(limbs[i / 32] >> UInt32(i % 32) & 1)
    }

    /// The index of the highest set bit, or -1 for zero.
    var topBit: Int {
        var i = MPFixed.limbCount - 1
        while i >= 0 {
            if limbs[i] != 0 { return 32 * i + 31 - limbs[i].leadingZeroBitCount }
            i -= 1
        }
        return -1
    }

    /// The value to about double precision (for Newton seeds and range decisions).
    var approximation: Double {
        var sum = 0.0
        for i in 0..<MPFixed.limbCount where limbs[i] != 0 {
            sum += Double(limbs[i]) * FloatBits.scale(1, 32 * i - MPFixed.fractionBits)
        }
        return negative ? -sum : sum
    }

    // MARK: Arithmetic

    private static func compareMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> Int {
        var i = limbCount - 1
        while i >= 0 {
            if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }

    private static func addMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out = a
        var carry: UInt64 = 0
        for i in 0..<limbCount {
            let t = UInt64(a[i]) + UInt64(b[i]) + carry
            out[i] = UInt32(truncatingIfNeeded: t)
            carry = t >> 32
        }
        return out
    }

    /// a − b for a ≥ b.
    private static func subtractMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var out = a
        var borrow: Int64 = 0
        for i in 0..<limbCount {
            var t = Int64(a[i]) - Int64(b[i]) - borrow
            borrow = t < 0 ? 1 : 0
            if t < 0 { t += 1 << 32 }
            out[i] = UInt32(truncatingIfNeeded: t)
        }
        return out
    }

    static func + (x: MPFixed, y: MPFixed) -> MPFixed {
        if x.negative == y.negative { return MPFixed(limbs: addMagnitudes(x.limbs, y.limbs), negative: x.negative) }
        if compareMagnitudes(x.limbs, y.limbs) >= 0 {
            return MPFixed(limbs: subtractMagnitudes(x.limbs, y.limbs), negative: x.negative)
        }
        return MPFixed(limbs: subtractMagnitudes(y.limbs, x.limbs), negative: y.negative)
    }

    static prefix func - (x: MPFixed) -> MPFixed { MPFixed(limbs: x.limbs, negative: !x.negative) }
    static func - (x: MPFixed, y: MPFixed) -> MPFixed { x + (-y) }

    /// The product, truncated to 448 fraction bits (integer bits beyond 64 are dropped).
    static func * (x: MPFixed, y: MPFixed) -> MPFixed {
        var wide = [UInt32](repeating: 0, count: 2 * limbCount)
        for i in 0..<limbCount where x.limbs[i] != 0 {
            var carry: UInt64 = 0
            let a = UInt64(x.limbs[i])
            for j in 0..<limbCount {
                let t = a * UInt64(y.limbs[j]) + UInt64(wide[i + j]) + carry
                wide[i + j] = UInt32(truncatingIfNeeded: t)
                carry = t >> 32
            }
            wide[i + limbCount] = UInt32(truncatingIfNeeded: carry)
        }
        let shift = fractionBits / 32
        return MPFixed(limbs: Array(wide[shift..<(shift + limbCount)]), negative: x.negative != y.negative)
    }

    /// x·n for a small integer n.
    static func * (x: MPFixed, n: UInt32) -> MPFixed {
        var out = x
        var carry: UInt64 = 0
        for i in 0..<limbCount {
            let t = UInt64(x.limbs[i]) * UInt64(n) + carry
            out.limbs[i] = UInt32(truncatingIfNeeded: t)
            carry = t >> 32
        }
        return out
    }

    /// x·k for a signed integer |k| < 2^32.
    func times(_ k: Int64) -> MPFixed {
        let p = self * UInt32(truncatingIfNeeded: k.magnitude)
        return k < 0 ? -p : p
    }

    /// x/n for a small integer n > 0, truncated.
    static func / (x: MPFixed, n: UInt32) -> MPFixed {
        var out = x
        var remainder: UInt64 = 0
        var i = limbCount - 1
        while i >= 0 {
            let t = remainder << 32 | UInt64(x.limbs[i])
            out.limbs[i] = UInt32(truncatingIfNeeded: t / UInt64(n))
            remainder = t % UInt64(n)
            i -= 1
        }
        return out
    }

    /// x·2^k (k > 0 shifts left, k < 0 right, truncating).
    func shifted(by k: Int) -> MPFixed {
        var out = MPFixed.zero
        out.negative = negative
        let words = k >= 0 ? k / 32 : -((31 - k) / 32)  // floor(k / 32)
        let offset = UInt64(k - 32 * words)  // 0…31
        for i in 0..<MPFixed.limbCount {
            let s = i - words
            var v: UInt64 = 0
            if s >= 0 && s < MPFixed.limbCount { v = UInt64(limbs[s]) << offset }
            if offset > 0 && s >= 1 && s - 1 < MPFixed.limbCount { v |= UInt64(limbs[s - 1]) >> (32 - offset) }
            out.limbs[i] = UInt32(truncatingIfNeeded: v)
        }
        return out
    }

    /// 1/x by Newton's iteration y ← y·(2 − x·y) from a double seed (53 → 106 → … → 848
    /// bits); |x| must lie in [2^-62, 2^62].
    var reciprocal: MPFixed {
        var y = MPFixed(1 / approximation)
        let two = MPFixed(integer: 2)
        for _ in 0..<4 { y = y * (two - self * y) }
        return y
    }

    // MARK: Rounding

    /// value·2^k correctly rounded to a double (nearest, ties to even), subnormals and overflow
    /// included. A value within 2^-250 ulp of a midpoint is taken as that midpoint: only an
    /// exact case (pow) comes so close, and its approximation may fall on either side.
    func rounded(timesPowerOfTwo k: Int) -> Double {
        let p = topBit
        if p < 0 { return negative ? -0.0 : 0 }
        let exponent = p - MPFixed.fractionBits + k  // value·2^k ∈ [2^exponent, 2^(exponent+1))
        if exponent > 1024 { return negative ? -.infinity : .infinity }
        // The bit index of the result's last place: 53 bits, or fewer when subnormal.
        let last = max(p - 52, -1074 - k + MPFixed.fractionBits)
        var m: UInt64 = 0
        var i = last + 53
        while i > last { i -= 1; m = m << 1 | bit(i) }
        // Below the last place: 1000…0 or 0111…1 over 250 bits is a midpoint.
        let roundBit = bit(last - 1)
        var tie = true
        for j in 2...251 where bit(last - j) == roundBit { tie = false; break }
        if tie ? m & 1 == 1 : roundBit == 1 { m += 1 }
        let result = FloatBits.scale(Double(m), last - MPFixed.fractionBits + k)
        return negative ? -result : result
    }
}
