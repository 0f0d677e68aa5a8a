// Expressions (lparser.c): operator precedence, primary and suffixed expressions, calls,
// table constructors and function bodies.

extension Parser {
    /// `expr`.
    func expression() throws(LuaSyntaxError) -> ExpDesc {
        var v = ExpDesc(.void)
        _ = try subexpression(&v, 0)
        return v
    }

    /// `subexpr`: (simpleexp | unop subexpr) { binop subexpr } for operators with a left
    /// priority above `limit`; returns the first operator it did not handle.
    func subexpression(_ v: inout ExpDesc, _ limit: Int32) throws(LuaSyntaxError) -> BinaryOperator? {
        try enterLevel()
        if let uop = UnaryOperator(token: lex.token.kind) {
            let line = lex.line
            try lex.next()
            _ = try subexpression(&v, unaryPriority)
            try prefix(uop, &v, line)
        } else {
            try simpleExpression(&v)
        }
        var op = BinaryOperator(token: lex.token.kind)
        while let current = op, current.priority.left > limit {
            var v2 = ExpDesc(.void)
            let line = lex.line
            try lex.next()
            try infix(current, &v)
            let nextOp = try subexpression(&v2, current.priority.right)
            try postfix(current, &v, &v2, line)
            op = nextOp
        }
        leaveLevel()
        return op
    }

    /// `simpleexp`: literals, `...`, constructors, functions and suffixed expressions.
    func simpleExpression(_ v: inout ExpDesc) throws(LuaSyntaxError) {
        switch lex.token.kind {
        case TK.flt:
            v = ExpDesc(.kFlt)
            v.nval = lex.token.number
        case TK.int:
            v = ExpDesc(.kInt)
            v.ival = lex.token.integer
        case TK.string:
            v = ExpDesc(.kStr)
            v.strval = lex.token.text
        case TK.nil_:
            v = ExpDesc(.nil_)
        case TK.true_:
            v = ExpDesc(.true_)
        case TK.false_:
            v = ExpDesc(.false_)
        case TK.dots:
            if !fs.f.isVararg { throw lex.syntaxError("cannot use '...' outside a vararg function") }
            v = ExpDesc(.vararg, codeABC(.vararg, 0, 0, 1))
        case 123:  // '{'
            try constructor(&v)
            return
        case TK.function:
            try lex.next()
            try body(&v, isMethod: false, line: lex.line)
            return
        default:
            try suffixedExpression(&v)
            return
        }
        try lex.next()
    }

    /// `primaryexp`: a name or a parenthesized expression.
    func primaryExpression(_ v: inout ExpDesc) throws(LuaSyntaxError) {
        switch lex.token.kind {
        case 40:  // '('
            let line = lex.line
            try lex.next()
            v = try expression()
            try checkMatch(41, 40, line)
            dischargeVariables(&v)
        case TK.name:
            v = try singleVariable()
        default:
            throw lex.syntaxError("unexpected symbol")
        }
    }

    /// `suffixedexp`: primaryexp { '.' NAME | '[' exp ']' | ':' NAME funcargs | funcargs }.
    func suffixedExpression(_ v: inout ExpDesc) throws(LuaSyntaxError) {
        let line = lex.line
        try primaryExpression(&v)
        while true {
            switch lex.token.kind {
            case 46:  // '.'
                try fieldSelector(&v)
            case 91:  // '['
                try expressionToAnyRegisterOrUpvalue(&v)
                var key = try bracketIndex()
                try indexed(&v, &key)
            case 58:  // ':'
                try lex.next()
                var key = ExpDesc(.kStr)
                key.strval = try checkName()
                try codeSelf(&v, &key)
                try functionArguments(&v, line)
            case 40, TK.string, 123:  // '(' string '{'
                try expressionToNextRegister(&v)
                try functionArguments(&v, line)
            default:
                return
            }
        }
    }

    /// `fieldsel`: ['.' | ':'] NAME.
    @inline(never)
    func fieldSelector(_ v: inout ExpDesc) throws(LuaSyntaxError) {
        try expressionToAnyRegisterOrUpvalue(&v)
        try lex.next()
        var key = ExpDesc(.kStr)
        key.strval = try checkName()
        try indexed(&v, &key)
    }

    /// `yindex`: '[' expr ']'.
    func bracketIndex() throws(LuaSyntaxError) -> ExpDesc {
        try lex.next()
        var v = try expression()
        try expressionToValue(&v)
        try checkNext(93)
        return v
    }

    /// `explist`: expr { ',' expr }; returns the number of expressions, the last in `v`.
    func expressionList(_ v: inout ExpDesc) throws(LuaSyntaxError) -> Int32 {
        var n: Int32 = 1
        v = try expression()
        while try testNext(44) {
            try expressionToNextRegister(&v)
            v = try expression()
            n += 1
        }
        return n
    }

    /// `funcargs`: '(' [explist] ')' | constructor | STRING, then the CALL.
    func functionArguments(_ f: inout ExpDesc, _ line: Int32) throws(LuaSyntaxError) {
        var args = ExpDesc(.void)
        switch lex.token.kind {
        case 40:
            try lex.next()
            if lex.token.kind != 41 {
                _ = try expressionList(&args)
                if args.kind.hasMultipleResults { try setMultipleReturns(&args) }
            }
            try checkMatch(41, 40, line)
        case 123:
            try constructor(&args)
        case TK.string:
            args = ExpDesc(.kStr)
            args.strval = lex.token.text
            try lex.next()
        default:
            throw lex.syntaxError("function arguments expected")
        }
        let base = f.info
        let nparams: Int32
        if args.kind.hasMultipleResults {
            nparams = multipleReturns
        } else {
            if args.kind != .void { try expressionToNextRegister(&args) }
            nparams = fs.freeRegister - (base + 1)
        }
        f = ExpDesc(.call, codeABC(.call, base, nparams + 1, 2))
        fixLine(line)
        fs.freeRegister = base + 1
    }

    // MARK: Constructors

    /// State of a table constructor (`ConsControl`).
    struct Constructor {
        /// Last list item read.
        var v = ExpDesc(.void)
        /// The table's register.
        var table: Int32
        /// Record fields, array items stored, array items pending.
        var hashCount: Int32 = 0
        var arrayCount: Int32 = 0
        var pending: Int32 = 0
    }

    /// `constructor`: '{' [ field { sep field } [sep] ] '}'.
    func constructor(_ t: inout ExpDesc) throws(LuaSyntaxError) {
        let line = lex.line
        let pc = codeABC(.newTable, 0, 0, 0)
        code(0)  // room for the EXTRAARG
        t = ExpDesc(.nonReloc, fs.freeRegister)
        var cc = Constructor(table: fs.freeRegister)
        try reserveRegisters(1)
        try checkNext(123)
        repeat {
            if lex.token.kind == 125 { break }
            try closeListField(&cc)
            try field(&cc)
        } while try testFieldSeparator()
        try checkMatch(125, 123, line)
        try lastListField(&cc)
        setTableSize(pc, cc.table, cc.arrayCount, cc.hashCount)
    }

    /// ',' or ';' between fields.
    func testFieldSeparator() throws(LuaSyntaxError) -> Bool {
        if try testNext(44) { return true }
        return try testNext(59)
    }

    /// `field`: a list item or a record field.
    func field(_ cc: inout Constructor) throws(LuaSyntaxError) {
        switch lex.token.kind {
        case TK.name:
            if try lex.peek() != 61 {
                try listField(&cc)
            } else {
                try recordField(&cc)
            }
        case 91:
            try recordField(&cc)
        default:
            try listField(&cc)
        }
    }

    /// `listfield`.
    func listField(_ cc: inout Constructor) throws(LuaSyntaxError) {
        cc.v = try expression()
        cc.pending += 1
    }

    /// `recfield`: (NAME | '[' exp ']') = exp.
    func recordField(_ cc: inout Constructor) throws(LuaSyntaxError) {
        let reg = fs.freeRegister
        var key: ExpDesc
        if lex.token.kind == TK.name {
            if cc.hashCount == Int32.max { throw limitExceeded(Int(Int32.max), "items in a constructor") }
            key = ExpDesc(.kStr)
            key.strval = try checkName()
        } else {
            key = try bracketIndex()
        }
        cc.hashCount &+= 1
        try checkNext(61)
        var tab = ExpDesc(.nonReloc, cc.table)
        try indexed(&tab, &key)
        var val = try expression()
        try storeVariable(tab, &val)
        fs.freeRegister = reg
    }

    /// `closelistfield`: puts the previous list item in its register, flushing every 50.
    @inline(never)
    func closeListField(_ cc: inout Constructor) throws(LuaSyntaxError) {
        if cc.v.kind == .void { return }
        try expressionToNextRegister(&cc.v)
        cc.v.kind = .void
        if cc.pending == fieldsPerFlush {
            setList(cc.table, cc.arrayCount, cc.pending)
            cc.arrayCount &+= cc.pending
            cc.pending = 0
        }
    }

    /// `lastlistfield`: stores the remaining items (all results of a final call or `...`).
    @inline(never)
    func lastListField(_ cc: inout Constructor) throws(LuaSyntaxError) {
        if cc.pending == 0 { return }
        if cc.v.kind.hasMultipleResults {
            try setMultipleReturns(&cc.v)
            setList(cc.table, cc.arrayCount, multipleReturns)
            cc.arrayCount &-= 1
        } else {
            if cc.v.kind != .void { try expressionToNextRegister(&cc.v) }
            setList(cc.table, cc.arrayCount, cc.pending)
        }
        cc.arrayCount &+= cc.pending
    }

    // MARK: Functions

    /// `parlist`: [ {NAME ','} (NAME | '...') ].
    @inline(never)
    func parameterList() throws(LuaSyntaxError) {
        var nparams: Int32 = 0
        var isVararg = false
        if lex.token.kind != 41 {
            repeat {
                switch lex.token.kind {
                case TK.name:
                    try newLocalVariable(try checkName())
                    nparams += 1
                case TK.dots:
                    try lex.next()
                    isVararg = true
                default:
                    throw lex.syntaxError("<name> or '...' expected")
                }
                if isVararg { break }
            } while try testNext(44)
        }
        try adjustLocalVariables(nparams)
        fs.f.numParams = UInt8(truncatingIfNeeded: fs.activeVariables)
        if isVararg { try setVararg(parameters: Int32(fs.f.numParams)) }
        try reserveRegisters(fs.activeVariables)
    }

    /// `body`: '(' parlist ')' block END, then the CLOSURE in the enclosing function.
    func body(_ e: inout ExpDesc, isMethod: Bool, line: Int32) throws(LuaSyntaxError) {
        let parent = fs
        if parent.f.prototypes.count >= Int(InstructionLimits.maxBx) {
            throw Parser.limitError("functions", Int(InstructionLimits.maxBx))
        }
        let proto = Prototype()
        proto.lineDefined = line
        parent.f.prototypes.append(proto)
        countMemory(512)  // the prototype object and its arrays' headers
        let state = FunctionState(f: proto, previous: parent, firstLocal: activeVariables.count,
                                  firstLabel: activeLabels.count)
        openFunction(state)
        try checkNext(40)
        if isMethod {
            try newLocalVariable([UInt8]("self"))
            try adjustLocalVariables(1)
        }
        try parameterList()
        try checkNext(41)
        try statementList()
        proto.lastLineDefined = lex.line
        try checkMatch(TK.end, TK.function, line)
        // `codeclosure`: CLOSURE in the enclosing function, at its next register.
        fs = parent
        e = ExpDesc(.reloc, codeABx(.closure, 0, Int32(parent.f.prototypes.count - 1)))
        try expressionToNextRegister(&e)
        fs = state
        try closeFunction()
    }
}
