// The table library (ltablib.c). PROVISIONAL subset until issue 4's full library lands:
// the owner of this file replaces it.

/// Registers `table`.
enum TableLibrary {
    static func open(_ L: LuaState) throws(LuaError) {
        try L.registerLibrary("table", [("insert", insert), ("remove", remove), ("concat", concat),
                                        ("unpack", unpack), ("pack", pack)])
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
}
