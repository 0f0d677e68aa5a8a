// PROVISIONAL: a few string/table/math functions so the VM can be tested before the real
// libraries of issue 4 exist. Replace by the real libraries (and delete this file) when
// they land: they must fill the `string` table created by StringMetatable, and register
// `table`, `math` and `utf8`.

enum ProvisionalLibraries {
    static func open(_ L: LuaState) throws(LuaError) {
        let string = L.rawGet(L.loadedModules, try L.newString("string"))
        let stringFunctions: [(StaticString, LuaNativeFunction)] = [
            ("len", { L throws(LuaError) in try L.push(.integer(Int64(try L.checkBytes(1).count))); return 1 }),
            ("rep", rep), ("sub", sub), ("upper", { L throws(LuaError) in try caseMap(L, upper: true) }),
            ("lower", { L throws(LuaError) in try caseMap(L, upper: false) }), ("byte", byte), ("char", char),
        ]
        for (name, f) in stringFunctions { try L.rawSet(string, try L.newString(name), try L.newFunction(name, f)) }
        try L.registerLibrary("table", [("insert", insert), ("remove", remove), ("concat", concat),
                                        ("unpack", unpack), ("pack", pack)])
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

    static func insert(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkType(1, .table)
        let t = L.argument(1)
        let e = try L.lengthAsInteger(t) &+ 1
        switch L.argumentCount {
        case 2:
            try L.set(t, .integer(e), L.argument(2))
        case 3:
            let pos = try L.checkInteger(2)
            if UInt64(bitPattern: pos &- 1) >= UInt64(bitPattern: e) { throw L.argumentError(2, "position out of bounds") }
            var i = e
            while i > pos { try L.set(t, .integer(i), try L.get(t, .integer(i - 1))); i -= 1 }
            try L.set(t, .integer(pos), L.argument(3))
        default:
            throw L.error("wrong number of arguments to 'insert'")
        }
        return 0
    }

    static func remove(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkType(1, .table)
        let t = L.argument(1)
        let size = try L.lengthAsInteger(t)
        var pos = try L.optionalInteger(2, size)
        if pos != size && UInt64(bitPattern: pos &- 1) > UInt64(bitPattern: size) {
            throw L.argumentError(1, "position out of bounds")  // (sic: the reference says #1)
        }
        try L.push(try L.get(t, .integer(pos)))  // on the stack before calling back into Lua
        while pos < size {
            try L.set(t, .integer(pos), try L.get(t, .integer(pos + 1)))
            pos += 1
        }
        try L.set(t, .integer(pos), .nil)
        return 1
    }

    static func concat(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkType(1, .table)
        let t = L.argument(1)
        let sep = L.argument(2).isNil ? [] : L.bytes(of: try L.checkString(2))
        let i = try L.optionalInteger(3, 1)
        let j = L.argument(4).isNil ? try L.lengthAsInteger(t) : try L.checkInteger(4)
        var out: [UInt8] = []
        var k = i
        while k <= j {
            let v = try L.get(t, .integer(k))
            guard let s = try L.toStringValue(v) else {
                throw L.error(Array("invalid value (at index ".utf8) + decimal(k) + Array(") in table for 'concat'".utf8))
            }
            out += L.buffer(of: s)
            if k < j { out += sep }
            if k == Int64.max { break }
            k += 1
        }
        try L.push(try L.newString(out))
        return 1
    }

    static func unpack(_ L: LuaState) throws(LuaError) -> Int {
        let t = L.argument(1)
        let i = try L.optionalInteger(2, 1)
        let e = L.argument(3).isNil ? try L.lengthAsInteger(t) : try L.checkInteger(3)
        if i > e { return 0 }
        let n = UInt64(bitPattern: e &- i)
        if n >= 1_000_000 { throw L.error("too many results to unpack") }
        for k in 0...Int64(n) { try L.push(try L.get(t, .integer(i &+ k))) }
        return Int(n) + 1
    }

    static func pack(_ L: LuaState) throws(LuaError) -> Int {
        let n = L.argumentCount
        let t = try L.newTable(arrayCapacity: n, hashCapacity: 1)
        if n > 0 { for i in 1...n { try L.rawSet(t, index: Int64(i), L.argument(i)) } }
        try L.rawSet(t, try L.newString("n"), .integer(Int64(n)))
        try L.push(t)
        return 1
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
