// Double-double arithmetic: a value carried as an unevaluated sum hi + lo of two doubles,
// about 106 bits of precision, from error-free transformations that need only IEEE `+ - *`
// (no fused multiply-add, which wasm lacks). LibM computes its intermediate results this way
// so that the one final rounding dominates the error.

/// An unevaluated sum `hi + lo` with |lo| ≤ ulp(hi)/2.
struct DD {
    var hi: Double
    var lo: Double

    init(_ hi: Double, _ lo: Double = 0) { self.hi = hi; self.lo = lo }
    init(_ pair: (Double, Double)) { hi = pair.0; lo = pair.1 }

    /// The nearest double.
    var value: Double { hi + lo }

    /// a + b exactly, as a normalized pair (Knuth's TwoSum).
    @inline(__always) static func twoSum(_ a: Double, _ b: Double) -> DD {
        let s = a + b
        let bb = s - a
        return DD(s, (a - (s - bb)) + (b - bb))
    }

    /// a + b exactly when |a| ≥ |b| (Dekker's FastTwoSum).
    @inline(__always) static func fastTwoSum(_ a: Double, _ b: Double) -> DD {
        let s = a + b
        return DD(s, b - (s - a))
    }

    /// Veltkamp's split of a into two 26-bit halves (|a| must be below 2^996).
    @inline(__always) static func split(_ a: Double) -> (Double, Double) {
        let t = 134_217_729.0 * a  // 2^27 + 1
        let hi = t - (t - a)
        return (hi, a - hi)
    }

    /// a × b exactly (Dekker's TwoProduct); operands must be below 2^996 in magnitude and
    /// the product must not underflow for the low part to be exact.
    @inline(__always) static func twoProduct(_ a: Double, _ b: Double) -> DD {
        let p = a * b
        let (ah, al) = split(a)
        let (bh, bl) = split(b)
        return DD(p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
    }

    static func + (x: DD, y: DD) -> DD {
        let s = twoSum(x.hi, y.hi)
        let t = twoSum(x.lo, y.lo)
        let u = fastTwoSum(s.hi, s.lo + t.hi)
        return fastTwoSum(u.hi, u.lo + t.lo)
    }

    static prefix func - (x: DD) -> DD { DD(-x.hi, -x.lo) }
    static func - (x: DD, y: DD) -> DD { x + (-y) }

    static func * (x: DD, y: DD) -> DD {
        let p = twoProduct(x.hi, y.hi)
        return fastTwoSum(p.hi, p.lo + (x.hi * y.lo + x.lo * y.hi))
    }

    static func * (x: DD, y: Double) -> DD {
        let p = twoProduct(x.hi, y)
        return fastTwoSum(p.hi, p.lo + x.lo * y)
    }

    static func / (x: DD, y: DD) -> DD {
        let q1 = x.hi / y.hi
        let r = x - y * q1
        let q2 = r.hi / y.hi
        let r2 = r - y * q2
        let q3 = r2.hi / y.hi
        return fastTwoSum(q1, q2) + DD(q3)
    }

    /// √x for x > 0, one Newton correction on the hardware square root.
    static func sqrt(_ x: DD) -> DD {
        let s = x.hi.squareRoot()
        let residual = x - twoProduct(s, s)
        return fastTwoSum(s, residual.hi / (2 * s))
    }
}

/// Bit-level helpers shared by the LibM functions.
enum FloatBits {
    /// 2^k as a double for -1022 ≤ k ≤ 1023.
    @inline(__always) static func powerOfTwo(_ k: Int) -> Double {
        Double(bitPattern: UInt64(k + 1023) << 52)
    }

    /// x × 2^k with a single final rounding, also into the subnormal range (the scalbn scheme:
    /// exact steps by 2^±969 keep x normal, the last multiplication rounds once).
    static func scale(_ x: Double, _ k: Int) -> Double {
        var x = x
        var n = k
        if n > 1023 {
            x *= powerOfTwo(1023); n -= 1023
            if n > 1023 { x *= powerOfTwo(1023); n = min(n - 1023, 1023) }
        } else if n < -1022 {
            x *= powerOfTwo(-1022 + 53); n += 1022 - 53
            if n < -1022 { x *= powerOfTwo(-1022 + 53); n = max(n + 1022 - 53, -1022) }
        }
        return x * powerOfTwo(n)
    }

    /// True when the bits are those of a positive, normal, finite double.
    @inline(__always) static func isPositiveNormal(_ bits: UInt64) -> Bool {
        bits &- 0x0010_0000_0000_0000 < 0x7FE0_0000_0000_0000
    }

    /// True when x is an integer (finite).
    @inline(__always) static func isInteger(_ x: Double) -> Bool { x.isFinite && x == x.rounded(.towardZero) }

    /// True when the integer-valued x is odd.
    static func isOddInteger(_ x: Double) -> Bool {
        guard isInteger(x), x.magnitude < 9007199254740992 else { return false }  // ≥ 2^53 is even
        return Int64(x) & 1 == 1
    }
}
