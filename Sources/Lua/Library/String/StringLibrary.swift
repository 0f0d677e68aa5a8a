// The string library (the reference's lstrlib.c): opening it, and the functions that work on
// one string at a time (len, sub, byte, char, rep, reverse, upper, lower, dump). Pattern
// matching lives in StringMatching.swift, `format` in StringFormat.swift, and
// pack/unpack/packsize in StringPacking.swift. The string metatable (with its arithmetic
// metamethods) is created by `StringMetatable` in StandardLibraries.swift.
//
// Cost model for the step budget (rates in VM/CostModel.swift): besides the call itself,
// functions whose work grows with their input charge for the bytes they copy (`sub`, `rep`)
// or examine one by one (`upper`, `lower`, `reverse`) and for the values they push or read
// (`byte`, `char`), and the matching functions one step per match attempt (see
// StringMatching.swift), so a script cannot hide unbounded work inside a native call. The
// charge is a pure function of the arguments, hence identical on every target.

/// Fills the `string` table created by `StringMetatable`.
enum StringLibrary {
    /// Installs the functions in the `string` table (which is also the strings' `__index`).
    static func open(_ L: LuaState) throws(LuaError) {
        let string = L.rawGet(L.loadedModules, try L.newString("string"))
        try L.setFunctions(functions, in: string)
    }

    nonisolated(unsafe) static let functions: [LuaLibraryFunction] = [
        .init("byte", byte), .init("char", char), .init("dump", dump), .init("find", find), .init("format", format),
        .init("gmatch", gmatch), .init("gsub", gsub), .init("len", len), .init("lower", lower), .init("match", match),
        .init("rep", rep), .init("reverse", reverse), .init("sub", sub), .init("upper", upper),
        .init("pack", pack), .init("packsize", packsize), .init("unpack", unpack),
    ]

    // MARK: Positions

    /// posrelatI: a 1-based start position; negative counts from the end; the result is
    /// clipped to [1, ∞) (it may lie beyond the string).
    static func startPosition(_ pos: Int64, length: Int) -> Int64 {
        if pos > 0 { return pos }
        if pos == 0 { return 1 }
        if pos < -Int64(length) { return 1 }
        return Int64(length) + pos + 1
    }

    /// getendpos: argument `arg` (default `def`) as an end position clipped to [0, length].
    static func endPosition(_ L: LuaState, _ arg: Int, default def: Int64, length: Int) throws(LuaError) -> Int64 {
        let pos = try L.optionalInteger(arg, def)
        let l = Int64(length)
        if pos > l { return l }
        if pos >= 0 { return pos }
        if pos < -l { return 0 }
        return l + pos + 1
    }

    // MARK: Shared helpers

    /// luaL_checkstack: room for `n` more values, or "stack overflow (<message>)".
    static func reserveResults(_ L: LuaState, _ n: Int, _ message: StaticString) throws(LuaError) {
        let th = L.thread
        if th.pointee.stackSize - th.pointee.top > n { return }
        if n >= StackLimits.maxStack || th.pointee.top + StackLimits.extra > StackLimits.maxStack - n {
            throw L.error([UInt8]("stack overflow (") + message.bytes + [UInt8(ascii: ")")])
        }
        try L.ensureStack(th, n)
    }

    /// Pushes a new string of `count` bytes written by `fill` (which must write them all), a
    /// byte at a time: charged as a scan of `count` bytes.
    static func pushString(_ L: LuaState, count: Int, _ fill: (UnsafeMutablePointer<UInt8>) -> Void) throws(LuaError) -> Int {
        try L.chargeScan(count)
        try L.push(try L.newString(count: count, fill: fill))
        return 1
    }

    // MARK: Functions

    /// string.len(s)
    static func len(_ L: LuaState) throws(LuaError) -> Int {
        try L.push(.integer(Int64(try L.checkBytes(1).count)))
        return 1
    }

    /// string.sub(s, i [, j]): the bytes from i to j (negative positions count from the end).
    static func sub(_ L: LuaState) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        let start = startPosition(try L.checkInteger(2), length: s.count)
        let end = try endPosition(L, 3, default: -1, length: s.count)
        if start > end {
            try L.push(try L.newString(""))
        } else {
            // start ≥ 1 and start ≤ end ≤ count, so both fit in Int.
            try L.chargeCopy(Int(end - start) + 1)
            try L.push(try L.newString(UnsafeBufferPointer(rebasing: s[Int(start - 1)..<Int(end)])))
        }
        return 1
    }

    /// string.reverse(s)
    static func reverse(_ L: LuaState) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        let n = s.count
        return try pushString(L, count: n) { out in
            for i in 0..<n { out[i] = s[n - 1 - i] }
        }
    }

    /// string.lower(s): ASCII letters only (the C locale).
    static func lower(_ L: LuaState) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        return try pushString(L, count: s.count) { out in
            for i in 0..<s.count {
                let c = s[i]
                out[i] = c &- 0x41 < 26 ? c | 0x20 : c
            }
        }
    }

    /// string.upper(s): ASCII letters only (the C locale).
    static func upper(_ L: LuaState) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        return try pushString(L, count: s.count) { out in
            for i in 0..<s.count {
                let c = s[i]
                out[i] = c &- 0x61 < 26 ? c & 0xDF : c
            }
        }
    }

    /// string.rep(s, n [, sep]): n copies of s separated by sep.
    static func rep(_ L: LuaState) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        let n = try L.checkInteger(2)
        let sep = L.argument(3).isNil ? UnsafeBufferPointer<UInt8>(start: nil, count: 0) : try L.checkBytes(3)
        let unit = Int64(s.count) + Int64(sep.count)
        if n <= 0 || unit == 0 {
            try L.push(try L.newString(""))
            return 1
        }
        // The reference's MAXSIZE (INT_MAX): also what keeps the Int conversions exact on wasm32.
        if unit > Int64(PackFormatReader.maxSize) / n { throw L.error("resulting string too large") }
        let count = Int(unit * n - Int64(sep.count))
        // A result beyond the memory budget fails as such, before any step is charged.
        if Int64(count) > L.remainingMemory { throw L.budgetExceeded(.memory) }
        try L.chargeCopy(count)
        // The result is `s..sep` repeated, cut short: write one period, then double the
        // written prefix (a periodic prefix copied after itself stays periodic), so short
        // units cost a few block copies, not one call per copy.
        let period = Int(unit)
        try L.push(try L.newString(count: count) { out in
            var o = 0
            if let b = s.baseAddress { copyBytes(out, b, min(s.count, count)) }
            o = min(s.count, count)
            if o < count, let b = sep.baseAddress { copyBytes(out + o, b, min(sep.count, count - o)) }
            o = min(period, count)
            while o < count {
                let chunk = min(o, count - o)
                copyBytes(out + o, out, chunk)
                o += chunk
            }
        })
        return 1
    }

    /// string.byte(s [, i [, j]]): the byte values from i (default 1) to j (default i).
    static func byte(_ L: LuaState) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        let pi = try L.optionalInteger(2, 1)
        let first = startPosition(pi, length: s.count)
        let last = try endPosition(L, 3, default: pi, length: s.count)
        if first > last { return 0 }
        // last ≤ count, so the slice length fits in Int.
        let n = Int(last - first) + 1
        try reserveResults(L, n, "string slice too long")
        try L.chargeElements(n)
        let base = Int(first) - 1
        for i in 0..<n { try L.push(.integer(Int64(s[base + i]))) }
        return n
    }

    /// string.char(...): a string of the given byte values.
    static func char(_ L: LuaState) throws(LuaError) -> Int {
        let n = L.argumentCount
        var i = 1
        while i <= n {
            let c = try L.checkInteger(i)
            if UInt64(bitPattern: c) > 255 { throw L.argumentError(i, "value out of range") }
            i += 1
        }
        try L.chargeElements(n)
        return try pushString(L, count: n) { out in
            for k in 0..<n { out[k] = UInt8(truncatingIfNeeded: L.toInteger(L.argument(k + 1)) ?? 0) }
        }
    }

    /// string.dump(f [, strip]): the binary chunk of a Lua function (Bytecode/ChunkDump.swift);
    /// native functions cannot be dumped, with lua5.4's message.
    static func dump(_ L: LuaState) throws(LuaError) -> Int {
        let strip = !L.argument(2).isFalsy
        try L.checkType(1, .function)
        guard let chunk = L.dumpFunction(L.argument(1), strip: strip) else { throw L.error("unable to dump given function") }
        try L.consumeSteps(Int64(chunk.count) / 16)
        try L.push(try L.newString(chunk))
        return 1
    }
}
