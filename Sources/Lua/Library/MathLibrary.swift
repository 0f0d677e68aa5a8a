// The math library (lmathlib.c). PROVISIONAL subset until issue 4's full library lands:
// the owner of this file replaces it.

/// Registers `math`.
enum MathLibrary {
    static func open(_ L: LuaState) throws(LuaError) {
        let math = try L.registerLibrary("math", [
            ("floor", floor), ("type", mathType),
            ("tointeger", { L throws(LuaError) in
                let v = L.argument(1)
                try L.push(v.isInteger ? v : (v.isFloat ? (floatToInteger(v.floatPayload, .exact).map { .integer($0) } ?? .nil) : .nil))
                return 1 }),
            ("abs", { L throws(LuaError) in
                let v = try L.checkNumber(1)
                try L.push(v.isInteger ? .integer(v.integerPayload < 0 ? 0 &- v.integerPayload : v.integerPayload) : .float(abs(v.floatPayload)))
                return 1 }),
        ])
        try L.rawSet(math, try L.newString("huge"), .float(.infinity))
        try L.rawSet(math, try L.newString("maxinteger"), .integer(.max))
        try L.rawSet(math, try L.newString("mininteger"), .integer(.min))
        try L.rawSet(math, try L.newString("pi"), .float(Double.pi))
    }

    static func floor(_ L: LuaState) throws(LuaError) -> Int {
        let v = try L.checkNumber(1)
        if v.isInteger { try L.push(v); return 1 }
        let f = v.floatPayload.rounded(.down)
        try L.push(floatToInteger(f, .exact).map { .integer($0) } ?? .float(f))
        return 1
    }

    static func mathType(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkAny(1)
        let v = L.argument(1)
        try L.push(v.isInteger ? try L.newString("integer") : (v.isFloat ? try L.newString("float") : .nil))
        return 1
    }
}
