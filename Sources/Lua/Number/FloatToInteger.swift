// Float to integer with Lua's rules (lvm.c `luaV_flttointns`): a float converts when its
// value (exactly, or after floor/ceil) lies in [-2^63, 2^63). Both bounds are exact doubles,
// so the range test is exact and `Int64(_:)` can never trap after it; NaN fails every test.

/// Lua's float → integer conversions.
public enum FloatToInteger {
    /// The integer equal to `d`, or nil when `d` has a fractional part, is out of range, or is
    /// NaN (F2Ieq: `math.tointeger`, table keys, `3.0 == 3`, bitwise operands).
    @inline(__always)
    public static func exact(_ d: Double) -> Int64? {
        guard d >= -9223372036854775808.0 && d < 9223372036854775808.0 else { return nil }
        let i = Int64(d)  // truncates; in range, so no trap
        return Double(i) == d ? i : nil
    }

    /// floor(d) as an integer, or nil when out of range or NaN (F2Ifloor: `for` loop limits,
    /// comparisons `i < f`).
    @inline(__always)
    public static func floor(_ d: Double) -> Int64? {
        let f = d.rounded(.down)
        guard f >= -9223372036854775808.0 && f < 9223372036854775808.0 else { return nil }
        return Int64(f)
    }

    /// ceil(d) as an integer, or nil when out of range or NaN (F2Iceil).
    @inline(__always)
    public static func ceil(_ d: Double) -> Int64? {
        let f = d.rounded(.up)
        guard f >= -9223372036854775808.0 && f < 9223372036854775808.0 else { return nil }
        return Int64(f)
    }
}

extension NumericValue {
    /// The value as a float (integers convert with round-to-nearest, as C's cast does).
    public var asDouble: Double {
        switch self {
        case .integer(let i): Double(i)
        case .float(let d): d
        }
    }

    /// The value as an integer if it has an exact integer representation (F2Ieq).
    public var asExactInteger: Int64? {
        switch self {
        case .integer(let i): i
        case .float(let d): FloatToInteger.exact(d)
        }
    }
}
