// The instruction lines of a listing (luac.c's PrintCode): "\tPC\t[LINE]\tOPNAME   \tARGS\t; note".

extension Disassembler {
    /// Metamethod event names, indexed by the C operand of MMBIN* (the reference's TMS order).
    static let eventNames: [StaticString] = [
        "__index", "__newindex", "__gc", "__mode", "__len", "__eq", "__add", "__sub", "__mul",
        "__mod", "__pow", "__div", "__idiv", "__band", "__bor", "__bxor", "__shl", "__shr",
        "__unm", "__bnot", "__lt", "__le", "__concat", "__call", "__close",
    ]

    static func printCode(_ f: Prototype, _ childAddresses: [[UInt8]], limit: Int = Int.max, into out: inout [UInt8]) {
        let code = f.code
        for pc in 0..<code.count {
            if out.count > limit { return }
            let i = code[pc]
            out += [9] + dec(Int64(pc + 1)) + [9]
            let line = pc < f.lineInfo.count ? f.lineInfo[pc] : 0
            if line > 0 {
                out += [UInt8(ascii: "[")] + dec(Int64(line)) + [UInt8(ascii: "]"), 9]
            } else {
                out += bytes("[-]\t")
            }
            guard let op = i.opcode else {
                out += bytes("?\n")
                continue
            }
            var name = bytes(op.name)
            while name.count < 9 { name.append(32) }
            out += name + [9]
            operands(f, code, pc, i, op, childAddresses, into: &out)
            out.append(10)
        }
    }

    /// The operands and comment of one instruction.
    private static func operands(_ f: Prototype, _ code: [Instruction], _ pc: Int, _ i: Instruction, _ op: OpCode,
                                 _ children: [[UInt8]], into out: inout [UInt8]) {
        let a = Int64(i.a), b = Int64(i.b), c = Int64(i.c)
        let isk = i.k ? Int64(1) : 0
        let kSuffix: [UInt8] = i.k ? [UInt8(ascii: "k")] : []
        let comment = bytes("\t; ")
        func nums(_ values: Int64...) {
            for (n, v) in values.enumerated() {
                if n > 0 { out.append(32) }
                out += dec(v)
            }
        }
        func k(_ index: Int64) {
            if index >= 0 && Int(index) < f.constants.count {
                constant(f.constants[Int(index)], into: &out)
            } else {
                out += bytes("?")
            }
        }
        func upvalueName(_ index: Int64) -> [UInt8] {
            guard index >= 0 && Int(index) < f.upvalues.count else { return bytes("-") }
            return cString(f.upvalues[Int(index)].name)
        }
        func event(_ index: Int64) -> [UInt8] {
            guard index >= 0 && Int(index) < eventNames.count else { return bytes("?") }
            return bytes(eventNames[Int(index)])
        }
        let extraArg: Int64 = pc + 1 < code.count ? Int64(code[pc + 1].ax) : 0
        switch op {
        case .move, .unm, .bnot, .not, .len, .concat: nums(a, b)
        case .loadI, .loadF: nums(a, Int64(i.sBx))
        case .loadK: nums(a, Int64(i.bx)); out += comment; k(Int64(i.bx))
        case .loadKX: nums(a); out += comment; k(extraArg)
        case .loadFalse, .lFalseSkip, .loadTrue, .close, .tbc, .return1, .varargPrep: nums(a)
        case .loadNil: nums(a, b); out += comment + dec(b + 1) + bytes(" out")
        case .getUpval, .setUpval: nums(a, b); out += comment + upvalueName(b)
        case .getTabUp:
            nums(a, b, c); out += comment + upvalueName(b) + [32]; k(c)
        case .getTable, .getI, .add, .sub, .mul, .mod, .pow, .div, .idiv, .band, .bor, .bxor, .shl, .shr:
            nums(a, b, c)
        case .getField: nums(a, b, c); out += comment; k(c)
        case .setTabUp:
            nums(a, b, c); out += kSuffix + comment + upvalueName(a) + [32]; k(b)
            if i.k { out.append(32); k(c) }
        case .setTable, .setI, .self:
            nums(a, b, c); out += kSuffix
            if i.k { out += comment; k(c) }
        case .setField:
            nums(a, b, c); out += kSuffix + comment; k(b)
            if i.k { out.append(32); k(c) }
        case .newTable: nums(a, b, c); out += comment + dec(c + extraArg * 256)
        case .addI, .shrI, .shlI: nums(a, b, Int64(i.sC))
        case .addK, .subK, .mulK, .modK, .powK, .divK, .idivK, .bandK, .borK, .bxorK:
            nums(a, b, c); out += comment; k(c)
        case .mmBin: nums(a, b, c); out += comment + event(c)
        case .mmBinI:
            nums(a, Int64(i.sB), c, isk); out += comment + event(c)
            if i.k { out += bytes(" flip") }
        case .mmBinK:
            nums(a, b, c, isk); out += comment + event(c) + [32]; k(b)
            if i.k { out += bytes(" flip") }
        case .jmp: nums(Int64(i.sJ)); out += comment + bytes("to ") + dec(Int64(i.sJ) + Int64(pc) + 2)
        case .eq, .lt, .le, .testSet: nums(a, b, isk)
        case .eqK: nums(a, b, isk); out += comment; k(b)
        case .eqI, .ltI, .leI, .gtI, .geI: nums(a, Int64(i.sB), isk)
        case .test: nums(a, isk)
        case .call:
            nums(a, b, c); out += comment
            out += b == 0 ? bytes("all in ") : dec(b - 1) + bytes(" in ")
            out += c == 0 ? bytes("all out") : dec(c - 1) + bytes(" out")
        case .tailCall: nums(a, b, c); out += kSuffix + comment + dec(b - 1) + bytes(" in")
        case .return:
            nums(a, b, c); out += kSuffix + comment
            out += b == 0 ? bytes("all out") : dec(b - 1) + bytes(" out")
        case .return0: break
        case .forLoop, .tForLoop:
            nums(a, Int64(i.bx)); out += comment + bytes("to ") + dec(Int64(pc) - Int64(i.bx) + 2)
        case .forPrep: nums(a, Int64(i.bx)); out += comment + bytes("exit to ") + dec(Int64(pc) + Int64(i.bx) + 3)
        case .tForPrep: nums(a, Int64(i.bx)); out += comment + bytes("to ") + dec(Int64(pc) + Int64(i.bx) + 2)
        case .tForCall: nums(a, c)
        case .setList:
            nums(a, b, c)
            if i.k { out += comment + dec(c + extraArg * 256) }
        case .closure:
            nums(a, Int64(i.bx)); out += comment
            let index = Int(i.bx)
            out += index < children.count ? children[index] : bytes("?")
        case .vararg:
            nums(a, c); out += comment
            out += c == 0 ? bytes("all out") : dec(c - 1) + bytes(" out")
        case .extraArg: nums(Int64(i.ax))
        }
    }
}
