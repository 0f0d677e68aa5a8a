// Statements (lparser.c): blocks, assignments, control structures, local declarations
// with attributes, gotos and labels, returns.

extension Parser {
    /// `block_follow`: tokens that end a block (`until` only when `withUntil`).
    func blockFollow(withUntil: Bool) -> Bool {
        switch lex.token.kind {
        case TK.else_, TK.elseif, TK.end, TK.eos: return true
        case TK.until: return withUntil
        default: return false
        }
    }

    /// `statlist`: { stat [';'] }, with `return` last.
    func statementList() throws(LuaSyntaxError) {
        while !blockFollow(withUntil: true) {
            try checkMemory()
            if lex.token.kind == TK.return_ {
                try statement()
                return
            }
            try statement()
        }
    }

    /// `block`.
    func block() throws(LuaSyntaxError) {
        enterBlock(isLoop: false)
        try statementList()
        try leaveBlock()
    }

    /// `statement`.
    func statement() throws(LuaSyntaxError) {
        let line = lex.line
        try enterLevel()
        switch lex.token.kind {
        case 59:  // ';'
            try lex.next()
        case TK.if_:
            try ifStatement(line)
        case TK.while_:
            try whileStatement(line)
        case TK.do_:
            try lex.next()
            try block()
            try checkMatch(TK.end, TK.do_, line)
        case TK.for_:
            try forStatement(line)
        case TK.repeat_:
            try repeatStatement(line)
        case TK.function:
            try functionStatement(line)
        case TK.local:
            try lex.next()
            if try testNext(TK.function) {
                try localFunction()
            } else {
                try localStatement()
            }
        case TK.dbcolon:
            try lex.next()
            try labelStatement(try checkName(), line)
        case TK.return_:
            try lex.next()
            try returnStatement()
        case TK.break_:
            try breakStatement()
        case TK.goto:
            try lex.next()
            try gotoStatement()
        default:
            try expressionStatement()
        }
        fs.freeRegister = registerLevel()
        leaveLevel()
    }

    // MARK: Assignments and calls

    /// `check_conflict`: in `a, t[a] = ...` style assignments, a table or index register
    /// that an earlier target uses and this target overwrites is first copied to a safe place.
    @inline(never)
    func checkConflict(_ targets: inout [ExpDesc], _ v: ExpDesc) throws(LuaSyntaxError) {
        let extra = fs.freeRegister
        var conflict = false
        for i in targets.indices where targets[i].kind.isIndexed {
            if targets[i].kind == .indexUp {
                if v.kind == .upval && targets[i].info == v.info {
                    conflict = true
                    targets[i].kind = .indexStr
                    targets[i].info = extra
                }
            } else {
                if v.kind == .local && targets[i].info == v.info {
                    conflict = true
                    targets[i].info = extra
                }
                if targets[i].kind == .indexed && v.kind == .local && targets[i].aux == v.info {
                    conflict = true
                    targets[i].aux = extra
                }
            }
        }
        if conflict {
            if v.kind == .local {
                codeABC(.move, extra, v.info, 0)
            } else {
                codeABC(.getUpval, extra, v.info, 0)
            }
            try reserveRegisters(1)
        }
    }

    /// `restassign`: the rest of a multiple assignment. The targets are kept in a list
    /// (the reference chains them on the C stack); each one counts a nesting level.
    func assignment(_ first: ExpDesc) throws(LuaSyntaxError) {
        var targets: [ExpDesc] = [first]
        var levels: Int32 = 0
        defer { cLevel &-= levels }
        while true {
            let last = targets[targets.count - 1]
            if !last.kind.isVariable { throw lex.syntaxError("syntax error") }
            try checkReadOnly(last)
            guard try testNext(44) else { break }
            var nv = ExpDesc(.void)
            try suffixedExpression(&nv)
            if !nv.kind.isIndexed { try checkConflict(&targets, nv) }
            targets.append(nv)
            try enterLevel()
            levels += 1
        }
        try checkNext(61)
        var e = ExpDesc(.void)
        let nvars = Int32(targets.count)
        let nexps = try expressionList(&e)
        var index = targets.count - 1
        if nexps != nvars {
            try adjustAssign(nvars, nexps, &e)
        } else {
            setOneReturn(&e)
            try storeVariable(targets[index], &e)
            index -= 1
        }
        // The remaining targets take their values from the top of the stack, last first.
        while index >= 0 {
            var value = ExpDesc(.nonReloc, fs.freeRegister - 1)
            try storeVariable(targets[index], &value)
            index -= 1
        }
    }

    /// `adjust_assign`: makes `nexps` values (the last in `e`) fill `nvars` registers.
    @inline(never)
    func adjustAssign(_ nvars: Int32, _ nexps: Int32, _ e: inout ExpDesc) throws(LuaSyntaxError) {
        let needed = nvars - nexps
        if e.kind.hasMultipleResults {
            var extra = needed + 1
            if extra < 0 { extra = 0 }
            try setReturns(&e, extra)
        } else {
            if e.kind != .void { try expressionToNextRegister(&e) }
            if needed > 0 { loadNil(fs.freeRegister, needed) }
        }
        if needed > 0 {
            try reserveRegisters(needed)
        } else {
            fs.freeRegister += needed
        }
    }

    /// `exprstat`: a call or an assignment.
    func expressionStatement() throws(LuaSyntaxError) {
        var v = ExpDesc(.void)
        try suffixedExpression(&v)
        if lex.token.kind == 61 || lex.token.kind == 44 {
            try assignment(v)
        } else {
            if v.kind != .call { throw lex.syntaxError("syntax error") }
            setInstruction(v.info, instruction(v.info).with(c: 1))  // no results
        }
    }

    // MARK: Control structures

    /// `cond`: a condition; returns its false-exit list.
    func condition() throws(LuaSyntaxError) -> Int32 {
        var v = try expression()
        if v.kind == .nil_ { v.kind = .false_ }
        try goIfTrue(&v)
        return v.f
    }

    /// `test_then_block`: [IF | ELSEIF] cond THEN block.
    func testThenBlock(_ escapeList: inout Int32) throws(LuaSyntaxError) {
        try lex.next()
        var v = try expression()
        try checkNext(TK.then)
        let jf: Int32
        if lex.token.kind == TK.break_ {
            let line = lex.line
            try goIfFalse(&v)
            try lex.next()
            enterBlock(isLoop: false)
            try newGoto(Parser.breakName, line, v.t)
            while try testNext(59) {}
            if blockFollow(withUntil: false) {
                try leaveBlock()
                return
            }
            jf = jump()
        } else {
            try goIfTrue(&v)
            enterBlock(isLoop: false)
            jf = v.f
        }
        try statementList()
        try leaveBlock()
        if lex.token.kind == TK.else_ || lex.token.kind == TK.elseif {
            try concatJumps(&escapeList, jump())
        }
        try patchToHere(jf)
    }

    /// `ifstat`.
    func ifStatement(_ line: Int32) throws(LuaSyntaxError) {
        var escapeList = noJump
        try testThenBlock(&escapeList)
        while lex.token.kind == TK.elseif { try testThenBlock(&escapeList) }
        if try testNext(TK.else_) { try block() }
        try checkMatch(TK.end, TK.if_, line)
        try patchToHere(escapeList)
    }

    /// `whilestat`.
    func whileStatement(_ line: Int32) throws(LuaSyntaxError) {
        try lex.next()
        let whileInit = label()
        let conditionExit = try condition()
        enterBlock(isLoop: true)
        try checkNext(TK.do_)
        try block()
        try jumpTo(whileInit)
        try checkMatch(TK.end, TK.while_, line)
        try leaveBlock()
        try patchToHere(conditionExit)
    }

    /// `repeatstat`: the condition sees the body's locals.
    func repeatStatement(_ line: Int32) throws(LuaSyntaxError) {
        let repeatInit = label()
        enterBlock(isLoop: true)
        enterBlock(isLoop: false)
        try lex.next()
        try statementList()
        try checkMatch(TK.until, TK.repeat_, line)
        var conditionExit = try condition()
        let scope = fs.blocks[fs.blocks.count - 1]
        try leaveBlock()
        if scope.hasUpvalue {
            let exit = jump()
            try patchToHere(conditionExit)
            codeABC(.close, registerLevel(scope.activeVariables), 0, 0)
            conditionExit = jump()
            try patchToHere(exit)
        }
        try patchList(conditionExit, repeatInit)
        try leaveBlock()
    }

    /// `exp1`: an expression into the next register.
    func expressionToNext() throws(LuaSyntaxError) {
        var e = try expression()
        try expressionToNextRegister(&e)
    }

    /// `fixforjump`: FORPREP/FORLOOP offsets are unsigned Bx.
    @inline(never)
    func fixForJump(_ pc: Int32, _ dest: Int32, back: Bool) throws(LuaSyntaxError) {
        var offset = dest - (pc + 1)
        if back { offset = -offset }
        if offset > InstructionLimits.maxBx { throw lex.syntaxError("control structure too long") }
        setInstruction(pc, instruction(pc).with(bx: offset))
    }

    /// `forbody`: DO block, with the loop instructions around it.
    func forBody(_ base: Int32, _ line: Int32, _ nvars: Int32, generic: Bool) throws(LuaSyntaxError) {
        try checkNext(TK.do_)
        let prep = codeABx(generic ? .tForPrep : .forPrep, base, 0)
        enterBlock(isLoop: false)
        try adjustLocalVariables(nvars)
        try reserveRegisters(nvars)
        try block()
        try leaveBlock()
        try fixForJump(prep, label(), back: false)
        if generic {
            codeABC(.tForCall, base, 0, nvars)
            fixLine(line)
        }
        let endFor = codeABx(generic ? .tForLoop : .forLoop, base, 0)
        try fixForJump(endFor, prep + 1, back: true)
        fixLine(line)
    }

    static let forStateName: [UInt8] = [UInt8]("(for state)")

    /// `fornum`: NAME = exp, exp [, exp] forbody.
    func numericFor(_ name: [UInt8], _ line: Int32) throws(LuaSyntaxError) {
        let base = fs.freeRegister
        try newLocalVariable(Parser.forStateName)
        try newLocalVariable(Parser.forStateName)
        try newLocalVariable(Parser.forStateName)
        try newLocalVariable(name)
        try checkNext(61)
        try expressionToNext()
        try checkNext(44)
        try expressionToNext()
        if try testNext(44) {
            try expressionToNext()
        } else {
            try loadInteger(fs.freeRegister, 1)
            try reserveRegisters(1)
        }
        try adjustLocalVariables(3)
        try forBody(base, line, 1, generic: false)
    }

    /// `forlist`: NAME {, NAME} IN explist forbody.
    func genericFor(_ indexName: [UInt8]) throws(LuaSyntaxError) {
        var nvars: Int32 = 5  // generator, state, control, closing value, first name
        let base = fs.freeRegister
        for _ in 0..<4 { try newLocalVariable(Parser.forStateName) }
        try newLocalVariable(indexName)
        while try testNext(44) {
            try newLocalVariable(try checkName())
            nvars += 1
        }
        try checkNext(TK.in_)
        let line = lex.line
        var e = ExpDesc(.void)
        let nexps = try expressionList(&e)
        try adjustAssign(4, nexps, &e)
        try adjustLocalVariables(4)
        markToBeClosed()
        try checkStack(3)
        try forBody(base, line, nvars - 4, generic: true)
    }

    /// `forstat`.
    func forStatement(_ line: Int32) throws(LuaSyntaxError) {
        enterBlock(isLoop: true)
        try lex.next()
        let name = try checkName()
        switch lex.token.kind {
        case 61: try numericFor(name, line)
        case 44, TK.in_: try genericFor(name)
        default: throw lex.syntaxError("'=' or 'in' expected")
        }
        try checkMatch(TK.end, TK.for_, line)
        try leaveBlock()
    }
}
