// Bytecode verification for binary chunks (no counterpart in the reference, whose lundump.c
// trusts its input; the rules are those lcode.c's output always satisfies).
//
// Every prototype the VM instantiates already passes `LuaState.verify` (VM/Loading.swift):
// operands within the registers, constants, upvalues and nested prototypes; jump targets
// inside the code; instruction pairings. Compiled source satisfies more than that, and a
// chunk from `string.dump` may have been edited, so `load` of a binary chunk also checks the
// rules below, which concern state carried *between* instructions:
//
// - "Open" results: CALL/TAILCALL/RETURN/SETLIST with B = 0 take their operands up to the
//   stack top that the previous instruction left (a CALL or VARARG with C = 0, or a TAILCALL).
//   Such a consumer must directly follow a producer and be no jump's target, so the top it
//   reads is always one just set.
// - A vararg function starts with VARARGPREP, and only a vararg function has it.

enum ChunkVerifier {
    /// Checks `p` and every nested prototype.
    static func verifyTree(_ p: Prototype) -> Bool {
        var stack: [Prototype] = [p]
        while let q = stack.popLast() {
            if !verify(q) { return false }
            stack += q.prototypes
        }
        return true
    }

    /// Whether instruction `i` uses the stack top left by the previous instruction.
    static func consumesOpenResults(_ i: Instruction) -> Bool {
        switch i.opcode {
        case .call?, .tailCall?, .return?, .setList?: return i.b == 0
        default: return false
        }
    }

    /// Whether instruction `i` leaves its results up to a new stack top.
    static func producesOpenResults(_ i: Instruction) -> Bool {
        switch i.opcode {
        case .call?, .vararg?: return i.c == 0
        case .tailCall?: return true
        default: return false
        }
    }

    static func verify(_ p: Prototype) -> Bool {
        let n = p.code.count
        guard n > 0, p.lineInfo.count == n else { return false }
        if p.isVararg != (p.code[0].opcode == .varargPrep) { return false }
        // Jump targets other than the next instruction.
        var isTarget = [Bool](repeating: false, count: n + 2)
        func mark(_ t: Int) -> Bool {
            guard t >= 0 && t <= n + 1 else { return false }
            isTarget[t] = true
            return true
        }
        for pc in 0..<n {
            let i = p.code[pc]
            guard let op = i.opcode else { return false }
            var ok = true
            switch op {
            case .jmp: ok = mark(pc + 1 + Int(i.sJ))
            case .forLoop, .tForLoop: ok = mark(pc + 1 - Int(i.bx))
            case .forPrep: ok = mark(pc + 2 + Int(i.bx))
            case .tForPrep: ok = mark(pc + 1 + Int(i.bx))
            case .lFalseSkip: ok = mark(pc + 2)
            default: if op.isTest { ok = mark(pc + 2) }
            }
            if !ok { return false }
        }
        for pc in 0..<n where consumesOpenResults(p.code[pc]) {
            if pc == 0 || !producesOpenResults(p.code[pc - 1]) || isTarget[pc] { return false }
        }
        return true
    }
}
