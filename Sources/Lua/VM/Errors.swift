// Raising errors: runtime errors with "chunk:line:" prefixes and the reference's messages.
//
// An error is a Swift `throw` of `LuaError.runtime`; its value waits in a GC root of the state
// (`pendingError`) until a handler takes it (see `LuaError` for why). Functions here *return* the error so call sites read
// `throw L.runtimeError(...)`.

extension LuaState {
    /// Raises any Lua value as an error (`error(v, 0)`).
    public func error(value: LuaValue) -> LuaError {
        g.pointee.pendingError = value
        return .runtime
    }

    /// A runtime error raised by the VM itself: prefixed with the position of the running
    /// function if it is a Lua function (luaG_runerror).
    func runtimeError(_ message: [UInt8]) -> LuaError {
        let msg = positionPrefix(level: 0) + message
        do throws(LuaError) { return error(value: try newString(msg)) } catch { return error }
    }

    /// A runtime error with a static message (see `runtimeError(_: [UInt8])`).
    func runtimeError(_ message: StaticString) -> LuaError { runtimeError(message.bytes) }

    /// An error raised by a native function with the position of the Lua code calling it,
    /// like the reference's `luaL_error`.
    public func error(_ message: [UInt8]) -> LuaError {
        let msg = positionPrefix(level: 1) + message
        do throws(LuaError) { return error(value: try newString(msg)) } catch { return error }
    }

    /// `error(_:)` with a static message.
    public func error(_ message: StaticString) -> LuaError { error(message.bytes) }

    /// Whether `v` is the string "not enough memory". The reference's lua_error raises an error
    /// object equal to its memory-error message as a memory error (LUA_ERRMEM), whoever raised
    /// it (`error("not enough memory", 0)` too, and io.read's failed allocation): no message
    /// handler runs for it (xpcall's, lua.c's traceback), and coroutine.wrap adds no position.
    func isMemoryErrorMessage(_ v: LuaValue) -> Bool {
        v.isString && bytes(of: v) == [UInt8]("not enough memory")
    }

    /// "chunk:line: " for the function at `level` (0 = running function) if it is a Lua
    /// function, or nothing (luaL_where).
    public func positionPrefix(level: Int) -> [UInt8] {
        let th = thread
        let index = th.pointee.frameCount - 1 - level
        guard index >= 1, let (p, line) = frameLine(th, index) else { return [] }
        return ChunkID.make(p.source) + [UInt8(ascii: ":")] + decimal(Int64(line)) + [UInt8(ascii: ":"), UInt8(ascii: " ")]
    }

    /// The prototype and current line of frame `index`, if it is a Lua frame.
    func frameLine(_ th: UnsafeMutablePointer<ThreadObject>, _ index: Int) -> (Prototype, Int32)? {
        let f = th.pointee.frames[index]
        guard f.status.contains(.lua) else { return nil }
        let p = th.pointee.stack[f.function].luaClosure.pointee.proto.pointee.info
        return (p, currentLine(p, pc: f.savedPC - 1))
    }

    /// The line of instruction `pc` (luaG_getfuncline): -1, a frame that has saved no pc yet
    /// (possible for integer division by zero, see Interpreter.swift), is the line where the
    /// function is defined.
    func currentLine(_ p: Prototype, pc: Int) -> Int32 {
        if pc == -1 { return p.lineDefined }
        return (pc >= 0 && pc < p.lineInfo.count) ? p.lineInfo[pc] : -1
    }

    /// The type name of a value for messages: its metatable's `__name` if that is a string
    /// (luaT_objtypename).
    public func typeNameForMessage(_ v: LuaValue) -> [UInt8] {
        var mt: UnsafeMutablePointer<TableObject>? = nil
        if v.tag == .table { mt = v.table.pointee.metatable } else if v.tag == .userdata { mt = v.userdataObject.pointee.metatable }
        if let mt, let key = Optional(cachedName(.name)) {
            let name = mt.get(key)
            if name.isString { return cString(bytes(of: name)) }
        }
        return v.typeName.bytes
    }

    /// " (kind 'name')" for an operand of the running Lua function, or nothing (varinfo).
    func variableInfo(_ source: OperandSource) -> [UInt8] {
        let th = thread
        let index = th.pointee.frameCount - 1
        let f = th.pointee.frames[index]
        guard f.status.contains(.lua) else { return [] }
        let p = th.pointee.stack[f.function].luaClosure.pointee.proto.pointee.info
        let d: VariableDescription?
        switch source {
        case .register(let r): d = DebugNames.objectName(p, f.savedPC - 1, r)
        case .upvalue(let u): d = VariableDescription(kind: "upvalue", name: DebugNames.upvalueName(p, u))
        case .none: d = nil
        }
        return formatVariable(d)
    }

    func formatVariable(_ d: VariableDescription?) -> [UInt8] {
        guard let d else { return [] }
        return [UInt8](" (") + d.kind.bytes + [UInt8](" '") + d.name + [UInt8]("')")
    }

    /// "attempt to <op> a <type> value<varinfo>" (luaG_typeerror).
    func typeError(_ v: LuaValue, _ op: StaticString, _ source: OperandSource) -> LuaError {
        runtimeError([UInt8]("attempt to ") + op.bytes + [UInt8](" a ") + typeNameForMessage(v)
                     + [UInt8](" value") + variableInfo(source))
    }

    /// The error for calling a value that is not callable (luaG_callerror): named after the
    /// calling instruction when possible.
    func callError(_ v: LuaValue, _ source: OperandSource) -> LuaError {
        let th = thread
        let f = th.pointee.frames[th.pointee.frameCount - 1]
        var extra: [UInt8] = []
        if f.status.contains(.lua) {
            let p = th.pointee.stack[f.function].luaClosure.pointee.proto.pointee.info
            if let d = DebugNames.functionName(p, f.savedPC - 1) { extra = formatVariable(d) }
            else { extra = variableInfo(source) }
        }
        return runtimeError([UInt8]("attempt to call a ") + typeNameForMessage(v) + [UInt8](" value") + extra)
    }

    /// Error for an arithmetic/bitwise operand (luaG_opinterror): blames the first operand
    /// that is not a number.
    func operandError(_ a: LuaValue, _ sa: OperandSource, _ b: LuaValue, _ sb: OperandSource, _ op: StaticString) -> LuaError {
        if !a.isNumber { return typeError(a, op, sa) }
        return typeError(b, op, sb)
    }

    /// "number has no integer representation" (luaG_tointerror).
    func toIntegerError(_ a: LuaValue, _ sa: OperandSource, _ b: LuaValue, _ sb: OperandSource) -> LuaError {
        let blameFirst = toIntegerStrict(a) == nil
        return runtimeError([UInt8]("number") + variableInfo(blameFirst ? sa : sb)
                            + [UInt8](" has no integer representation"))
    }

    /// "attempt to compare ..." (luaG_ordererror).
    func orderError(_ a: LuaValue, _ b: LuaValue) -> LuaError {
        let t1 = typeNameForMessage(a), t2 = typeNameForMessage(b)
        if t1 == t2 { return runtimeError([UInt8]("attempt to compare two ") + t1 + [UInt8](" values")) }
        return runtimeError([UInt8]("attempt to compare ") + t1 + [UInt8](" with ") + t2)
    }

    /// "attempt to concatenate ..." (luaG_concaterror).
    func concatError(_ a: LuaValue, _ sa: OperandSource, _ b: LuaValue, _ sb: OperandSource) -> LuaError {
        if a.isString || a.isNumber { return typeError(b, "concatenate", sb) }
        return typeError(a, "concatenate", sa)
    }

    /// "bad 'for' <what> (number expected, got <type>)" (luaG_forerror).
    func forError(_ v: LuaValue, _ what: StaticString) -> LuaError {
        runtimeError([UInt8]("bad 'for' ") + what.bytes + [UInt8](" (number expected, got ")
                     + typeNameForMessage(v) + [UInt8(ascii: ")")])
    }
}

/// Decimal digits of an integer.
func decimal(_ v: Int64) -> [UInt8] {
    if v == 0 { return [UInt8(ascii: "0")] }
    var out: [UInt8] = []
    var m = v.magnitude
    while m > 0 { out.append(UInt8(ascii: "0") + UInt8(m % 10)); m /= 10 }
    if v < 0 { out.append(UInt8(ascii: "-")) }
    return out.reversed()
}
