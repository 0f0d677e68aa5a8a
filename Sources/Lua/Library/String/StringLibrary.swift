// The string library (lstrlib.c). PROVISIONAL subset until issue 4's full library lands:
// the owner of this file replaces it.

/// Fills the `string` table created by `StringMetatable`.
enum StringLibrary {
    static func open(_ L: LuaState) throws(LuaError) {
        let string = L.rawGet(L.loadedModules, try L.newString("string"))
        let stringFunctions: [(StaticString, LuaNativeFunction)] = [
            ("len", { L throws(LuaError) in try L.push(.integer(Int64(try L.checkBytes(1).count))); return 1 }),
            ("rep", rep), ("sub", sub), ("upper", { L throws(LuaError) in try caseMap(L, upper: true) }),
            ("lower", { L throws(LuaError) in try caseMap(L, upper: false) }), ("byte", byte), ("char", char),
        ]
        for (name, f) in stringFunctions { try L.rawSet(string, try L.newString(name), try L.newFunction(name, f)) }
    }

    static func rep(_ L: LuaState) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        let n = try L.checkInteger(2)
        let sep = L.argument(3).isNil ? UnsafeBufferPointer<UInt8>(start: nil, count: 0) : try L.checkBytes(3)
        if n <= 0 { try L.push(try L.newString("")); return 1 }
        let total = (Int64(s.count) + Int64(sep.count)).multipliedReportingOverflow(by: n)
        if total.overflow || total.partialValue > Int64(Int32.max) { throw L.error("resulting string too large") }
        try L.charge(0)
        let count = Int(total.partialValue) - sep.count
        let r = try L.newString(count: count) { out in
            var o = 0
            for j in 0..<Int(n) {
                if let b = s.baseAddress { (out + o).update(from: b, count: s.count) }
                o += s.count
                if j < Int(n) - 1, let b = sep.baseAddress { (out + o).update(from: b, count: sep.count); o += sep.count }
            }
        }
        try L.push(r)
        return 1
    }

    static func sub(_ L: LuaState) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        let l = Int64(s.count)
        var i = try L.optionalInteger(2, 1)
        var j = try L.optionalInteger(3, -1)
        if i < 0 { i = max(l + i + 1, 1) } else if i == 0 { i = 1 }
        if j < 0 { j = l + j + 1 } else if j > l { j = l }
        if i > j { try L.push(try L.newString("")); return 1 }
        try L.push(try L.newString(UnsafeBufferPointer(rebasing: s[Int(i - 1)..<Int(j)])))
        return 1
    }

    static func caseMap(_ L: LuaState, upper: Bool) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        var out = Array(s)
        for k in 0..<out.count {
            let c = out[k]
            if upper && c >= 97 && c <= 122 { out[k] = c - 32 }
            if !upper && c >= 65 && c <= 90 { out[k] = c + 32 }
        }
        try L.push(try L.newString(out))
        return 1
    }

    static func byte(_ L: LuaState) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        let i = try L.optionalInteger(2, 1)
        let j = try L.optionalInteger(3, i)
        let l = Int64(s.count)
        let a = i < 0 ? max(l + i + 1, 1) : max(i, 1)
        let b = j < 0 ? l + j + 1 : min(j, l)
        if a > b { return 0 }
        for k in a...b { try L.push(.integer(Int64(s[Int(k - 1)]))) }
        return Int(b - a + 1)
    }

    static func char(_ L: LuaState) throws(LuaError) -> Int {
        var out: [UInt8] = []
        let n = L.argumentCount
        if n > 0 {
            for i in 1...n {
                let c = try L.checkInteger(i)
                if c < 0 || c > 255 { throw L.argumentError(i, "value out of range") }
                out.append(UInt8(c))
            }
        }
        try L.push(try L.newString(out))
        return 1
    }
}
