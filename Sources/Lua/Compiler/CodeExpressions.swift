// Turning expression descriptors into code (lcode.c): discharging variables, putting
// values into registers, constants as operands, stores, indexing and conditional jumps.

extension Parser {
    /// `luaK_setreturns`: makes a call or vararg return `nresults` values.
    @inline(never)
    func setReturns(_ e: inout ExpDesc, _ nresults: Int32) throws(LuaSyntaxError) {
        let i = instruction(e.info)
        if e.kind == .call {
            setInstruction(e.info, i.with(c: nresults + 1))
        } else {
            setInstruction(e.info, i.with(c: nresults + 1).with(a: fs.freeRegister))
            try reserveRegisters(1)
        }
    }

    /// `luaK_setmultret`.
    func setMultipleReturns(_ e: inout ExpDesc) throws(LuaSyntaxError) {
        try setReturns(&e, multipleReturns)
    }

    /// `luaK_setoneret`: a call's one result is fixed in its base register; a vararg's can go
    /// anywhere.
    @inline(never)
    func setOneReturn(_ e: inout ExpDesc) {
        if e.kind == .call {
            e.kind = .nonReloc
            e.info = instruction(e.info).a
        } else if e.kind == .vararg {
            setInstruction(e.info, instruction(e.info).with(c: 2))
            e.kind = .reloc
        }
    }

    /// `const2exp`: a compile-time constant's value as an expression.
    func constantToExpression(_ v: Constant, _ e: inout ExpDesc) {
        switch v {
        case .int(let i): e.kind = .kInt; e.ival = i
        case .float(let d): e.kind = .kFlt; e.nval = d
        case .bool(let b): e.kind = b ? .true_ : .false_
        case .nil_: e.kind = .nil_
        case .string(let s): e.kind = .kStr; e.strval = s
        }
    }

    /// `luaK_exp2const`: the value of a constant expression, if it is one.
    @inline(never)
    func expressionConstant(_ e: ExpDesc) -> Constant? {
        if e.hasJumps { return nil }
        switch e.kind {
        case .false_: return .bool(false)
        case .true_: return .bool(true)
        case .nil_: return .nil_
        case .kStr: return .string(e.strval)
        case .const_: return activeVariables[Int(e.info)].value
        case .kInt: return .int(e.ival)
        case .kFlt: return .float(e.nval)
        default: return nil
        }
    }

    /// `luaK_dischargevars`: makes sure the expression is not a variable.
    @inline(never)
    func dischargeVariables(_ e: inout ExpDesc) {
        switch e.kind {
        case .const_:
            constantToExpression(activeVariables[Int(e.info)].value, &e)
        case .local:
            e.kind = .nonReloc
        case .upval:
            e.info = codeABC(.getUpval, 0, e.info, 0)
            e.kind = .reloc
        case .indexUp:
            e.info = codeABC(.getTabUp, 0, e.info, e.aux)
            e.kind = .reloc
        case .indexI:
            freeRegister(e.info)
            e.info = codeABC(.getI, 0, e.info, e.aux)
            e.kind = .reloc
        case .indexStr:
            freeRegister(e.info)
            e.info = codeABC(.getField, 0, e.info, e.aux)
            e.kind = .reloc
        case .indexed:
            freeRegisters(e.info, e.aux)
            e.info = codeABC(.getTable, 0, e.info, e.aux)
            e.kind = .reloc
        case .vararg, .call:
            setOneReturn(&e)
        default:
            break
        }
    }

    /// `discharge2reg`: puts the expression's value into `reg`.
    @inline(never)
    func dischargeToRegister(_ e: inout ExpDesc, _ reg: Int32) throws(LuaSyntaxError) {
        dischargeVariables(&e)
        switch e.kind {
        case .nil_: loadNil(reg, 1)
        case .false_: codeABC(.loadFalse, reg, 0, 0)
        case .true_: codeABC(.loadTrue, reg, 0, 0)
        case .kStr:
            codeLoadConstant(reg, try stringConstant(e.strval))
        case .k: codeLoadConstant(reg, e.info)
        case .kFlt: try loadFloat(reg, e.nval)
        case .kInt: try loadInteger(reg, e.ival)
        case .reloc:
            setInstruction(e.info, instruction(e.info).with(a: reg))
        case .nonReloc:
            if reg != e.info { codeABC(.move, reg, e.info, 0) }
        default:
            return  // a jump: nothing to do
        }
        e.info = reg
        e.kind = .nonReloc
    }

    /// `discharge2anyreg`.
    func dischargeToAnyRegister(_ e: inout ExpDesc) throws(LuaSyntaxError) {
        if e.kind != .nonReloc {
            try reserveRegisters(1)
            try dischargeToRegister(&e, fs.freeRegister - 1)
        }
    }

    /// `code_loadbool`: boolean loads may be jump targets.
    func codeLoadBool(_ a: Int32, _ op: OpCode) -> Int32 {
        label()
        return codeABC(op, a, 0, 0)
    }

    /// `need_value`: some jump of the list is not a TESTSET (so it produces no value).
    func needValue(_ list: Int32) -> Bool {
        var list = list
        while list != noJump {
            if instruction(jumpControl(list)).opcode != .testSet { return true }
            list = jumpDestination(list)
        }
        return false
    }

    /// `exp2reg`: the expression's final value, jump lists included, into `reg`.
    @inline(never)
    func expressionToRegister(_ e: inout ExpDesc, _ reg: Int32) throws(LuaSyntaxError) {
        try dischargeToRegister(&e, reg)
        if e.kind == .jmp { try concatJumps(&e.t, e.info) }
        if e.hasJumps {
            var loadFalse = noJump
            var loadTrue = noJump
            if needValue(e.t) || needValue(e.f) {
                let fj = e.kind == .jmp ? noJump : jump()
                loadFalse = codeLoadBool(reg, .lFalseSkip)
                loadTrue = codeLoadBool(reg, .loadTrue)
                try patchToHere(fj)
            }
            let final = label()
            try patchListAux(e.f, final, reg, loadFalse)
            try patchListAux(e.t, final, reg, loadTrue)
        }
        e.f = noJump
        e.t = noJump
        e.info = reg
        e.kind = .nonReloc
    }

    /// `luaK_exp2nextreg`.
    @inline(never)
    func expressionToNextRegister(_ e: inout ExpDesc) throws(LuaSyntaxError) {
        dischargeVariables(&e)
        freeExpression(e)
        try reserveRegisters(1)
        try expressionToRegister(&e, fs.freeRegister - 1)
    }

    /// `luaK_exp2anyreg`: the value in some register, which is returned.
    @discardableResult
    @inline(never)
    func expressionToAnyRegister(_ e: inout ExpDesc) throws(LuaSyntaxError) -> Int32 {
        dischargeVariables(&e)
        if e.kind == .nonReloc {
            if !e.hasJumps { return e.info }
            if e.info >= registerLevel() {
                try expressionToRegister(&e, e.info)
                return e.info
            }
            // A local with jumps cannot take the jump values: use a new register.
        }
        try expressionToNextRegister(&e)
        return e.info
    }

    /// `luaK_exp2anyregup`: in a register or an upvalue.
    @inline(never)
    func expressionToAnyRegisterOrUpvalue(_ e: inout ExpDesc) throws(LuaSyntaxError) {
        if e.kind != .upval || e.hasJumps { try expressionToAnyRegister(&e) }
    }

    /// `luaK_exp2val`: in a register or a constant.
    @inline(never)
    func expressionToValue(_ e: inout ExpDesc) throws(LuaSyntaxError) {
        if e.hasJumps {
            try expressionToAnyRegister(&e)
        } else {
            dischargeVariables(&e)
        }
    }

    /// `luaK_exp2K`: makes a constant a K operand if its index fits in an 8-bit operand.
    @inline(never)
    func expressionToK(_ e: inout ExpDesc) throws(LuaSyntaxError) -> Bool {
        if e.hasJumps { return false }
        let info: Int32
        switch e.kind {
        case .true_: info = try boolConstant(true)
        case .false_: info = try boolConstant(false)
        case .nil_: info = try nilConstant()
        case .kInt: info = try integerConstant(e.ival)
        case .kFlt: info = try floatConstant(e.nval)
        case .kStr: info = try stringConstant(e.strval)
        case .k: info = e.info
        default: return false
        }
        if info <= InstructionLimits.maxB {
            e.kind = .k
            e.info = info
            return true
        }
        return false
    }

    /// `luaK_exp2RK`: a register or a K operand; true for K.
    @inline(never)
    func expressionToRK(_ e: inout ExpDesc) throws(LuaSyntaxError) -> Bool {
        if try expressionToK(&e) { return true }
        try expressionToAnyRegister(&e)
        return false
    }

    /// `codeABRK`.
    func codeABRK(_ op: OpCode, _ a: Int32, _ b: Int32, _ ec: inout ExpDesc) throws(LuaSyntaxError) {
        let k = try expressionToRK(&ec)
        codeABC(op, a, b, ec.info, k: k)
    }

    /// `luaK_storevar`: stores `ex` into the variable `v`.
    @inline(never)
    func storeVariable(_ v: ExpDesc, _ ex: inout ExpDesc) throws(LuaSyntaxError) {
        switch v.kind {
        case .local:
            freeExpression(ex)
            try expressionToRegister(&ex, v.info)
            return
        case .upval:
            let e = try expressionToAnyRegister(&ex)
            codeABC(.setUpval, e, v.info, 0)
        case .indexUp:
            try codeABRK(.setTabUp, v.info, v.aux, &ex)
        case .indexI:
            try codeABRK(.setI, v.info, v.aux, &ex)
        case .indexStr:
            try codeABRK(.setField, v.info, v.aux, &ex)
        case .indexed:
            try codeABRK(.setTable, v.info, v.aux, &ex)
        default:
            break
        }
        freeExpression(ex)
    }

    /// `luaK_self`: `e:key(` → SELF.
    @inline(never)
    func codeSelf(_ e: inout ExpDesc, _ key: inout ExpDesc) throws(LuaSyntaxError) {
        try expressionToAnyRegister(&e)
        let ereg = e.info
        freeExpression(e)
        e.info = fs.freeRegister
        e.kind = .nonReloc
        try reserveRegisters(2)
        try codeABRK(.self, e.info, ereg, &key)
        freeExpression(key)
    }

    /// `isKstr`: a short-string constant usable as an 8-bit operand.
    func isKString(_ e: ExpDesc) -> Bool {
        guard e.kind == .k && !e.hasJumps && e.info <= InstructionLimits.maxB else { return false }
        if case .string(let s) = fs.f.constants[Int(e.info)] { return s.count <= maxShortStringLength }
        return false
    }

    /// `luaK_isKint`.
    func isKInt(_ e: ExpDesc) -> Bool { e.kind == .kInt && !e.hasJumps }

    /// `isCint`: an integer literal that fits in C.
    func isCInt(_ e: ExpDesc) -> Bool {
        isKInt(e) && UInt64(bitPattern: e.ival) <= UInt64(InstructionLimits.maxC)
    }

    /// `isSCint`: an integer literal that fits in sC.
    func isSCInt(_ e: ExpDesc) -> Bool { isKInt(e) && Parser.fitsC(e.ival) }

    /// `isSCnumber`: an integer (or integral float) literal that fits in sB/sC; returns the
    /// encoded operand and whether it was a float.
    func scNumber(_ e: ExpDesc) -> (operand: Int32, isFloat: Bool)? {
        let i: Int64
        var isFloat = false
        if e.kind == .kInt {
            i = e.ival
        } else if e.kind == .kFlt, let fi = FloatToInteger.exact(e.nval) {
            i = fi
            isFloat = true
        } else {
            return nil
        }
        if !e.hasJumps && Parser.fitsC(i) {
            return (Int32(i) + InstructionLimits.offsetSC, isFloat)
        }
        return nil
    }

    /// `luaK_indexed`: builds `t[k]`; `t` is already in a register or an upvalue.
    @inline(never)
    func indexed(_ t: inout ExpDesc, _ k: inout ExpDesc) throws(LuaSyntaxError) {
        if k.kind == .kStr {
            k.info = try stringConstant(k.strval)
            k.kind = .k
        }
        if t.kind == .upval && !isKString(k) {
            try expressionToAnyRegister(&t)
        }
        if t.kind == .upval {
            // t.info stays the upvalue index
            t.aux = k.info
            t.kind = .indexUp
        } else {
            // t.info is the table register (a local's register is kept in info too)
            if isKString(k) {
                t.aux = k.info
                t.kind = .indexStr
            } else if isCInt(k) {
                t.aux = Int32(k.ival)
                t.kind = .indexI
            } else {
                t.aux = try expressionToAnyRegister(&k)
                t.kind = .indexed
            }
        }
    }

    // MARK: Conditions

    /// `negatecondition`: flips the k flag of a comparison.
    func negateCondition(_ e: ExpDesc) {
        let pc = jumpControl(e.info)
        let i = instruction(pc)
        setInstruction(pc, i.with(k: !i.k))
    }

    /// `jumponcond`: jumps if `e` is `cond`; `not x` becomes a test of `x`.
    func jumpOnCondition(_ e: inout ExpDesc, _ cond: Bool) throws(LuaSyntaxError) -> Int32 {
        if e.kind == .reloc {
            let ie = instruction(e.info)
            if ie.opcode == .not {
                removeLastInstruction()
                return conditionalJump(.test, ie.b, 0, 0, k: !cond)
            }
        }
        try dischargeToAnyRegister(&e)
        freeExpression(e)
        return conditionalJump(.testSet, noRegister, e.info, 0, k: cond)
    }

    /// `luaK_goiftrue`: falls through if `e` is true, jumps otherwise.
    @inline(never)
    func goIfTrue(_ e: inout ExpDesc) throws(LuaSyntaxError) {
        dischargeVariables(&e)
        let pc: Int32
        switch e.kind {
        case .jmp:
            negateCondition(e)
            pc = e.info
        case .k, .kFlt, .kInt, .kStr, .true_:
            pc = noJump
        default:
            pc = try jumpOnCondition(&e, false)
        }
        try concatJumps(&e.f, pc)
        try patchToHere(e.t)
        e.t = noJump
    }

    /// `luaK_goiffalse`: falls through if `e` is false, jumps otherwise.
    @inline(never)
    func goIfFalse(_ e: inout ExpDesc) throws(LuaSyntaxError) {
        dischargeVariables(&e)
        let pc: Int32
        switch e.kind {
        case .jmp:
            pc = e.info
        case .nil_, .false_:
            pc = noJump
        default:
            pc = try jumpOnCondition(&e, true)
        }
        try concatJumps(&e.t, pc)
        try patchToHere(e.f)
        e.f = noJump
    }
}
