// The coroutine library (the reference's lcorolib.c). `resume`, `yield` and the functions
// made by `wrap` are special functions: the interpreter loop switches threads itself (see
// VM/Coroutines.swift).

enum CoroutineLibrary {
    static func open(_ L: LuaState) throws(LuaError) {
        let t = try L.registerLibrary("coroutine", functions)
        try L.setSpecialFunction(t, "resume", .resume)
        try L.setSpecialFunction(t, "yield", .yield)
    }

    nonisolated(unsafe) static let functions: [LuaLibraryFunction] = [
        .init("close", close), .init("create", create), .init("isyieldable", isyieldable),
        .init("running", running), .init("status", status), .init("wrap", wrap),
    ]

    /// The coroutine argument `i` (getco).
    static func coroutine(_ L: LuaState, _ i: Int) throws(LuaError) -> UnsafeMutablePointer<ThreadObject> {
        let v = L.argument(i)
        guard v.isThread else { throw L.argumentTypeError(i, "thread") }
        return v.thread
    }

    static func create(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkType(1, .function)
        try L.push(LuaValue(try L.newCoroutine(L.argument(1))))
        return 1
    }

    static func wrap(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkType(1, .function)
        let co = LuaValue(try L.newCoroutine(L.argument(1)))
        try L.push(LuaValue(try L.newNativeClosure("wrap", special: .wrapCall, upvalueCount: 1, BaseLibrary.unreachable, upvalues: [co])))
        return 1
    }

    static func status(_ L: LuaState) throws(LuaError) -> Int {
        let co = try coroutine(L, 1)
        try L.push(try L.newString(L.coroutineStatus(co)))
        return 1
    }

    static func running(_ L: LuaState) throws(LuaError) -> Int {
        let th = L.thread
        try L.push(LuaValue(th))
        try L.push(.bool(th == L.g.pointee.mainThread))
        return 2
    }

    static func isyieldable(_ L: LuaState) throws(LuaError) -> Int {
        let co = L.argumentCount == 0 ? L.thread : try coroutine(L, 1)  // (lua_isnone: nil is checked)
        try L.push(.bool(co != L.g.pointee.mainThread && co.pointee.nonYieldable == 0))
        return 1
    }

    static func close(_ L: LuaState) throws(LuaError) -> Int {
        let co = try coroutine(L, 1)
        switch L.coroutineStatus(co).bytes {
        case [UInt8]("dead"), [UInt8]("suspended"):
            let err = co.pointee.deathError
            var result = err ?? .nil
            if !co.pointee.toBeClosed.isEmpty || co.pointee.openUpvalues != nil {
                result = try L.closeDeadCoroutine(co, err ?? .nil)
            }
            co.pointee.frameCount = 1
            co.pointee.top = 1
            co.pointee.status = .dead
            co.pointee.deathError = nil
            if err == nil && result.isNil {
                try L.push(.true)
                return 1
            }
            try L.push(.false)
            try L.push(result)
            return 2
        default:
            throw L.error([UInt8]("cannot close a ") + L.coroutineStatus(co).bytes + [UInt8](" coroutine"))
        }
    }
}

extension LuaState {
    /// Creates a coroutine (a new thread) whose body is `f`.
    func newCoroutine(_ f: LuaValue) throws(LuaError) -> UnsafeMutablePointer<ThreadObject> {
        let co = try newThread()
        co.pointee.stack[1] = f
        co.pointee.top = 2
        return co
    }
}
