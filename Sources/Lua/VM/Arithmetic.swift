// Number semantics: conversions between integers, floats and strings, and the arithmetic
// primitives with Lua's rules (wrap-around integers, floor division and modulo, shifts).
// Formatting and parsing are delegated to Sources/Lua/Number, `^` and float `%` to
// Sources/Lua/Math, so every target computes the same bits.

/// How a float converts to an integer (the reference's F2Imod).
enum FloatToIntMode { case exact, floor, ceil }

/// Converts a float to an integer with `mode`, or nil if out of range (luaV_flttointns).
@inline(__always)
func floatToInteger(_ d: Double, _ mode: FloatToIntMode) -> Int64? {
    var f = d.rounded(.down)
    if f != d {
        switch mode {
        case .exact: return nil
        case .floor: break
        case .ceil: f += 1
        }
    }
    if f >= -9223372036854775808.0 && f < 9223372036854775808.0 { return Int64(f) }
    return nil
}

/// Both operands of a float operation as doubles, or nil if either is not a number. Two
/// floats are tested first: the interpreter asks after the integer pair failed, and float
/// code (nbody, spectral_norm) then passes two tag compares instead of two conversions.
@inline(__always)
func floatOperands(_ a: LuaValue, _ b: LuaValue) -> (Double, Double)? {
    if a.tag == .float && b.tag == .float { return (a.floatPayload, b.floatPayload) }
    guard let x = a.asDouble, let y = b.asDouble else { return nil }
    return (x, y)
}

/// Integer floor division (luaV_idiv); the caller checks for a zero divisor.
@inline(__always)
func integerFloorDivide(_ m: Int64, _ n: Int64) -> Int64 {
    if n == -1 { return 0 &- m }
    var q = m / n
    if (m ^ n) < 0 && m % n != 0 { q -= 1 }
    return q
}

/// Integer modulo with the sign of the divisor (luaV_mod); the caller checks for zero.
@inline(__always)
func integerModulo(_ m: Int64, _ n: Int64) -> Int64 {
    if n == -1 { return 0 }
    var r = m % n
    if r != 0 && (r ^ n) < 0 { r += n }
    return r
}

/// Float modulo with the sign of the divisor (luai_nummod): a nonzero remainder whose sign
/// differs from the divisor's is shifted by one divisor (never when both are negative).
@inline(__always)
func floatModulo(_ a: Double, _ b: Double) -> Double {
    var m = LibM.fmod(a, b)
    if m > 0 ? b < 0 : (m < 0 && b > 0) { m += b }  // result takes the sign of the divisor
    return m
}

/// Shift left; negative counts shift right; counts of 64 or more give 0 (luaV_shiftl).
@inline(__always)
func shiftLeft(_ x: Int64, _ y: Int64) -> Int64 {
    if y < 0 {
        if y <= -64 { return 0 }
        return Int64(bitPattern: UInt64(bitPattern: x) >> UInt64(-y))
    }
    if y >= 64 { return 0 }
    return Int64(bitPattern: UInt64(bitPattern: x) << UInt64(y))
}

/// Arithmetic and bitwise operators, numbered as the reference's LUA_OP* (and as the
/// metamethod events from `__add` on).
enum ArithOp: Int {
    case add = 0, sub, mul, mod, pow, div, idiv, band, bor, bxor, shl, shr, unm, bnot

    var metamethod: Metamethod { Metamethod(rawValue: Metamethod.add.rawValue + rawValue) ?? .add }
    var isBitwise: Bool { switch self { case .band, .bor, .bxor, .shl, .shr, .bnot: true; default: false } }
}

extension LuaState {
    /// Converts a string to a number following Lua's lexical rules (lua_stringtonumber).
    /// Parsing is charged as a scan of the string (CostModel.swift), deferred since this
    /// cannot throw.
    public func stringToNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> LuaValue? {
        addStepsDeferred(CostModel.steps(bytes.count, per: CostModel.numeralBytesPerStep))
        switch NumberParser.parse(bytes) {
        case .integer(let i)?: return .integer(i)
        case .float(let d)?: return .float(d)
        case nil: return nil
        }
    }

    /// A value as a number, converting numeric strings (luaV_tonumber_).
    @inline(__always)
    public func toNumber(_ v: LuaValue) -> LuaValue? {
        if v.tag == .integer || v.tag == .float { return v }
        if v.isString { return stringToNumber(v.stringObject.buffer) }
        return nil
    }

    /// A value as a double, converting numeric strings.
    public func toDouble(_ v: LuaValue) -> Double? {
        toNumber(v)?.asDouble
    }

    /// A value as an integer: integers, floats with an exact integer value, and strings
    /// holding either (luaV_tointeger with F2Ieq).
    public func toInteger(_ v: LuaValue) -> Int64? {
        toInteger(v, .exact)
    }

    /// A value as an integer with a rounding mode for floats, converting strings.
    func toInteger(_ v: LuaValue, _ mode: FloatToIntMode) -> Int64? {
        switch v.tag {
        case .integer: return v.integerPayload
        case .float: return floatToInteger(v.floatPayload, mode)
        case .shortString, .longString:
            if let n = toNumber(v) { return toInteger(n, mode) }
            return nil
        default: return nil
        }
    }

    /// Integer value of a number without string conversion (luaV_tointegerns, F2Ieq).
    @inline(__always)
    func toIntegerStrict(_ v: LuaValue) -> Int64? {
        if v.tag == .integer { return v.integerPayload }
        return floatToIntegerStrict(v)
    }

    /// The float half of `toIntegerStrict`, out of line: bitwise operators on floats are rare,
    /// and the loop has sixteen call sites.
    @inline(never)
    func floatToIntegerStrict(_ v: LuaValue) -> Int64? {
        v.tag == .float ? floatToInteger(v.floatPayload, .exact) : nil
    }

    /// The text of a number as `tostring` writes it ("%.14g" for floats, with ".0" for
    /// integral values; "inf", "-inf", "nan"/"-nan" as the Number module spells them).
    public func numberToBytes(_ v: LuaValue) -> [UInt8] {
        var text: [UInt8] = []
        appendNumber(v, to: &text)
        return text
    }

    /// Appends the text of a number (see `numberToBytes`).
    func appendNumber(_ v: LuaValue, to text: inout [UInt8]) {
        if v.tag == .integer { NumberFormatter.appendInteger(v.integerPayload, to: &text) }
        else { NumberFormatter.appendFloat(v.floatPayload, to: &text) }
    }

    /// The same text as a Lua string, written in the state's reused scratch array (a
    /// conversion in `..` or a string argument allocates no temporary).
    func numberToString(_ v: LuaValue) throws(LuaError) -> LuaValue {
        var text: [UInt8] = []
        swap(&text, &g.pointee.numberText)
        defer { swap(&text, &g.pointee.numberText) }
        text.removeAll(keepingCapacity: true)
        appendNumber(v, to: &text)
        return try newString(text)
    }

    /// Performs an arithmetic or bitwise operation on two numbers without metamethods
    /// (luaO_rawarith). Nil if the operands are not numbers (or, for bitwise operators, not
    /// convertible to integers). Strings are not converted here.
    func rawArith(_ op: ArithOp, _ a: LuaValue, _ b: LuaValue) throws(LuaError) -> LuaValue? {
        if op.isBitwise {
            guard let x = toIntegerStrict(a), let y = toIntegerStrict(b) else { return nil }
            switch op {
            case .band: return .integer(x & y)
            case .bor: return .integer(x | y)
            case .bxor: return .integer(x ^ y)
            case .shl: return .integer(shiftLeft(x, y))
            case .shr: return .integer(shiftLeft(x, 0 &- y))
            default: return .integer(~x)
            }
        }
        if a.tag == .integer && b.tag == .integer && op != .div && op != .pow {
            let x = a.integerPayload, y = b.integerPayload
            switch op {
            case .add: return .integer(x &+ y)
            case .sub: return .integer(x &- y)
            case .mul: return .integer(x &* y)
            case .mod:
                if y == 0 { throw runtimeError("attempt to perform 'n%0'") }
                return .integer(integerModulo(x, y))
            case .idiv:
                if y == 0 { throw runtimeError("attempt to divide by zero") }
                return .integer(integerFloorDivide(x, y))
            default: return .integer(0 &- x)
            }
        }
        guard let x = a.asDouble, let y = b.asDouble else { return nil }
        return .float(floatArith(op, x, y))
    }
}

/// Float arithmetic for the non-bitwise operators.
@inline(__always)
func floatArith(_ op: ArithOp, _ x: Double, _ y: Double) -> Double {
    switch op {
    case .add: return x + y
    case .sub: return x - y
    case .mul: return x * y
    case .div: return x / y
    case .mod: return floatModulo(x, y)
    case .pow: return y == 2 ? x * x : LibM.pow(x, y)
    case .idiv: return (x / y).rounded(.down)
    case .unm: return -x
    default: return 0
    }
}
