// Scopes (lparser.c): local variables and their registers, upvalues, blocks, labels and
// gotos, and opening/closing functions.

extension Parser {
    // MARK: Token helpers

    /// `testnext`.
    func testNext(_ c: Int32) throws(LuaSyntaxError) -> Bool {
        if lex.token.kind == c {
            try lex.next()
            return true
        }
        return false
    }

    /// `check`.
    func check(_ c: Int32) throws(LuaSyntaxError) {
        if lex.token.kind != c { throw errorExpected(c) }
    }

    /// `checknext`.
    func checkNext(_ c: Int32) throws(LuaSyntaxError) {
        try check(c)
        try lex.next()
    }

    /// `error_expected`.
    @inline(never)
    func errorExpected(_ token: Int32) -> LuaSyntaxError {
        lex.syntaxError(TK.describe(token) + [UInt8](" expected"))
    }

    /// `check_match`: "'end' expected (to close 'function' at line 3)".
    @inline(never)
    func checkMatch(_ what: Int32, _ who: Int32, _ whereLine: Int32) throws(LuaSyntaxError) {
        if try testNext(what) { return }
        if whereLine == lex.line { throw errorExpected(what) }
        throw lex.syntaxError(TK.describe(what) + [UInt8](" expected (to close ") + TK.describe(who)
                              + [UInt8](" at line ") + Chars.decimal(Int64(whereLine)) + [UInt8(ascii: ")")])
    }

    /// `str_checkname`.
    func checkName() throws(LuaSyntaxError) -> [UInt8] {
        try check(TK.name)
        let name = lex.token.text
        try lex.next()
        return name
    }

    /// `luaK_semerror`: an error without the "near" part.
    @inline(never)
    func semanticError(_ message: [UInt8]) -> LuaSyntaxError {
        lex.error(message, token: 0)
    }

    /// `errorlimit`: "too many local variables (limit is 200) in main function near 'x'".
    @inline(never)
    func limitExceeded(_ limit: Int, _ what: StaticString) -> LuaSyntaxError {
        let line = fs.f.lineDefined
        let location: [UInt8] = line == 0 ? [UInt8]("main function")
            : [UInt8]("function at line ") + Chars.decimal(Int64(line))
        return lex.syntaxError([UInt8]("too many ") + TK.bytes(what) + [UInt8](" (limit is ")
                               + Chars.decimal(Int64(limit)) + [UInt8](") in ") + location)
    }

    // MARK: Local variables

    /// `registerlocalvar`: debug information for a new local.
    func registerLocalVariable(_ name: [UInt8]) throws(LuaSyntaxError) -> Int32 {
        let f = fs.f
        if f.localVariables.count >= Int(Int16.max) {
            throw Parser.limitError("local variables", Int(Int16.max))
        }
        f.localVariables.append(LocalVariable(name: name, startPC: fs.pc, endPC: 0))
        countMemory(48 + name.count)
        return Int32(f.localVariables.count - 1)
    }

    /// `new_localvar`: declares a variable (not yet active); returns its compiler index.
    @discardableResult
    @inline(never)
    func newLocalVariable(_ name: [UInt8]) throws(LuaSyntaxError) -> Int32 {
        if activeVariables.count + 1 - fs.firstLocal > maxVariables {
            throw limitExceeded(maxVariables, "local variables")
        }
        activeVariables.append(VariableDesc(name: name))
        countMemory(32)
        return Int32(activeVariables.count - 1 - fs.firstLocal)
    }

    /// `getlocalvardesc` by compiler index.
    @inline(__always) func variableIndex(_ vidx: Int32) -> Int { fs.firstLocal + Int(vidx) }

    /// `reglevel`: the register level below variable `nvar` (compile-time constants take
    /// no register).
    func registerLevel(_ nvar: Int32) -> Int32 {
        var nvar = nvar
        while nvar > 0 {
            nvar -= 1
            let vd = activeVariables[variableIndex(nvar)]
            if vd.kind != VariableKind.compileTimeConstant { return vd.register + 1 }
        }
        return 0
    }

    /// `luaY_nvarstack`: registers used by active variables.
    func registerLevel() -> Int32 { registerLevel(fs.activeVariables) }

    /// `adjustlocalvars`: activates the last `nvars` declared variables.
    @inline(never)
    func adjustLocalVariables(_ nvars: Int32) throws(LuaSyntaxError) {
        var level = registerLevel()
        for _ in 0..<Int(nvars) {
            let vidx = fs.activeVariables
            fs.activeVariables += 1
            let i = variableIndex(vidx)
            activeVariables[i].register = level
            level += 1
            activeVariables[i].debugIndex = try registerLocalVariable(activeVariables[i].name)
        }
    }

    /// `removevars`: ends the scope of variables down to `toLevel`.
    func removeVariables(_ toLevel: Int32) {
        let drop = Int(fs.activeVariables - toLevel)
        while fs.activeVariables > toLevel {
            fs.activeVariables -= 1
            let vd = activeVariables[variableIndex(fs.activeVariables)]
            if vd.kind != VariableKind.compileTimeConstant {
                fs.f.localVariables[Int(vd.debugIndex)].endPC = fs.pc
            }
        }
        activeVariables.removeLast(drop)
    }

    /// `localdebuginfo(fs, vidx)->startpc = pc`.
    func setVariableStart(_ vidx: Int32, _ pc: Int32) {
        let vd = activeVariables[variableIndex(vidx)]
        if vd.kind != VariableKind.compileTimeConstant {
            fs.f.localVariables[Int(vd.debugIndex)].startPC = pc
        }
    }

    // MARK: Upvalues and name resolution

    /// `searchupvalue`.
    func searchUpvalue(_ state: FunctionState, _ name: [UInt8]) -> Int32? {
        countWork(state.f.upvalues.count)
        for (i, up) in state.f.upvalues.enumerated() where up.name == name { return Int32(i) }
        return nil
    }

    /// `newupvalue`: a new upvalue of `state` for `v`, a variable of the enclosing function.
    func newUpvalue(_ state: FunctionState, _ name: [UInt8], _ v: ExpDesc) throws(LuaSyntaxError) -> Int32 {
        if state.f.upvalues.count + 1 > maxUpvalues {
            let saved = fs
            fs = state
            defer { fs = saved }
            throw limitExceeded(maxUpvalues, "upvalues")
        }
        guard let prev = state.previous else { return 0 }
        let up: UpvalueDescription
        if v.kind == .local {
            let kind = activeVariables[prev.firstLocal + Int(v.aux)].kind
            up = UpvalueDescription(name: name, inStack: true, index: UInt8(truncatingIfNeeded: v.info), kind: kind)
        } else {
            let kind = prev.f.upvalues[Int(v.info)].kind
            up = UpvalueDescription(name: name, inStack: false, index: UInt8(truncatingIfNeeded: v.info), kind: kind)
        }
        state.f.upvalues.append(up)
        countMemory(48)
        return Int32(state.f.upvalues.count - 1)
    }

    /// `searchvar`: an active local of `state` named `name`.
    func searchVariable(_ state: FunctionState, _ name: [UInt8]) -> ExpDesc? {
        countWork(Int(state.activeVariables))
        var i = state.activeVariables - 1
        while i >= 0 {
            let index = state.firstLocal + Int(i)
            let vd = activeVariables[index]
            if vd.name == name {
                if vd.kind == VariableKind.compileTimeConstant {
                    return ExpDesc(.const_, Int32(index))
                }
                var e = ExpDesc(.local, vd.register)
                e.aux = i
                return e
            }
            i -= 1
        }
        return nil
    }

    /// `markupval`: the block declaring variable `level` must close it.
    func markUpvalue(_ state: FunctionState, _ level: Int32) {
        var b = state.blocks.count - 1
        while b > 0 && state.blocks[b].activeVariables > level { b -= 1 }
        state.blocks[b].hasUpvalue = true
        state.needClose = true
    }

    /// `marktobeclosed`.
    func markToBeClosed() {
        let b = fs.blocks.count - 1
        fs.blocks[b].hasUpvalue = true
        fs.blocks[b].insideTBC = true
        fs.needClose = true
    }

    /// `singlevaraux`: resolves `name` in `state` and the functions around it, creating
    /// upvalues on the way; `.void` means a global.
    func resolve(_ state: FunctionState?, _ name: [UInt8], base: Bool) throws(LuaSyntaxError) -> ExpDesc {
        guard let state else { return ExpDesc(.void) }
        if let v = searchVariable(state, name) {
            if v.kind == .local && !base { markUpvalue(state, v.aux) }
            return v
        }
        if let idx = searchUpvalue(state, name) { return ExpDesc(.upval, idx) }
        let v = try resolve(state.previous, name, base: false)
        if v.kind == .local || v.kind == .upval {
            return ExpDesc(.upval, try newUpvalue(state, name, v))
        }
        return v
    }

    /// `singlevar`: a name as an expression (globals are `_ENV.name`).
    @inline(never)
    func singleVariable() throws(LuaSyntaxError) -> ExpDesc {
        let name = try checkName()
        var v = try resolve(fs, name, base: true)
        if v.kind == .void {
            v = try resolve(fs, Parser.envName, base: true)
            var key = ExpDesc(.kStr)
            key.strval = name
            try indexed(&v, &key)
        }
        return v
    }

    /// `check_readonly`: "attempt to assign to const variable 'x'".
    @inline(never)
    func checkReadOnly(_ e: ExpDesc) throws(LuaSyntaxError) {
        var name: [UInt8]? = nil
        switch e.kind {
        case .const_:
            name = activeVariables[Int(e.info)].name
        case .local:
            let vd = activeVariables[variableIndex(e.aux)]
            if vd.kind != VariableKind.regular { name = vd.name }
        case .upval:
            let up = fs.f.upvalues[Int(e.info)]
            if up.kind != VariableKind.regular { name = up.name }
        default:
            return
        }
        if let name {
            throw semanticError([UInt8]("attempt to assign to const variable '") + name + [0x27])
        }
    }
}
