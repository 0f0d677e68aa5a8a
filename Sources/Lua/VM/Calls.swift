// Calls and returns (the reference's ldo.c: luaD_precall, luaD_poscall, moveresults) and
// the completion of instructions interrupted by a call (luaV_finishOp).
//
// `precall` starts any call: a Lua function gets a new frame that the interpreter loop runs;
// a native function runs at once; the special functions (pcall, xpcall, coroutine
// resume/yield/wrap) are state transitions. When a frame returns, `finishReturn` hands the
// results to whatever waits for them: the calling instruction, a pcall frame, or the thread
// that resumed a coroutine.

extension LuaState {
    /// Starts a call of the value at stack index `funcIndex`, whose arguments run up to the
    /// thread's top. `wanted` results (-1: all) will be left at `funcIndex`. Returns true if
    /// the current `execute` invocation's fresh frame completed during the call.
    func precall(_ th: UnsafeMutablePointer<ThreadObject>, _ funcIndex: Int, wanted: Int32,
                 status extra: FrameStatus) throws(LuaError) -> Bool {
        while true {
            let f = th.pointee.stack[funcIndex]
            if f.tag == .luaFunction {
                let p = f.luaClosure.pointee.proto
                let frameSize = Int(p.pointee.maxStackSize)
                if th.pointee.stackSize - th.pointee.top <= frameSize { try growStack(th, frameSize) }
                var nargs = th.pointee.top - funcIndex - 1
                let nparams = Int(p.pointee.numParams)
                if nargs < nparams {
                    let s = th.pointee.stack
                    while nargs < nparams {
                        s[th.pointee.top] = .nil
                        th.pointee.top += 1
                        nargs += 1
                    }
                }
                _ = try pushFrame(th, CallFrame(function: funcIndex, top: funcIndex + 1 + frameSize, savedPC: 0,
                                                wantedResults: wanted, status: extra.union(.lua), extraArgs: 0,
                                                pendingResults: 0))
                return false
            }
            if f.tag == .nativeFunction {
                let nc = f.nativeClosure
                if nc.pointee.special != .none {
                    return try callSpecial(th, funcIndex, nc.pointee.special, wanted: wanted, status: extra)
                }
                return try callNative(th, funcIndex, nc, wanted: wanted, status: extra)
            }
            // Not a function: try its __call metamethod, inserted below the arguments.
            let tm = metamethod(f, .call)
            if tm.isNil { throw callError(f, sourceOfStackIndex(funcIndex)) }
            if th.pointee.stackSize - th.pointee.top <= 1 { try growStack(th, 1) }
            let s = th.pointee.stack
            var p = th.pointee.top
            while p > funcIndex { s[p] = s[p - 1]; p -= 1 }
            th.pointee.top += 1
            s[funcIndex] = tm
        }
    }

    /// The register of the running Lua frame holding stack index `index`, for messages.
    func sourceOfStackIndex(_ index: Int) -> OperandSource {
        let th = thread
        let f = th.pointee.frames[th.pointee.frameCount - 1]
        if f.status.contains(.lua) && index > f.function && index < f.top { return .register(index - f.function - 1) }
        return .none
    }

    /// Runs a native function now (precallC).
    func callNative(_ th: UnsafeMutablePointer<ThreadObject>, _ funcIndex: Int, _ nc: UnsafeMutablePointer<NativeClosureObject>,
                    wanted: Int32, status extra: FrameStatus) throws(LuaError) -> Bool {
        if th.pointee.stackSize - th.pointee.top <= StackLimits.minStack { try growStack(th, StackLimits.minStack) }
        if g.pointee.totalBytes >= g.pointee.gcThreshold { try collectAtSafePoint() }
        let fi = try pushFrame(th, CallFrame(function: funcIndex, top: th.pointee.top + StackLimits.minStack, savedPC: 0,
                                             wantedResults: wanted, status: extra, extraArgs: 0, pendingResults: 0))
        if th.pointee.hook.mask != 0 { try nativeCallHook(th) }
        return try finishReturn(try runNative(th, funcIndex, nc, frame: fi))
    }

    /// Runs the native function of the frame `fi` just pushed for it, moves its results into
    /// place and pops the frame; returns the popped frame's status (what `finishReturn` acts on).
    @inline(__always)
    func runNative(_ th: UnsafeMutablePointer<ThreadObject>, _ funcIndex: Int, _ nc: UnsafeMutablePointer<NativeClosureObject>,
                   frame fi: Int) throws(LuaError) -> FrameStatus {
        var n = try nc.pointee.function(self)
        let available = th.pointee.top - funcIndex - 1
        if n > available { n = available }
        if n < 0 { n = 0 }
        if th.pointee.hook.mask != 0 { try returnHook(th, first: th.pointee.top - n, count: n) }
        return postcall(th, fi, first: th.pointee.top - n, count: n)
    }

    /// OP_CALL of a plain native function (not special) from a Lua frame, when the caller
    /// checked what `callNative` would otherwise do first: no hook, enough stack and a free
    /// frame slot, and no collection due. Runs `callNative`'s remaining steps; the popped
    /// frame (status []) returns to an OP_CALL, for which `finishReturn` does nothing, so
    /// it is only consulted if the frame's status changed. Returns what `callNative` would.
    ///
    /// OP_TFORCALL calls its iterator with `status` `.iterator` (luaD_call's C level), after
    /// counting the level itself; popping that frame unchanged gives the level back, which
    /// is all `finishReturn` would do before the pending OP_TFORCALL, whose results are in
    /// place.
    func callNativeFromLua(_ th: UnsafeMutablePointer<ThreadObject>, _ funcIndex: Int,
                           _ nc: UnsafeMutablePointer<NativeClosureObject>, wanted: Int32,
                           status: FrameStatus = []) throws(LuaError) -> Bool {
        let fi = th.pointee.frameCount
        (th.pointee.frames + fi).pointee = CallFrame(
            function: funcIndex, top: th.pointee.top &+ StackLimits.minStack, savedPC: 0,
            wantedResults: wanted, status: status, extraArgs: 0, pendingResults: 0)
        th.pointee.frameCount = fi &+ 1
        let st = try runNative(th, funcIndex, nc, frame: fi)
        if st == status {
            if !st.isEmpty { th.pointee.nativeCalls -= 1 }
            return false
        }
        return try finishReturn(st)
    }

    /// Pushes the frame of a call to the Lua function at stack index `funcIndex` (prototype
    /// `p`; its arguments end at the stack top), padding missing parameters with nil, as
    /// luaD_precall's Lua case does, when the stack and the frame array have room without
    /// growing. Returns the new frame, or nil: then `precall` must grow them first.
    /// The interpreter's fast calls (OP_CALL, OP_TFORCALL) enter the frame themselves.
    @inline(__always)
    func pushLuaFrame(_ th: UnsafeMutablePointer<ThreadObject>, _ funcIndex: Int, _ p: UnsafeMutablePointer<ProtoObject>,
                      wanted: Int32, status: FrameStatus) -> UnsafeMutablePointer<CallFrame>? {
        let frameSize = Int(p.pointee.maxStackSize)
        var top = th.pointee.top
        let fc = th.pointee.frameCount
        guard th.pointee.stackSize &- top > frameSize && fc < th.pointee.frameCapacity else { return nil }
        let s = th.pointee.stack
        var nargs = top &- funcIndex &- 1
        let nparams = Int(p.pointee.numParams)
        while nargs < nparams { s[top] = .nil; top &+= 1; nargs &+= 1 }
        th.pointee.top = top
        // CallFrame is trivial: assigning initializes.
        let frame = th.pointee.frames + fc
        frame.pointee = CallFrame(function: funcIndex, top: funcIndex &+ 1 &+ frameSize, savedPC: 0,
                                  wantedResults: wanted, status: status, extraArgs: 0, pendingResults: 0)
        th.pointee.frameCount = fc &+ 1
        return frame
    }

    /// Moves `count` results starting at stack index `first` to the function slot of frame
    /// `fi`, adjusted to the number its caller wants, and pops the frame (luaD_poscall).
    /// Returns the popped frame's status.
    @inline(__always)
    func postcall(_ th: UnsafeMutablePointer<ThreadObject>, _ fi: Int, first: Int, count n: Int) -> FrameStatus {
        let f = th.pointee.frames[fi]
        let res = f.function
        let s = th.pointee.stack
        var wanted = Int(f.wantedResults)
        if wanted == 1 {
            s[res] = n == 0 ? .nil : s[first]
            th.pointee.top = res + 1
        } else if wanted == 0 {
            th.pointee.top = res
        } else {
            if wanted < 0 { wanted = n }
            let m = min(n, wanted)
            // Moving many results (`return ...`, `return table.unpack(t)`) is a block copy;
            // this cannot throw, so the budget check comes at the caller's next checkpoint.
            addStepsDeferred(CostModel.steps(wanted &* CostModel.valueBytes, per: CostModel.bytesCopiedPerStep))
            var i = 0
            while i < m { s[res + i] = s[first + i]; i += 1 }
            while i < wanted { s[res + i] = .nil; i += 1 }
            th.pointee.top = res + wanted
        }
        th.pointee.frameCount = fi
        return f.status
    }

    /// Continues after a frame with status `popped` returned (its results are in place).
    /// Returns true when the current `execute` invocation's fresh frame is the one that
    /// completed.
    func finishReturn(_ popped: FrameStatus) throws(LuaError) -> Bool {
        var st = popped
        while true {
            let th = thread
            if st.countsNativeLevel { th.pointee.nativeCalls -= 1 }
            if st.contains(.fresh) { return true }
            let ci = th.pointee.frames + (th.pointee.frameCount - 1)
            let cs = ci.pointee.status
            if cs.contains(.lua) {
                // The common cases: an OP_CALL or an OP_TFORCALL, whose results are already
                // in place (finishOp has nothing to do for them).
                let code = th.pointee.stack[ci.pointee.function].luaClosure.pointee.proto.pointee.code
                let op = code[ci.pointee.savedPC - 1] & 0x7F
                if op == UInt32(OpCode.call.rawValue) || op == UInt32(OpCode.tForCall.rawValue) { return false }
                if let next = try finishOp(th, ci) { st = next; continue }
                return false
            }
            if th.pointee.frameCount == 1 {
                st = try coroutineFinished(th)
                continue
            }
            if cs.contains(.closing) {
                // A __close run after an error returned: close the next variable, or finish.
                guard let next = try continueErrorClose(th, th.pointee.frameCount - 1) else { return false }
                st = next
                continue
            }
            if cs.contains(.protected) {
                st = try completeProtectedCall(th, th.pointee.frameCount - 1)
                continue
            }
            if cs.contains(.pairs) {
                // The metamethod's results, adjusted to 3, are at the pairs frame's argument 1.
                st = postcall(th, th.pointee.frameCount - 1, first: ci.pointee.function + 1, count: 3)
                continue
            }
            if cs.contains(.dofile) {
                // The chunk was called at the dofile frame's argument 2 (after the name).
                let first = ci.pointee.function + 2
                st = postcall(th, th.pointee.frameCount - 1, first: first, count: max(th.pointee.top - first, 0))
                continue
            }
            // Nothing else can wait for a callee in the same thread.
            throw runtimeError("internal error: unexpected frame on return")
        }
    }

    /// Completes the instruction of a Lua frame that was interrupted by a call whose
    /// results are now in place (luaV_finishOp). Returns the status of a further frame that
    /// this completion popped (a tail call's frame), or nil.
    func finishOp(_ th: UnsafeMutablePointer<ThreadObject>, _ ci: UnsafeMutablePointer<CallFrame>) throws(LuaError) -> FrameStatus? {
        let cl = th.pointee.stack[ci.pointee.function].luaClosure
        let code = cl.pointee.proto.pointee.code
        let inst = code[ci.pointee.savedPC - 1]
        let base = ci.pointee.function + 1
        let s = th.pointee.stack
        switch inst.opcode {
        case .call?, .tForCall?:
            return nil
        case .tailCall?:
            // A native function (or special) called in tail position returned: return its
            // results from this frame.
            let first = base + Int(inst.a)
            let n = max(th.pointee.top - first, 0)
            if inst.c != 0 { ci.pointee.function -= Int(ci.pointee.extraArgs) + Int(inst.c) }
            return postcall(th, th.pointee.frameCount - 1, first: first, count: n)
        case .mmBin?, .mmBinI?, .mmBinK?:
            let prev = code[ci.pointee.savedPC - 2]
            th.pointee.top -= 1
            s[base + Int(prev.a)] = s[th.pointee.top]
        case .unm?, .bnot?, .len?, .getTabUp?, .getTable?, .getI?, .getField?, .self?:
            th.pointee.top -= 1
            s[base + Int(inst.a)] = s[th.pointee.top]
        case .lt?, .le?, .ltI?, .leI?, .gtI?, .geI?, .eq?:
            th.pointee.top -= 1
            var res = !s[th.pointee.top].isFalsy
            if ci.pointee.status.contains(.leq) {
                ci.pointee.status.remove(.leq)
                res = !res
            }
            if res != inst.k { ci.pointee.savedPC += 1 }  // condition failed: skip the jump
        case .concat?:
            let top = th.pointee.top - 1  // the metamethod's result is at 'top'
            let total = top - 1 - (base + Int(inst.a))
            s[top - 2] = s[top]
            th.pointee.top = top - 1
            switch try concat(total, base: base) {
            case .done: break
            case .reload: return nil
            case .exit: throw runtimeError("internal error: concat exit")
            }
        case .close?:
            ci.pointee.savedPC -= 1  // run the instruction again to close other variables
        case .return?:
            th.pointee.top = base + Int(inst.a) + Int(ci.pointee.pendingResults)
            ci.pointee.savedPC -= 1
        default:
            break  // assignments through __newindex have no result
        }
        return nil
    }

    // MARK: pcall / xpcall

    /// Completes a `pcall`/`xpcall` frame whose function returned normally: its results
    /// are preceded by `true`.
    func completeProtectedCall(_ th: UnsafeMutablePointer<ThreadObject>, _ pi: Int) throws(LuaError) -> FrameStatus {
        let f = th.pointee.frames[pi]
        let s = th.pointee.stack
        let firstResult = f.function + (f.status.contains(.xpcall) ? 4 : 2)
        let n = th.pointee.top - firstResult
        s[firstResult - 1] = .true
        // The pcall/xpcall frame returns like any native function (rethook in luaD_poscall).
        if th.pointee.hook.mask != 0 { try returnHook(th) }
        return postcall(th, pi, first: firstResult - 1, count: n + 1)
    }

    /// The special functions: state transitions of the VM rather than Swift calls.
    func callSpecial(_ th: UnsafeMutablePointer<ThreadObject>, _ funcIndex: Int, _ special: SpecialFunction,
                     wanted: Int32, status extra: FrameStatus) throws(LuaError) -> Bool {
        if th.pointee.stackSize - th.pointee.top <= StackLimits.minStack { try growStack(th, StackLimits.minStack) }
        var frame = CallFrame(function: funcIndex, top: th.pointee.top + StackLimits.minStack, savedPC: 0,
                              wantedResults: wanted, status: extra, extraArgs: 0, pendingResults: 0)
        let nargs = th.pointee.top - funcIndex - 1
        switch special {
        case .pcall:
            let fi = try pushFrame(th, frame)
            try nativeCallHook(th)
            if nargs < 1 { throw argumentError(1, "value expected") }
            // Only errors of the called function are caught here, not argument errors.
            th.pointee.frames[fi].status.insert(.protected)
            th.pointee.frames[fi].savedNativeCalls = th.pointee.nativeCalls
            // Layout as the reference's luaB_pcall: pcall, true, f, args...
            let s = th.pointee.stack
            var p = th.pointee.top
            while p > funcIndex + 1 { s[p] = s[p - 1]; p -= 1 }
            s[funcIndex + 1] = .true
            th.pointee.top += 1
            try enterNativeLevel(th)
            return try precall(th, funcIndex + 2, wanted: -1, status: .cLevel)
        case .xpcall:
            let fi = try pushFrame(th, frame)
            try nativeCallHook(th)
            if nargs < 2 || !th.pointee.stack[funcIndex + 2].isFunction {
                throw argumentTypeError(2, "function")
            }
            th.pointee.frames[fi].status.formUnion(.protected); th.pointee.frames[fi].status.formUnion(.xpcall)
            th.pointee.frames[fi].savedNativeCalls = th.pointee.nativeCalls
            // Layout as the reference's luaB_xpcall: xpcall, f, handler, true, f, args...
            let s = th.pointee.stack
            var p = th.pointee.top + 1
            while p > funcIndex + 4 { s[p] = s[p - 2]; p -= 1 }
            s[funcIndex + 3] = .true
            s[funcIndex + 4] = s[funcIndex + 1]
            th.pointee.top += 2
            try enterNativeLevel(th)
            return try precall(th, funcIndex + 4, wanted: -1, status: .cLevel)
        case .yield:
            frame.status.insert(.yield)
            _ = try pushFrame(th, frame)
            try nativeCallHook(th)
            return try yieldCoroutine(th, funcIndex, nargs)
        case .resume:
            frame.status.insert(.resume)
            _ = try pushFrame(th, frame)
            try nativeCallHook(th)
            return try resumeCoroutine(th, funcIndex, nargs, wrapped: false)
        case .wrapCall:
            frame.status.insert(.wrap)
            _ = try pushFrame(th, frame)
            try nativeCallHook(th)
            return try resumeCoroutine(th, funcIndex, nargs, wrapped: true)
        case .pairs:
            var tm = LuaValue.nil
            if nargs >= 1, let mt = metatable(of: th.pointee.stack[funcIndex + 1]) { tm = mt.get(cachedName(.pairs)) }
            if tm.isNil {
                return try callNative(th, funcIndex, th.pointee.stack[funcIndex].nativeClosure, wanted: wanted, status: extra)
            }
            frame.status.insert(.pairs)
            _ = try pushFrame(th, frame)
            try nativeCallHook(th)
            // pairs, tm, t: the metamethod is called with the object only, for 3 results.
            let s = th.pointee.stack
            s[funcIndex + 2] = s[funcIndex + 1]
            s[funcIndex + 1] = tm
            th.pointee.top = funcIndex + 3
            try enterNativeLevel(th)
            return try precall(th, funcIndex + 1, wanted: 3, status: .cLevel)
        case .dofile:
            frame.status.insert(.dofile)
            _ = try pushFrame(th, frame)
            try nativeCallHook(th)
            // luaB_dofile: load in this frame (errors are raised from it), then call the
            // chunk above the name; dofilecont returns everything it returns.
            let chunk = try PackageLibrary.loadForDofile(self)
            try push(chunk)
            try enterNativeLevel(th)
            return try precall(th, funcIndex + 2, wanted: -1, status: .cLevel)
        case .none:
            throw runtimeError("internal error: not a special function")
        }
    }
}
