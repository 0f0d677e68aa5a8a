// Coroutine switches as state transitions of the interpreter loop.
//
// Resuming a coroutine makes it the current thread; its resumer keeps a `resume` (or
// `wrap`) frame on top of its own frame stack. Yielding makes the resumer current again and
// completes that frame with the yielded values; the coroutine keeps a `yield` frame that the
// next resume completes with the resume arguments. Nothing of either thread lives on the
// Swift stack, so any number of coroutines can be suspended anywhere a yield is allowed
// (inside pcall, metamethods, iterators), and the host can pause the whole VM between
// instructions.

extension LuaState {
    /// `coroutine.resume(co, ...)` or a call of a `coroutine.wrap` function; the resumer's
    /// frame (index: top) is already pushed.
    func resumeCoroutine(_ th: UnsafeMutablePointer<ThreadObject>, _ funcIndex: Int, _ nargsIn: Int,
                         wrapped: Bool) throws(LuaError) -> Bool {
        let s = th.pointee.stack
        var firstArg = funcIndex + 1
        var nargs = nargsIn
        let coValue: LuaValue
        if wrapped {
            coValue = s[funcIndex].nativeClosure.pointee.upvalues[0]
        } else {
            coValue = nargs >= 1 ? s[funcIndex + 1] : .nil
            if !coValue.isThread { throw argumentTypeError(1, "thread") }
            firstArg += 1
            nargs -= 1
        }
        let co = coValue.thread
        // Conditions under which resume fails without touching the coroutine (resume_error).
        var failure: StaticString? = nil
        let notStarted = co.pointee.status == .ok && co.pointee.frameCount == 1
        if co.pointee.status == .dead || (notStarted && co.pointee.top == 1) {
            failure = "cannot resume dead coroutine"
        } else if co.pointee.isActive || (co.pointee.status == .ok && !notStarted) {
            failure = "cannot resume non-suspended coroutine"
        } else if th.pointee.nativeCalls >= maxNativeCalls {
            failure = "C stack overflow"
        } else if co.pointee.stackSize - co.pointee.top <= nargs && co.pointee.top + nargs >= StackLimits.maxStack {
            failure = "too many arguments to resume"
        }
        if let failure {
            let msg = try newString(failure)
            th.pointee.top = firstArg
            return try deliverToResumer(th, values: s, count: 0, error: msg, wrapped: wrapped)
        }
        // Move the arguments.
        try ensureStack(co, nargs)
        for i in 0..<nargs { co.pointee.stack[co.pointee.top + i] = s[firstArg + i] }
        co.pointee.top += nargs
        th.pointee.top = funcIndex + 1
        co.pointee.nativeCalls = th.pointee.nativeCalls + 1
        co.pointee.resumer = th
        co.pointee.isActive = true
        th.pointee.isActive = true
        g.pointee.currentThread = co
        if notStarted {
            return try precall(co, 1, wanted: -1, status: [])
        }
        // Suspended in a yield: complete the yield frame with the arguments.
        co.pointee.status = .ok
        let yi = co.pointee.frameCount - 1
        if co.pointee.hook.mask != 0 { try returnHook(co) }
        let st = postcall(co, yi, first: co.pointee.top - nargs, count: nargs)
        return try finishReturn(st)
    }

    /// `coroutine.yield(...)`: the yield frame (top of `co`) stays; the values go to the
    /// resumer.
    func yieldCoroutine(_ co: UnsafeMutablePointer<ThreadObject>, _ funcIndex: Int, _ nargs: Int) throws(LuaError) -> Bool {
        guard let resumer = co.pointee.resumer, co != g.pointee.mainThread else {
            throw runtimeError("attempt to yield from outside a coroutine")
        }
        if co.pointee.nonYieldable > 0 { throw runtimeError("attempt to yield across a C-call boundary") }
        let s = co.pointee.stack
        try chargeCopy(nargs &* CostModel.valueBytes)  // (values change stacks)
        co.pointee.top = funcIndex + 1
        co.pointee.status = .suspended
        co.pointee.isActive = false
        co.pointee.resumer = nil
        g.pointee.currentThread = resumer
        return try deliverToResumer(resumer, values: s + (funcIndex + 1), count: nargs, error: nil, wrapped: nil)
    }

    /// The body of `co` returned (its results are at 1..<top): it is dead; its results go
    /// to the resumer. Returns the status of the resumer's completed frame.
    func coroutineFinished(_ co: UnsafeMutablePointer<ThreadObject>) throws(LuaError) -> FrameStatus {
        guard let resumer = co.pointee.resumer else { throw runtimeError("internal error: no resumer") }
        let s = co.pointee.stack
        let count = co.pointee.top - 1
        try chargeCopy(count &* CostModel.valueBytes)  // (values change stacks)
        co.pointee.top = 1
        co.pointee.status = .dead
        co.pointee.isActive = false
        co.pointee.resumer = nil
        g.pointee.currentThread = resumer
        return try transferToResumer(resumer, values: s + 1, count: count, error: nil)
    }

    /// Completes the resume/wrap frame on top of `resumer` and continues there.
    private func deliverToResumer(_ resumer: UnsafeMutablePointer<ThreadObject>, values: UnsafeMutablePointer<LuaValue>,
                                  count: Int, error: LuaValue?, wrapped: Bool?) throws(LuaError) -> Bool {
        let st = try transferToResumer(resumer, values: values, count: count, error: error)
        return try finishReturn(st)
    }

    /// Puts a resume's results (`true, values...` / `false, error` for `resume`; the values,
    /// or a raised error, for `wrap`) on the resumer and pops its waiting frame. The `count`
    /// values are read in place from the other thread's stack (no collection can run here).
    func transferToResumer(_ resumer: UnsafeMutablePointer<ThreadObject>, values: UnsafeMutablePointer<LuaValue>,
                           count: Int, error: LuaValue?) throws(LuaError) -> FrameStatus {
        let ri = resumer.pointee.frameCount - 1
        let f = resumer.pointee.frames[ri]
        let first = f.function + 1
        if f.status.contains(.wrap) {
            if let error {
                var e = error
                if e.isString && !isMemoryErrorMessage(e) { e = try newString(positionPrefix(level: 1) + bytes(of: e)) }
                throw self.error(value: e)
            }
            if resumer.pointee.stackSize - first <= count + 1 {
                resumer.pointee.top = first
                try growStack(resumer, count + 1)
            }
            let s = resumer.pointee.stack
            for i in 0..<count { s[first + i] = values[i] }
            resumer.pointee.top = first + count
            // The wrap function returns like any native function (rethook).
            if resumer.pointee.hook.mask != 0 && resumer == thread { try returnHook(resumer) }
            return postcall(resumer, ri, first: first, count: count)
        }
        var failure: LuaValue? = error  // the second result when `resume` fails
        if failure == nil && resumer.pointee.stackSize - first <= count + 2 && f.function + count + 2 >= StackLimits.maxStack {
            failure = try newString("too many results to resume")
        }
        let n = failure == nil ? count + 1 : 2
        if resumer.pointee.stackSize - first <= n {
            resumer.pointee.top = first
            try growStack(resumer, n)
        }
        let s = resumer.pointee.stack
        if let failure {
            s[first] = .false
            s[first + 1] = failure
        } else {
            s[first] = .true
            for i in 0..<count { s[first + 1 + i] = values[i] }
        }
        resumer.pointee.top = first + n
        // coroutine.resume returns like any native function (rethook).
        if resumer.pointee.hook.mask != 0 && resumer == thread { try returnHook(resumer) }
        return postcall(resumer, ri, first: first, count: n)
    }

    /// The status name of a coroutine as seen from the running thread.
    func coroutineStatus(_ co: UnsafeMutablePointer<ThreadObject>) -> StaticString {
        if co == thread { return "running" }
        switch co.pointee.status {
        case .suspended: return "suspended"
        case .dead: return "dead"
        case .ok:
            if co.pointee.isActive { return "normal" }
            if co.pointee.frameCount == 1 && co.pointee.top > 1 { return "suspended" }
            return "dead"
        }
    }
}
