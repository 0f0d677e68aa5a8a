// Running the loop under error protection, and error recovery (the reference's luaD_pcall,
// luaD_throw, precover and lua_resume's error path).
//
// An error is a Swift throw out of the loop. `runProtected` catches it and looks, in the
// current thread, for the innermost `pcall`/`xpcall` frame that belongs to this invocation.
// If there is one: the `xpcall` message handler runs first, at the error point (all frames
// still there), then the frames above the pcall are discarded, open upvalues closed and
// pending to-be-closed variables closed with the error, and the pcall returns
// `false, error`. If the thread is a coroutine without one, the coroutine dies and its
// resumer gets the error; otherwise the error goes on to whoever called this invocation.
// Budget errors are never caught.

extension LuaState {
    /// Runs the interpreter loop until the fresh frame of this invocation returns (or the
    /// slice ends), recovering from errors at protected frames at or above `boundaryFrame`
    /// of `boundaryThread`. If `startCall` is given, first calls the value at that stack
    /// index (with the fresh flag) wanting `wanted` results.
    func runProtected(boundaryThread: UnsafeMutablePointer<ThreadObject>, boundaryFrame: Int,
                      startCall: Int?, wanted: Int32) throws(LuaError) -> LoopExit {
        var pendingStart = startCall
        var pendingError: LuaError? = nil
        while true {
            var uncaught: LuaError? = nil
            do throws(LuaError) {
                if let e = pendingError {
                    pendingError = nil
                    switch try recover(e, boundaryThread, boundaryFrame) {
                    case .exit: return .returned
                    case .resume: break
                    case .propagate(let error): uncaught = error
                    }
                }
                if uncaught == nil {
                    if let f = pendingStart {
                        pendingStart = nil
                        if try precall(boundaryThread, f, wanted: wanted, status: .fresh) { return .returned }
                    }
                    return try executeLoop()
                }
            } catch {
                // Errors raised while running, or while recovering (e.g. in a __close or
                // when a wrapped coroutine's error moves to its caller), are recovered from.
                if error.endsRun { throw error }
                pendingError = error
            }
            if let uncaught { throw uncaught }
        }
    }

    /// What `recover` decided.
    enum Recovery {
        /// The invocation's fresh frame completed: leave.
        case exit
        /// Continue running the loop.
        case resume
        /// No protected frame of this invocation takes the error: pass it on.
        case propagate(LuaError)
    }

    /// Recovers from `error` (see the file comment).
    func recover(_ error: LuaError, _ boundaryThread: UnsafeMutablePointer<ThreadObject>,
                 _ boundaryFrame: Int) throws(LuaError) -> Recovery {
        var value: LuaValue
        var isHandlerError = false
        switch error {
        case .budget, .exit: return .propagate(error)
        case .runtime: value = g.pointee.pendingError
        case .errorInHandler:
            value = try newString("error in error handling")
            isHandlerError = true
            g.pointee.pendingError = value
        }
        let th = thread
        let lowest = th == boundaryThread ? boundaryFrame : 1
        var p = th.pointee.frameCount - 1
        while p >= lowest && !th.pointee.frames[p].status.contains(.protected) { p -= 1 }
        if p >= lowest {
            let pf = th.pointee.frames[p]
            if pf.status.contains(.xpcall) && !isHandlerError && !isMemoryErrorMessage(value) {
                value = try callMessageHandler(th, handler: th.pointee.stack[pf.function + 2], value)
            }
            return try unwindToProtected(th, p, value) ? .exit : .resume
        }
        if th != boundaryThread, let resumer = th.pointee.resumer {
            // An uncaught error kills the coroutine; the resumer gets it.
            th.pointee.status = .dead
            th.pointee.isActive = false
            th.pointee.deathError = value
            th.pointee.resumer = nil
            g.pointee.currentThread = resumer
            let waiting = resumer.pointee.frames[resumer.pointee.frameCount - 1]
            if waiting.status.contains(.wrap) {
                value = try closeDeadCoroutine(th, value)
            }
            let st = try transferToResumer(resumer, values: resumer.pointee.stack, count: 0, error: value)
            return try finishReturn(st) ? .exit : .resume
        }
        return .propagate(self.error(value: value))
    }

    /// Discards the frames above protected frame `p`, closes what they left open and makes
    /// the pcall return `false, value`.
    private func unwindToProtected(_ th: UnsafeMutablePointer<ThreadObject>, _ p: Int, _ value: LuaValue) throws(LuaError) -> Bool {
        let pf = th.pointee.frames[p]
        // Back to the count when the pcall started (the reference restores it wholesale).
        th.pointee.nativeCalls = pf.savedNativeCalls
        th.pointee.frameCount = p + 1
        let level = pf.function + (pf.status.contains(.xpcall) ? 4 : 2)
        if th.pointee.top < level { th.pointee.top = level }
        closeUpvalues(th, from: level)
        th.pointee.stack[level - 1] = value
        th.pointee.frames[p].status.insert(.closing)
        guard let st = try continueErrorClose(th, p) else { return false }
        return try finishReturn(st)
    }

    /// Calls the `__close` metamethods still pending above protected frame `p` (which has
    /// `.closing`), innermost first, with the error value kept at the slot below the called
    /// function. A Lua metamethod runs as a frame of the interpreter loop, so it may yield
    /// (as in the reference, whose coroutines close through `unroll`); its return comes back
    /// here through `finishReturn`, and an error in it replaces the error value through
    /// `recover`. Returns nil when such a frame was pushed, otherwise the status of the
    /// pcall frame, which has returned `false, error`.
    func continueErrorClose(_ th: UnsafeMutablePointer<ThreadObject>, _ p: Int) throws(LuaError) -> FrameStatus? {
        let pf = th.pointee.frames[p]
        let level = pf.function + (pf.status.contains(.xpcall) ? 4 : 2)
        while let last = th.pointee.toBeClosed.last, last >= level {
            th.pointee.toBeClosed.removeLast()
            let obj = th.pointee.stack[last]
            th.pointee.top = last + 1
            let tm = metamethod(obj, .close)
            try ensureStack(th, 4)
            try push(tm)
            try push(obj)
            try push(th.pointee.stack[level - 1])
            if tm.tag == .luaFunction {
                _ = try precall(th, last + 1, wanted: 0, status: [])
                return nil
            }
            // Anything else is called at once (and cannot yield).
            let frames = th.pointee.frameCount
            if let e = try protectedCall(arguments: 2, results: 0) {
                th.pointee.frameCount = frames
                th.pointee.stack[level - 1] = e
            }
        }
        th.pointee.frames[p].status.remove(.closing)
        let s = th.pointee.stack
        s[level] = .false
        s[level + 1] = s[level - 1]
        th.pointee.top = level + 2
        g.pointee.pendingError = .nil
        // The pcall returns `false, error` like any native function (rethook).
        if th.pointee.hook.mask != 0 { try returnHook(th) }
        let st = postcall(th, p, first: level, count: 2)
        shrinkStack(th)
        return st
    }

    /// Closes upvalues and to-be-closed variables at `level` and above after an error; an
    /// error in a `__close` replaces the error being handled (luaD_closeprotected).
    func closeProtected(_ th: UnsafeMutablePointer<ThreadObject>, level: Int, _ valueIn: LuaValue,
                        handler: ((LuaValue) throws(LuaError) -> LuaValue)? = nil) throws(LuaError) -> LuaValue {
        var value = valueIn
        closeUpvalues(th, from: level)
        while let last = th.pointee.toBeClosed.last, last >= level {
            th.pointee.toBeClosed.removeLast()
            let s = th.pointee.stack
            let obj = s[last]
            th.pointee.top = last + 1
            let frames = th.pointee.frameCount
            do throws(LuaError) {
                try ensureStack(th, 4)
                let tm = metamethod(obj, .close)
                try push(tm)
                try push(obj)
                try push(value)
                try call(arguments: 2, results: 0)
            } catch {
                value = try caughtErrorValue(error)
                // A message handler sees the error where it was raised (lua.c's msghandler
                // runs for an error in a __close too).
                if let handler { value = try handler(value) }
                // The failed __close left its frames: drop them, or the next __close would
                // run above frames whose stack slots it overwrites.
                th.pointee.frameCount = frames
            }
        }
        return value
    }

    /// Calls an `xpcall` message handler on `value`; errors inside the handler are handed
    /// to the handler again, until the C-call limit turns them into "error in error handling".
    private func callMessageHandler(_ th: UnsafeMutablePointer<ThreadObject>, handler: LuaValue, _ valueIn: LuaValue) throws(LuaError) -> LuaValue {
        var value = valueIn
        let savedCalls = th.pointee.nativeCalls
        defer { th.pointee.nativeCalls = savedCalls }
        var top = th.pointee.top
        for j in 0..<th.pointee.frameCount where th.pointee.frames[j].top > top { top = th.pointee.frames[j].top }
        if top > th.pointee.stackSize { top = th.pointee.stackSize }
        th.pointee.top = top
        while true {
            do throws(LuaError) {
                if th.pointee.nativeCalls >= maxNativeCalls / 10 * 11 { throw errorInErrorHandling() }
                try ensureStack(th, 2)
                try push(handler)
                try push(value)
                try call(arguments: 1, results: 1)
                let r = th.pointee.stack[th.pointee.top - 1]
                th.pointee.top -= 1
                return r
            } catch {
                switch error {
                case .budget, .exit: throw error
                case .errorInHandler: return try newString("error in error handling")
                case .runtime:
                    value = g.pointee.pendingError
                    th.pointee.nativeCalls += 1
                    if th.pointee.nativeCalls == maxNativeCalls {
                        value = try newString("C stack overflow")
                    }
                }
            }
        }
    }

    /// Closes the pending to-be-closed variables of a coroutine that died with `value`
    /// (lua_closethread); returns the final error value.
    func closeDeadCoroutine(_ co: UnsafeMutablePointer<ThreadObject>, _ value: LuaValue) throws(LuaError) -> LuaValue {
        if co.pointee.toBeClosed.isEmpty && co.pointee.openUpvalues == nil { return value }
        let previous = g.pointee.currentThread
        g.pointee.currentThread = co
        co.pointee.isActive = true
        co.pointee.frameCount = 1
        defer {
            co.pointee.isActive = false
            g.pointee.currentThread = previous
        }
        let v = try closeProtected(co, level: 1, value)
        co.pointee.top = 1
        return v
    }

    // MARK: Calls from native code

    /// Calls the function below the top `arguments` values on the stack (like `lua_call`),
    /// replacing them with `results` results (all of them if `results` is -1). Errors
    /// propagate as `LuaError`; the call cannot yield. Only values on the Lua stack survive
    /// a collection during the call.
    public func call(arguments nargs: Int, results: Int) throws(LuaError) {
        let th = thread
        let funcIndex = th.pointee.top - nargs - 1
        try enterNativeLevel(th)
        th.pointee.nonYieldable += 1
        g.pointee.executeDepth += 1
        defer {
            th.pointee.nonYieldable -= 1
            th.pointee.nativeCalls -= 1
            g.pointee.executeDepth -= 1
        }
        let f = th.pointee.stack[funcIndex]
        if f.tag == .nativeFunction && f.nativeClosure.pointee.special == .none {
            _ = try callNative(th, funcIndex, f.nativeClosure, wanted: Int32(results), status: .fresh)
            return
        }
        _ = try runProtected(boundaryThread: th, boundaryFrame: th.pointee.frameCount, startCall: funcIndex, wanted: Int32(results))
    }

    /// The value of an error caught by a protected call or `__close`, recorded as the pending
    /// error. Budget errors cannot be caught: they are thrown on.
    func caughtErrorValue(_ error: LuaError) throws(LuaError) -> LuaValue {
        let value: LuaValue
        switch error {
        case .budget, .exit: throw error
        case .runtime: value = g.pointee.pendingError
        case .errorInHandler:
            value = try newString("error in error handling")
            g.pointee.pendingError = value
        }
        return value
    }

    /// Like `call(arguments:results:)`, but a Lua error is caught (like `lua_pcall` without a
    /// message handler): the frames and values above the function are discarded, what they
    /// left open is closed, and the error value is returned. Budget errors still propagate.
    public func protectedCall(arguments nargs: Int, results: Int) throws(LuaError) -> LuaValue? {
        let th = thread
        let funcIndex = th.pointee.top - nargs - 1
        let frames = th.pointee.frameCount
        do throws(LuaError) {
            try call(arguments: nargs, results: results)
            return nil
        } catch {
            var value = try caughtErrorValue(error)
            th.pointee.frameCount = frames
            if th.pointee.top < funcIndex { th.pointee.top = funcIndex }
            value = try closeProtected(th, level: funcIndex, value)
            th.pointee.top = funcIndex
            g.pointee.pendingError = .nil
            return value
        }
    }

    /// Calls a function with arguments and returns its first `results` results (like
    /// `call(arguments:results:)`, but taking and returning Swift arrays).
    public func call(_ f: LuaValue, _ args: [LuaValue], results: Int) throws(LuaError) -> [LuaValue] {
        let th = thread
        let base = th.pointee.top
        try ensureStack(th, args.count + 1)
        try push(f)
        for a in args { try push(a) }
        try call(arguments: args.count, results: results)
        var out: [LuaValue] = []
        let s = thread.pointee.stack
        for j in base..<thread.pointee.top { out.append(s[j]) }
        thread.pointee.top = base
        return out
    }
}
