// debug.setlocal (ldblib.c's db_setlocal over ldebug.c's lua_setlocal/luaG_findlocal), the
// writing counterpart of `DebugLibrary.getlocal`: the same locals (named locals active at
// the frame's pc, and "(vararg)" for the extra arguments of a vararg function) can be set.

extension DebugLibrary {
    /// setlocal([thread,] level, n, value): the local's name, or fail when there is none.
    static func setlocal(_ L: LuaState) throws(LuaError) -> Int {
        let (th, a) = threadArgument(L)
        let level = cInt(try L.checkInteger(a))
        let n = cInt(try L.checkInteger(a + 1))
        guard let fi = frameIndex(th, level) else { throw L.argumentError(a, "level out of range") }
        try L.checkAny(a + 2)
        let value = L.argument(a + 2)
        let f = th.pointee.frames[fi]
        guard f.status.contains(.lua) else { try L.push(.nil); return 1 }
        let p = th.pointee.stack[f.function].luaClosure.pointee.proto.pointee.info
        if n > 0, let name = DebugNames.localName(p, Int(n), f.savedPC - 1) {
            th.pointee.stack[f.function + Int(n)] = value
            try L.push(try L.newString(name))
            return 1
        }
        if n < 0 && p.isVararg && -n <= Int64(f.extraArgs) {
            th.pointee.stack[f.function - Int(f.extraArgs) + Int(-n) - 1] = value
            try L.push(try L.newString("(vararg)"))
            return 1
        }
        try L.push(.nil)
        return 1
    }
}
