// Names for values in error messages, found by symbolic execution of the bytecode
// (the reference's ldebug.c: getobjname, findsetreg, funcnamefromcode).
//
// "attempt to index a nil value (field 'x')" names the variable by finding the instruction
// that last set the register before the failing one and describing it: a local variable, a
// global, a field, an upvalue, a string constant or a method.

/// A described variable: its kind ("local", "global", "field", "upvalue", "constant",
/// "method", "for iterator", "metamethod") and name.
struct VariableDescription {
    var kind: StaticString
    var name: [UInt8]
}

/// Where an operand of a failing operation came from, standing in for the reference's
/// pointer comparisons in `varinfo`.
enum OperandSource {
    case register(Int)
    case upvalue(Int)
    case none
}

enum DebugNames {
    /// The name of the `n`-th (1-based) active local variable at `pc` (luaF_getlocalname).
    static func localName(_ p: Prototype, _ n: Int, _ pc: Int) -> [UInt8]? {
        var remaining = n
        for v in p.localVariables {
            if Int(v.startPC) > pc { break }
            if pc < Int(v.endPC) {
                remaining -= 1
                if remaining == 0 { return v.name }
            }
        }
        return nil
    }

    /// The name of upvalue `i` ("?" when unknown).
    static func upvalueName(_ p: Prototype, _ i: Int) -> [UInt8] {
        if i >= 0 && i < p.upvalues.count && !p.upvalues[i].name.isEmpty { return p.upvalues[i].name }
        return [UInt8]("?")
    }

    /// The name of constant `c` if it is a string, "?" otherwise.
    private static func constantName(_ p: Prototype, _ c: Int) -> [UInt8] {
        if c >= 0 && c < p.constants.count, case .string(let s) = p.constants[c] { return s }
        return [UInt8]("?")
    }

    /// The name of the register `c` if it holds a string constant, "?" otherwise.
    private static func registerName(_ p: Prototype, _ pc: Int, _ c: Int) -> [UInt8] {
        if let d = objectName(p, pc, c), d.kind.utf8Start[0] == UInt8(ascii: "c") { return d.name }
        return [UInt8]("?")
    }

    private static func isMetamethodInstruction(_ op: OpCode?) -> Bool {
        op == .mmBin || op == .mmBinI || op == .mmBinK
    }

    /// The last instruction before `lastPC` that changed register `reg`, or -1 if unknown
    /// (findsetreg).
    static func findSetRegister(_ p: Prototype, _ lastPCIn: Int, _ reg: Int) -> Int {
        var lastPC = lastPCIn
        guard lastPC >= 0 && lastPC < p.code.count else { return -1 }
        if isMetamethodInstruction(p.code[lastPC].opcode) { lastPC -= 1 }
        var setReg = -1
        var jumpTarget = 0
        var pc = 0
        while pc < lastPC {
            let i = p.code[pc]
            let a = Int(i.a)
            var change = false
            switch i.opcode {
            case .loadNil?:
                change = a <= reg && reg <= a + Int(i.b)
            case .tForCall?:
                change = reg >= a + 2
            case .call?, .tailCall?:
                change = reg >= a
            case .jmp?:
                let dest = pc + 1 + Int(i.sJ)
                if dest <= lastPC && dest > jumpTarget { jumpTarget = dest }
            case let op?:
                change = op.setsA && reg == a
            case nil:
                break
            }
            if change { setReg = pc < jumpTarget ? -1 : pc }
            pc += 1
        }
        return setReg
    }

    /// "global" when the table indexed by instruction `i` is `_ENV`, else "field" (gxf).
    private static func globalOrField(_ p: Prototype, _ pc: Int, _ i: Instruction, isUpvalue: Bool) -> StaticString {
        let t = Int(i.b)
        let name: [UInt8]?
        if isUpvalue { name = upvalueName(p, t) } else { name = objectName(p, pc, t)?.name }
        return name == [UInt8]("_ENV") ? "global" : "field"
    }

    /// Describes register `reg` at instruction `lastPC` (getobjname).
    static func objectName(_ p: Prototype, _ lastPC: Int, _ reg: Int, depth: Int = 0) -> VariableDescription? {
        if let name = localName(p, reg + 1, lastPC) { return VariableDescription(kind: "local", name: name) }
        if depth > 100 { return nil }
        let pc = findSetRegister(p, lastPC, reg)
        if pc < 0 { return nil }
        let i = p.code[pc]
        switch i.opcode {
        case .move?:
            let b = Int(i.b)
            if b < Int(i.a) { return objectName(p, pc, b, depth: depth + 1) }
        case .getTabUp?:
            return VariableDescription(kind: globalOrField(p, pc, i, isUpvalue: true), name: constantName(p, Int(i.c)))
        case .getTable?:
            return VariableDescription(kind: globalOrField(p, pc, i, isUpvalue: false), name: registerName(p, pc, Int(i.c)))
        case .getI?:
            return VariableDescription(kind: "field", name: [UInt8]("integer index"))
        case .getField?:
            return VariableDescription(kind: globalOrField(p, pc, i, isUpvalue: false), name: constantName(p, Int(i.c)))
        case .getUpval?:
            return VariableDescription(kind: "upvalue", name: upvalueName(p, Int(i.b)))
        case .loadK?, .loadKX?:
            let b = i.opcode == .loadK ? Int(i.bx) : (pc + 1 < p.code.count ? Int(p.code[pc + 1].ax) : -1)
            if b >= 0 && b < p.constants.count, case .string(let s) = p.constants[b] {
                return VariableDescription(kind: "constant", name: s)
            }
        case .self?:
            let name = i.k ? constantName(p, Int(i.c)) : registerName(p, pc, Int(i.c))
            return VariableDescription(kind: "method", name: name)
        default:
            break
        }
        return nil
    }

    /// Describes the function called by the instruction at `pc` (funcnamefromcode).
    static func functionName(_ p: Prototype, _ pc: Int) -> VariableDescription? {
        guard pc >= 0 && pc < p.code.count else { return nil }
        let i = p.code[pc]
        let tm: Metamethod
        switch i.opcode {
        case .call?, .tailCall?: return objectName(p, pc, Int(i.a))
        case .tForCall?: return VariableDescription(kind: "for iterator", name: [UInt8]("for iterator"))
        case .self?, .getTabUp?, .getTable?, .getI?, .getField?: tm = .index
        case .setTabUp?, .setTable?, .setI?, .setField?: tm = .newindex
        case .mmBin?, .mmBinI?, .mmBinK?: tm = Metamethod(rawValue: Int(i.c)) ?? .add
        case .unm?: tm = .unm
        case .bnot?: tm = .bnot
        case .len?: tm = .len
        case .concat?: tm = .concat
        case .eq?: tm = .eq
        case .lt?, .ltI?, .gtI?: tm = .lt
        case .le?, .leI?, .geI?: tm = .le
        case .close?, .return?: tm = .close
        default: return nil
        }
        return VariableDescription(kind: "metamethod", name: Array(tm.name.bytes.dropFirst(2)))
    }
}
