// The API for native functions (the counterpart of the reference's lapi.c and lauxlib.c).
//
// A native function sees its arguments as 1-based indices into its own frame of the Lua
// stack, pushes its results and returns their count. Helpers give the reference's argument
// checks and messages ("bad argument #1 to 'insert' (table expected, got nil)").

/// Types for argument checks.
public enum LuaType: UInt8 {
    case none, `nil`, boolean, number, string, table, function, userdata, thread

    /// The name used in messages.
    public var name: StaticString {
        switch self {
        case .none: "no value"; case .nil: "nil"; case .boolean: "boolean"; case .number: "number"
        case .string: "string"; case .table: "table"; case .function: "function"; case .userdata: "userdata"
        case .thread: "thread"
        }
    }
}

extension LuaValue {
    /// The value's type.
    public var type: LuaType {
        switch basicType {
        case .nil_: .nil; case .boolean: .boolean; case .number: .number; case .string: .string
        case .table: .table; case .function: .function; case .userdata, .lightUserdata: .userdata
        case .thread: .thread
        }
    }
}

extension LuaState {
    // MARK: Arguments and results

    /// The running native function's frame.
    @inline(__always) private var nativeFrame: CallFrame { thread.pointee.frames[thread.pointee.frameCount - 1] }

    /// Number of arguments passed to the running native function (plus whatever it pushed).
    public var argumentCount: Int { thread.pointee.top - nativeFrame.function - 1 }

    /// Argument `i` (1-based); nil when absent.
    @inline(__always)
    public func argument(_ i: Int) -> LuaValue {
        let th = thread
        let f = th.pointee.frames[th.pointee.frameCount - 1].function
        if i < 1 || f + i >= th.pointee.top { return .nil }
        return th.pointee.stack[f + i]
    }

    /// Replaces argument `i` (which must exist).
    public func setArgument(_ i: Int, _ v: LuaValue) {
        let th = thread
        let f = th.pointee.frames[th.pointee.frameCount - 1].function
        if i >= 1 && f + i < th.pointee.top { th.pointee.stack[f + i] = v }
    }

    /// The type of argument `i`, `.none` when absent.
    public func argumentType(_ i: Int) -> LuaType {
        i >= 1 && i <= argumentCount ? argument(i).type : .none
    }

    /// Pushes a value (a result, or an argument for `call`).
    @inline(__always)
    public func push(_ v: LuaValue) throws(LuaError) {
        let th = thread
        if th.pointee.top >= th.pointee.stackSize { try growStack(th, 1) }
        th.pointee.stack[th.pointee.top] = v
        th.pointee.top += 1
    }

    /// `push`, out of line: for the libraries whose functions are not called in the inner
    /// loops of scripts (io, os, debug, package, utf8, string.pack/unpack). Inlined, every
    /// push is about 80 bytes of wasm (the stack check, the growth call and its error
    /// check, the store); these libraries have over a hundred of them. `push` itself stays
    /// inlined: out of line everywhere it cost 5–11% of the time of call-heavy scripts.
    @inline(never)
    public func pushOutOfLine(_ v: LuaValue) throws(LuaError) {
        try push(v)
    }

    /// Removes the top `n` values.
    public func pop(_ n: Int = 1) {
        let th = thread
        let f = th.pointee.frames[th.pointee.frameCount - 1].function
        th.pointee.top = max(f + 1, th.pointee.top - n)
    }

    /// The value `i` places below the top (1 = the top value).
    public func top(_ i: Int = 1) -> LuaValue {
        let th = thread
        return th.pointee.stack[th.pointee.top - i]
    }

    /// Sets the number of values in the frame (like lua_settop): drops or adds nils.
    public func setTop(_ n: Int) throws(LuaError) {
        let th = thread
        let f = th.pointee.frames[th.pointee.frameCount - 1].function
        let newTop = f + 1 + max(0, n)
        if newTop > th.pointee.top {
            try ensureStack(th, newTop - th.pointee.top)
            while th.pointee.top < newTop { th.pointee.stack[th.pointee.top] = .nil; th.pointee.top += 1 }
        } else {
            th.pointee.top = newTop
        }
    }

    /// Upvalue `i` (1-based) of the running native closure.
    public func upvalue(_ i: Int) -> LuaValue {
        let fv = thread.pointee.stack[nativeFrame.function]
        guard fv.tag == .nativeFunction else { return .nil }
        let c = fv.nativeClosure
        return i >= 1 && i <= Int(c.pointee.upvalueCount) ? c.pointee.upvalues[i - 1] : .nil
    }

    /// Replaces upvalue `i` of the running native closure.
    public func setUpvalue(_ i: Int, _ v: LuaValue) {
        let fv = thread.pointee.stack[nativeFrame.function]
        guard fv.tag == .nativeFunction else { return }
        let c = fv.nativeClosure
        if i >= 1 && i <= Int(c.pointee.upvalueCount) { c.pointee.upvalues[i - 1] = v }
    }

    /// Steps left before the step budget is exceeded (never negative).
    public var remainingSteps: Int64 {
        max(0, g.pointee.budgets.steps &- g.pointee.stepsUsed)
    }

    /// Charges `n` extra steps for long work done by a native function (so that, e.g., a
    /// huge pattern search cannot escape the step budget). Same as `addSteps` (CostModel.swift).
    public func consumeSteps(_ n: Int64) throws(LuaError) {
        try addSteps(n)
    }

    // MARK: Argument checks (lauxlib)

    /// "bad argument #i to 'name' (message)" (luaL_argerror).
    public func argumentError(_ iIn: Int, _ message: [UInt8]) -> LuaError {
        var i = iIn
        let th = thread
        let fi = th.pointee.frameCount - 1
        var name: [UInt8]? = nil
        if fi >= 1 {
            let d = callerDescription(th, fi)
            if let d, d.kind.bytes == [UInt8]("method") {
                i -= 1
                if i == 0 {
                    return error([UInt8]("calling '") + d.name + [UInt8]("' on bad self (") + message + [UInt8(ascii: ")")])
                }
            }
            name = d?.name ?? globalFunctionName(th.pointee.stack[th.pointee.frames[fi].function])
        }
        return error([UInt8]("bad argument #") + decimal(Int64(i)) + [UInt8](" to '") + (name ?? [UInt8]("?"))
                     + [UInt8]("' (") + message + [UInt8(ascii: ")")])
    }

    /// `argumentError` with a static message. Out of line: inlined, each of the ~50 call
    /// sites built and released the message's array itself.
    @inline(never)
    public func argumentError(_ i: Int, _ message: StaticString) -> LuaError { argumentError(i, message.bytes) }

    /// The bytes of a string up to its first zero byte: what the reference sees of a string
    /// it uses as a C string (file names, modes, option names, and every "%s" of a message).
    public func cString(_ bytes: [UInt8]) -> [UInt8] {
        if let z = bytes.firstIndex(of: 0) { return Array(bytes[..<z]) }
        return bytes
    }

    /// Argument `i` as a string the reference reads as a C string (luaL_checkstring, then only
    /// up to the first zero byte): names, modes and options.
    public func checkCString(_ i: Int) throws(LuaError) -> [UInt8] { cString(bytes(of: try checkString(i))) }

    /// "<expected> expected, got <type>" for argument `i` (luaL_typeerror).
    public func argumentTypeError(_ i: Int, _ expected: StaticString) -> LuaError {
        let v = argument(i)
        var got: [UInt8]
        if i > argumentCount { got = [UInt8]("no value") }
        else if v.tag == .lightUserdata { got = [UInt8]("light userdata") }  // luaL_typeerror's special name
        else { got = v.typeName.bytes }
        if i <= argumentCount, let mt = metatable(of: v), let key = Optional(cachedName(.name)) {  // (luaL_getmetafield: any type)
            let n = mt.get(key)
            if n.isString { got = cString(bytes(of: n)) }
        }
        return argumentError(i, expected.bytes + [UInt8](" expected, got ") + got)
    }

    /// Fails unless argument `i` exists (luaL_checkany).
    public func checkAny(_ i: Int) throws(LuaError) {
        if i > argumentCount { throw argumentError(i, "value expected") }
    }

    /// Fails unless argument `i` has type `t` (luaL_checktype).
    public func checkType(_ i: Int, _ t: LuaType) throws(LuaError) {
        // Light userdata has type "userdata" but is not LUA_TUSERDATA: it never passes a
        // check for (full) userdata, whose object the caller will then use.
        if argumentType(i) != t || (t == .userdata && argument(i).tag != .userdata) { throw argumentTypeError(i, t.name) }
    }

    /// Argument `i` as an integer (luaL_checkinteger): integers, integral floats and
    /// numeric strings.
    public func checkInteger(_ i: Int) throws(LuaError) -> Int64 {
        let v = argument(i)
        if v.tag == .integer { return v.integerPayload }
        if let n = toInteger(v) { return n }
        if toNumber(v) != nil { throw argumentError(i, "number has no integer representation") }
        throw argumentTypeError(i, "number")
    }

    /// Argument `i` as an integer, or `def` if absent or nil (luaL_optinteger).
    public func optionalInteger(_ i: Int, _ def: Int64) throws(LuaError) -> Int64 {
        argument(i).isNil ? def : try checkInteger(i)
    }

    /// Argument `i` as a number value (integer or float; numeric strings converted)
    /// (luaL_checknumber).
    public func checkNumber(_ i: Int) throws(LuaError) -> LuaValue {
        if let n = toNumber(argument(i)) { return n }
        throw argumentTypeError(i, "number")
    }

    /// Argument `i` as a double (luaL_checknumber).
    public func checkDouble(_ i: Int) throws(LuaError) -> Double {
        try checkNumber(i).asDouble ?? 0
    }

    /// Argument `i` as a double, or `def` if absent or nil.
    public func optionalDouble(_ i: Int, _ def: Double) throws(LuaError) -> Double {
        argument(i).isNil ? def : try checkDouble(i)
    }

    /// Argument `i` as a string value; numbers are converted in place (luaL_checklstring).
    public func checkString(_ i: Int) throws(LuaError) -> LuaValue {
        let v = argument(i)
        if v.isString { return v }
        if v.isNumber {
            let s = try numberToString(v)
            setArgument(i, s)
            return s
        }
        throw argumentTypeError(i, "string")
    }

    /// The bytes of argument `i` (see `checkString`). The buffer stays valid for the rest of
    /// the native call (the string is on the stack and strings never move).
    public func checkBytes(_ i: Int) throws(LuaError) -> UnsafeBufferPointer<UInt8> {
        try checkString(i).stringObject.buffer
    }

    /// Argument `i` as a string value, or `def` when absent or nil.
    public func optionalString(_ i: Int, _ def: StaticString) throws(LuaError) -> LuaValue {
        argument(i).isNil ? try newString(def) : try checkString(i)
    }

    // MARK: Values

    /// The bytes of a string value (empty for other values).
    public func bytes(of v: LuaValue) -> [UInt8] {
        v.isString ? Array(v.stringObject.buffer) : []
    }

    /// The bytes of a string value without copying; valid while the string is reachable.
    public func buffer(of v: LuaValue) -> UnsafeBufferPointer<UInt8> {
        v.isString ? v.stringObject.buffer : UnsafeBufferPointer(start: nil, count: 0)
    }

    /// A string or number as a string value (numbers converted), else nil (lua_tolstring).
    public func toStringValue(_ v: LuaValue) throws(LuaError) -> LuaValue? {
        if v.isString { return v }
        if v.isNumber { return try numberToString(v) }
        return nil
    }

    /// `tostring(v)`: uses `__tostring` and `__name` (luaL_tolstring). Tables, functions,
    /// threads and userdata print as "<type>: 0x<8 hex digits>" where the number is the
    /// object's per-run creation counter (not an address), identical on every target.
    public func toDisplayString(_ v: LuaValue) throws(LuaError) -> LuaValue {
        if let mt = metatable(of: v) {
            let f = mt.get(cachedName(.tostring))
            if !f.isNil {
                let r = try call(f, [v], results: 1)
                let s = r.first ?? .nil
                if !(s.isString || s.isNumber) { throw error("'__tostring' must return a string") }
                return s.isString ? s : try numberToString(s)
            }
        }
        switch v.tag {
        case .integer, .float: return try numberToString(v)
        case .shortString, .longString: return v
        case .true_: return try newString("true")
        case .false_: return try newString("false")
        case .nil_, .deadKey: return try newString("nil")
        default:
            var kind = v.typeName.bytes
            if let mt = metatable(of: v) {
                let n = mt.get(cachedName(.name))
                if n.isString { kind = bytes(of: n) }
            }
            return try newString(kind + [UInt8](": 0x") + hex8(objectID(v)))
        }
    }

    /// The per-run number of a table, function, thread or userdata.
    public func objectID(_ v: LuaValue) -> Int64 {
        switch v.tag {
        case .table: v.table.pointee.id
        case .luaFunction: v.luaClosure.pointee.id
        case .nativeFunction: v.nativeClosure.pointee.id
        case .thread: v.thread.pointee.id
        case .userdata: v.userdataObject.pointee.id
        case .lightUserdata: v.integerPayload
        default: 0
        }
    }

    /// What stands for an object's address in `string.format("%p")`: the per-run number
    /// `tostring` shows for tables, functions, threads and userdata, and for strings a number
    /// given on first request; nil for values that are not objects (the reference's NULL).
    ///
    /// Strings keep the reference's identities without its addresses: equal short strings
    /// are one interned object, so they share a number; every long string is its own object
    /// (a concatenation or `gsub` result differs from an equal literal), except that equal
    /// long literals of one chunk are loaded as one object, as the reference's scanner does.
    /// A string collected and created anew gets a new number, as it may get a new address.
    public func pointerIdentity(_ v: LuaValue) -> Int64? {
        switch v.tag {
        case .shortString, .longString:
            let s = v.stringObject
            if s.pointee.id == 0 { s.pointee.id = nextObjectID() }
            return s.pointee.id
        case .table, .luaFunction, .nativeFunction, .thread, .userdata, .lightUserdata:
            return objectID(v)
        default:
            return nil
        }
    }

    // MARK: Tables

    /// Raw `t[k]` (no metamethods); nil if `t` is not a table.
    public func rawGet(_ t: LuaValue, _ k: LuaValue) -> LuaValue {
        t.tag == .table ? t.table.get(k) : .nil
    }

    /// Raw `t[i]`.
    public func rawGet(_ t: LuaValue, index i: Int64) -> LuaValue {
        t.tag == .table ? t.table.get(int: i) : .nil
    }

    /// Raw `t[k] = v` (no metamethods). Errors for nil/NaN keys.
    public func rawSet(_ t: LuaValue, _ k: LuaValue, _ v: LuaValue) throws(LuaError) {
        guard t.tag == .table else { return }
        try rawSet(t.table, k, v)
    }

    /// Raw `t[i] = v`.
    public func rawSet(_ t: LuaValue, index i: Int64, _ v: LuaValue) throws(LuaError) {
        guard t.tag == .table else { return }
        try rawSet(t.table, int: i, v)
    }

    /// Raw length `#t` of a table or string (no `__len`).
    public func rawLength(_ v: LuaValue) -> Int64 {
        if v.tag == .table { return v.table.length() }
        if v.isString { return Int64(v.stringObject.pointee.count) }
        return 0
    }

    /// `t[k]` with `__index` (lua_gettable).
    public func get(_ tIn: LuaValue, _ k: LuaValue) throws(LuaError) -> LuaValue {
        var t = tIn
        for _ in 0..<maxTagLoop {
            let tm: LuaValue
            if t.tag == .table {
                let v = t.table.get(k)
                if !v.isNil { return v }
                tm = fastMetamethod(t.table.pointee.metatable, .index)
                if tm.isNil { return .nil }
            } else {
                tm = metamethod(t, .index)
                if tm.isNil { throw typeError(t, "index", .none) }
            }
            if tm.isFunction { return try call(tm, [t, k], results: 1).first ?? .nil }
            t = tm
        }
        throw runtimeError("'__index' chain too long; possible loop")
    }

    /// `t[k] = v` with `__newindex` (lua_settable).
    public func set(_ tIn: LuaValue, _ k: LuaValue, _ v: LuaValue) throws(LuaError) {
        var t = tIn
        for _ in 0..<maxTagLoop {
            let tm: LuaValue
            if t.tag == .table {
                let h = t.table
                if let slot = h.slot(k), !slot.pointee.isNil {
                    slot.pointee = v
                    if v.isNil { h.pointee.hasNilNodes = true }
                    return
                }
                tm = fastMetamethod(h.pointee.metatable, .newindex)
                if tm.isNil { try rawSet(h, k, v); return }
            } else {
                tm = metamethod(t, .newindex)
                if tm.isNil { throw typeError(t, "index", .none) }
            }
            if tm.isFunction { _ = try call(tm, [t, k, v], results: 0); return }
            t = tm
        }
        throw runtimeError("'__newindex' chain too long; possible loop")
    }

    /// `#v` with `__len` (lua_len).
    public func length(_ v: LuaValue) throws(LuaError) -> LuaValue {
        if v.isString { return .integer(Int64(v.stringObject.pointee.count)) }
        let tm = v.tag == .table ? fastMetamethod(v.table.pointee.metatable, .len) : metamethod(v, .len)
        if tm.isNil {
            if v.tag == .table { return .integer(v.table.length()) }
            throw typeError(v, "get length of", .none)
        }
        return try call(tm, [v], results: 1).first ?? .nil
    }

    /// `#v` as an integer (luaL_len): "object length is not an integer" otherwise.
    public func lengthAsInteger(_ v: LuaValue) throws(LuaError) -> Int64 {
        let n = try length(v)
        if let i = toIntegerStrict(n) { return i }
        throw error("object length is not an integer")
    }

    /// The next key/value after `key` in traversal order, or nil at the end
    /// (`next`). Errors for a key that is not in the table.
    public func next(_ t: LuaValue, after key: LuaValue) throws(LuaError) -> (LuaValue, LuaValue)? {
        guard t.tag == .table else { return nil }
        var k = LuaValue.nil, v = LuaValue.nil
        guard let found = t.table.next(after: key, nextKey: &k, nextValue: &v) else {
            // luaH_next raises it with luaG_runerror: no position, the running function is `next`.
            throw runtimeError("invalid key to 'next'")
        }
        return found ? (k, v) : nil
    }

    /// The metatable of a value, or nil.
    public func getMetatable(_ v: LuaValue) -> LuaValue {
        if let mt = metatable(of: v) { return LuaValue(mt) }
        return .nil
    }

    /// Sets the metatable of a table or userdata (nil removes it).
    public func setMetatable(_ v: LuaValue, _ mt: LuaValue) {
        let m: UnsafeMutablePointer<TableObject>? = mt.tag == .table ? mt.table : nil
        if v.tag == .table { v.table.pointee.metatable = m }
        else if v.tag == .userdata { v.userdataObject.pointee.metatable = m }
        checkFinalizer(v, m)
    }

    /// Sets the metatable shared by all values of a basic type (e.g. strings).
    public func setTypeMetatable(_ type: LuaType, _ mt: LuaValue) {
        let bt: BasicType
        switch type {
        case .nil, .none: bt = .nil_
        case .boolean: bt = .boolean
        case .number: bt = .number
        case .string: bt = .string
        case .function: bt = .function
        case .thread: bt = .thread
        case .table, .userdata: return
        }
        g.pointee.typeMetatables[bt.rawValue] = mt.tag == .table ? mt.table : nil
    }

    // MARK: Comparison and arithmetic with metamethods

    /// `a == b` with `__eq`.
    public func equal(_ a: LuaValue, _ b: LuaValue) throws(LuaError) -> Bool {
        if try rawEqualCharged(a, b) { return true }
        let tm = equalityMetamethod(a, b)
        if tm.isNil { return false }
        return !(try call(tm, [a, b], results: 1).first ?? .nil).isFalsy
    }

    /// `a < b` with `__lt`.
    public func lessThan(_ a: LuaValue, _ b: LuaValue) throws(LuaError) -> Bool {
        if let r = try primitiveLess(a, b) { return r }
        var tm = metamethod(a, .lt)
        if tm.isNil { tm = metamethod(b, .lt) }
        if tm.isNil { throw orderError(a, b) }
        return !(try call(tm, [a, b], results: 1).first ?? .nil).isFalsy
    }

    /// `a <= b` with `__le` (or `not (b < a)`).
    public func lessEqual(_ a: LuaValue, _ b: LuaValue) throws(LuaError) -> Bool {
        if let r = try primitiveLessEqual(a, b) { return r }
        var tm = metamethod(a, .le)
        if tm.isNil { tm = metamethod(b, .le) }
        if !tm.isNil { return !(try call(tm, [a, b], results: 1).first ?? .nil).isFalsy }
        var lt = metamethod(b, .lt)
        if lt.isNil { lt = metamethod(a, .lt) }
        if lt.isNil { throw orderError(a, b) }
        return (try call(lt, [b, a], results: 1).first ?? .nil).isFalsy
    }

    /// Arithmetic with coercions and metamethods, like `lua_arith` (op numbered as the
    /// operators `+ - * % ^ / // & | ~ << >>` and unary `-`, `~`: 0...13).
    public func arith(_ opIndex: Int, _ a: LuaValue, _ b: LuaValue) throws(LuaError) -> LuaValue {
        guard let op = ArithOp(rawValue: opIndex) else { throw error("invalid arithmetic operator") }
        if let r = try rawArith(op, a, b) { return r }
        var tm = metamethod(a, op.metamethod)
        if tm.isNil { tm = metamethod(b, op.metamethod) }
        if tm.isNil {
            if op.isBitwise {
                if a.isNumber && b.isNumber { throw toIntegerError(a, .none, b, .none) }
                throw operandError(a, .none, b, .none, "perform bitwise operation on")
            }
            throw operandError(a, .none, b, .none, "perform arithmetic on")
        }
        return try call(tm, [a, b], results: 1).first ?? .nil
    }

    // MARK: Names of functions (for messages)

    /// How the function of frame `fi` was called, from its caller's code (getfuncname).
    func callerDescription(_ th: UnsafeMutablePointer<ThreadObject>, _ fi: Int) -> VariableDescription? {
        let f = th.pointee.frames[fi]
        if th.pointee.hook.frameIndex == fi { return VariableDescription(kind: "hook", name: [UInt8]("?")) }
        if f.status.contains(.tail) || fi < 1 { return nil }
        let caller = th.pointee.frames[fi - 1]
        if caller.status.contains(.finalizer) { return VariableDescription(kind: "metamethod", name: [UInt8]("__gc")) }
        guard caller.status.contains(.lua) else { return nil }
        let p = th.pointee.stack[caller.function].luaClosure.pointee.proto.pointee.info
        return DebugNames.functionName(p, caller.savedPC - 1)
    }

    /// "module.name" for a function found in a loaded module (pushglobalfuncname), with the
    /// "_G." prefix removed.
    func globalFunctionName(_ fn: LuaValue) -> [UInt8]? {
        guard g.pointee.loaded.tag == .table else { return nil }
        var k = LuaValue.nil, v = LuaValue.nil
        var key = LuaValue.nil
        while g.pointee.loaded.table.next(after: key, nextKey: &k, nextValue: &v) == true {
            key = k
            guard k.isString, v.tag == .table else { continue }
            var k2 = LuaValue.nil, v2 = LuaValue.nil
            var key2 = LuaValue.nil
            while v.table.next(after: key2, nextKey: &k2, nextValue: &v2) == true {
                key2 = k2
                if k2.isString && rawEqual(v2, fn) {
                    let module = bytes(of: k)
                    if module == [UInt8]("_G") { return bytes(of: k2) }
                    return module + [UInt8(ascii: ".")] + bytes(of: k2)
                }
            }
        }
        return nil
    }
}

/// Eight lowercase hex digits (more if needed).
func hex8(_ v: Int64) -> [UInt8] {
    let digits = [UInt8]("0123456789abcdef")
    var out: [UInt8] = []
    var x = UInt64(bitPattern: v)
    repeat { out.append(digits[Int(x & 15)]); x >>= 4 } while x != 0
    while out.count < 8 { out.append(UInt8(ascii: "0")) }
    return out.reversed()
}
