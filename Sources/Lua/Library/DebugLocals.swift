// Locals of active functions for debug.getlocal / debug.setlocal (ldblib.c's db_getlocal and
// db_setlocal over ldebug.c's luaG_findlocal and findvararg), and the registry's hook table
// that db_sethook keeps.
//
// A slot has a name when a named local is active at the frame's pc; otherwise any slot
// inside the frame is "(temporary)" (a Lua frame) or "(C temporary)" (a native one), and a
// vararg function's extra arguments are "(vararg)" (negative indices).

extension DebugLibrary {
    /// The name and stack index of local `n` of frame `fi` of `th`, or nil (luaG_findlocal).
    static func findLocal(_ th: UnsafeMutablePointer<ThreadObject>, _ fi: Int, _ n: Int64) -> ([UInt8], Int)? {
        let f = th.pointee.frames[fi]
        let isLua = f.status.contains(.lua)
        if isLua {
            let p = th.pointee.stack[f.function].luaClosure.pointee.proto.pointee.info
            if n < 0 {
                guard p.isVararg && -n <= Int64(f.extraArgs) else { return nil }
                return ([UInt8]("(vararg)"), f.function - Int(f.extraArgs) - Int(n + 1))
            }
            if let name = DebugNames.localName(p, Int(n), f.savedPC - 1) { return (name, f.function + Int(n)) }
        }
        // Any slot of the frame, up to the next frame's function (the top for the last one).
        let limit = fi == th.pointee.frameCount - 1 ? th.pointee.top : th.pointee.frames[fi + 1].function
        guard n > 0 && Int64(limit - (f.function + 1)) >= n else { return nil }
        return (isLua ? [UInt8]("(temporary)") : [UInt8]("(C temporary)"), f.function + Int(n))
    }

    /// setlocal([thread,] level, n, value): the local's name, or fail when there is none.
    static func setlocal(_ L: LuaState) throws(LuaError) -> Int {
        let (th, a) = threadArgument(L)
        let level = cInt(try L.checkInteger(a))
        let n = cInt(try L.checkInteger(a + 1))
        guard let fi = frameIndex(th, level) else { throw L.argumentError(a, "level out of range") }
        try L.checkAny(a + 2)
        let value = L.argument(a + 2)
        guard let (name, slot) = findLocal(th, fi, n) else { try L.pushOutOfLine(.nil); return 1 }
        th.pointee.stack[slot] = value
        try L.pushOutOfLine(try L.newString(name))
        return 1
    }

    /// Records `hook` (nil: none) for `th` in the registry's `_HOOKKEY` table, a table with
    /// weak keys that is its own metatable, created on first use (db_sethook). The VM reads
    /// the hook from the thread; the table is what scripts can see of it.
    static func recordHook(_ L: LuaState, _ th: UnsafeMutablePointer<ThreadObject>, _ hook: LuaValue) throws(LuaError) {
        let key = try L.newString("_HOOKKEY")
        var table = L.rawGet(L.registry, key)
        if !table.isTable {
            table = try L.newTable()
            try L.setField(table, "__mode", try L.newString("k"))
            L.setMetatable(table, table)
            try L.rawSet(L.registry, key, table)
        }
        try L.rawSet(table, LuaValue(object: UnsafeMutableRawPointer(th), tag: .thread), hook)
    }
}
