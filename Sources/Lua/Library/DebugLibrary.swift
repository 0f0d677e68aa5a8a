// A small debug library (the reference's ldblib.c subset): traceback, getinfo, getlocal,
// metatables, upvalues and their identities, user values, hooks (VM/Hooks.swift).

enum DebugLibrary {
    static func open(_ L: LuaState) throws(LuaError) {
        try L.registerLibrary("debug", functions)
    }

    nonisolated(unsafe) static let functions: [LuaLibraryFunction] = [
        .init("traceback", traceback), .init("getinfo", getinfo), .init("getlocal", getlocal), .init("setlocal", setlocal),
        .init("getmetatable", { L throws(LuaError) in try L.checkAny(1); try L.pushOutOfLine(L.getMetatable(L.argument(1))); return 1 }),
        .init("setmetatable", setmetatable), .init("getupvalue", getupvalue), .init("setupvalue", setupvalue),
        .init("upvalueid", upvalueid), .init("upvaluejoin", upvaluejoin), .init("getregistry", { L throws(LuaError) in try L.pushOutOfLine(L.registry); return 1 }),
        .init("sethook", sethook), .init("gethook", gethook),
        .init("getuservalue", getuservalue), .init("setuservalue", setuservalue),
    ]

    /// The optional thread first argument: (thread, index of the next argument).
    static func threadArgument(_ L: LuaState) -> (UnsafeMutablePointer<ThreadObject>, Int) {
        let v = L.argument(1)
        if v.isThread { return (v.thread, 2) }
        return (L.thread, 1)
    }

    static func traceback(_ L: LuaState) throws(LuaError) -> Int {
        let (th, a) = threadArgument(L)
        let msg = L.argument(a)
        if !msg.isNil && !(msg.isString || msg.isNumber) {
            try L.pushOutOfLine(msg)
            return 1
        }
        let level = cInt(try L.optionalInteger(a + 1, th == L.thread ? 1 : 0))
        var out: [UInt8] = []
        if let s = try L.toStringValue(msg) { out = L.bytes(of: s) + [10] }
        // Level 0 is this native function when tracing the running thread.
        let skip = Int(clamping: max(level, 0))
        // The main thread shows lua.c's own C function at the bottom, as the reference does.
        out += L.traceback(th, level: skip, hostLevel: th == L.g.pointee.mainThread)
        try L.pushOutOfLine(try L.newString(out))
        return 1
    }

    /// The reference reads levels and indices into a C `int` (`(int)luaL_checkinteger`):
    /// huge arguments wrap the same way here, and stay far from Int64 overflow.
    static func cInt(_ v: Int64) -> Int64 { Int64(Int32(truncatingIfNeeded: v)) }

    /// The frame index of stack level `level` in `th`, or nil.
    static func frameIndex(_ th: UnsafeMutablePointer<ThreadObject>, _ level: Int64) -> Int? {
        let top = Int64(th.pointee.frameCount - 1)
        guard level >= 0 && level < top else { return nil }  // the frame index must be >= 1
        return Int(top - level)
    }

    static func getinfo(_ L: LuaState) throws(LuaError) -> Int {
        let (th, a) = threadArgument(L)
        let what = L.argument(a + 1).isNil ? [UInt8]("flnSrtu") : try L.checkCString(a + 1)
        let target = L.argument(a)
        var fn: LuaValue
        var info: FrameInfo? = nil
        var transfer = (first: 0, count: 0)
        if target.isFunction {
            fn = target
        } else {
            guard target.isNumber, let level = L.toInteger(target) else {
                throw L.argumentError(a, "function or level expected")
            }
            guard let fi = frameIndex(th, cInt(level)) else { try L.pushOutOfLine(.nil); return 1 }
            fn = th.pointee.stack[th.pointee.frames[fi].function]
            info = L.frameInfo(th, fi)
            if th.pointee.hook.transferFrame == fi { transfer = (th.pointee.hook.transferFirst, th.pointee.hook.transferCount) }
        }
        for c in what where ![UInt8]("SlnrutfL").contains(c) {
            _ = c
            throw L.argumentError(a + 1, "invalid option")
        }
        let r = try L.newTable()
        func set(_ k: StaticString, _ v: LuaValue) throws(LuaError) { try L.setField(r, k, v) }
        let p: Prototype? = fn.tag == .luaFunction ? fn.luaClosure.pointee.proto.pointee.info : nil
        if what.contains(UInt8(ascii: "S")) {
            if let p {
                try set("source", try L.newString(p.source))
                try set("short_src", try L.newString(ChunkID.make(p.source)))
                try set("linedefined", .integer(Int64(p.lineDefined)))
                try set("lastlinedefined", .integer(Int64(p.lastLineDefined)))
                try set("what", try L.newString(p.lineDefined == 0 ? "main" : "Lua"))
            } else {
                try set("source", try L.newString("=[C]"))
                try set("short_src", try L.newString("[C]"))
                try set("linedefined", .integer(-1))
                try set("lastlinedefined", .integer(-1))
                try set("what", try L.newString("C"))
            }
        }
        if what.contains(UInt8(ascii: "l")) { try set("currentline", .integer(Int64(info?.currentLine ?? -1))) }
        if what.contains(UInt8(ascii: "u")) {
            var nups = 0
            if fn.tag == .luaFunction { nups = Int(fn.luaClosure.pointee.upvalueCount) }
            if fn.tag == .nativeFunction { nups = Int(fn.nativeClosure.pointee.upvalueCount) }
            try set("nups", .integer(Int64(nups)))
            try set("nparams", .integer(Int64(p?.numParams ?? 0)))
            try set("isvararg", .bool(p?.isVararg ?? true))
        }
        if what.contains(UInt8(ascii: "n")) {
            if let d = info?.name {
                try set("name", try L.newString(d.name))
                try set("namewhat", try L.newString(d.kind))
            } else {
                try set("namewhat", try L.newString(""))
            }
        }
        if what.contains(UInt8(ascii: "t")) { try set("istailcall", .bool(info?.isTailCall ?? false)) }
        if what.contains(UInt8(ascii: "r")) {
            try set("ftransfer", .integer(Int64(transfer.first)))
            try set("ntransfer", .integer(Int64(transfer.count)))
        }
        if what.contains(UInt8(ascii: "L")), let p {
            let lines = try L.newTable()
            // (A stripped function has no line information: -1 everywhere, no active lines.)
            for (pc, line) in p.lineInfo.enumerated() where !(p.isVararg && pc == 0) && line >= 0 {
                try L.rawSet(lines, index: Int64(line), .true)
            }
            try set("activelines", lines)
        }
        if what.contains(UInt8(ascii: "f")) { try set("func", fn) }
        try L.pushOutOfLine(r)
        return 1
    }

    static func getlocal(_ L: LuaState) throws(LuaError) -> Int {
        let (th, a) = threadArgument(L)
        let n = cInt(try L.checkInteger(a + 1))
        let target = L.argument(a)
        if target.isFunction {
            if target.tag == .luaFunction, let name = DebugNames.localName(target.luaClosure.pointee.proto.pointee.info, Int(n), 0) {
                try L.pushOutOfLine(try L.newString(name))
            } else {
                try L.pushOutOfLine(.nil)
            }
            return 1
        }
        let level = cInt(try L.checkInteger(a))
        guard let fi = frameIndex(th, level) else { throw L.argumentError(a, "level out of range") }
        guard let (name, slot) = findLocal(th, fi, n) else { try L.pushOutOfLine(.nil); return 1 }
        try L.pushOutOfLine(try L.newString(name))
        try L.pushOutOfLine(th.pointee.stack[slot])
        return 2
    }

    static func setmetatable(_ L: LuaState) throws(LuaError) -> Int {
        let mt = L.argument(2)
        if !(mt.isNil || mt.isTable) { throw L.argumentTypeError(2, "nil or table") }
        let v = L.argument(1)
        if v.isTable || v.isUserdata { L.setMetatable(v, mt) } else { L.setTypeMetatable(v.type, mt) }
        try L.pushOutOfLine(v)
        return 1
    }

    /// sethook([thread,] f, mask [, count]) sets the hook of a thread; sethook([thread])
    /// removes it. The mask letters are "c", "r" and "l"; a count above 0 adds count events.
    static func sethook(_ L: LuaState) throws(LuaError) -> Int {
        let (th, a) = threadArgument(L)
        var hook = HookState()
        if !L.argument(a).isNil {
            let smask = L.bytes(of: try L.checkString(a + 1))
            try L.checkType(a, .function)
            let count = cInt(try L.optionalInteger(a + 2, 0))
            var mask: UInt8 = 0
            if smask.contains(UInt8(ascii: "c")) { mask |= HookState.call }
            if smask.contains(UInt8(ascii: "r")) { mask |= HookState.ret }
            if smask.contains(UInt8(ascii: "l")) { mask |= HookState.line }
            if count > 0 { mask |= HookState.count }
            if mask != 0 {
                hook.function = L.argument(a)
                hook.mask = mask
                hook.count = Int32(max(count, 0))
                hook.countLeft = hook.count
            }
        }
        try recordHook(L, th, hook.function)
        // Keep the state of a hook that is running (sethook called from inside it).
        hook.allowed = th.pointee.hook.allowed
        hook.frameIndex = th.pointee.hook.frameIndex
        hook.stamp = th.pointee.hook.stamp
        th.pointee.hook = hook
        return 0
    }

    /// gethook([thread]): the hook function, its mask and count, or fail.
    static func gethook(_ L: LuaState) throws(LuaError) -> Int {
        let (th, _) = threadArgument(L)
        let h = th.pointee.hook
        guard h.mask != 0 else { try L.pushOutOfLine(.nil); return 1 }
        var smask: [UInt8] = []
        if h.mask & HookState.call != 0 { smask.append(UInt8(ascii: "c")) }
        if h.mask & HookState.ret != 0 { smask.append(UInt8(ascii: "r")) }
        if h.mask & HookState.line != 0 { smask.append(UInt8(ascii: "l")) }
        try L.pushOutOfLine(h.function)
        try L.pushOutOfLine(try L.newString(smask))
        try L.pushOutOfLine(.integer(Int64(h.count)))
        return 3
    }

    /// getuservalue(u [, n]): the value and true, or fail when `u` is not a full userdata
    /// or has no user value `n` (each userdata has at most one).
    static func getuservalue(_ L: LuaState) throws(LuaError) -> Int {
        let n = cInt(try L.optionalInteger(2, 1))
        let u = L.argument(1)
        guard u.isUserdata else { try L.pushOutOfLine(.nil); return 1 }
        guard n == 1 && u.userdataObject.pointee.hasUserValue else { try L.pushOutOfLine(.nil); return 1 }
        try L.pushOutOfLine(u.userdataObject.pointee.userValue)
        try L.pushOutOfLine(.true)
        return 2
    }

    /// setuservalue(u, v [, n]): returns `u`, or fail when there is no user value `n`.
    static func setuservalue(_ L: LuaState) throws(LuaError) -> Int {
        let n = cInt(try L.optionalInteger(3, 1))
        try L.checkType(1, .userdata)
        try L.checkAny(2)
        let u = L.argument(1)
        guard n == 1 && u.userdataObject.pointee.hasUserValue else { try L.pushOutOfLine(.nil); return 1 }
        u.userdataObject.pointee.userValue = L.argument(2)
        try L.pushOutOfLine(u)
        return 1
    }

    /// Name and slot of upvalue `n` of function `f` (1-based), if it exists.
    static func upvalueSlot(_ L: LuaState, _ f: LuaValue, _ n: Int64) -> ([UInt8], UnsafeMutablePointer<LuaValue>)? {
        if f.tag == .luaFunction {
            let c = f.luaClosure
            guard n >= 1 && n <= Int64(c.pointee.upvalueCount) else { return nil }
            let p = c.pointee.proto.pointee.info
            let name = p.upvalues.indices.contains(Int(n - 1)) && !p.upvalues[Int(n - 1)].name.isEmpty
                ? p.upvalues[Int(n - 1)].name : [UInt8]("(no name)")
            return (name, c.pointee.upvalues[Int(n - 1)].pointee.value)
        }
        if f.tag == .nativeFunction {
            let c = f.nativeClosure
            guard n >= 1 && n <= Int64(c.pointee.upvalueCount) else { return nil }
            return ([], c.pointee.upvalues + Int(n - 1))
        }
        return nil
    }

    static func getupvalue(_ L: LuaState) throws(LuaError) -> Int {
        let n = cInt(try L.checkInteger(2))
        try L.checkType(1, .function)
        guard let (name, slot) = upvalueSlot(L, L.argument(1), n) else { return 0 }
        try L.pushOutOfLine(try L.newString(name))
        try L.pushOutOfLine(slot.pointee)
        return 2
    }

    static func setupvalue(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkAny(3)
        let n = cInt(try L.checkInteger(2))
        try L.checkType(1, .function)
        guard let (name, slot) = upvalueSlot(L, L.argument(1), n) else { return 0 }
        slot.pointee = L.argument(3)
        try L.pushOutOfLine(try L.newString(name))
        return 1
    }

    /// The identity of upvalue `n` of the function at `arg`, or nil when there is none (the
    /// reference's `checkupval`: index checked first, then the function type).
    static func upvalueIdentity(_ L: LuaState, _ arg: Int) throws(LuaError) -> Int64? {
        let n = cInt(try L.checkInteger(arg + 1))
        try L.checkType(arg, .function)
        let f = L.argument(arg)
        if f.tag == .luaFunction {
            let c = f.luaClosure
            guard n >= 1 && n <= Int64(c.pointee.upvalueCount) else { return nil }
            // The reference returns a light userdata (the upvalue's address); here a light
            // userdata holding the upvalue's per-run number.
            return c.pointee.upvalues[Int(n - 1)].pointee.id
        }
        // A native closure's upvalue is a slot of that closure: its identity combines the
        // closure's number and the index (a marker bit keeps it apart from Lua upvalues).
        guard upvalueSlot(L, f, n) != nil else { return nil }
        return (1 << 62) | ((L.objectID(f) & 0xFF_FFFF_FFFF_FFFF) &<< 8) | n
    }

    /// 5.4 returns fail (not an error) for an index that names no upvalue.
    static func upvalueid(_ L: LuaState) throws(LuaError) -> Int {
        try L.pushOutOfLine(try upvalueIdentity(L, 1).map { LuaValue.lightUserdata($0) } ?? .nil)
        return 1
    }

    static func upvaluejoin(_ L: LuaState) throws(LuaError) -> Int {
        // Same order of checks as the reference: each (function, index) pair, then the kinds.
        guard try upvalueIdentity(L, 1) != nil else { throw L.argumentError(2, "invalid upvalue index") }
        guard try upvalueIdentity(L, 3) != nil else { throw L.argumentError(4, "invalid upvalue index") }
        let f1 = L.argument(1), f2 = L.argument(3)
        guard f1.tag == .luaFunction else { throw L.argumentError(1, "Lua function expected") }
        guard f2.tag == .luaFunction else { throw L.argumentError(3, "Lua function expected") }
        let n1 = Int(cInt(try L.checkInteger(2))), n2 = Int(cInt(try L.checkInteger(4)))
        f1.luaClosure.pointee.upvalues[n1 - 1] = f2.luaClosure.pointee.upvalues[n2 - 1]
        return 0
    }
}
