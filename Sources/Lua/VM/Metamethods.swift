// Metamethod lookup and the slow paths of the interpreter's instructions.
//
// When an instruction's fast path fails (indexing a non-table, arithmetic on non-numbers,
// comparing tables, ...), the interpreter calls one of the functions here. A metamethod that
// is a Lua function is *not* run by a nested Swift call: it gets a call frame placed above
// the running frame's registers, the interpreter loop runs it, and when it returns,
// `finishOp` completes the interrupted instruction (the reference's luaV_finishOp). So
// metamethods can yield and nest without using the Swift stack.

/// What the interpreter loop must do after a slow path.
enum SlowPathResult {
    /// The instruction completed; continue with the cached state.
    case done
    /// Frames changed (a call was made): reload the cached state from the top frame.
    case reload
    /// The current `execute` invocation's fresh frame returned: leave the loop.
    case exit
}

/// Longest `__index`/`__newindex` chain followed (MAXTAGLOOP).
let maxTagLoop = 2000

extension LuaState {
    /// The metatable of any value (tables and userdata have their own; other types share
    /// one per type).
    @inline(__always)
    func metatable(of v: LuaValue) -> UnsafeMutablePointer<TableObject>? {
        switch v.tag {
        case .table: return v.table.pointee.metatable
        case .userdata: return v.userdataObject.pointee.metatable
        default: return g.pointee.typeMetatables[v.basicType.rawValue]
        }
    }

    /// Metamethod `event` in metatable `mt`, or nil; uses the table's absence cache for the
    /// first six events (fasttm).
    @inline(__always)
    func fastMetamethod(_ mt: UnsafeMutablePointer<TableObject>?, _ event: Metamethod) -> LuaValue {
        guard let mt else { return .nil }
        let bit = UInt8(truncatingIfNeeded: 1 << event.rawValue)
        if event.rawValue < 6 && mt.pointee.absentMetamethods & bit != 0 { return .nil }
        let v = mt.get(shortString: g.pointee.metamethodNames[event.rawValue])
        if v.isNil && event.rawValue < 6 { mt.pointee.absentMetamethods |= bit }
        return v
    }

    /// Metamethod `event` of a value, or nil (luaT_gettmbyobj).
    @inline(__always)
    func metamethod(_ v: LuaValue, _ event: Metamethod) -> LuaValue {
        guard let mt = metatable(of: v) else { return .nil }
        return mt.get(shortString: g.pointee.metamethodNames[event.rawValue])
    }

    // MARK: Calls from the loop

    /// Calls `f(a, b[, c])` for the running Lua frame, placing the call above the frame's
    /// registers, wanting `results` results; `finishOp` completes the instruction later.
    @inline(never)
    func callFromInstruction(_ f: LuaValue, _ a: LuaValue, _ b: LuaValue, _ c: LuaValue? = nil,
                             results: Int32) throws(LuaError) -> SlowPathResult {
        let th = thread
        let ci = th.pointee.frames + (th.pointee.frameCount - 1)
        if th.pointee.top < ci.pointee.top { th.pointee.top = ci.pointee.top }
        return try pushAndCall(th, f, a, b, c, results: results)
    }

    /// Pushes `f, a, b[, c]` at the thread's top and calls it as a metamethod (one C level).
    func pushAndCall(_ th: UnsafeMutablePointer<ThreadObject>, _ f: LuaValue, _ a: LuaValue, _ b: LuaValue,
                     _ c: LuaValue?, results: Int32) throws(LuaError) -> SlowPathResult {
        let top = th.pointee.top
        let s = th.pointee.stack
        s[top] = f; s[top + 1] = a; s[top + 2] = b
        th.pointee.top = top + 3
        if let c { s[top + 3] = c; th.pointee.top = top + 4 }
        try enterNativeLevel(th)
        return try precall(th, top, wanted: results, status: .cLevel) ? .exit : .reload
    }

    /// Counts one nested "C call" level (metamethods, pcall, iterators, native callbacks),
    /// raising "C stack overflow" at the reference's limit of 200 (luaE_checkcstack).
    @inline(__always)
    func enterNativeLevel(_ th: UnsafeMutablePointer<ThreadObject>) throws(LuaError) {
        th.pointee.nativeCalls += 1
        if th.pointee.nativeCalls >= maxNativeCalls { try nativeLevelOverflow(th) }
    }

    func nativeLevelOverflow(_ th: UnsafeMutablePointer<ThreadObject>) throws(LuaError) {
        if th.pointee.nativeCalls == maxNativeCalls {
            throw runtimeError("C stack overflow")
        } else if th.pointee.nativeCalls >= maxNativeCalls / 10 * 11 {
            throw errorInErrorHandling()
        }
    }

    // MARK: Indexing

    /// `dest = t[key]` after the fast path failed (luaV_finishget).
    func finishGet(_ tIn: LuaValue, _ key: LuaValue, dest: Int, source: OperandSource) throws(LuaError) -> SlowPathResult {
        var t = tIn
        var src = source
        for _ in 0..<maxTagLoop {
            let tm: LuaValue
            if t.tag == .table {
                // Raw access already failed (or is retried here for chained tables). Field
                // names take the inlined short-string lookup: method calls through
                // `__index` chains look up every table on the way.
                let v = key.tag == .shortString ? t.table.get(shortString: key) : t.table.get(key)
                if !v.isNil { thread.pointee.stack[dest] = v; return .done }
                tm = fastMetamethod(t.table.pointee.metatable, .index)
                if tm.isNil { thread.pointee.stack[dest] = .nil; return .done }
            } else {
                tm = metamethod(t, .index)
                if tm.isNil { throw typeError(t, "index", src) }
            }
            if tm.isFunction {
                return try callFromInstruction(tm, t, key, results: 1)
            }
            t = tm
            src = .none
        }
        throw runtimeError("'__index' chain too long; possible loop")
    }

    /// `t[key] = value` after the fast path failed (luaV_finishset).
    func finishSet(_ tIn: LuaValue, _ key: LuaValue, _ value: LuaValue, source: OperandSource) throws(LuaError) -> SlowPathResult {
        var t = tIn
        var src = source
        for _ in 0..<maxTagLoop {
            let tm: LuaValue
            if t.tag == .table {
                let h = t.table
                if let slot = key.tag == .shortString ? h.slot(shortString: key) : h.slot(key), !slot.pointee.isNil {
                    slot.pointee = value
                    if value.isNil { h.pointee.hasNilNodes = true }
                    return .done
                }
                tm = fastMetamethod(h.pointee.metatable, .newindex)
                if tm.isNil {
                    try rawSet(h, key, value)
                    return .done
                }
            } else {
                tm = metamethod(t, .newindex)
                if tm.isNil { throw typeError(t, "index", src) }
            }
            if tm.isFunction {
                return try callFromInstruction(tm, t, key, value, results: 0)
            }
            t = tm
            src = .none
        }
        throw runtimeError("'__newindex' chain too long; possible loop")
    }

    // MARK: Arithmetic

    /// Arithmetic/bitwise fallback: tries the operands' metamethod (luaT_trybinTM). The result
    /// goes to `dest` when computed synchronously, or via `finishOp`.
    func arithMetamethod(_ a: LuaValue, _ sa: OperandSource, _ b: LuaValue, _ sb: OperandSource,
                         _ op: ArithOp, dest: Int) throws(LuaError) -> SlowPathResult {
        var tm = metamethod(a, op.metamethod)
        if tm.isNil { tm = metamethod(b, op.metamethod) }
        if tm.isNil {
            if op.isBitwise {
                if a.isNumber && b.isNumber { throw toIntegerError(a, sa, b, sb) }
                throw operandError(a, sa, b, sb, "perform bitwise operation on")
            }
            throw operandError(a, sa, b, sb, "perform arithmetic on")
        }
        return try callFromInstruction(tm, a, b, results: 1)
    }

    // MARK: Length and concatenation

    /// `dest = #v` for values that are not plain tables or strings (luaV_objlen).
    @inline(never)
    func lengthSlow(_ v: LuaValue, dest: Int, source: OperandSource) throws(LuaError) -> SlowPathResult {
        let tm: LuaValue
        if v.tag == .table {
            tm = fastMetamethod(v.table.pointee.metatable, .len)
            if tm.isNil { thread.pointee.stack[dest] = .integer(v.table.length()); return .done }
        } else if v.isString {
            thread.pointee.stack[dest] = .integer(Int64(v.stringObject.pointee.count))
            return .done
        } else {
            tm = metamethod(v, .len)
            if tm.isNil { throw typeError(v, "get length of", source) }
        }
        return try callFromInstruction(tm, v, v, results: 1)
    }

    /// Concatenates the `total` values below the thread's top into one, at `top - total`
    /// (luaV_concat). Calls `__concat` metamethods as needed (the loop resumes the work in
    /// `finishOp`). `base` is the running frame's first register (for error messages).
    func concat(_ totalIn: Int, base: Int) throws(LuaError) -> SlowPathResult {
        var total = totalIn
        let th = thread
        while total > 1 {
            let s = th.pointee.stack
            let top = th.pointee.top
            var n = 2
            let a = s[top - 2], b = s[top - 1]
            if !(a.isString || a.isNumber) || !(b.isString || b.isNumber) {
                var tm = metamethod(a, .concat)
                if tm.isNil { tm = metamethod(b, .concat) }
                if tm.isNil {
                    throw concatError(a, .register(top - 2 - base), b, .register(top - 1 - base))
                }
                let r = try pushAndCall(th, tm, a, b, nil, results: 1)
                if r != .done { return r }
            } else if b.isString && b.stringObject.pointee.count == 0 {
                if a.isNumber { s[top - 2] = try numberToString(a) }
            } else if a.isString && a.stringObject.pointee.count == 0 {
                s[top - 2] = b.isNumber ? try numberToString(b) : b
            } else {
                // Collect as many consecutive strings/numbers as possible.
                if b.isNumber { s[top - 1] = try numberToString(b) }
                var length = s[top - 1].stringObject.pointee.count
                n = 1
                while n < total {
                    let v = s[top - n - 1]
                    if v.isNumber { s[top - n - 1] = try numberToString(v) } else if !v.isString { break }
                    let l = s[top - n - 1].stringObject.pointee.count
                    if l >= Int.max / 2 - length { throw runtimeError("string length overflow") }
                    length += l
                    n += 1
                }
                let count = n
                try chargeCopy(length)  // CostModel.bytesCopiedPerStep
                let result = try newString(count: length) { out in
                    var offset = 0
                    for j in stride(from: count, to: 0, by: -1) {
                        let str = s[top - j].stringObject
                        let l = str.pointee.count
                        copyBytes(out + offset, str.bytes, l)
                        offset += l
                    }
                }
                s[top - n] = result
            }
            total -= n - 1
            th.pointee.top -= n - 1
        }
        return .done
    }

    // MARK: Comparisons

    /// Raw equality (rawequal): numbers by value, strings by content, others by identity.
    @inline(__always)
    public func rawEqual(_ a: LuaValue, _ b: LuaValue) -> Bool {
        if a.tag == b.tag {
            switch a.tag {
            case .float: return a.floatPayload == b.floatPayload
            case .longString: return a.stringObject.equalContents(b.stringObject)
            case .nil_, .false_, .true_: return true
            default: return a.payload == b.payload
            }
        }
        if a.tag == .integer && b.tag == .float { return floatToIntegerExact(b.floatPayload) == a.integerPayload }
        if a.tag == .float && b.tag == .integer { return floatToIntegerExact(a.floatPayload) == b.integerPayload }
        return false
    }

    /// The `__eq` metamethod to try for two distinct tables or userdata, or nil.
    func equalityMetamethod(_ a: LuaValue, _ b: LuaValue) -> LuaValue {
        guard a.tag == b.tag, a.tag == .table || a.tag == .userdata, a.payload != b.payload else { return .nil }
        var tm = fastMetamethod(metatable(of: a), .eq)
        if tm.isNil { tm = fastMetamethod(metatable(of: b), .eq) }
        return tm
    }

    /// Raw equality that charges a content comparison of long strings (the bytes up to the
    /// first difference, CostModel.swift). What `==`, `~=` and `rawequal` use.
    @inline(__always)
    func rawEqualCharged(_ a: LuaValue, _ b: LuaValue) throws(LuaError) -> Bool {
        if a.tag == .longString && b.tag == .longString { return try longStringsEqual(a.stringObject, b.stringObject) }
        return rawEqual(a, b)
    }

    /// Content equality of two long strings, charged.
    func longStringsEqual(_ a: UnsafeMutablePointer<StringObject>, _ b: UnsafeMutablePointer<StringObject>) throws(LuaError) -> Bool {
        if a == b { return true }
        let n = a.pointee.count
        if n != b.pointee.count { return false }
        let p = commonPrefixLength(a.bytes, b.bytes, n)
        try chargeScan(p)
        return p == n
    }

    /// Byte order of two strings, charged by the bytes examined.
    @inline(__always)
    func stringOrder(_ a: LuaValue, _ b: LuaValue) throws(LuaError) -> Int {
        let (order, examined) = compareBytes(a.stringObject.buffer, b.stringObject.buffer)
        try chargeScan(examined)
        return order
    }

    /// `a < b` for numbers and strings, or nil when a metamethod is needed.
    @inline(__always)
    func primitiveLess(_ a: LuaValue, _ b: LuaValue) throws(LuaError) -> Bool? {
        if a.tag == .integer && b.tag == .integer { return a.integerPayload < b.integerPayload }
        if a.isNumber && b.isNumber { return numberLess(a, b) }
        if a.isString && b.isString { return try stringOrder(a, b) < 0 }
        return nil
    }

    /// `a <= b` for numbers and strings, or nil when a metamethod is needed.
    @inline(__always)
    func primitiveLessEqual(_ a: LuaValue, _ b: LuaValue) throws(LuaError) -> Bool? {
        if a.tag == .integer && b.tag == .integer { return a.integerPayload <= b.integerPayload }
        if a.isNumber && b.isNumber { return numberLessEqual(a, b) }
        if a.isString && b.isString { return try stringOrder(a, b) <= 0 }
        return nil
    }

    /// Order comparison through `__lt`/`__le` (luaT_callorderTM); for `<=` without `__le`,
    /// tries `not (b < a)` as the reference's 5.3-compatible build does.
    func orderMetamethod(_ a: LuaValue, _ b: LuaValue, lessEqual: Bool) throws(LuaError) -> SlowPathResult {
        let event: Metamethod = lessEqual ? .le : .lt
        var tm = metamethod(a, event)
        if tm.isNil { tm = metamethod(b, event) }
        if !tm.isNil { return try callFromInstruction(tm, a, b, results: 1) }
        if lessEqual {
            var lt = metamethod(b, .lt)
            if lt.isNil { lt = metamethod(a, .lt) }
            if !lt.isNil {
                let th = thread
                th.pointee.frames[th.pointee.frameCount - 1].status.insert(.leq)
                return try callFromInstruction(lt, b, a, results: 1)
            }
        }
        throw orderError(a, b)
    }
}

/// The reference's LUAI_MAXCCALLS.
let maxNativeCalls: Int32 = 200

/// `a < b` for two numbers of any subtypes, exactly (LTnum).
@inline(__always)
func numberLess(_ a: LuaValue, _ b: LuaValue) -> Bool {
    if a.tag == .integer {
        let i = a.integerPayload
        if b.tag == .integer { return i < b.integerPayload }
        return integerLessFloat(i, b.floatPayload)
    }
    let f = a.floatPayload
    if b.tag == .float { return f < b.floatPayload }
    return floatLessInteger(f, b.integerPayload)
}

/// `a <= b` for two numbers of any subtypes, exactly (LEnum).
@inline(__always)
func numberLessEqual(_ a: LuaValue, _ b: LuaValue) -> Bool {
    if a.tag == .integer {
        let i = a.integerPayload
        if b.tag == .integer { return i <= b.integerPayload }
        return integerLessEqualFloat(i, b.floatPayload)
    }
    let f = a.floatPayload
    if b.tag == .float { return f <= b.floatPayload }
    return floatLessEqualInteger(f, b.integerPayload)
}

/// Whether an integer is exactly representable as a double (|i| < 2^53).
@inline(__always) private func fitsDouble(_ i: Int64) -> Bool {
    let limit: UInt64 = 1 << 53
    return UInt64(bitPattern: i) &+ limit <= 2 * limit
}

func integerLessFloat(_ i: Int64, _ f: Double) -> Bool {
    if fitsDouble(i) { return Double(i) < f }
    if let fi = floatToInteger(f, .ceil) { return i < fi }  // i < f <=> i < ceil(f)
    return f > 0
}

func integerLessEqualFloat(_ i: Int64, _ f: Double) -> Bool {
    if fitsDouble(i) { return Double(i) <= f }
    if let fi = floatToInteger(f, .floor) { return i <= fi }  // i <= f <=> i <= floor(f)
    return f > 0
}

func floatLessInteger(_ f: Double, _ i: Int64) -> Bool {
    if fitsDouble(i) { return f < Double(i) }
    if let fi = floatToInteger(f, .floor) { return fi < i }  // f < i <=> floor(f) < i
    return f < 0  // beyond all integers, or NaN (which is never less)
}

func floatLessEqualInteger(_ f: Double, _ i: Int64) -> Bool {
    if fitsDouble(i) { return f <= Double(i) }
    if let fi = floatToInteger(f, .ceil) { return fi <= i }  // f <= i <=> ceil(f) <= i
    return f < 0  // beyond all integers, or NaN (which is never less)
}
