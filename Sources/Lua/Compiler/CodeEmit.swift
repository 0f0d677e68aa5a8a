// Emitting instructions, registers and jump lists (the first part of the reference's
// lcode.c). Jump lists are chained through the sJ fields of the jumps themselves.

extension Parser {
    // MARK: Emitting

    /// `luaK_code`: appends an instruction with the line of the last token read.
    @discardableResult
    func code(_ i: Instruction) -> Int32 {
        fs.f.code.append(i)
        fs.f.lineInfo.append(lex.lastLine)
        countMemory(MemoryLayout<Instruction>.size + 4)  // the instruction and its line
        return fs.pc - 1
    }

    @discardableResult
    func codeABC(_ op: OpCode, _ a: Int32, _ b: Int32, _ c: Int32, k: Bool = false) -> Int32 {
        code(.abc(op, a, b, c, k: k))
    }

    @discardableResult
    func codeABx(_ op: OpCode, _ a: Int32, _ bx: Int32) -> Int32 {
        code(.abx(op, a, bx))
    }

    @discardableResult
    func codeAsBx(_ op: OpCode, _ a: Int32, _ sbx: Int32) -> Int32 {
        code(.asbx(op, a, sbx))
    }

    @discardableResult
    func codeExtraArg(_ a: Int32) -> Int32 {
        code(.ax(.extraArg, a))
    }

    /// `luaK_codek`: LOADK, or LOADKX + EXTRAARG for constant indices beyond Bx.
    @discardableResult
    func codeLoadConstant(_ reg: Int32, _ k: Int32) -> Int32 {
        if k <= InstructionLimits.maxBx {
            return codeABx(.loadK, reg, k)
        }
        let p = codeABx(.loadKX, reg, 0)
        codeExtraArg(k)
        return p
    }

    /// `luaK_fixline`: gives the last instruction another line.
    func fixLine(_ line: Int32) {
        let n = fs.f.lineInfo.count
        if n > 0 { fs.f.lineInfo[n - 1] = line }
    }

    /// `removelastinstruction`.
    func removeLastInstruction() {
        fs.f.code.removeLast()
        fs.f.lineInfo.removeLast()
    }

    /// The instruction at `pc`.
    @inline(__always) func instruction(_ pc: Int32) -> Instruction { fs.f.code[Int(pc)] }

    @inline(__always) func setInstruction(_ pc: Int32, _ i: Instruction) { fs.f.code[Int(pc)] = i }

    /// `previousinstruction`: the last instruction, unless a jump target may lie in between.
    func previousInstruction() -> Instruction? {
        fs.pc > fs.lastTarget ? fs.f.code.last : nil
    }

    // MARK: Registers

    /// `luaK_checkstack`: keeps `maxStackSize` up to date.
    @inline(never)
    func checkStack(_ n: Int32) throws(LuaSyntaxError) {
        let newStack = fs.freeRegister + n
        if newStack > Int32(fs.f.maxStackSize) {
            if newStack >= maxRegisters {
                throw lex.syntaxError("function or expression needs too many registers")
            }
            fs.f.maxStackSize = UInt8(newStack)
        }
    }

    /// `luaK_reserveregs`.
    @inline(never)
    func reserveRegisters(_ n: Int32) throws(LuaSyntaxError) {
        try checkStack(n)
        fs.freeRegister += n
    }

    /// `freereg`: frees a register unless it holds a local variable.
    func freeRegister(_ reg: Int32) {
        if reg >= registerLevel() {
            fs.freeRegister -= 1
        }
    }

    /// `freeregs`: frees two registers, higher first.
    func freeRegisters(_ r1: Int32, _ r2: Int32) {
        if r1 > r2 {
            freeRegister(r1)
            freeRegister(r2)
        } else {
            freeRegister(r2)
            freeRegister(r1)
        }
    }

    /// `freeexp`.
    func freeExpression(_ e: ExpDesc) {
        if e.kind == .nonReloc { freeRegister(e.info) }
    }

    /// `freeexps`.
    func freeExpressions(_ e1: ExpDesc, _ e2: ExpDesc) {
        let r1: Int32 = e1.kind == .nonReloc ? e1.info : -1
        let r2: Int32 = e2.kind == .nonReloc ? e2.info : -1
        freeRegisters(r1, r2)
    }

    /// `luaK_nil`: LOADNIL, merged with a previous LOADNIL over adjacent registers.
    @inline(never)
    func loadNil(_ from: Int32, _ n: Int32) {
        var from = from
        var last = from + n - 1
        if let previous = previousInstruction(), previous.opcode == .loadNil {
            let pfrom = previous.a
            let plast = pfrom + previous.b
            if (pfrom <= from && from <= plast + 1) || (from <= pfrom && pfrom <= last + 1) {
                if pfrom < from { from = pfrom }
                if plast > last { last = plast }
                setInstruction(fs.pc - 1, previous.with(a: from).with(b: last - from))
                return
            }
        }
        codeABC(.loadNil, from, n - 1, 0)
    }

    // MARK: Jumps

    /// `getjump`: the next jump of a list.
    func jumpDestination(_ pc: Int32) -> Int32 {
        let offset = instruction(pc).sJ
        return offset == noJump ? noJump : pc + 1 + offset
    }

    /// `fixjump`.
    @inline(never)
    func fixJump(_ pc: Int32, _ dest: Int32) throws(LuaSyntaxError) {
        let offset = dest - (pc + 1)
        if !(-InstructionLimits.offsetSJ <= offset && offset <= InstructionLimits.maxSJ - InstructionLimits.offsetSJ) {
            throw lex.syntaxError("control structure too long")
        }
        setInstruction(pc, instruction(pc).with(sJ: offset))
    }

    /// `luaK_concat`: appends list `l2` to list `l1`.
    @inline(never)
    func concatJumps(_ l1: inout Int32, _ l2: Int32) throws(LuaSyntaxError) {
        if l2 == noJump { return }
        if l1 == noJump {
            l1 = l2
            return
        }
        var list = l1
        while true {
            let next = jumpDestination(list)
            if next == noJump { break }
            list = next
        }
        try fixJump(list, l2)
    }

    /// `luaK_jump`.
    func jump() -> Int32 {
        code(.sj(.jmp, noJump))
    }

    /// `luaK_ret`.
    func codeReturn(_ first: Int32, _ nret: Int32) {
        let op: OpCode = nret == 0 ? .return0 : (nret == 1 ? .return1 : .return)
        codeABC(op, first, nret + 1, 0)
    }

    /// `condjump`: a test followed by its jump.
    func conditionalJump(_ op: OpCode, _ a: Int32, _ b: Int32, _ c: Int32, k: Bool) -> Int32 {
        codeABC(op, a, b, c, k: k)
        return jump()
    }

    /// `luaK_getlabel`: the current pc, marked as a jump target.
    @discardableResult
    func label() -> Int32 {
        fs.lastTarget = fs.pc
        return fs.pc
    }

    /// `getjumpcontrol`: pc of the test controlling the jump at `pc` (or the jump itself).
    func jumpControl(_ pc: Int32) -> Int32 {
        if pc >= 1, let op = instruction(pc - 1).opcode, op.isTest { return pc - 1 }
        return pc
    }

    /// `patchtestreg`: sets the destination of a TESTSET (or turns it into TEST when there
    /// is none); false if the jump is not controlled by a TESTSET.
    func patchTestRegister(_ node: Int32, _ reg: Int32) -> Bool {
        let at = jumpControl(node)
        let i = instruction(at)
        if i.opcode != .testSet { return false }
        if reg != noRegister && reg != i.b {
            setInstruction(at, i.with(a: reg))
        } else {
            setInstruction(at, .abc(.test, i.b, 0, 0, k: i.k))
        }
        return true
    }

    /// `removevalues`.
    func removeValues(_ list: Int32) {
        var list = list
        while list != noJump {
            _ = patchTestRegister(list, noRegister)
            list = jumpDestination(list)
        }
    }

    /// `patchlistaux`: value-producing tests go to `vtarget` (into `reg`), others to `dtarget`.
    func patchListAux(_ list: Int32, _ vtarget: Int32, _ reg: Int32, _ dtarget: Int32) throws(LuaSyntaxError) {
        var list = list
        while list != noJump {
            let next = jumpDestination(list)
            if patchTestRegister(list, reg) {
                try fixJump(list, vtarget)
            } else {
                try fixJump(list, dtarget)
            }
            list = next
        }
    }

    /// `luaK_patchlist`.
    @inline(never)
    func patchList(_ list: Int32, _ target: Int32) throws(LuaSyntaxError) {
        try patchListAux(list, target, noRegister, target)
    }

    /// `luaK_patchtohere`.
    @inline(never)
    func patchToHere(_ list: Int32) throws(LuaSyntaxError) {
        let here = label()
        try patchList(list, here)
    }

    /// `luaK_jumpto`.
    func jumpTo(_ target: Int32) throws(LuaSyntaxError) {
        try patchList(jump(), target)
    }

    // MARK: Tables

    /// `luaK_settablesize`: fills in NEWTABLE and its EXTRAARG.
    func setTableSize(_ pc: Int32, _ ra: Int32, _ arraySize: Int32, _ hashSize: Int32) {
        let rb: Int32 = hashSize != 0 ? ceilLog2(UInt32(truncatingIfNeeded: hashSize)) + 1 : 0
        let extra = arraySize / (InstructionLimits.maxC + 1)
        let rc = arraySize % (InstructionLimits.maxC + 1)
        setInstruction(pc, .abc(.newTable, ra, rb, rc, k: extra > 0))
        setInstruction(pc + 1, .ax(.extraArg, extra))
    }

    /// `luaO_ceillog2`.
    func ceilLog2(_ x: UInt32) -> Int32 {
        var l: Int32 = 0
        var x = x &- 1
        while x != 0 {
            l += 1
            x >>= 1
        }
        return l
    }

    /// `luaK_setlist`: stores `toStore` values (0 = up to the top) after the table at `base`.
    @inline(never)
    func setList(_ base: Int32, _ nelems: Int32, _ toStore: Int32) {
        let toStore = toStore == multipleReturns ? 0 : toStore
        if nelems <= InstructionLimits.maxC {
            codeABC(.setList, base, toStore, nelems)
        } else {
            let extra = nelems / (InstructionLimits.maxC + 1)
            codeABC(.setList, base, toStore, nelems % (InstructionLimits.maxC + 1), k: true)
            codeExtraArg(extra)
        }
        fs.freeRegister = base + 1
    }

    // MARK: Finishing

    /// `finaltarget`: follows jumps to jumps (at most 100).
    func finalTarget(_ i: Int32) -> Int32 {
        var i = i
        for _ in 0..<100 {
            guard i >= 0 && i < fs.pc else { break }
            let ins = instruction(i)
            if ins.opcode != .jmp { break }
            i += ins.sJ + 1
        }
        return i
    }

    /// `luaK_finish`: final pass (RETURN flags for closing/vararg, jump threading).
    func finishFunction() throws(LuaSyntaxError) {
        let p = fs.f
        var i: Int32 = 0
        while i < fs.pc {
            var ins = instruction(i)
            switch ins.opcode {
            case .return0?, .return1?, .return?, .tailCall?:
                if ins.opcode == .return0 || ins.opcode == .return1 {
                    if !(fs.needClose || p.isVararg) { break }
                    ins = ins.with(op: .return)
                }
                if fs.needClose { ins = ins.with(k: true) }
                if p.isVararg { ins = ins.with(c: Int32(p.numParams) + 1) }
                setInstruction(i, ins)
            case .jmp?:
                try fixJump(i, finalTarget(i))
            default:
                break
            }
            i += 1
        }
    }
}
