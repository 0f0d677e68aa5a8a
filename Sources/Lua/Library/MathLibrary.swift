// The math library (the reference's lmathlib.c of Lua 5.4.4). The transcendental functions
// come from LibM (Sources/Lua/Math), never from the platform's libm, so every target gives
// the same bits; floor, ceil, sqrt, fabs and the integer operations are exact IEEE or
// integer arithmetic. `random` and `randomseed` are in MathRandom.swift.
//
// Debian's lua5.4 is built with LUA_COMPAT_MATHLIB and also has atan2, cosh, sinh, tanh,
// pow, frexp, ldexp and log10; Lua 5.4's manual does not, and neither does Tandem.

/// Registers `math`.
enum MathLibrary {
    static func open(_ L: LuaState) throws(LuaError) {
        let math = try L.registerLibrary("math", functions)
        try L.setField(math, "pi", .float(pi))
        try L.setField(math, "huge", .float(.infinity))
        try L.setField(math, "maxinteger", .integer(.max))
        try L.setField(math, "mininteger", .integer(.min))
        try MathRandom.open(L, math)
    }

    nonisolated(unsafe) static let functions: [LuaLibraryFunction] = [
        .init("abs", abs), .init("acos", acos), .init("asin", asin), .init("atan", atan), .init("ceil", ceil), .init("cos", cos),
        .init("deg", deg), .init("exp", exp), .init("tointeger", tointeger), .init("floor", floor), .init("fmod", fmod),
        .init("ult", ult), .init("log", log), .init("max", max), .init("min", min), .init("modf", modf), .init("rad", rad),
        .init("sin", sin), .init("sqrt", sqrt), .init("tan", tan), .init("type", mathType),
    ]

    /// π rounded to a double (the reference's PI).
    static let pi: Double = 3.141592653589793

    /// Pushes `d` as an integer when it has an exact integer representation, else as a float
    /// (pushnumint).
    static func pushIntegerIfExact(_ L: LuaState, _ d: Double) throws(LuaError) {
        if let n = floatToInteger(d, .exact) { try L.push(.integer(n)) } else { try L.push(.float(d)) }
    }

    /// Pushes `f(x)` for a float function of argument 1.
    @inline(__always)
    static func unary(_ L: LuaState, _ f: (Double) -> Double) throws(LuaError) -> Int {
        try L.push(.float(f(try L.checkDouble(1))))
        return 1
    }

    // MARK: Integer-aware functions

    /// `math.abs(x)`: integers stay integers (mininteger wraps to itself, as in C).
    static func abs(_ L: LuaState) throws(LuaError) -> Int {
        let v = L.argument(1)
        if v.isInteger {
            let n = v.integerPayload
            try L.push(.integer(n < 0 ? 0 &- n : n))
        } else {
            try L.push(.float(try L.checkDouble(1).magnitude))  // fabs: clears the sign, also of NaN
        }
        return 1
    }

    /// `math.floor(x)`: an integer when the result fits.
    static func floor(_ L: LuaState) throws(LuaError) -> Int {
        let v = L.argument(1)
        if v.isInteger { try L.push(v); return 1 }
        try pushIntegerIfExact(L, try L.checkDouble(1).rounded(.down))
        return 1
    }

    /// `math.ceil(x)`: an integer when the result fits.
    static func ceil(_ L: LuaState) throws(LuaError) -> Int {
        let v = L.argument(1)
        if v.isInteger { try L.push(v); return 1 }
        try pushIntegerIfExact(L, try L.checkDouble(1).rounded(.up))
        return 1
    }

    /// `math.fmod(a, b)`: C's fmod (truncated remainder); for two integers, integer
    /// remainder with "zero" for b == 0 and 0 for b == -1 (no overflow on mininteger).
    static func fmod(_ L: LuaState) throws(LuaError) -> Int {
        let a = L.argument(1), b = L.argument(2)
        if a.isInteger && b.isInteger {
            let d = b.integerPayload
            if UInt64(bitPattern: d) &+ 1 <= 1 {  // -1 or 0
                if d == 0 { throw L.argumentError(2, "zero") }
                try L.push(.integer(0))
            } else {
                try L.push(.integer(a.integerPayload % d))
            }
        } else {
            // lua5.4 (gcc) evaluates the second argument first, which decides which error a
            // call with two bad arguments reports.
            let y = try L.checkDouble(2)
            let x = try L.checkDouble(1)
            try L.push(.float(LibM.fmod(x, y)))
        }
        return 1
    }

    /// `math.modf(x)`: integral part (an integer when it fits, like floor) and fractional
    /// part (a float; 0.0 for infinities).
    static func modf(_ L: LuaState) throws(LuaError) -> Int {
        let v = L.argument(1)
        if v.isInteger {
            try L.setTop(1)
            try L.push(.float(0))
            return 2
        }
        let n = try L.checkDouble(1)
        let ip = n < 0 ? n.rounded(.up) : n.rounded(.down)
        try pushIntegerIfExact(L, ip)
        try L.push(.float(n == ip ? 0.0 : n - ip))
        return 2
    }

    /// `math.tointeger(x)`: integers, integral floats and strings holding either; else fail.
    static func tointeger(_ L: LuaState) throws(LuaError) -> Int {
        if let n = L.toInteger(L.argument(1)) {
            try L.push(.integer(n))
        } else {
            try L.checkAny(1)
            try L.push(.nil)
        }
        return 1
    }

    /// `math.ult(a, b)`: unsigned comparison.
    static func ult(_ L: LuaState) throws(LuaError) -> Int {
        let a = try L.checkInteger(1)
        let b = try L.checkInteger(2)
        try L.push(.bool(UInt64(bitPattern: a) < UInt64(bitPattern: b)))
        return 1
    }

    /// `math.type(x)`: "integer", "float", or fail for non-numbers.
    static func mathType(_ L: LuaState) throws(LuaError) -> Int {
        let v = L.argument(1)
        if v.isNumber {
            try L.push(try L.newString(v.isInteger ? "integer" : "float"))
        } else {
            try L.checkAny(1)
            try L.push(.nil)
        }
        return 1
    }

    /// `math.min(...)`: the first least argument by `<` (with metamethods; no number check,
    /// as in 5.4.4).
    static func min(_ L: LuaState) throws(LuaError) -> Int {
        let n = L.argumentCount
        if n < 1 { throw L.argumentError(1, "value expected") }
        var best = 1
        var i = 2
        while i <= n {
            if try L.lessThan(L.argument(i), L.argument(best)) { best = i }
            i += 1
        }
        try L.push(L.argument(best))
        return 1
    }

    /// `math.max(...)`: the first greatest argument by `<`.
    static func max(_ L: LuaState) throws(LuaError) -> Int {
        let n = L.argumentCount
        if n < 1 { throw L.argumentError(1, "value expected") }
        var best = 1
        var i = 2
        while i <= n {
            if try L.lessThan(L.argument(best), L.argument(i)) { best = i }
            i += 1
        }
        try L.push(L.argument(best))
        return 1
    }

    // MARK: Float functions

    static func sqrt(_ L: LuaState) throws(LuaError) -> Int { try unary(L) { $0.squareRoot() } }
    static func sin(_ L: LuaState) throws(LuaError) -> Int { try unary(L, LibM.sin) }
    static func cos(_ L: LuaState) throws(LuaError) -> Int { try unary(L, LibM.cos) }
    static func tan(_ L: LuaState) throws(LuaError) -> Int { try unary(L, LibM.tan) }
    static func asin(_ L: LuaState) throws(LuaError) -> Int { try unary(L, LibM.asin) }
    static func acos(_ L: LuaState) throws(LuaError) -> Int { try unary(L, LibM.acos) }
    static func exp(_ L: LuaState) throws(LuaError) -> Int { try unary(L, LibM.exp) }

    /// `math.deg(x)`: x * (180 / π), the constant rounded once as in C.
    static func deg(_ L: LuaState) throws(LuaError) -> Int { try unary(L) { $0 * (180.0 / pi) } }

    /// `math.rad(x)`: x * (π / 180).
    static func rad(_ L: LuaState) throws(LuaError) -> Int { try unary(L) { $0 * (pi / 180.0) } }

    /// `math.atan(y [, x])`: atan2(y, x), x defaulting to 1.
    static func atan(_ L: LuaState) throws(LuaError) -> Int {
        let y = try L.checkDouble(1)
        let x = try L.optionalDouble(2, 1)
        try L.push(.float(LibM.atan(y, x)))
        return 1
    }

    /// `math.log(x [, base])`: log2 and log10 for bases 2 and 10, else log(x)/log(base).
    static func log(_ L: LuaState) throws(LuaError) -> Int {
        let x = try L.checkDouble(1)
        let result: Double
        if L.argument(2).isNil {
            result = LibM.log(x)
        } else {
            let base = try L.checkDouble(2)
            if base == 2 {
                result = LibM.log2(x)
            } else if base == 10 {
                result = LibM.log10(x)
            } else {
                result = LibM.log(x) / LibM.log(base)
            }
        }
        try L.push(.float(result))
        return 1
    }
}
