// Declarations and jumps (lparser.c): function statements, local variables with
// `<const>`/`<close>` attributes, labels, gotos, break and return.

extension Parser {
    /// `funcname`: NAME {'.' NAME} [':' NAME]; returns whether it is a method.
    func functionName(_ v: inout ExpDesc) throws(LuaSyntaxError) -> Bool {
        v = try singleVariable()
        while lex.token.kind == 46 { try fieldSelector(&v) }
        if lex.token.kind == 58 {
            try fieldSelector(&v)
            return true
        }
        return false
    }

    /// `funcstat`: FUNCTION funcname body.
    func functionStatement(_ line: Int32) throws(LuaSyntaxError) {
        try lex.next()
        var v = ExpDesc(.void)
        let isMethod = try functionName(&v)
        var b = ExpDesc(.void)
        try body(&b, isMethod: isMethod, line: line)
        try checkReadOnly(v)
        try storeVariable(v, &b)
        fixLine(line)  // the definition "happens" in the first line
    }

    /// `localfunc`: the variable is in scope inside the function (for recursion), but debug
    /// information starts after the CLOSURE.
    func localFunction() throws(LuaSyntaxError) {
        let fvar = fs.activeVariables
        try newLocalVariable(try checkName())
        try adjustLocalVariables(1)
        var b = ExpDesc(.void)
        try body(&b, isMethod: false, line: lex.line)
        setVariableStart(fvar, fs.pc)
    }

    /// `getlocalattribute`: ['<' NAME '>'].
    func localAttribute() throws(LuaSyntaxError) -> UInt8 {
        guard try testNext(60) else { return VariableKind.regular }
        let attribute = try checkName()
        try checkNext(62)
        if attribute == [UInt8]("const") { return VariableKind.const_ }
        if attribute == [UInt8]("close") { return VariableKind.toClose }
        throw semanticError([UInt8]("unknown attribute '") + attribute + [0x27])
    }

    /// `localstat`: LOCAL NAME ATTRIB { ',' NAME ATTRIB } ['=' explist].
    func localStatement() throws(LuaSyntaxError) {
        var toClose: Int32 = -1
        var vidx: Int32 = 0
        var nvars: Int32 = 0
        repeat {
            vidx = try newLocalVariable(try checkName())
            let kind = try localAttribute()
            activeVariables[variableIndex(vidx)].kind = kind
            if kind == VariableKind.toClose {
                if toClose != -1 {
                    throw semanticError([UInt8]("multiple to-be-closed variables in local list"))
                }
                toClose = fs.activeVariables + nvars
            }
            nvars += 1
        } while try testNext(44)
        var e = ExpDesc(.void)
        var nexps: Int32 = 0
        if try testNext(61) { nexps = try expressionList(&e) }
        let last = variableIndex(vidx)
        if nvars == nexps && activeVariables[last].kind == VariableKind.const_,
           let value = expressionConstant(e) {
            // A compile-time constant: no register, no debug entry.
            activeVariables[last].kind = VariableKind.compileTimeConstant
            activeVariables[last].value = value
            try adjustLocalVariables(nvars - 1)
            fs.activeVariables += 1
        } else {
            try adjustAssign(nvars, nexps, &e)
            try adjustLocalVariables(nvars)
        }
        if toClose != -1 {
            markToBeClosed()
            codeABC(.tbc, registerLevel(toClose), 0, 0)
        }
    }

    /// `labelstat`: '::' NAME '::'.
    func labelStatement(_ name: [UInt8], _ line: Int32) throws(LuaSyntaxError) {
        try checkNext(TK.dbcolon)
        while lex.token.kind == 59 || lex.token.kind == TK.dbcolon {
            try statement()  // skip other no-op statements
        }
        if let existing = findLabel(name) {
            throw semanticError([UInt8]("label '") + name + [UInt8]("' already defined on line ")
                                + Chars.decimal(Int64(existing.line)))
        }
        try createLabel(name, line, last: blockFollow(withUntil: false))
    }

    /// `gotostat`: a backward goto is resolved now, a forward one when its label appears.
    func gotoStatement() throws(LuaSyntaxError) {
        let line = lex.line
        let name = try checkName()
        if let lb = findLabel(name) {
            let labelLevel = registerLevel(lb.activeVariables)
            if registerLevel() > labelLevel { codeABC(.close, labelLevel, 0, 0) }
            try patchList(jump(), lb.pc)
        } else {
            try newGoto(name, line, jump())
        }
    }

    /// `breakstat`: a goto to "break".
    func breakStatement() throws(LuaSyntaxError) {
        let line = lex.line
        try lex.next()
        try newGoto(Parser.breakName, line, jump())
    }

    /// `retstat`: RETURN [explist] [';'], with tail calls outside to-be-closed scopes.
    func returnStatement() throws(LuaSyntaxError) {
        var first = registerLevel()
        var nret: Int32
        if blockFollow(withUntil: true) || lex.token.kind == 59 {
            nret = 0
        } else {
            var e = ExpDesc(.void)
            nret = try expressionList(&e)
            if e.kind.hasMultipleResults {
                try setMultipleReturns(&e)
                if e.kind == .call && nret == 1 && !(fs.blocks.last?.insideTBC ?? false) {
                    setInstruction(e.info, instruction(e.info).with(op: .tailCall))
                }
                nret = multipleReturns
            } else if nret == 1 {
                first = try expressionToAnyRegister(&e)
            } else {
                try expressionToNextRegister(&e)
            }
        }
        codeReturn(first, nret)
        _ = try testNext(59)
    }
}
