// Instructions too large for the loop body: tail calls, closures, varargs, numeric `for`
// preparation and to-be-closed variables. They are `@inline(never)`: with one call site each,
// LLVM would inline them back, and the loop's size is what V8's optimizing compiler pays for
// before a page's script leaves baseline code (wasm has no on-stack replacement).

extension LuaState {
    /// OP_TAILCALL: reuses the running frame for a Lua callee (luaD_pretailcall). A native
    /// callee runs as an ordinary call; `finishOp` then returns its results from this frame.
    @inline(never)
    func tailCall(_ th: UnsafeMutablePointer<ThreadObject>, _ ci: UnsafeMutablePointer<CallFrame>,
                  _ i: Instruction, _ baseIndex: Int) throws(LuaError) -> Bool {
        let funcIndex = baseIndex + Int(i.a)
        var nargs1 = Int(i.b)
        if nargs1 != 0 { th.pointee.top = funcIndex + nargs1 } else {
            if th.pointee.top <= funcIndex { th.pointee.top = funcIndex + 1 }  // (only malformed code)
            nargs1 = th.pointee.top - funcIndex
        }
        let delta = i.c != 0 ? Int(ci.pointee.extraArgs) + Int(i.c) : 0
        if i.k { closeUpvalues(th, from: baseIndex) }
        while true {
            let f = th.pointee.stack[funcIndex]
            if f.tag == .luaFunction {
                let p = f.luaClosure.pointee.proto
                let frameSize = Int(p.pointee.maxStackSize)
                if th.pointee.stackSize - th.pointee.top <= frameSize - delta { try growStack(th, frameSize - delta) }
                ci.pointee.function -= delta
                let s = th.pointee.stack
                let newFunc = ci.pointee.function
                for j in 0..<nargs1 { s[newFunc + j] = s[funcIndex + j] }
                var n = nargs1
                while n <= Int(p.pointee.numParams) { s[newFunc + n] = .nil; n += 1 }
                ci.pointee.top = newFunc + 1 + frameSize
                ci.pointee.savedPC = 0
                ci.pointee.status.insert(.tail)
                ci.pointee.extraArgs = 0
                th.pointee.top = newFunc + n
                return false
            }
            if f.tag == .nativeFunction {
                return try precall(th, funcIndex, wanted: -1, status: [])
            }
            let tm = metamethod(f, .call)
            if tm.isNil { throw callError(f, sourceOfStackIndex(funcIndex)) }
            if th.pointee.stackSize - th.pointee.top <= 1 { try growStack(th, 1) }
            let s = th.pointee.stack
            var p = th.pointee.top
            while p > funcIndex { s[p] = s[p - 1]; p -= 1 }
            th.pointee.top += 1
            s[funcIndex] = tm
            nargs1 += 1
        }
    }

    /// OP_MMBIN/MMBINI/MMBINK: the metamethod of the arithmetic instruction `prev` that
    /// precedes `i` (luaT_trybinTM), its result going to `prev`'s register A.
    /// The variant comes from `i` itself, so the loop's one case for all three does not keep
    /// the opcode live.
    @inline(never)
    func binaryMetamethod(_ i: Instruction, prev: Instruction, _ baseIndex: Int,
                          _ k: UnsafeMutablePointer<LuaValue>) throws(LuaError) -> SlowPathResult {
        let s = thread.pointee.stack
        let ra = s[baseIndex + Int(i.a)]
        let dest = baseIndex + Int(prev.a)
        let aop = ArithOp(rawValue: Int(i.c) - Metamethod.add.rawValue) ?? .add
        switch i.opcode {
        case .mmBin:
            return try arithMetamethod(ra, .register(Int(i.a)), s[baseIndex + Int(i.b)], .register(Int(i.b)), aop, dest: dest)
        case .mmBinI:
            let imm = LuaValue.integer(Int64(i.sB))
            return i.k ? try arithMetamethod(imm, .none, ra, .register(Int(i.a)), aop, dest: dest)
                       : try arithMetamethod(ra, .register(Int(i.a)), imm, .none, aop, dest: dest)
        default:
            let imm = k[Int(i.b)]
            return i.k ? try arithMetamethod(imm, .none, ra, .register(Int(i.a)), aop, dest: dest)
                       : try arithMetamethod(ra, .register(Int(i.a)), imm, .none, aop, dest: dest)
        }
    }

    /// OP_LT/OP_LE on operands that are not both numbers: strings by content (charged per
    /// byte examined; `.done` with `cond` set), else the `__lt`/`__le` metamethod (`.reload`
    /// or `.exit`: the call was started).
    func orderSlow(_ v1: LuaValue, _ v2: LuaValue, lessEqual: Bool, _ cond: inout Bool) throws(LuaError) -> SlowPathResult {
        if v1.isString && v2.isString {
            let order = try stringOrder(v1, v2)
            cond = lessEqual ? order <= 0 : order < 0
            return .done
        }
        return try orderMetamethod(v1, v2, lessEqual: lessEqual) == .exit ? .exit : .reload
    }

    /// OP_LTI/LEI/GTI/GEI on a non-number: the order metamethod with the immediate operand
    /// (a float if the instruction says so); `flip` for GTI/GEI, whose immediate is the left
    /// operand.
    func orderImmediate(_ v: LuaValue, _ i: Instruction, flip: Bool, lessEqual: Bool) throws(LuaError) -> SlowPathResult {
        let im = Int64(i.sB)
        let imv: LuaValue = i.c != 0 ? .float(Double(im)) : .integer(im)
        return try orderMetamethod(flip ? imv : v, flip ? v : imv, lessEqual: lessEqual)
    }

    /// OP_CLOSURE: a new closure of prototype `p` capturing registers or enclosing upvalues.
    @inline(never)
    func makeClosure(_ th: UnsafeMutablePointer<ThreadObject>, _ enclosing: UnsafeMutablePointer<LuaClosureObject>,
                     _ p: UnsafeMutablePointer<ProtoObject>, _ baseIndex: Int) throws(LuaError) -> LuaValue {
        let n = Int(p.pointee.upvalueCount)
        // Two passes, no temporary array (a heap allocation per closure): first create the
        // missing open upvalues (charged, in order, before the closure as always), then the
        // closure, then fill its slots (the second lookup finds every upvalue it needs).
        for j in 0..<n where p.pointee.upvalueInStack[j] != 0 {
            _ = try findUpvalue(th, baseIndex + Int(p.pointee.upvalueIndex[j]))
        }
        let c = try newLuaClosure(p)
        for j in 0..<n {
            let idx = Int(p.pointee.upvalueIndex[j])
            c.pointee.upvalues[j] = p.pointee.upvalueInStack[j] != 0 ? try findUpvalue(th, baseIndex + idx)
                                                                      : enclosing.pointee.upvalues[idx]
        }
        return LuaValue(c)
    }

    /// OP_VARARG: copies the extra arguments (all of them when `wanted` < 0).
    @inline(never)
    func copyVarargs(_ th: UnsafeMutablePointer<ThreadObject>, _ ci: UnsafeMutablePointer<CallFrame>,
                     to dest: Int, wanted wantedIn: Int) throws(LuaError) {
        let nextra = Int(ci.pointee.extraArgs)
        var wanted = wantedIn
        if wanted < 0 {
            wanted = nextra
            if th.pointee.stackSize - dest <= nextra {
                if th.pointee.top < dest { th.pointee.top = dest }
                try growStack(th, nextra + (dest - th.pointee.top))
            }
            th.pointee.top = dest + nextra
        }
        // A vararg expression may copy up to a million values: a block copy of their bytes.
        try chargeCopy(wanted &* CostModel.valueBytes)
        let s = th.pointee.stack
        let from = ci.pointee.function - nextra
        var j = 0
        while j < wanted && j < nextra { s[dest + j] = s[from + j]; j += 1 }
        while j < wanted { s[dest + j] = .nil; j += 1 }
    }

    /// OP_VARARGPREP: moves the function and its fixed parameters above the extra
    /// arguments, which stay below the new frame (luaT_adjustvarargs).
    @inline(never)
    func adjustVarargs(_ th: UnsafeMutablePointer<ThreadObject>, _ ci: UnsafeMutablePointer<CallFrame>,
                       _ p: UnsafeMutablePointer<ProtoObject>) throws(LuaError) {
        let nfix = Int(p.pointee.numParams)
        let actual = th.pointee.top - ci.pointee.function - 1
        let nextra = actual - nfix
        ci.pointee.extraArgs = Int32(nextra)
        try ensureStack(th, Int(p.pointee.maxStackSize) + 1)
        let s = th.pointee.stack
        let f = ci.pointee.function
        s[th.pointee.top] = s[f]
        th.pointee.top += 1
        if nfix > 0 {
            for j in 1...nfix {
                s[th.pointee.top] = s[f + j]
                s[f + j] = .nil
                th.pointee.top += 1
            }
        }
        ci.pointee.function += actual + 1
        ci.pointee.top += actual + 1
    }

    /// OP_FORPREP: checks and converts the loop values; true to skip the loop (forprep).
    @inline(never)
    func forPrepare(_ ra: UnsafeMutablePointer<LuaValue>) throws(LuaError) -> Bool {
        let initV = ra[0], limitV = ra[1], stepV = ra[2]
        if initV.tag == .integer && stepV.tag == .integer {
            let start = initV.integerPayload, step = stepV.integerPayload
            if step == 0 { throw runtimeError("'for' step is zero") }
            ra[3] = .integer(start)
            let limit: Int64
            if limitV.tag == .integer {
                limit = limitV.integerPayload
            } else if let l = toInteger(limitV, step < 0 ? .ceil : .floor) {
                limit = l
            } else {
                guard let flim = toDouble(limitV) else { throw forError(limitV, "limit") }
                if flim > 0 {
                    if step < 0 { return true }
                    limit = Int64.max
                } else {
                    if step > 0 { return true }
                    limit = Int64.min
                }
            }
            if step > 0 ? start > limit : start < limit { return true }
            var count: UInt64
            if step > 0 {
                count = UInt64(bitPattern: limit) &- UInt64(bitPattern: start)
                if step != 1 { count /= UInt64(bitPattern: step) }
            } else {
                count = UInt64(bitPattern: start) &- UInt64(bitPattern: limit)
                count /= UInt64(bitPattern: 0 &- (step &+ 1)) &+ 1
            }
            ra[1] = .integer(Int64(bitPattern: count))
            return false
        }
        guard let limit = toDouble(limitV) else { throw forError(limitV, "limit") }
        guard let step = toDouble(stepV) else { throw forError(stepV, "step") }
        guard let start = toDouble(initV) else { throw forError(initV, "initial value") }
        if step == 0 { throw runtimeError("'for' step is zero") }
        if 0 < step ? limit < start : start < limit { return true }
        ra[1] = .float(limit)
        ra[2] = .float(step)
        ra[0] = .float(start)
        ra[3] = .float(start)
        return false
    }

    /// OP_TBC / the generic for's closing value: registers a to-be-closed variable
    /// (luaF_newtbcupval). `false` and `nil` need no closing.
    func markToBeClosed(_ th: UnsafeMutablePointer<ThreadObject>, _ index: Int) throws(LuaError) {
        let v = th.pointee.stack[index]
        if v.isFalsy { return }
        if metamethod(v, .close).isNil {
            let ci = th.pointee.frames[th.pointee.frameCount - 1]
            let p = th.pointee.stack[ci.function].luaClosure.pointee.proto.pointee.info
            let name = DebugNames.localName(p, index - ci.function, ci.savedPC - 1) ?? [UInt8]("?")
            throw runtimeError([UInt8]("variable '") + name + [UInt8]("' got a non-closable value"))
        }
        th.pointee.toBeClosed.append(index)
    }

    /// OP_CLOSE / closing part of OP_RETURN: closes upvalues at `level` and above and calls
    /// the `__close` of the innermost pending to-be-closed variable there, if any. Returns
    /// true when a call was started (the instruction runs again after it returns).
    func closeVariables(_ th: UnsafeMutablePointer<ThreadObject>, _ ci: UnsafeMutablePointer<CallFrame>,
                        level: Int) throws(LuaError) -> Bool {
        closeUpvalues(th, from: level)
        guard let last = th.pointee.toBeClosed.last, last >= level else { return false }
        th.pointee.toBeClosed.removeLast()
        let obj = th.pointee.stack[last]
        let tm = metamethod(obj, .close)
        if th.pointee.top < ci.pointee.top { th.pointee.top = ci.pointee.top }
        let r = try pushAndCall(th, tm, obj, .nil, nil, results: 0)
        if r == .exit { throw runtimeError("internal error: close exit") }
        return true
    }
}

/// The index of instruction `pc` in `code` (what a frame's `savedPC` holds). `pc - code`
/// rounds a signed division toward zero; the distance is a multiple of the instruction size,
/// so a shift gives the same index in fewer instructions on the call path.
@inline(__always)
func pcIndex(_ pc: UnsafeMutablePointer<Instruction>, _ code: UnsafeMutablePointer<Instruction>) -> Int {
    (Int(bitPattern: pc) &- Int(bitPattern: code)) &>> (MemoryLayout<Instruction>.stride.trailingZeroBitCount)
}

extension LuaState {
    /// True if a to-be-closed variable is pending at stack index `level` or above (what
    /// closeVariables would call a `__close` for).
    @inline(__always)
    func hasToBeClosed(_ th: UnsafeMutablePointer<ThreadObject>, from level: Int) -> Bool {
        guard let last = th.pointee.toBeClosed.last else { return false }
        return last >= level
    }
}
