// The interpreter loop (the reference's luaV_execute).
//
// One loop runs every Lua frame of every thread: a call pushes a frame and the loop reloads
// its cached state (closure, constants, code, base register, pc) from the new top frame; a
// return pops it and reloads the caller's. Fast paths (integer arithmetic, table access
// without metamethods, comparisons of numbers) are inline; everything else calls out to
// Metamethods.swift / Calls.swift, after saving the pc so errors get the right line.
//
// Every instruction costs one step; work that grows with operand sizes (long-string
// comparison, concatenation, collections) adds steps through `addSteps` (CostModel.swift),
// after which the loop re-reads `stepsUsed` ("resync"). When the step count reaches the next checkpoint (the
// end of the host's slice or of the step budget) the loop saves its state and either returns
// `.paused` or fails with the step budget error.

/// Why the loop returned.
enum LoopExit { case returned, paused }

extension LuaState {
    /// Runs the current thread's Lua frames until the fresh frame of this invocation returns
    /// or the host's slice ends.
    func executeLoop() throws(LuaError) -> LoopExit {
        let g = self.g
        // Steps are counted down in a local; `stepsUsed` is brought up to date before
        // anything that may run other code. Nested loops only add steps, so the larger of the
        // two counts is always the right one.
        var steps: Int64 = 0
        var stepBase: Int64 = 0
        defer { if stepBase &- steps > g.pointee.stepsUsed { g.pointee.stepsUsed = stepBase &- steps } }

        // The cached state of the running frame.
        // (Initialized from the top frame, which is a Lua frame whenever the loop runs.)
        var th = g.pointee.currentThread
        var ci = th.pointee.frames + (th.pointee.frameCount &- 1)
        var baseIndex = ci.pointee.function &+ 1
        var cl = th.pointee.stack[ci.pointee.function].luaClosure
        // (The prototype is not kept: the few instructions that need it read it from the
        // closure, which leaves the loop's state one value smaller.)
        var k = cl.pointee.proto.pointee.constants
        var code = cl.pointee.proto.pointee.code
        var pc = code
        var base = th.pointee.stack

        reload: while true {
            // (Re)load the cached state from the top frame of the current thread.
            let counted = stepBase &- steps
            if counted > g.pointee.stepsUsed { g.pointee.stepsUsed = counted }
            stepBase = g.pointee.budgets.steps
            if g.pointee.executeDepth <= 1 && g.pointee.sliceEnd < stepBase { stepBase = g.pointee.sliceEnd }
            steps = stepBase &- g.pointee.stepsUsed
            th = g.pointee.currentThread
            ci = th.pointee.frames + (th.pointee.frameCount &- 1)
            baseIndex = ci.pointee.function &+ 1
            cl = th.pointee.stack[ci.pointee.function].luaClosure
            k = cl.pointee.proto.pointee.constants
            code = cl.pointee.proto.pointee.code
            pc = code + ci.pointee.savedPC
            if let saved = g.pointee.checkpointSavedPC.thread {
                // (Resuming after a checkpoint: the frame's last save is lua5.4's again.)
                if saved == th && g.pointee.checkpointSavedPC.frame == th.pointee.frameCount &- 1 {
                    ci.pointee.savedPC = g.pointee.checkpointSavedPC.pc
                }
                g.pointee.checkpointSavedPC.thread = nil
            }
            base = th.pointee.stack + baseIndex
            if th.pointee.hook.mask != 0 {
                // A hooked thread comes back here before every instruction (Hooks.swift).
                if steps > 1 { stepBase = g.pointee.stepsUsed &+ 1; steps = 1 }
                if try traceExec(th, th.pointee.frameCount &- 1) { continue reload }
            }

            dispatch: while true {
                if steps <= 0 {
                    if th.pointee.hook.mask == 0 {  // (a hooked thread saves it at every instruction, as lua5.4's traceexec)
                        g.pointee.checkpointSavedPC = (th, th.pointee.frameCount &- 1, ci.pointee.savedPC)
                    }
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    if g.pointee.stepsUsed >= g.pointee.budgets.steps { throw budgetExceeded(.steps) }
                    if g.pointee.executeDepth <= 1 && g.pointee.stepsUsed >= g.pointee.sliceEnd { return .paused }
                    continue reload
                }
                steps &-= 1
                let i = pc.pointee
                pc += 1
                let ra = base + Int(i.a)
                // Opcodes were verified when the prototype was loaded.
                let op = unsafeBitCast(UInt8(truncatingIfNeeded: i & 0x7F), to: OpCode.self)
                switch op {
                case .move:
                    ra.pointee = base[Int(i.b)]
                case .loadI:
                    ra.pointee = .integer(Int64(i.sBx))
                case .loadF:
                    ra.pointee = .float(Double(i.sBx))
                case .loadK:
                    ra.pointee = k[Int(i.bx)]
                case .loadKX:
                    ra.pointee = k[Int(pc.pointee.ax)]
                    pc += 1
                case .loadFalse:
                    ra.pointee = .false
                case .lFalseSkip:
                    ra.pointee = .false
                    pc += 1
                case .loadTrue:
                    ra.pointee = .true
                case .loadNil:
                    for j in 0...Int(i.b) { ra[j] = .nil }
                case .getUpval:
                    ra.pointee = cl.pointee.upvalues[Int(i.b)].pointee.value.pointee
                case .setUpval:
                    cl.pointee.upvalues[Int(i.b)].pointee.value.pointee = ra.pointee

                case .getTabUp:
                    let t = cl.pointee.upvalues[Int(i.b)].pointee.value.pointee
                    let key = k[Int(i.c)]
                    if t.tag == .table, let slot = t.table.slot(shortString: key), !slot.pointee.isNil {
                        ra.pointee = slot.pointee
                    } else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        let r = try finishGet(t, key, dest: baseIndex + Int(i.a), source: .upvalue(Int(i.b)))
                        if r != .done { if r == .exit { return .returned }; continue reload }
                        steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)
                    }
                case .getTable:
                    let t = base[Int(i.b)], key = base[Int(i.c)]
                    if t.tag == .table {
                        let slot = key.tag == .integer ? t.table.slot(int: key.integerPayload)
                            : key.tag == .shortString ? t.table.slot(shortString: key) : t.table.slot(key)
                        if let slot, !slot.pointee.isNil { ra.pointee = slot.pointee; continue }
                    }
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    let r = try finishGet(t, key, dest: baseIndex + Int(i.a), source: .register(Int(i.b)))
                    if r != .done { if r == .exit { return .returned }; continue reload }
                    steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)
                case .getI:
                    let t = base[Int(i.b)]
                    if t.tag == .table, let slot = t.table.slot(int: Int64(i.c)), !slot.pointee.isNil {
                        ra.pointee = slot.pointee
                    } else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        let r = try finishGet(t, .integer(Int64(i.c)), dest: baseIndex + Int(i.a), source: .register(Int(i.b)))
                        if r != .done { if r == .exit { return .returned }; continue reload }
                        steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)
                    }
                case .getField:
                    let t = base[Int(i.b)]
                    let key = k[Int(i.c)]
                    if t.tag == .table, let slot = t.table.slot(shortString: key), !slot.pointee.isNil {
                        ra.pointee = slot.pointee
                    } else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        let r = try finishGet(t, key, dest: baseIndex + Int(i.a), source: .register(Int(i.b)))
                        if r != .done { if r == .exit { return .returned }; continue reload }
                        steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)
                    }
                case .self:
                    let t = base[Int(i.b)]
                    let key = i.k ? k[Int(i.c)] : base[Int(i.c)]
                    ra[1] = t
                    if t.tag == .table, key.tag == .shortString, let slot = t.table.slot(shortString: key), !slot.pointee.isNil {
                        ra.pointee = slot.pointee
                    } else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        let r = try finishGet(t, key, dest: baseIndex + Int(i.a), source: .register(Int(i.b)))
                        if r != .done { if r == .exit { return .returned }; continue reload }
                        steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)
                    }

                case .setTabUp:
                    let t = cl.pointee.upvalues[Int(i.a)].pointee.value.pointee
                    let key = k[Int(i.b)]
                    let v = i.k ? k[Int(i.c)] : base[Int(i.c)]
                    if t.tag == .table, let slot = t.table.slot(shortString: key), !slot.pointee.isNil {
                        slot.pointee = v
                        if v.isNil { t.table.pointee.hasNilNodes = true }
                    } else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        let r = try finishSet(t, key, v, source: .upvalue(Int(i.a)))
                        if r != .done { if r == .exit { return .returned }; continue reload }
                        steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)
                    }
                case .setTable:
                    let t = ra.pointee, key = base[Int(i.b)]
                    let v = i.k ? k[Int(i.c)] : base[Int(i.c)]
                    if t.tag == .table {
                        let slot = key.tag == .integer ? t.table.slot(int: key.integerPayload)
                            : key.tag == .shortString ? t.table.slot(shortString: key) : t.table.slot(key)
                        if let slot, !slot.pointee.isNil {
                            slot.pointee = v
                            if v.isNil { t.table.pointee.hasNilNodes = true }
                            continue
                        }
                    }
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    let r = try finishSet(t, key, v, source: .register(Int(i.a)))
                    if r != .done { if r == .exit { return .returned }; continue reload }
                    steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)
                case .setI:
                    let t = ra.pointee
                    let v = i.k ? k[Int(i.c)] : base[Int(i.c)]
                    if t.tag == .table, let slot = t.table.slot(int: Int64(i.b)), !slot.pointee.isNil {
                        slot.pointee = v
                        if v.isNil { t.table.pointee.hasNilNodes = true }
                    } else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        let r = try finishSet(t, .integer(Int64(i.b)), v, source: .register(Int(i.a)))
                        if r != .done { if r == .exit { return .returned }; continue reload }
                        steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)
                    }
                case .setField:
                    let t = ra.pointee
                    let key = k[Int(i.b)]
                    let v = i.k ? k[Int(i.c)] : base[Int(i.c)]
                    if t.tag == .table, let slot = t.table.slot(shortString: key), !slot.pointee.isNil {
                        slot.pointee = v
                        if v.isNil { t.table.pointee.hasNilNodes = true }
                    } else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        let r = try finishSet(t, key, v, source: .register(Int(i.a)))
                        if r != .done { if r == .exit { return .returned }; continue reload }
                        steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)
                    }

                case .newTable:
                    var b = Int(i.b)
                    var c64 = Int64(i.c)
                    if b > 0 { b = b > 27 ? 1 << 27 : 1 << (b - 1) }  // (larger is "table overflow" anyway)
                    if i.k { c64 += Int64(pc.pointee.ax) * 256 }
                    let c = Int(min(c64, Int64(maxArraySize)))
                    pc += 1
                    let lastSaved = ci.pointee.savedPC
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    ra.pointee = try newTable(arrayCapacity: c, hashCapacity: b)
                    if g.pointee.totalBytes < g.pointee.gcThreshold {
                        ci.pointee.savedPC = lastSaved  // (lua5.4 saves the pc here only to collect: see `.idiv`)
                    } else {
                        th.pointee.top = baseIndex + Int(i.a) + 1
                        try collectAtSafePoint()
                        continue reload  // (finalizers may have run: the stack and frames may have moved)
                    }

                // Arithmetic with an immediate or constant operand.
                case .addI:
                    let v = base[Int(i.b)]
                    if v.tag == .integer { pc += 1; ra.pointee = .integer(v.integerPayload &+ Int64(i.sC)) }
                    else if v.tag == .float { pc += 1; ra.pointee = .float(v.floatPayload + Double(i.sC)) }
                case .addK:
                    let v1 = base[Int(i.b)], v2 = k[Int(i.c)]
                    if v1.tag == .integer && v2.tag == .integer {
                        let x = v1.integerPayload, y = v2.integerPayload
                        pc += 1; ra.pointee = .integer(x &+ y)
                    } else if case let (x, y)? = floatOperands(v1, v2) {
                        pc += 1; ra.pointee = .float(x + y)
                    }
                case .subK:
                    let v1 = base[Int(i.b)], v2 = k[Int(i.c)]
                    if v1.tag == .integer && v2.tag == .integer {
                        let x = v1.integerPayload, y = v2.integerPayload
                        pc += 1; ra.pointee = .integer(x &- y)
                    } else if case let (x, y)? = floatOperands(v1, v2) {
                        pc += 1; ra.pointee = .float(x - y)
                    }
                case .mulK:
                    let v1 = base[Int(i.b)], v2 = k[Int(i.c)]
                    if v1.tag == .integer && v2.tag == .integer {
                        let x = v1.integerPayload, y = v2.integerPayload
                        pc += 1; ra.pointee = .integer(x &* y)
                    } else if case let (x, y)? = floatOperands(v1, v2) {
                        pc += 1; ra.pointee = .float(x * y)
                    }
                case .modK:
                    let v1 = base[Int(i.b)], v2 = k[Int(i.c)]
                    if v1.tag == .integer && v2.tag == .integer {
                        let x = v1.integerPayload, y = v2.integerPayload
                        if y == 0 { throw runtimeError("attempt to perform 'n%0'") }
                        pc += 1; ra.pointee = .integer(integerModulo(x, y))
                    } else if case let (x, y)? = floatOperands(v1, v2) {
                        pc += 1; ra.pointee = .float(floatModulo(x, y))
                    }
                case .powK:
                    let v1 = base[Int(i.b)], v2 = k[Int(i.c)]
                    if case let (x, y)? = floatOperands(v1, v2) { pc += 1; ra.pointee = .float(floatArith(.pow, x, y)) }
                case .divK:
                    let v1 = base[Int(i.b)], v2 = k[Int(i.c)]
                    if case let (x, y)? = floatOperands(v1, v2) { pc += 1; ra.pointee = .float(x / y) }
                case .idivK:
                    let v1 = base[Int(i.b)], v2 = k[Int(i.c)]
                    if v1.tag == .integer && v2.tag == .integer {
                        let x = v1.integerPayload, y = v2.integerPayload
                        if y == 0 { throw runtimeError("attempt to divide by zero") }
                        pc += 1; ra.pointee = .integer(integerFloorDivide(x, y))
                    } else if case let (x, y)? = floatOperands(v1, v2) {
                        pc += 1; ra.pointee = .float((x / y).rounded(.down))
                    }
                // (One case per opcode: `op` is then dead after the dispatch, which leaves
                // the loop's state one more register.)
                case .bandK:
                    if let x = toIntegerStrict(base[Int(i.b)]) { pc += 1; ra.pointee = .integer(x & k[Int(i.c)].integerPayload) }
                case .borK:
                    if let x = toIntegerStrict(base[Int(i.b)]) { pc += 1; ra.pointee = .integer(x | k[Int(i.c)].integerPayload) }
                case .bxorK:
                    if let x = toIntegerStrict(base[Int(i.b)]) { pc += 1; ra.pointee = .integer(x ^ k[Int(i.c)].integerPayload) }
                case .shrI:
                    if let x = toIntegerStrict(base[Int(i.b)]) { pc += 1; ra.pointee = .integer(shiftLeft(x, 0 &- Int64(i.sC))) }
                case .shlI:
                    if let x = toIntegerStrict(base[Int(i.b)]) { pc += 1; ra.pointee = .integer(shiftLeft(Int64(i.sC), x)) }

                // Arithmetic on two registers.
                case .add:
                    let v1 = base[Int(i.b)], v2 = base[Int(i.c)]
                    if v1.tag == .integer && v2.tag == .integer {
                        pc += 1; ra.pointee = .integer(v1.integerPayload &+ v2.integerPayload)
                    } else if case let (x, y)? = floatOperands(v1, v2) {
                        pc += 1; ra.pointee = .float(x + y)
                    }
                case .sub:
                    let v1 = base[Int(i.b)], v2 = base[Int(i.c)]
                    if v1.tag == .integer && v2.tag == .integer {
                        pc += 1; ra.pointee = .integer(v1.integerPayload &- v2.integerPayload)
                    } else if case let (x, y)? = floatOperands(v1, v2) {
                        pc += 1; ra.pointee = .float(x - y)
                    }
                case .mul:
                    let v1 = base[Int(i.b)], v2 = base[Int(i.c)]
                    if v1.tag == .integer && v2.tag == .integer {
                        pc += 1; ra.pointee = .integer(v1.integerPayload &* v2.integerPayload)
                    } else if case let (x, y)? = floatOperands(v1, v2) {
                        pc += 1; ra.pointee = .float(x * y)
                    }
                case .mod:
                    let v1 = base[Int(i.b)], v2 = base[Int(i.c)]
                    if v1.tag == .integer && v2.tag == .integer {
                        let x = v1.integerPayload, y = v2.integerPayload
                        if y == 0 { throw runtimeError("attempt to perform 'n%0'") }
                        pc += 1; ra.pointee = .integer(integerModulo(x, y))
                    } else if case let (x, y)? = floatOperands(v1, v2) {
                        pc += 1; ra.pointee = .float(floatModulo(x, y))
                    }
                case .pow:
                    let v1 = base[Int(i.b)], v2 = base[Int(i.c)]
                    if case let (x, y)? = floatOperands(v1, v2) { pc += 1; ra.pointee = .float(floatArith(.pow, x, y)) }
                case .div:
                    let v1 = base[Int(i.b)], v2 = base[Int(i.c)]
                    if case let (x, y)? = floatOperands(v1, v2) { pc += 1; ra.pointee = .float(x / y) }
                case .idiv:
                    // Integer division and modulo by zero do not save the pc (lua5.4.4's lvm.c
                    // raises them from op_arith without `savestate`), so the message carries the
                    // line of the last instruction that saved it in this frame (a call, a
                    // Protect-ed operation) or the function's first line. The save points above
                    // and below follow lvm.c's for that reason (`.eq`, `.len`, `.newTable`, `.setList`).
                    let v1 = base[Int(i.b)], v2 = base[Int(i.c)]
                    if v1.tag == .integer && v2.tag == .integer {
                        let x = v1.integerPayload, y = v2.integerPayload
                        if y == 0 { throw runtimeError("attempt to divide by zero") }
                        pc += 1; ra.pointee = .integer(integerFloorDivide(x, y))
                    } else if case let (x, y)? = floatOperands(v1, v2) {
                        pc += 1; ra.pointee = .float((x / y).rounded(.down))
                    }
                case .band:
                    if let x = toIntegerStrict(base[Int(i.b)]), let y = toIntegerStrict(base[Int(i.c)]) { pc += 1; ra.pointee = .integer(x & y) }
                case .bor:
                    if let x = toIntegerStrict(base[Int(i.b)]), let y = toIntegerStrict(base[Int(i.c)]) { pc += 1; ra.pointee = .integer(x | y) }
                case .bxor:
                    if let x = toIntegerStrict(base[Int(i.b)]), let y = toIntegerStrict(base[Int(i.c)]) { pc += 1; ra.pointee = .integer(x ^ y) }
                case .shl:
                    if let x = toIntegerStrict(base[Int(i.b)]), let y = toIntegerStrict(base[Int(i.c)]) { pc += 1; ra.pointee = .integer(shiftLeft(x, y)) }
                case .shr:
                    if let x = toIntegerStrict(base[Int(i.b)]), let y = toIntegerStrict(base[Int(i.c)]) {
                        pc += 1; ra.pointee = .integer(shiftLeft(x, 0 &- y))
                    }

                // Metamethod fallbacks of the preceding arithmetic instruction.
                case .mmBin, .mmBinI, .mmBinK:
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    let r = try binaryMetamethod(i, prev: (pc - 2).pointee, baseIndex, k)
                    if r != .done { if r == .exit { return .returned }; continue reload }
                    steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)

                case .unm:
                    let v = base[Int(i.b)]
                    if v.tag == .integer { ra.pointee = .integer(0 &- v.integerPayload) }
                    else if v.tag == .float { ra.pointee = .float(-v.floatPayload) }
                    else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        let r = try arithMetamethod(v, .register(Int(i.b)), v, .register(Int(i.b)), .unm, dest: baseIndex + Int(i.a))
                        if r != .done { if r == .exit { return .returned }; continue reload }
                        steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)
                    }
                case .bnot:
                    let v = base[Int(i.b)]
                    if let x = toIntegerStrict(v) { ra.pointee = .integer(~x) }
                    else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        let r = try arithMetamethod(v, .register(Int(i.b)), v, .register(Int(i.b)), .bnot, dest: baseIndex + Int(i.a))
                        if r != .done { if r == .exit { return .returned }; continue reload }
                        steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)
                    }
                case .not:
                    ra.pointee = .bool(base[Int(i.b)].isFalsy)
                case .len:
                    ci.pointee.savedPC = pcIndex(pc, code)  // (always, as lua5.4's Protect: see `.idiv`)
                    let v = base[Int(i.b)]
                    if v.tag == .table && v.table.pointee.metatable == nil {
                        ra.pointee = .integer(v.table.length())
                    } else if v.isString {
                        ra.pointee = .integer(Int64(v.stringObject.pointee.count))
                    } else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        let r = try lengthSlow(v, dest: baseIndex + Int(i.a), source: .register(Int(i.b)))
                        if r != .done { if r == .exit { return .returned }; continue reload }
                        steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)
                    }
                case .concat:
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    th.pointee.top = baseIndex + Int(i.a) + Int(i.b)
                    let r = try concat(Int(i.b), base: baseIndex)
                    if r != .done { if r == .exit { return .returned }; continue reload }
                    if g.pointee.totalBytes >= g.pointee.gcThreshold {
                        try collectAtSafePoint()
                        continue reload  // (finalizers may have run: the stack and frames may have moved)
                    }
                    steps = stepBase &- g.pointee.stepsUsed  // (resync: concat charges steps)

                case .close:
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    if try closeVariables(th, ci, level: baseIndex + Int(i.a)) { continue reload }
                    steps = stepBase &- g.pointee.stepsUsed  // (resync: a native __close may have charged steps)
                case .tbc:
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    try markToBeClosed(th, baseIndex + Int(i.a))
                case .jmp:
                    pc += Int(i.sJ)

                // Comparisons: the next instruction is the jump taken when the result
                // matches k.
                case .eq:
                    ci.pointee.savedPC = pcIndex(pc, code)  // (always, as lua5.4's Protect: see `.idiv`)
                    let v1 = ra.pointee, v2 = base[Int(i.b)]
                    var cond: Bool
                    if v1.tag == .integer && v2.tag == .integer { cond = v1.payload == v2.payload }
                    else if v1.tag == .longString && v2.tag == .longString {
                        // Content comparison: charged per byte examined (CostModel.swift).
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        cond = try longStringsEqual(v1.stringObject, v2.stringObject)
                        steps = stepBase &- g.pointee.stepsUsed  // (resync)
                    } else {
                        cond = rawEqual(v1, v2)
                        if !cond {
                            let tm = equalityMetamethod(v1, v2)
                            if !tm.isNil {
                                ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                                let r = try callFromInstruction(tm, v1, v2, results: 1)
                                if r == .exit { return .returned }
                                continue reload
                            }
                        }
                    }
                    if cond != i.k { pc += 1 } else { pc += Int(pc.pointee.sJ) + 1 }
                case .lt:
                    let v1 = ra.pointee, v2 = base[Int(i.b)]
                    var cond: Bool
                    if v1.tag == .integer && v2.tag == .integer { cond = v1.integerPayload < v2.integerPayload }
                    else if v1.isNumber && v2.isNumber { cond = numberLess(v1, v2) } else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        cond = false
                        let r = try orderSlow(v1, v2, lessEqual: false, &cond)
                        if r != .done { if r == .exit { return .returned }; continue reload }
                        steps = stepBase &- g.pointee.stepsUsed  // (resync: string comparison is charged)
                    }
                    if cond != i.k { pc += 1 } else { pc += Int(pc.pointee.sJ) + 1 }
                case .le:
                    let v1 = ra.pointee, v2 = base[Int(i.b)]
                    var cond: Bool
                    if v1.tag == .integer && v2.tag == .integer { cond = v1.integerPayload <= v2.integerPayload }
                    else if v1.isNumber && v2.isNumber { cond = numberLessEqual(v1, v2) } else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        cond = false
                        let r = try orderSlow(v1, v2, lessEqual: true, &cond)
                        if r != .done { if r == .exit { return .returned }; continue reload }
                        steps = stepBase &- g.pointee.stepsUsed  // (resync: string comparison is charged)
                    }
                    if cond != i.k { pc += 1 } else { pc += Int(pc.pointee.sJ) + 1 }
                case .eqK:
                    let kv = k[Int(i.b)]
                    let cond: Bool
                    if kv.tag == .longString && ra.pointee.tag == .longString {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        cond = try longStringsEqual(ra.pointee.stringObject, kv.stringObject)
                        steps = stepBase &- g.pointee.stepsUsed  // (resync)
                    } else {
                        cond = rawEqual(ra.pointee, kv)
                    }
                    if cond != i.k { pc += 1 } else { pc += Int(pc.pointee.sJ) + 1 }
                case .eqI:
                    let v = ra.pointee
                    let im = Int64(i.sB)
                    let cond = v.tag == .integer ? v.integerPayload == im : (v.tag == .float && v.floatPayload == Double(im))
                    if cond != i.k { pc += 1 } else { pc += Int(pc.pointee.sJ) + 1 }
                case .ltI:
                    let v = ra.pointee
                    let cond: Bool
                    if v.tag == .integer { cond = v.integerPayload < Int64(i.sB) }
                    else if v.tag == .float { cond = v.floatPayload < Double(i.sB) }
                    else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        if try orderImmediate(v, i, flip: false, lessEqual: false) == .exit { return .returned }
                        continue reload
                    }
                    if cond != i.k { pc += 1 } else { pc += Int(pc.pointee.sJ) + 1 }
                case .leI:
                    let v = ra.pointee
                    let cond: Bool
                    if v.tag == .integer { cond = v.integerPayload <= Int64(i.sB) }
                    else if v.tag == .float { cond = v.floatPayload <= Double(i.sB) }
                    else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        if try orderImmediate(v, i, flip: false, lessEqual: true) == .exit { return .returned }
                        continue reload
                    }
                    if cond != i.k { pc += 1 } else { pc += Int(pc.pointee.sJ) + 1 }
                case .gtI:
                    let v = ra.pointee
                    let cond: Bool
                    if v.tag == .integer { cond = v.integerPayload > Int64(i.sB) }
                    else if v.tag == .float { cond = v.floatPayload > Double(i.sB) }
                    else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        if try orderImmediate(v, i, flip: true, lessEqual: false) == .exit { return .returned }
                        continue reload
                    }
                    if cond != i.k { pc += 1 } else { pc += Int(pc.pointee.sJ) + 1 }
                case .geI:
                    let v = ra.pointee
                    let cond: Bool
                    if v.tag == .integer { cond = v.integerPayload >= Int64(i.sB) }
                    else if v.tag == .float { cond = v.floatPayload >= Double(i.sB) }
                    else {
                        ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                        if try orderImmediate(v, i, flip: true, lessEqual: true) == .exit { return .returned }
                        continue reload
                    }
                    if cond != i.k { pc += 1 } else { pc += Int(pc.pointee.sJ) + 1 }
                case .test:
                    let cond = !ra.pointee.isFalsy
                    if cond != i.k { pc += 1 } else { pc += Int(pc.pointee.sJ) + 1 }
                case .testSet:
                    let v = base[Int(i.b)]
                    if v.isFalsy == i.k { pc += 1 } else { ra.pointee = v; pc += Int(pc.pointee.sJ) + 1 }

                // Calls and returns.
                case .call:
                    // (Stack indices are bounded by the stack size: wrapping arithmetic here
                    // only drops overflow checks that cannot fire.)
                    let funcIndex = baseIndex &+ Int(i.a)
                    if i.b != 0 { th.pointee.top = funcIndex &+ Int(i.b) }
                    else if th.pointee.top <= funcIndex { th.pointee.top = funcIndex &+ 1 }  // (only malformed code)
                    ci.pointee.savedPC = pcIndex(pc, code)
                    // Fast path: a Lua function with enough stack and frame space.
                    let f = ra.pointee
                    if f.tag == .luaFunction {
                        let p = f.luaClosure.pointee.proto
                        if let frame = pushLuaFrame(th, funcIndex, p, wanted: Int32(i.c) &- 1, status: .lua) {
                            // Enter the new frame without a full reload.
                            ci = frame
                            baseIndex = funcIndex &+ 1
                            cl = f.luaClosure
                            k = p.pointee.constants
                            code = p.pointee.code
                            pc = code
                            base = ra + 1
                            continue dispatch
                        }
                    } else if f.tag == .nativeFunction && f.nativeClosure.pointee.special == .none
                        && th.pointee.hook.mask == 0
                        && th.pointee.stackSize &- th.pointee.top > StackLimits.minStack
                        && th.pointee.frameCount < th.pointee.frameCapacity
                        && g.pointee.totalBytes < g.pointee.gcThreshold {
                        // Fast path: a plain native function (math.sqrt…) returning to this
                        // frame; only what the callee may have moved is reloaded.
                        g.pointee.stepsUsed = stepBase &- steps
                        if try callNativeFromLua(th, funcIndex, f.nativeClosure, wanted: Int32(i.c) &- 1) { return .returned }
                        if g.pointee.currentThread == th && th.pointee.hook.mask == 0 {
                            ci = th.pointee.frames + (th.pointee.frameCount &- 1)  // (frames may have moved)
                            base = th.pointee.stack + baseIndex  // (so may the stack)
                            steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)
                            continue dispatch
                        }
                        continue reload
                    }
                    g.pointee.stepsUsed = stepBase &- steps
                    if try precall(th, funcIndex, wanted: Int32(i.c) - 1, status: []) { return .returned }
                    continue reload
                case .tailCall:
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    let toLua = ra.pointee.tag == .luaFunction && th.pointee.hook.mask == 0
                    if try tailCall(th, ci, i, baseIndex) { return .returned }
                    if toLua {
                        // The callee replaced this frame (same ci, same thread): enter it
                        // without a full reload. (The stack may have moved.)
                        let s = th.pointee.stack
                        baseIndex = ci.pointee.function &+ 1
                        cl = s[ci.pointee.function].luaClosure
                        k = cl.pointee.proto.pointee.constants
                        code = cl.pointee.proto.pointee.code
                        pc = code
                        base = s + baseIndex
                        steps = stepBase &- g.pointee.stepsUsed  // (resync)
                        continue dispatch
                    }
                    continue reload
                case .return:
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    var n = Int(i.b) - 1
                    if n < 0 { n = max(th.pointee.top - (baseIndex + Int(i.a)), 0) }
                    // Fast path (as RETURN1's): a plain Lua call returning to a Lua caller, no
                    // hook, no vararg shift, and nothing to close but upvalues. Does what
                    // closeVariables, postcall and finishReturn would, without a full reload.
                    if th.pointee.hook.mask == 0 && i.c == 0 && ci.pointee.status.returnsInPlace
                        && (ci - 1).pointee.status.contains(.lua)
                        && (!i.k || !hasToBeClosed(th, from: baseIndex)) {
                        if i.k { closeUpvalues(th, from: baseIndex) }
                        if ci.pointee.status.contains(.iterator) { th.pointee.nativeCalls &-= 1 }
                        let res = ci.pointee.function
                        var wanted = Int(ci.pointee.wantedResults)
                        let first = baseIndex &+ Int(i.a)
                        let s = th.pointee.stack
                        if wanted == 1 {
                            s[res] = n == 0 ? .nil : s[first]
                            th.pointee.top = res &+ 1
                        } else if wanted == 0 {
                            th.pointee.top = res
                        } else {
                            if wanted < 0 { wanted = n }
                            let m = min(n, wanted)
                            // (postcall's deferred charge for moving many results)
                            steps &-= CostModel.steps(wanted &* CostModel.valueBytes, per: CostModel.bytesCopiedPerStep)
                            var j = 0
                            while j < m { s[res &+ j] = s[first &+ j]; j &+= 1 }
                            while j < wanted { s[res &+ j] = .nil; j &+= 1 }
                            th.pointee.top = res &+ wanted
                        }
                        th.pointee.frameCount &-= 1
                        ci -= 1
                        baseIndex = ci.pointee.function &+ 1
                        cl = s[ci.pointee.function].luaClosure
                        k = cl.pointee.proto.pointee.constants
                        code = cl.pointee.proto.pointee.code
                        pc = code + ci.pointee.savedPC
                        base = s + baseIndex
                        continue dispatch
                    }
                    if i.k {
                        ci.pointee.pendingResults = Int32(n)
                        if th.pointee.top < ci.pointee.top { th.pointee.top = ci.pointee.top }
                        if try closeVariables(th, ci, level: baseIndex) { continue reload }
                    }
                    // (The hook sees the function where it was called, before the vararg shift.)
                    if th.pointee.hook.mask != 0 { th.pointee.top = max(th.pointee.top, baseIndex + Int(i.a) + n); try returnHook(th, first: baseIndex + Int(i.a), count: n) }
                    if i.c != 0 { ci.pointee.function -= Int(ci.pointee.extraArgs) + Int(i.c) }
                    let first = baseIndex + Int(i.a)
                    let st = postcall(th, th.pointee.frameCount - 1, first: first, count: n)
                    if try finishReturn(st) { return .returned }
                    continue reload
                case .return0:
                    ci.pointee.savedPC = pcIndex(pc, code)
                    let fi = th.pointee.frameCount &- 1
                    // (ci is frames[fi]; frame 0 is the base frame, never a Lua frame.)
                    if ci.pointee.status.returnsInPlace && (ci - 1).pointee.status.contains(.lua)
                        && th.pointee.hook.mask == 0 {
                        if ci.pointee.status.contains(.iterator) { th.pointee.nativeCalls &-= 1 }
                        let res = ci.pointee.function
                        let wanted = Int(ci.pointee.wantedResults)
                        let s = th.pointee.stack
                        var j = 0
                        while j < wanted { s[res &+ j] = .nil; j &+= 1 }
                        th.pointee.top = res &+ max(wanted, 0)
                        th.pointee.frameCount = fi
                        // Back to the caller (a Lua frame) without a full reload.
                        ci -= 1
                        baseIndex = ci.pointee.function &+ 1
                        cl = s[ci.pointee.function].luaClosure
                        k = cl.pointee.proto.pointee.constants
                        code = cl.pointee.proto.pointee.code
                        pc = code + ci.pointee.savedPC
                        base = s + baseIndex
                        continue dispatch
                    }
                    g.pointee.stepsUsed = stepBase &- steps
                    if th.pointee.hook.mask != 0 { try returnHook(th) }
                    let st = postcall(th, th.pointee.frameCount - 1, first: baseIndex, count: 0)
                    if try finishReturn(st) { return .returned }
                    continue reload
                case .return1:
                    ci.pointee.savedPC = pcIndex(pc, code)
                    // Fast path: a plain Lua call or a generic `for`'s iterator returning to a
                    // Lua caller (whose pending instruction is then an OP_CALL or OP_TFORCALL:
                    // frames for metamethods, pcall and native callers carry other status bits).
                    let fi = th.pointee.frameCount &- 1
                    // (ci is frames[fi]; frame 0 is the base frame, never a Lua frame.)
                    if ci.pointee.status.returnsInPlace && (ci - 1).pointee.status.contains(.lua)
                        && th.pointee.hook.mask == 0 {
                        if ci.pointee.status.contains(.iterator) { th.pointee.nativeCalls &-= 1 }
                        let res = ci.pointee.function
                        let wanted = Int(ci.pointee.wantedResults)
                        let s = th.pointee.stack
                        if wanted == 1 || wanted < 0 {
                            s[res] = ra.pointee
                            th.pointee.top = res &+ 1
                        } else {
                            if wanted > 0 { s[res] = ra.pointee }
                            var j = 1
                            while j < wanted { s[res &+ j] = .nil; j &+= 1 }
                            th.pointee.top = res &+ wanted
                        }
                        th.pointee.frameCount = fi
                        // Back to the caller (a Lua frame) without a full reload.
                        ci -= 1
                        baseIndex = ci.pointee.function &+ 1
                        cl = s[ci.pointee.function].luaClosure
                        k = cl.pointee.proto.pointee.constants
                        code = cl.pointee.proto.pointee.code
                        pc = code + ci.pointee.savedPC
                        base = s + baseIndex
                        continue dispatch
                    }
                    g.pointee.stepsUsed = stepBase &- steps
                    if th.pointee.hook.mask != 0 { try returnHook(th, first: baseIndex + Int(i.a), count: 1) }
                    let st = postcall(th, th.pointee.frameCount - 1, first: baseIndex + Int(i.a), count: 1)
                    if try finishReturn(st) { return .returned }
                    continue reload

                // Loops.
                case .forLoop:
                    if ra[2].tag == .integer {
                        let count = UInt64(bitPattern: ra[1].integerPayload)
                        if count > 0 {
                            let idx = ra.pointee.integerPayload &+ ra[2].integerPayload
                            ra[1] = .integer(Int64(bitPattern: count - 1))
                            ra.pointee = .integer(idx)
                            ra[3] = .integer(idx)
                            pc -= Int(i.bx)
                        }
                    } else {
                        let step = ra[2].floatPayload, limit = ra[1].floatPayload
                        let idx = ra.pointee.floatPayload + step
                        if step > 0 ? idx <= limit : limit <= idx {
                            ra.pointee = .float(idx)
                            ra[3] = .float(idx)
                            pc -= Int(i.bx)
                        }
                    }
                case .forPrep:
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    if try forPrepare(ra) { pc += Int(i.bx) + 1 }
                case .tForPrep:
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    try markToBeClosed(th, baseIndex + Int(i.a) + 3)
                    pc += Int(i.bx)
                case .tForCall:
                    ra[4] = ra.pointee; ra[5] = ra[1]; ra[6] = ra[2]
                    th.pointee.top = baseIndex + Int(i.a) + 7
                    // Fast path: `ipairs` over a table whose next element is present, or
                    // `next` (what `pairs` returns for a table without `__pairs`) over a
                    // table and a key it holds, done here rather than as a native call: the
                    // same results, stack top and step charge, when the call could not have
                    // grown the stack or the frames, collected, run a hook or hit the
                    // native-call limit.
                    if i.c >= 1 && ra.pointee.tag == .nativeFunction && ra[1].tag == .table && th.pointee.hook.mask == 0
                        && th.pointee.nativeCalls &+ 1 < maxNativeCalls
                        && th.pointee.stackSize &- th.pointee.top > StackLimits.minStack
                        && th.pointee.frameCount < th.pointee.frameCapacity
                        && g.pointee.totalBytes < g.pointee.gcThreshold {
                        var key = LuaValue.nil, value = LuaValue.nil
                        var handled = false
                        if ra.pointee.sameBits(g.pointee.ipairsIterator) {
                            if ra[2].tag == .integer {
                                let n = ra[2].integerPayload &+ 1
                                if let slot = ra[1].table.slot(int: n), !slot.pointee.isNil {
                                    key = .integer(n); value = slot.pointee; handled = true
                                }
                            }
                        } else if ra.pointee.sameBits(g.pointee.nextFunction) {
                            // (nil: a key the table does not hold; the call raises the error)
                            handled = ra[1].table.next(after: ra[2], nextKey: &key, nextValue: &value) != nil
                        }
                        if handled {
                            let wanted = Int(i.c)
                            ra[4] = key
                            if wanted >= 2 {
                                ra[5] = value
                                var j = 2
                                while j < wanted { ra[4 &+ j] = .nil; j &+= 1 }
                                // (postcall's deferred charge for moving many results)
                                steps &-= CostModel.steps(wanted &* CostModel.valueBytes, per: CostModel.bytesCopiedPerStep)
                            }
                            th.pointee.top = baseIndex &+ Int(i.a) &+ 4 &+ wanted
                            continue
                        }
                    }
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    let f = ra.pointee
                    if f.tag == .nativeFunction && f.nativeClosure.pointee.special == .none
                        && th.pointee.hook.mask == 0
                        && th.pointee.nativeCalls &+ 1 < maxNativeCalls
                        && th.pointee.stackSize &- th.pointee.top > StackLimits.minStack
                        && th.pointee.frameCount < th.pointee.frameCapacity
                        && g.pointee.totalBytes < g.pointee.gcThreshold {
                        // Fast path: a plain native iterator (`next` of `pairs`…), as OP_CALL's.
                        th.pointee.nativeCalls &+= 1  // (enterNativeLevel: the limit is checked above)
                        if try callNativeFromLua(th, baseIndex &+ Int(i.a) &+ 4, f.nativeClosure,
                                                 wanted: Int32(i.c), status: .iterator) { return .returned }
                        if g.pointee.currentThread == th && th.pointee.hook.mask == 0 {
                            ci = th.pointee.frames + (th.pointee.frameCount &- 1)  // (frames may have moved)
                            base = th.pointee.stack + baseIndex  // (so may the stack)
                            steps = stepBase &- g.pointee.stepsUsed  // (resync: native code may have charged steps)
                            continue dispatch
                        }
                        continue reload
                    }
                    if f.tag == .luaFunction && th.pointee.nativeCalls &+ 1 < maxNativeCalls {
                        // Fast path: a Lua iterator, entered as OP_CALL enters a Lua function.
                        let p = f.luaClosure.pointee.proto
                        let funcIndex = baseIndex &+ Int(i.a) &+ 4
                        if let frame = pushLuaFrame(th, funcIndex, p, wanted: Int32(i.c), status: .luaIterator) {
                            th.pointee.nativeCalls &+= 1  // (enterNativeLevel: the limit is checked above)
                            ci = frame
                            baseIndex = funcIndex &+ 1
                            cl = f.luaClosure
                            k = p.pointee.constants
                            code = p.pointee.code
                            pc = code
                            base = ra + 5
                            continue dispatch
                        }
                    }
                    try enterNativeLevel(th)
                    if try precall(th, baseIndex + Int(i.a) + 4, wanted: Int32(i.c), status: .iterator) { return .returned }
                    continue reload
                case .tForLoop:
                    if !ra[4].isNil {
                        ra[2] = ra[4]
                        pc -= Int(i.bx)
                    }

                case .setList:
                    var n = Int(i.b)
                    var last = Int(i.c)
                    if n == 0 { n = max(th.pointee.top - (baseIndex + Int(i.a)) - 1, 0) }
                    if i.k { last += Int(min(Int64(pc.pointee.ax) * 256, Int64(maxArraySize))); pc += 1 }
                    last += n
                    let lastSaved = ci.pointee.savedPC
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    // The compiler only emits SETLIST after NEWTABLE; malformed code must not
                    // be able to treat another value as a table.
                    guard ra.pointee.tag == .table else { throw runtimeError("malformed code: SETLIST on a non-table") }
                    try chargeCopy(n &* CostModel.valueBytes)  // (`{...}` may store a million values)
                    steps = stepBase &- g.pointee.stepsUsed  // (resync)
                    let t = ra.pointee.table
                    if last > Int(t.realArraySize) { try ensureArraySize(t, UInt32(clamping: last)) }
                    let array = t.pointee.array
                    while n > 0 {
                        array.unsafelyUnwrapped[last - 1] = ra[n]
                        last -= 1
                        n -= 1
                    }
                    // Registers are in order again; the top is the frame's.
                    th.pointee.top = ci.pointee.top
                    ci.pointee.savedPC = lastSaved  // (lua5.4 does not save the pc here: see `.idiv`)
                case .closure:
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    ra.pointee = try makeClosure(th, cl, cl.pointee.proto.pointee.protos[Int(i.bx)], baseIndex)
                    if g.pointee.totalBytes >= g.pointee.gcThreshold {
                        th.pointee.top = baseIndex + Int(i.a) + 1
                        try collectAtSafePoint()
                        continue reload  // (finalizers may have run: the stack and frames may have moved)
                    }
                case .vararg:
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    try copyVarargs(th, ci, to: baseIndex + Int(i.a), wanted: Int(i.c) - 1)
                    base = th.pointee.stack + baseIndex
                    steps = stepBase &- g.pointee.stepsUsed  // (resync: copying varargs is charged)
                case .varargPrep:
                    ci.pointee.savedPC = pcIndex(pc, code); g.pointee.stepsUsed = stepBase &- steps  // save
                    try adjustVarargs(th, ci, cl.pointee.proto)
                    continue reload
                case .extraArg:
                    break
                }
            }
        }
    }
}
