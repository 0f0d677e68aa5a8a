// Unary and binary operators (lcode.c `luaK_prefix`, `luaK_infix`, `luaK_posfix`):
// constant folding, immediate and K operands, MMBIN* companions, comparisons, `and`/`or`.

/// Binary operators in the reference's order (ORDER OPR); the arithmetic and bitwise ones
/// line up with the opcodes ADD…SHR, ADDK…BXORK and the metamethod events.
enum BinaryOperator: Int32 {
    case add, sub, mul, mod, pow, div, idiv, band, bor, bxor, shl, shr, concat
    case eq, lt, le, ne, gt, ge, and, or

    /// Left and right priorities (right associative when right < left).
    var priority: (left: Int32, right: Int32) {
        switch self {
        case .add, .sub: (10, 10)
        case .mul, .mod, .div, .idiv: (11, 11)
        case .pow: (14, 13)
        case .band: (6, 6)
        case .bor: (4, 4)
        case .bxor: (5, 5)
        case .shl, .shr: (7, 7)
        case .concat: (9, 8)
        case .eq, .lt, .le, .ne, .gt, .ge: (3, 3)
        case .and: (2, 2)
        case .or: (1, 1)
        }
    }

    /// `getbinopr`.
    init?(token: Int32) {
        switch token {
        case 43: self = .add
        case 45: self = .sub
        case 42: self = .mul
        case 37: self = .mod
        case 94: self = .pow
        case 47: self = .div
        case TK.idiv: self = .idiv
        case 38: self = .band
        case 124: self = .bor
        case 126: self = .bxor
        case TK.shl: self = .shl
        case TK.shr: self = .shr
        case TK.concat: self = .concat
        case TK.ne: self = .ne
        case TK.eq: self = .eq
        case 60: self = .lt
        case TK.le: self = .le
        case 62: self = .gt
        case TK.ge: self = .ge
        case TK.and: self = .and
        case TK.or: self = .or
        default: return nil
        }
    }
}

/// Unary operators (ORDER OPR).
enum UnaryOperator {
    case minus, bnot, not, len

    /// `getunopr`.
    init?(token: Int32) {
        switch token {
        case TK.not: self = .not
        case 45: self = .minus
        case 126: self = .bnot
        case 35: self = .len
        default: return nil
        }
    }
}

/// Priority of unary operators.
let unaryPriority: Int32 = 12

/// Metamethod events used by MMBIN* (the reference's TMS order).
enum MetaEvent {
    static let add: Int32 = 6
    static let shl: Int32 = 16
    static let shr: Int32 = 17
}

extension Parser {
    /// `tonumeral`: the value of a numeric literal without jumps.
    func numeral(_ e: ExpDesc) -> NumericValue? {
        if e.hasJumps { return nil }
        switch e.kind {
        case .kInt: return .integer(e.ival)
        case .kFlt: return .float(e.nval)
        default: return nil
        }
    }

    /// `constfolding`: folds `e1 op e2` when it is safe; the result replaces `e1`.
    func foldConstants(_ op: ArithmeticOperation, _ e1: inout ExpDesc, _ e2: ExpDesc) -> Bool {
        guard let v1 = numeral(e1), let v2 = numeral(e2),
              let result = ConstantFolding.fold(op, v1, v2) else { return false }
        switch result {
        case .integer(let i):
            e1.kind = .kInt
            e1.ival = i
        case .float(let d):
            if d.isNaN || d == 0 { return false }  // no NaN and no (-)0.0 constants
            e1.kind = .kFlt
            e1.nval = d
        }
        return true
    }

    /// `codeunexpval`: UNM, BNOT or LEN of a register.
    func codeUnaryValue(_ op: OpCode, _ e: inout ExpDesc, _ line: Int32) throws(LuaSyntaxError) {
        let r = try expressionToAnyRegister(&e)
        freeExpression(e)
        e.info = codeABC(op, 0, r, 0)
        e.kind = .reloc
        fixLine(line)
    }

    /// `finishbinexpval`: the operation and its MMBIN* companion.
    func finishBinaryValue(_ e1: inout ExpDesc, _ e2: ExpDesc, _ op: OpCode, _ v2: Int32, flip: Bool,
                           _ line: Int32, _ mmop: OpCode, _ event: Int32) throws(LuaSyntaxError) {
        let v1 = try expressionToAnyRegister(&e1)
        let pc = codeABC(op, 0, v1, v2)
        freeExpressions(e1, e2)
        e1.info = pc
        e1.kind = .reloc
        fixLine(line)
        codeABC(mmop, v1, v2, event, k: flip)
        fixLine(line)
    }

    /// `codebinexpval`: both operands in registers.
    func codeBinaryValue(_ op: OpCode, _ e1: inout ExpDesc, _ e2: inout ExpDesc, _ line: Int32) throws(LuaSyntaxError) {
        let v2 = try expressionToAnyRegister(&e2)
        let event = Int32(op.rawValue - OpCode.add.rawValue) + MetaEvent.add
        try finishBinaryValue(&e1, e2, op, v2, flip: false, line, .mmBin, event)
    }

    /// `codebini`: an immediate integer operand.
    func codeBinaryImmediate(_ op: OpCode, _ e1: inout ExpDesc, _ e2: ExpDesc, flip: Bool,
                             _ line: Int32, _ event: Int32) throws(LuaSyntaxError) {
        let v2 = Int32(truncatingIfNeeded: e2.ival) + InstructionLimits.offsetSC
        try finishBinaryValue(&e1, e2, op, v2, flip: flip, line, .mmBinI, event)
    }

    /// `finishbinexpneg`: `x - I` as `x + (-I)` (and `x << I` as `x >> -I`).
    func finishBinaryNegated(_ e1: inout ExpDesc, _ e2: ExpDesc, _ op: OpCode, _ line: Int32,
                             _ event: Int32) throws(LuaSyntaxError) -> Bool {
        guard isKInt(e2) else { return false }
        let i2 = e2.ival
        guard Parser.fitsC(i2) && Parser.fitsC(0 &- i2) else { return false }
        let v2 = Int32(i2)
        try finishBinaryValue(&e1, e2, op, -v2 + InstructionLimits.offsetSC, flip: false, line, .mmBinI, event)
        // The metamethod gets the original operand.
        setInstruction(fs.pc - 1, instruction(fs.pc - 1).with(b: v2 + InstructionLimits.offsetSC))
        return true
    }

    /// `codearith`: a K operand when the second operand is a numeral, else registers.
    func codeArithmetic(_ opr: BinaryOperator, _ e1: inout ExpDesc, _ e2: inout ExpDesc, flip: Bool,
                        _ line: Int32) throws(LuaSyntaxError) {
        let event = opr.rawValue + MetaEvent.add
        if numeral(e2) != nil, try expressionToK(&e2) {
            let op = OpCode(rawValue: OpCode.addK.rawValue + UInt8(opr.rawValue)) ?? .addK
            try finishBinaryValue(&e1, e2, op, e2.info, flip: flip, line, .mmBinK, event)
        } else {
            let op = OpCode(rawValue: OpCode.add.rawValue + UInt8(opr.rawValue)) ?? .add
            if flip { swap(&e1, &e2) }
            try codeBinaryValue(op, &e1, &e2, line)
        }
    }

    /// `codecommutative`: `+` and `*` put a numeral first operand second.
    func codeCommutative(_ opr: BinaryOperator, _ e1: inout ExpDesc, _ e2: inout ExpDesc,
                         _ line: Int32) throws(LuaSyntaxError) {
        var flip = false
        if numeral(e1) != nil {
            swap(&e1, &e2)
            flip = true
        }
        if opr == .add && isSCInt(e2) {
            try codeBinaryImmediate(.addI, &e1, e2, flip: flip, line, MetaEvent.add)
        } else {
            try codeArithmetic(opr, &e1, &e2, flip: flip, line)
        }
    }

    /// `codebitwise`: an integer constant operand becomes the K operand.
    func codeBitwise(_ opr: BinaryOperator, _ e1: inout ExpDesc, _ e2: inout ExpDesc,
                     _ line: Int32) throws(LuaSyntaxError) {
        var flip = false
        if e1.kind == .kInt, try expressionToRK(&e1) {
            swap(&e1, &e2)
            flip = true
        } else {
            var secondIsK = false
            if e2.kind == .kInt { secondIsK = try expressionToRK(&e2) }
            if !secondIsK {  // no constants: all-register opcode
                let op = OpCode(rawValue: OpCode.add.rawValue + UInt8(opr.rawValue)) ?? .add
                try codeBinaryValue(op, &e1, &e2, line)
                return
            }
        }
        let op = OpCode(rawValue: OpCode.addK.rawValue + UInt8(opr.rawValue)) ?? .addK
        try finishBinaryValue(&e1, e2, op, e2.info, flip: flip, line, .mmBinK, opr.rawValue + MetaEvent.add)
    }

    /// `codeorder`: `<` and `<=` (with immediate forms LTI/LEI/GTI/GEI).
    func codeOrder(_ op: OpCode, _ e1: inout ExpDesc, _ e2: inout ExpDesc) throws(LuaSyntaxError) {
        var op = op
        let r1: Int32, r2: Int32
        var isFloat = false
        if let (im, fl) = scNumber(e2) {
            r1 = try expressionToAnyRegister(&e1)
            r2 = im
            isFloat = fl
            op = op == .lt ? .ltI : .leI
        } else if let (im, fl) = scNumber(e1) {
            r1 = try expressionToAnyRegister(&e2)
            r2 = im
            isFloat = fl
            op = op == .lt ? .gtI : .geI
        } else {
            r1 = try expressionToAnyRegister(&e1)
            r2 = try expressionToAnyRegister(&e2)
        }
        freeExpressions(e1, e2)
        e1.info = conditionalJump(op, r1, r2, isFloat ? 1 : 0, k: true)
        e1.kind = .jmp
    }

    /// `codeeq`: `==` and `~=` (EQ, EQK, EQI).
    func codeEqual(_ opr: BinaryOperator, _ e1: inout ExpDesc, _ e2: inout ExpDesc) throws(LuaSyntaxError) {
        if e1.kind != .nonReloc { swap(&e1, &e2) }  // e1 was made a K or kept as a numeral
        let r1 = try expressionToAnyRegister(&e1)
        let op: OpCode
        let r2: Int32
        var isFloat = false
        if let (im, fl) = scNumber(e2) {
            op = .eqI
            r2 = im
            isFloat = fl
        } else if try expressionToRK(&e2) {
            op = .eqK
            r2 = e2.info
        } else {
            op = .eq
            r2 = try expressionToAnyRegister(&e2)
        }
        freeExpressions(e1, e2)
        e1.info = conditionalJump(op, r1, r2, isFloat ? 1 : 0, k: opr == .eq)
        e1.kind = .jmp
    }

    /// `codenot`: `not e`, folded for constants.
    func codeNot(_ e: inout ExpDesc) throws(LuaSyntaxError) {
        switch e.kind {
        case .nil_, .false_:
            e.kind = .true_
        case .k, .kFlt, .kInt, .kStr, .true_:
            e.kind = .false_
        case .jmp:
            negateCondition(e)
        case .reloc, .nonReloc:
            try dischargeToAnyRegister(&e)
            freeExpression(e)
            e.info = codeABC(.not, 0, e.info, 0)
            e.kind = .reloc
        default:
            break
        }
        swap(&e.f, &e.t)
        removeValues(e.f)
        removeValues(e.t)
    }

    /// `luaK_prefix`.
    @inline(never)
    func prefix(_ op: UnaryOperator, _ e: inout ExpDesc, _ line: Int32) throws(LuaSyntaxError) {
        dischargeVariables(&e)
        let zero = ExpDesc(.kInt)  // fake second operand for folding
        switch op {
        case .minus:
            if !foldConstants(.unm, &e, zero) { try codeUnaryValue(.unm, &e, line) }
        case .bnot:
            if !foldConstants(.bnot, &e, zero) { try codeUnaryValue(.bnot, &e, line) }
        case .len:
            try codeUnaryValue(.len, &e, line)
        case .not:
            try codeNot(&e)
        }
    }

    /// `luaK_infix`: prepares the first operand before the second is read.
    @inline(never)
    func infix(_ op: BinaryOperator, _ v: inout ExpDesc) throws(LuaSyntaxError) {
        dischargeVariables(&v)
        switch op {
        case .and:
            try goIfTrue(&v)
        case .or:
            try goIfFalse(&v)
        case .concat:
            try expressionToNextRegister(&v)
        case .add, .sub, .mul, .div, .idiv, .mod, .pow, .band, .bor, .bxor, .shl, .shr:
            if numeral(v) == nil { try expressionToAnyRegister(&v) }
        case .eq, .ne:
            if numeral(v) == nil { _ = try expressionToRK(&v) }
        case .lt, .le, .gt, .ge:
            if scNumber(v) == nil { try expressionToAnyRegister(&v) }
        }
    }

    /// `codeconcat`: merges `e1 .. (e2.1 .. e2.2)` into one CONCAT.
    func codeConcat(_ e1: inout ExpDesc, _ e2: ExpDesc, _ line: Int32) {
        if let ie2 = previousInstruction(), ie2.opcode == .concat {
            let n = ie2.b
            freeExpression(e2)
            setInstruction(fs.pc - 1, ie2.with(a: e1.info).with(b: n + 1))
        } else {
            codeABC(.concat, e1.info, 2, 0)
            freeExpression(e2)
            fixLine(line)
        }
    }

    /// `luaK_posfix`: finishes a binary operation once both operands are read.
    @inline(never)
    func postfix(_ opr: BinaryOperator, _ e1: inout ExpDesc, _ e2: inout ExpDesc, _ line: Int32) throws(LuaSyntaxError) {
        dischargeVariables(&e2)
        if opr.rawValue <= BinaryOperator.shr.rawValue,
           let arith = ArithmeticOperation(rawValue: opr.rawValue), foldConstants(arith, &e1, e2) {
            return
        }
        switch opr {
        case .and:
            try concatJumps(&e2.f, e1.f)
            e1 = e2
        case .or:
            try concatJumps(&e2.t, e1.t)
            e1 = e2
        case .concat:
            try expressionToNextRegister(&e2)
            codeConcat(&e1, e2, line)
        case .add, .mul:
            try codeCommutative(opr, &e1, &e2, line)
        case .sub:
            if try finishBinaryNegated(&e1, e2, .addI, line, MetaEvent.add + 1) { break }
            try codeArithmetic(opr, &e1, &e2, flip: false, line)
        case .div, .idiv, .mod, .pow:
            try codeArithmetic(opr, &e1, &e2, flip: false, line)
        case .band, .bor, .bxor:
            try codeBitwise(opr, &e1, &e2, line)
        case .shl:
            if isSCInt(e1) {
                swap(&e1, &e2)
                try codeBinaryImmediate(.shlI, &e1, e2, flip: true, line, MetaEvent.shl)
            } else if try finishBinaryNegated(&e1, e2, .shrI, line, MetaEvent.shl) {
                // coded as r1 >> -I
            } else {
                try codeBinaryValue(.shl, &e1, &e2, line)
            }
        case .shr:
            if isSCInt(e2) {
                try codeBinaryImmediate(.shrI, &e1, e2, flip: false, line, MetaEvent.shr)
            } else {
                try codeBinaryValue(.shr, &e1, &e2, line)
            }
        case .eq, .ne:
            try codeEqual(opr, &e1, &e2)
        case .lt:
            try codeOrder(.lt, &e1, &e2)
        case .le:
            try codeOrder(.le, &e1, &e2)
        case .gt:
            swap(&e1, &e2)
            try codeOrder(.lt, &e1, &e2)
        case .ge:
            swap(&e1, &e2)
            try codeOrder(.le, &e1, &e2)
        }
    }
}
