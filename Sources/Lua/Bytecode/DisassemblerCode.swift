// The instruction lines of a listing (luac.c's PrintCode): "\tPC\t[LINE]\tOPNAME   \tARGS\t; note".

extension Disassembler {
    /// Metamethod event names, indexed by the C operand of MMBIN* (the reference's TMS order).
    static let eventNames: [StaticString] = [
        "__index", "__newindex", "__gc", "__mode", "__len", "__eq", "__add", "__sub", "__mul",
        "__mod", "__pow", "__div", "__idiv", "__band", "__bor", "__bxor", "__shl", "__shr",
        "__unm", "__bnot", "__lt", "__le", "__concat", "__call", "__close",
    ]

    /// The instruction lines; `children` are the numbers of `f`'s nested functions.
    static func printCode(_ f: Prototype, _ children: [Int], limit: Int = Int.max, into out: inout ListingText) {
        let code = f.code
        for pc in 0..<code.count {
            if out.count > limit { return }
            let i = code[pc]
            out.tab(Int64(pc + 1))
            out.put(byte: 9)
            let line = pc < f.lineInfo.count ? f.lineInfo[pc] : 0
            if line > 0 {
                out.put(byte: UInt8(ascii: "["))
                out.put(int: Int64(line))
                out.put("]\t")
            } else {
                out.put("[-]\t")
            }
            guard let op = i.opcode else {
                out.put("?\n")
                continue
            }
            // "%-9s\t"
            let name = op.name
            out.put(name)
            for _ in min(name.utf8CodeUnitCount, 9)..<9 { out.put(byte: 32) }
            out.put(byte: 9)
            operands(f, code, pc, i, op, children, into: &out)
            out.put(byte: 10)
        }
    }

    /// The operands and comment of one instruction.
    private static func operands(_ f: Prototype, _ code: [Instruction], _ pc: Int, _ i: Instruction, _ op: OpCode,
                                 _ children: [Int], into out: inout ListingText) {
        let a = Int64(i.a), b = Int64(i.b), c = Int64(i.c)
        let isk: Int64 = i.k ? 1 : 0
        func kSuffix() { if i.k { out.put(byte: UInt8(ascii: "k")) } }
        func comment() { out.put("\t; ") }
        func k(_ index: Int64) {
            if index >= 0 && Int(index) < f.constants.count {
                constant(f.constants[Int(index)], into: &out)
            } else {
                out.put("?")
            }
        }
        func upvalueName(_ index: Int64) {
            if index >= 0 && Int(index) < f.upvalues.count {
                out.put(cString: f.upvalues[Int(index)].name[...])
            } else {
                out.put("-")
            }
        }
        func event(_ index: Int64) {
            if index >= 0 && Int(index) < eventNames.count { out.put(eventNames[Int(index)]) } else { out.put("?") }
        }
        /// "N in" / "all in" style counts: `n - 1`, or "all" for 0.
        func count(_ n: Int64, _ suffix: StaticString) {
            if n == 0 { out.put("all") } else { out.put(int: n - 1) }
            out.put(suffix)
        }
        let extraArg: Int64 = pc + 1 < code.count ? Int64(code[pc + 1].ax) : 0
        switch op {
        case .move, .unm, .bnot, .not, .len, .concat: out.put(operands: a, b)
        case .loadI, .loadF: out.put(operands: a, Int64(i.sBx))
        case .loadK: out.put(operands: a, Int64(i.bx)); comment(); k(Int64(i.bx))
        case .loadKX: out.put(operands: a); comment(); k(extraArg)
        case .loadFalse, .lFalseSkip, .loadTrue, .close, .tbc, .return1, .varargPrep: out.put(operands: a)
        case .loadNil: out.put(operands: a, b); comment(); out.put(int: b + 1); out.put(" out")
        case .getUpval, .setUpval: out.put(operands: a, b); comment(); upvalueName(b)
        case .getTabUp:
            out.put(operands: a, b, c); comment(); upvalueName(b); out.put(byte: 32); k(c)
        case .getTable, .getI, .add, .sub, .mul, .mod, .pow, .div, .idiv, .band, .bor, .bxor, .shl, .shr:
            out.put(operands: a, b, c)
        case .getField: out.put(operands: a, b, c); comment(); k(c)
        case .setTabUp:
            out.put(operands: a, b, c); kSuffix(); comment(); upvalueName(a); out.put(byte: 32); k(b)
            if i.k { out.put(byte: 32); k(c) }
        case .setTable, .setI, .self:
            out.put(operands: a, b, c); kSuffix()
            if i.k { comment(); k(c) }
        case .setField:
            out.put(operands: a, b, c); kSuffix(); comment(); k(b)
            if i.k { out.put(byte: 32); k(c) }
        case .newTable: out.put(operands: a, b, c); comment(); out.put(int: c + extraArg * 256)
        case .addI, .shrI, .shlI: out.put(operands: a, b, Int64(i.sC))
        case .addK, .subK, .mulK, .modK, .powK, .divK, .idivK, .bandK, .borK, .bxorK:
            out.put(operands: a, b, c); comment(); k(c)
        case .mmBin: out.put(operands: a, b, c); comment(); event(c)
        case .mmBinI:
            out.put(operands: a, Int64(i.sB), c, isk); comment(); event(c)
            if i.k { out.put(" flip") }
        case .mmBinK:
            out.put(operands: a, b, c, isk); comment(); event(c); out.put(byte: 32); k(b)
            if i.k { out.put(" flip") }
        case .jmp: out.put(operands: Int64(i.sJ)); comment(); out.put("to "); out.put(int: Int64(i.sJ) + Int64(pc) + 2)
        case .eq, .lt, .le, .testSet: out.put(operands: a, b, isk)
        case .eqK: out.put(operands: a, b, isk); comment(); k(b)
        case .eqI, .ltI, .leI, .gtI, .geI: out.put(operands: a, Int64(i.sB), isk)
        case .test: out.put(operands: a, isk)
        case .call:
            out.put(operands: a, b, c); comment()
            count(b, " in ")
            count(c, " out")
        case .tailCall: out.put(operands: a, b, c); kSuffix(); comment(); out.put(int: b - 1); out.put(" in")
        case .return:
            out.put(operands: a, b, c); kSuffix(); comment()
            count(b, " out")
        case .return0: break
        case .forLoop, .tForLoop:
            out.put(operands: a, Int64(i.bx)); comment(); out.put("to "); out.put(int: Int64(pc) - Int64(i.bx) + 2)
        case .forPrep:
            out.put(operands: a, Int64(i.bx)); comment(); out.put("exit to "); out.put(int: Int64(pc) + Int64(i.bx) + 3)
        case .tForPrep:
            out.put(operands: a, Int64(i.bx)); comment(); out.put("to "); out.put(int: Int64(pc) + Int64(i.bx) + 2)
        case .tForCall: out.put(operands: a, c)
        case .setList:
            out.put(operands: a, b, c)
            if i.k { comment(); out.put(int: c + extraArg * 256) }
        case .closure:
            out.put(operands: a, Int64(i.bx)); comment()
            let index = Int(i.bx)
            if index < children.count { out.put(address: children[index]) } else { out.put("?") }
        case .vararg:
            out.put(operands: a, c); comment()
            count(c, " out")
        case .extraArg: out.put(operands: Int64(i.ax))
        }
    }
}
