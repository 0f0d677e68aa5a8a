// The table library (the reference's ltablib.c of Lua 5.4.4): insert, remove, move, concat,
// pack, unpack and sort (TableSort.swift).
//
// Element access goes through `__index`/`__newindex` like the reference's lua_geti/lua_seti,
// with a fast path for plain array slots; a value that is not a table is accepted when its
// metatable has the metamethods the function needs (checktab). Loops whose length comes from
// the script (a `__len` may claim any size) charge one step per element, so the step budget
// bounds them.

/// Registers `table`.
enum TableLibrary {
    static func open(_ L: LuaState) throws(LuaError) {
        try L.registerLibrary("table", functions)
    }

    nonisolated(unsafe) static let functions: [LuaLibraryFunction] = [
        .init("concat", concat), .init("insert", insert), .init("pack", pack), .init("unpack", unpack),
        .init("remove", remove), .init("move", move), .init("sort", TableSort.sort),
    ]

    /// What a function needs from a table-like argument (checktab's TAB_R/TAB_W/TAB_L).
    struct Access: OptionSet {
        let rawValue: UInt8
        static let read = Access(rawValue: 1)
        static let write = Access(rawValue: 2)
        static let length = Access(rawValue: 4)
    }

    /// Accepts a table, or a value whose metatable has the metamethods for `what`; otherwise
    /// "table expected, got …" (checktab).
    static func checkTable(_ L: LuaState, _ arg: Int, _ what: Access) throws(LuaError) {
        let v = L.argument(arg)
        if v.tag == .table { return }
        if L.metatable(of: v) != nil
            && (!what.contains(.read) || !L.metamethod(v, .index).isNil)
            && (!what.contains(.write) || !L.metamethod(v, .newindex).isNil)
            && (!what.contains(.length) || !L.metamethod(v, .len).isNil) {
            return
        }
        throw L.argumentTypeError(arg, "table")
    }

    /// Checks argument `arg` for `what` plus length, then returns `#t` (aux_getn).
    static func checkedLength(_ L: LuaState, _ arg: Int, _ what: Access) throws(LuaError) -> Int64 {
        try checkTable(L, arg, what.union(.length))
        return try length(L, L.argument(arg))
    }

    /// `#v` with `__len` as an integer (luaL_len). Unlike `LuaState.lengthAsInteger`, a
    /// `__len` result that is a numeric string is accepted, as lua_tointegerx does.
    static func length(_ L: LuaState, _ v: LuaValue) throws(LuaError) -> Int64 {
        if let n = L.toInteger(try L.length(v)) { return n }
        throw L.error("object length is not an integer")
    }

    /// `t[i]` with `__index` (lua_geti): plain array slots directly, the rest through `get`.
    @inline(__always)
    static func geti(_ L: LuaState, _ t: LuaValue, _ i: Int64) throws(LuaError) -> LuaValue {
        if t.tag == .table, let slot = t.table.slot(int: i), !slot.pointee.isNil { return slot.pointee }
        return try L.get(t, .integer(i))
    }

    /// `t[i] = v` with `__newindex` (lua_seti): an existing non-nil slot is overwritten
    /// directly (no metamethod applies then), everything else goes through `set`.
    @inline(__always)
    static func seti(_ L: LuaState, _ t: LuaValue, _ i: Int64, _ v: LuaValue) throws(LuaError) {
        if t.tag == .table, !v.isNil, let slot = t.table.slot(int: i), !slot.pointee.isNil {
            slot.pointee = v
            return
        }
        try L.set(t, .integer(i), v)
    }

    /// One element handled by a native loop (CostModel.stepsPerElement).
    @inline(__always)
    static func chargeElement(_ L: LuaState) throws(LuaError) {
        try L.chargeElements(1)
    }

    // MARK: insert, remove, move

    /// `table.insert(t, [pos,] v)`: shifts `t[pos..#t]` up by one.
    static func insert(_ L: LuaState) throws(LuaError) -> Int {
        let e = try checkedLength(L, 1, [.read, .write]) &+ 1  // first empty element
        let t = L.argument(1)
        let pos: Int64
        switch L.argumentCount {
        case 2:
            pos = e
        case 3:
            pos = try L.checkInteger(2)
            // pos must be in [1, e] (compared as unsigned, like the reference).
            if UInt64(bitPattern: pos) &- 1 >= UInt64(bitPattern: e) { throw L.argumentError(2, "position out of bounds") }
            var i = e
            while i > pos {
                try chargeElement(L)
                try seti(L, t, i, try geti(L, t, i - 1))
                i -= 1
            }
        default:
            throw L.error("wrong number of arguments to 'insert'")
        }
        try seti(L, t, pos, L.argument(L.argumentCount))
        return 0
    }

    /// `table.remove(t [, pos])`: returns `t[pos]` and shifts the elements above it down.
    static func remove(_ L: LuaState) throws(LuaError) -> Int {
        let size = try checkedLength(L, 1, [.read, .write])
        let t = L.argument(1)
        var pos = try L.optionalInteger(2, size)
        // A given position must be in [1, size + 1]; the reference reports it as argument #1.
        if pos != size && UInt64(bitPattern: pos) &- 1 > UInt64(bitPattern: size) {
            throw L.argumentError(1, "position out of bounds")
        }
        try L.push(try geti(L, t, pos))  // the result, anchored on the stack
        while pos < size {
            try chargeElement(L)
            try seti(L, t, pos, try geti(L, t, pos + 1))
            pos += 1
        }
        try seti(L, t, pos, .nil)
        return 1
    }

    /// `table.move(a1, f, e, t [, a2])`: copies `a1[f..e]` to `a2[t..]`, in the direction that
    /// is safe when the ranges overlap in the same table.
    static func move(_ L: LuaState) throws(LuaError) -> Int {
        let f = try L.checkInteger(2)
        let e = try L.checkInteger(3)
        let t = try L.checkInteger(4)
        let destinationArg = L.argument(5).isNil ? 1 : 5
        try checkTable(L, 1, .read)
        try checkTable(L, destinationArg, .write)
        let source = L.argument(1), destination = L.argument(destinationArg)
        if e >= f {
            if !(f > 0 || e < Int64.max + f) { throw L.argumentError(3, "too many elements to move") }
            let n = e - f + 1  // cannot overflow after the check above
            if !(t <= Int64.max - n + 1) { throw L.argumentError(4, "destination wrap around") }
            var forward = t > e || t <= f
            if !forward && destinationArg != 1 { forward = !(try L.equal(source, destination)) }
            if forward {
                var i: Int64 = 0
                while i < n {
                    try L.addSteps(CostModel.stepsPerMovedElement)
                    try seti(L, destination, t + i, try geti(L, source, f + i))
                    i += 1
                }
            } else {
                var i = n - 1
                while i >= 0 {
                    try L.addSteps(CostModel.stepsPerMovedElement)
                    try seti(L, destination, t + i, try geti(L, source, f + i))
                    i -= 1
                }
            }
        }
        try L.push(destination)
        return 1
    }

    // MARK: concat

    /// `table.concat(t [, sep [, i [, j]]])`.
    static func concat(_ L: LuaState) throws(LuaError) -> Int {
        var last = try checkedLength(L, 1, .read)
        let t = L.argument(1)
        // (Argument 2 stays on the stack, so its bytes stay valid even if a metamethod runs.)
        let separator = L.argument(2).isNil ? UnsafeBufferPointer<UInt8>(start: nil, count: 0) : L.buffer(of: try L.checkString(2))
        var i = try L.optionalInteger(3, 1)
        last = try L.optionalInteger(4, last)
        // The result grows in a buffer counted against the memory budget; every byte
        // appended, separators included, is charged as a copy.
        var out = ResultBuffer()
        defer { out.release(L) }
        func add(_ bytes: UnsafeBufferPointer<UInt8>) throws(LuaError) {
            try L.chargeCopy(bytes.count)
            try out.append(L, bytes)
        }
        func addField(_ i: Int64) throws(LuaError) {
            try chargeElement(L)
            let v = try geti(L, t, i)
            if v.isString {
                try add(L.buffer(of: v))
            } else if v.isNumber {
                let text = L.numberToBytes(v)
                try text.withUnsafeBufferPointer { (b) throws(LuaError) in try add(b) }
            } else {
                throw L.error([UInt8]("invalid value (") + v.typeName.bytes + [UInt8](") at index ") + decimal(i)
                              + [UInt8](" in table for 'concat'"))
            }
        }
        while i < last {
            try addField(i)
            try add(separator)
            i += 1
        }
        if i == last { try addField(i) }
        try L.push(try L.newString(out.bytes))
        return 1
    }

    // MARK: pack, unpack

    /// `table.pack(...)`: the arguments in a new table with field `n`.
    static func pack(_ L: LuaState) throws(LuaError) -> Int {
        let n = L.argumentCount
        try L.chargeElements(n)
        let t = try L.newTable(arrayCapacity: n, hashCapacity: 1)
        var i = n
        while i >= 1 {
            try L.rawSet(t, index: Int64(i), L.argument(i))
            i -= 1
        }
        try L.setField(t, "n", .integer(Int64(n)))
        try L.push(t)
        return 1
    }

    /// `table.unpack(t [, i [, j]])`: `t[i], ..., t[j]`.
    static func unpack(_ L: LuaState) throws(LuaError) -> Int {
        let t = L.argument(1)
        var i = try L.optionalInteger(2, 1)
        let e = L.argument(3).isNil ? try length(L, t) : try L.checkInteger(3)
        if i > e { return 0 }
        let n = UInt64(bitPattern: e) &- UInt64(bitPattern: i)  // number of elements minus 1
        if n >= UInt64(Int32.max) { throw L.error("too many results to unpack") }
        if !(try canGrowStack(L, Int(n) + 1)) { throw L.error("too many results to unpack") }
        try L.chargeElements(Int(n) + 1)
        while i < e {
            try L.push(try geti(L, t, i))
            i += 1
        }
        try L.push(try geti(L, t, e))
        return Int(n) + 1
    }

    /// Makes room for `n` more values on the stack if the stack limit allows it (lua_checkstack).
    static func canGrowStack(_ L: LuaState, _ n: Int) throws(LuaError) -> Bool {
        let th = L.thread
        if th.pointee.stackSize - th.pointee.top > n { return true }
        let inUse = th.pointee.top + StackLimits.extra
        if inUse > StackLimits.maxStack - n { return false }
        try L.growStack(th, n)
        return true
    }
}
