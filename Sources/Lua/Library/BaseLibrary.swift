// The base library (the reference's lbaselib.c): print, type, tostring, tonumber, pairs,
// ipairs, next, select, raw access, metatables, assert, error, pcall, xpcall, load and
// collectgarbage. `print` writes to the run's output buffer.

enum BaseLibrary {
    /// Installs the base functions in the global table.
    nonisolated(unsafe) static let functions: [LuaLibraryFunction] = [
        .init("assert", assert), .init("collectgarbage", collectgarbage), .init("error", error),
        .init("getmetatable", getmetatable), .init("ipairs", ipairs), .init("load", load), .init("next", next),
        .init("print", print), .init("rawequal", rawequal), .init("rawget", rawget),
        .init("rawlen", rawlen), .init("rawset", rawset), .init("select", select), .init("setmetatable", setmetatable),
        .init("tonumber", tonumber), .init("tostring", tostring), .init("type", type), .init("warn", warn),
    ]

    static func open(_ L: LuaState) throws(LuaError) {
        try L.setFunctions(functions, in: L.globals)
        L.g.pointee.nextFunction = try L.getGlobal("next")
        L.g.pointee.ipairsIterator = try L.newFunction("ipairs_iterator", ipairsIterator)
        try L.setSpecialFunction(L.globals, "pcall", .pcall)
        try L.setSpecialFunction(L.globals, "xpcall", .xpcall)
        // pairs is special so that a __pairs metamethod may yield; `pairs` below is its body
        // for other values.
        try L.setSpecialFunction(L.globals, "pairs", .pairs, pairs)
        try L.setGlobal("_G", L.globals)
        try L.setGlobal("_VERSION", try L.newString("Lua 5.4"))
    }

    /// Body of the special functions, which the VM never calls as ordinary natives.
    static func unreachable(_ L: LuaState) throws(LuaError) -> Int { 0 }

    static func print(_ L: LuaState) throws(LuaError) -> Int {
        let n = L.argumentCount
        var line: [UInt8] = []
        for i in 1...max(n, 1) where i <= n {
            if i > 1 { line.append(9) }
            let s = try L.toDisplayString(L.argument(i))
            line.append(contentsOf: L.buffer(of: s))
        }
        line.append(10)
        try L.write(line)
        return 0
    }

    /// warn(msg1, ...): one warning made of its pieces, written to standard error when
    /// warnings are on ("@on" / "@off", as lua.c's warning function; GC/Finalizers.swift).
    static func warn(_ L: LuaState) throws(LuaError) -> Int {
        let n = L.argumentCount
        _ = try L.checkString(1)
        if n >= 2 { for i in 2...n { _ = try L.checkString(i) } }
        for i in 1...n { try L.warning(L.bytes(of: L.argument(i)), continues: i < n) }
        return 0
    }

    static func type(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkAny(1)
        try L.push(try L.newString(L.argument(1).typeName))
        return 1
    }

    static func tostring(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkAny(1)
        try L.push(try L.toDisplayString(L.argument(1)))
        return 1
    }

    static func tonumber(_ L: LuaState) throws(LuaError) -> Int {
        if L.argument(2).isNil {
            let v = L.argument(1)
            if v.isNumber { try L.push(v); return 1 }
            if v.isString, let n = L.stringToNumber(L.buffer(of: v)) { try L.push(n); return 1 }
            try L.checkAny(1)
        } else {
            let base = try L.checkInteger(2)
            try L.checkType(1, .string)
            if base < 2 || base > 36 { throw L.argumentError(2, "base out of range") }
            try L.addSteps(CostModel.steps(L.buffer(of: L.argument(1)).count, per: CostModel.numeralBytesPerStep))
            if let n = stringToInteger(L.buffer(of: L.argument(1)), base: base) { try L.push(.integer(n)); return 1 }
        }
        try L.push(.nil)
        return 1
    }

    /// Converts a numeral in `base` (2...36) with optional sign and surrounding spaces.
    static func stringToInteger(_ s: UnsafeBufferPointer<UInt8>, base: Int64) -> Int64? {
        func isSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }
        func digit(_ c: UInt8) -> Int64? {
            switch c {
            case 48...57: Int64(c - 48)
            case 65...90: Int64(c - 65 + 10)
            case 97...122: Int64(c - 97 + 10)
            default: nil
            }
        }
        var i = 0
        while i < s.count && isSpace(s[i]) { i += 1 }
        var negative = false
        if i < s.count && s[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if i < s.count && s[i] == UInt8(ascii: "+") { i += 1 }
        guard i < s.count, digit(s[i]) != nil else { return nil }
        var n: UInt64 = 0
        while i < s.count, let d = digit(s[i]) {
            if d >= base { return nil }
            n = n &* UInt64(base) &+ UInt64(d)
            i += 1
        }
        while i < s.count && isSpace(s[i]) { i += 1 }
        if i != s.count { return nil }
        return Int64(bitPattern: negative ? 0 &- n : n)
    }

    static func ipairs(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkAny(1)
        try L.push(L.g.pointee.ipairsIterator)
        try L.push(L.argument(1))
        try L.push(.integer(0))
        return 3
    }

    static func ipairsIterator(_ L: LuaState) throws(LuaError) -> Int {
        let i = (try L.checkInteger(2)) &+ 1
        let t = L.argument(1)
        let v: LuaValue
        if t.tag == .table, let slot = t.table.slot(int: i), !slot.pointee.isNil { v = slot.pointee }
        else { v = try L.get(t, .integer(i)) }
        try L.push(.integer(i))
        try L.push(v)
        return v.isNil ? 1 : 2
    }

    static func pairs(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkAny(1)
        let t = L.argument(1)
        if let mt = L.metatable(of: t) {
            let f = mt.get(L.cachedName(.pairs))
            if !f.isNil {
                let r = try L.call(f, [t], results: 3)
                for v in r { try L.push(v) }
                return 3
            }
        }
        try L.push(try L.getGlobalNext())
        try L.push(t)
        try L.push(.nil)
        return 3
    }

    static func next(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkType(1, .table)
        if let (k, v) = try L.next(L.argument(1), after: L.argument(2)) {
            try L.push(k)
            try L.push(v)
            return 2
        }
        try L.push(.nil)
        return 1
    }

    static func select(_ L: LuaState) throws(LuaError) -> Int {
        let n = Int64(L.argumentCount)
        let first = L.argument(1)
        if first.isString && L.buffer(of: first).first == UInt8(ascii: "#") {
            try L.push(.integer(n - 1))
            return 1
        }
        var i = try L.checkInteger(1)
        if i < 0 { i = n + i } else if i > n { i = n }
        if i < 1 { throw L.argumentError(1, "index out of range") }
        return Int(n - i)
    }

    static func rawequal(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkAny(1)
        try L.checkAny(2)
        try L.push(.bool(try L.rawEqualCharged(L.argument(1), L.argument(2))))
        return 1
    }

    static func rawlen(_ L: LuaState) throws(LuaError) -> Int {
        let v = L.argument(1)
        if !(v.isTable || v.isString) { throw L.argumentTypeError(1, "table or string") }
        try L.push(.integer(L.rawLength(v)))
        return 1
    }

    static func rawget(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkType(1, .table)
        try L.checkAny(2)
        try L.push(L.rawGet(L.argument(1), L.argument(2)))
        return 1
    }

    static func rawset(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkType(1, .table)
        try L.checkAny(2)
        try L.checkAny(3)
        try L.rawSet(L.argument(1), L.argument(2), L.argument(3))
        try L.push(L.argument(1))
        return 1
    }

    static func getmetatable(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkAny(1)
        guard let mt = L.metatable(of: L.argument(1)) else { try L.push(.nil); return 1 }
        let protected = mt.get(L.cachedName(.metatable))
        try L.push(protected.isNil ? LuaValue(mt) : protected)
        return 1
    }

    static func setmetatable(_ L: LuaState) throws(LuaError) -> Int {
        let mt = L.argument(2)
        try L.checkType(1, .table)
        if !(mt.isNil || mt.isTable) || L.argumentCount < 2 { throw L.argumentTypeError(2, "nil or table") }
        let t = L.argument(1)
        if let old = t.table.pointee.metatable, !old.get(L.cachedName(.metatable)).isNil {
            throw L.error("cannot change a protected metatable")
        }
        L.setMetatable(t, mt)
        try L.push(t)
        return 1
    }

    static func assert(_ L: LuaState) throws(LuaError) -> Int {
        if !L.argument(1).isFalsy { return L.argumentCount }
        try L.checkAny(1)
        let message = L.argumentCount >= 2 ? L.argument(2) : try L.newString("assertion failed!")
        throw try raise(L, message, level: 1)
    }

    static func error(_ L: LuaState) throws(LuaError) -> Int {
        let level = try L.optionalInteger(2, 1)
        throw try raise(L, L.argument(1), level: level)
    }

    /// The error value of `error(v, level)`: strings get the position of `level`.
    static func raise(_ L: LuaState, _ v: LuaValue, level: Int64) throws(LuaError) -> LuaError {
        if v.isString && level > 0 {
            let prefix = L.positionPrefix(level: Int(clamping: level))
            if !prefix.isEmpty {
                // `error(s)` in a loop under pcall copies s each time: charged, and built in
                // place (no intermediate arrays the memory budget would not see).
                let body = L.buffer(of: v)
                try L.chargeCopy(prefix.count + body.count)
                let message = try L.newString(count: prefix.count + body.count) { out in
                    prefix.withUnsafeBufferPointer { p in if let b = p.baseAddress { copyBytes(out, b, p.count) } }
                    if let b = body.baseAddress { copyBytes(out + prefix.count, b, body.count) }
                }
                return L.error(value: message)
            }
        }
        return L.error(value: v)
    }

    static func load(_ L: LuaState) throws(LuaError) -> Int {
        let chunk = L.argument(1)
        // Copied at once: a reader function may run the collector, which would free a
        // default mode string that no stack slot holds.
        let modeBytes = L.bytes(of: try L.optionalString(3, "bt"))
        let env: LuaValue? = L.argumentCount >= 4 ? L.argument(4) : nil
        // The source is copied out of the heap for the compiler: that copy (or the buffer
        // the reader's pieces are gathered in) is counted against the memory budget until
        // the chunk is compiled, and every byte gathered is charged as a copy, so a reader
        // that never stops fails quickly with a budget error instead of exhausting the host.
        var buffer = ResultBuffer()
        defer { buffer.release(L) }
        var name: [UInt8]
        if let s = try L.toStringValue(chunk) {
            let text = L.buffer(of: s)
            try L.chargeCopy(text.count)
            try buffer.append(L, text)
            name = L.argument(2).isNil ? buffer.bytes : L.bytes(of: try L.checkString(2))
        } else {
            name = L.argument(2).isNil ? [UInt8]("=(load)") : L.bytes(of: try L.checkString(2))
            try L.checkType(1, .function)
            while true {
                // lua_load runs the reader protected: its errors become load's fail results.
                try L.push(chunk)
                if let e = try L.protectedCall(arguments: 0, results: 1) {
                    try L.push(.nil)
                    try L.push(e)
                    return 2
                }
                let piece = L.top()
                L.pop()
                if piece.isNil { break }
                guard let s = try L.toStringValue(piece) else {  // numbers are strings here too
                    try L.push(.nil)
                    try L.push(try L.newString(L.positionPrefix(level: 1) + [UInt8]("reader function must return a string")))
                    return 2
                }
                if L.buffer(of: s).isEmpty { break }
                try L.chargeCopy(L.buffer(of: s).count)
                try buffer.append(L, L.buffer(of: s))
            }
        }
        let source = buffer.bytes
        // Text or binary, as `mode` allows (Bytecode/ChunkUndump.swift); compiling costs steps
        // (per source byte and per search entry) and its memory is bounded (`LuaState.load`).
        switch try BinaryChunk.load(L, source, chunkName: name, mode: modeBytes, env: env) {
        case .success(let f):
            try L.push(f)
            return 1
        case .failure(let e):
            try L.push(.nil)
            try L.push(try L.newString(e.message))
            return 2
        }
    }

    static func collectgarbage(_ L: LuaState) throws(LuaError) -> Int {
        let options: [StaticString] = ["stop", "restart", "collect", "count", "step", "setpause", "setstepmul",
                                       "isrunning", "generational", "incremental"]
        let opt = try L.checkOption(1, "collect", options)
        let g = L.g
        // Inside a finalizer every option is refused (lua_gc answers -1 under GCSTPGC).
        if g.pointee.finalizers.running {
            try L.push(.nil)
            return 1
        }
        switch opt {
        case 0:
            g.pointee.gcStopped = true
            try L.push(.integer(0))
        case 1:
            g.pointee.gcStopped = false
            g.pointee.gcThreshold = g.pointee.totalBytes
            try L.push(.integer(0))
        case 2:
            try L.collectCharged()
            try L.push(.integer(0))
        case 3:
            try L.push(.float(Double(g.pointee.totalBytes) / 1024))
        case 4:
            _ = try L.optionalInteger(2, 0)
            let wasStopped = g.pointee.gcStopped
            try L.collectCharged()
            g.pointee.gcStopped = wasStopped
            // A step here is a whole cycle. The reference reports the end of a cycle only in
            // incremental mode (in generational mode its collector never rests in "pause").
            try L.push(.bool(g.pointee.gcMode == .incremental))
        case 5, 6:
            let p = try L.optionalInteger(2, 0)
            if opt == 5 {
                let previous = g.pointee.gcPause
                g.pointee.gcPause = max(p, 1)
                try L.push(.integer(previous))
            } else {
                let previous = g.pointee.gcStepMultiplier
                g.pointee.gcStepMultiplier = p
                try L.push(.integer(previous))
            }
        case 7:
            try L.push(.bool(!g.pointee.gcStopped))
        default:
            let previous = g.pointee.gcMode
            g.pointee.gcMode = opt == 8 ? .generational : .incremental
            try L.push(try L.newString(previous == .generational ? "generational" : "incremental"))
        }
        return 1
    }
}

extension LuaState {
    /// Argument `i` as one of `options` (luaL_checkoption); returns its index. The reference
    /// compares and reports the name as a C string: up to its first NUL byte.
    public func checkOption(_ i: Int, _ def: StaticString?, _ options: [StaticString]) throws(LuaError) -> Int {
        let name: [UInt8]
        if let def, argument(i).isNil { name = def.bytes } else { name = try checkCString(i) }
        for (j, o) in options.enumerated() where o.bytes == name { return j }
        throw argumentError(i, [UInt8]("invalid option '") + name + [UInt8(ascii: "'")])
    }

    /// The `next` function (for `pairs`).
    func getGlobalNext() throws(LuaError) -> LuaValue { g.pointee.nextFunction}
}
