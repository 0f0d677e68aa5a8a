// Turning the compiler's `Prototype` into heap prototypes and closures.
//
// Code and constants are copied into VM-owned buffers (string constants become interned
// heap strings) and the bytecode is verified once: every register, constant, upvalue,
// prototype and jump operand is checked against the prototype's sizes, so the interpreter
// loop can index its buffers without further checks and no compiler bug can make it read
// or write outside them.

extension LuaState {
    /// Compiles Lua source into a function whose first upvalue (`_ENV`) is `env` (the
    /// globals by default). Returns the function, or the syntax error message.
    /// `cLevel`: "C levels" in use (the parser's nesting limit shares the 200-level count);
    /// by default those of the running thread.
    /// `chargeSteps`: charge the compile to the step budget (`load` does; the host's main
    /// chunk is not charged, so the step count of a run is that of the script's execution).
    public func load(source: [UInt8], chunkName: [UInt8], env: LuaValue? = nil, cLevel: Int32? = nil,
                     chargeSteps: Bool = false) throws(LuaError) -> Result<LuaValue, LuaLoadError> {
        let proto: Prototype
        var work: Int64 = 0
        // Compiling costs steps per source byte and per entry its searches examine
        // (CostModel.swift); its arrays may use what is left of the memory budget (they
        // become the prototypes' debug information, charged by `protoCost` below).
        if chargeSteps { try chargeCompile(source.count) }
        let (workLimit, overflow) = remainingSteps.multipliedReportingOverflow(by: CostModel.compilerWorkPerStep)
        let compiled: Result<Prototype, LuaSyntaxError>
        do throws(LuaSyntaxError) {
            compiled = .success(try Compiler.compile(source: source, chunkName: chunkName,
                                                     cLevel: cLevel ?? max(thread.pointee.nativeCalls, 2),
                                                     memoryLimit: remainingMemory,
                                                     workLimit: chargeSteps && !overflow ? workLimit : Int64.max, work: &work))
        } catch {
            compiled = .failure(error)
        }
        if chargeSteps { try addSteps(work / CostModel.compilerWorkPerStep) }
        switch compiled {
        case .success(let p): proto = p
        case .failure(let error):
            if error.kind == .memory { throw budgetExceeded(.memory) }
            if error.kind == .workLimit { throw budgetExceeded(.steps) }
            return .failure(LuaLoadError(message: error.message))
        }
        guard let p = try instantiate(proto, depth: 0) else {
            return .failure(LuaLoadError(message: ChunkID.make(chunkName) + [UInt8](": invalid bytecode")))
        }
        let cl = try newLuaClosure(p)
        for i in 0..<Int(p.pointee.upvalueCount) {
            cl.pointee.upvalues[i] = try newClosedUpvalue(i == 0 ? (env ?? g.pointee.globals) : .nil)
        }
        return .success(LuaValue(cl))
    }

    /// Creates the heap prototype for `p` and its nested prototypes; nil if the bytecode
    /// fails verification.
    func instantiate(_ p: Prototype, depth: Int) throws(LuaError) -> UnsafeMutablePointer<ProtoObject>? {
        var literals = ChunkLiterals()
        return try instantiate(p, depth: depth, literals: &literals)
    }

    /// `instantiate` sharing `literals` with the other prototypes of the chunk.
    func instantiate(_ p: Prototype, depth: Int, literals: inout ChunkLiterals) throws(LuaError) -> UnsafeMutablePointer<ProtoObject>? {
        if depth > 250 { return nil }
        guard verify(p) else { return nil }
        let nk = p.constants.count, nc = p.code.count, np = p.prototypes.count, nu = p.upvalues.count
        try charge(protoCost(nc: nc, nk: nk, np: np, nu: nu))
        let code = UnsafeMutablePointer<Instruction>.allocate(capacity: max(nc, 1))
        code.initialize(from: p.code, count: nc)
        let k = UnsafeMutablePointer<LuaValue>.allocate(capacity: max(nk, 1))
        k.initialize(repeating: .nil, count: max(nk, 1))
        let protos = UnsafeMutablePointer<UnsafeMutablePointer<ProtoObject>>.allocate(capacity: max(np, 1))
        let inStack = UnsafeMutablePointer<UInt8>.allocate(capacity: max(nu, 1))
        let index = UnsafeMutablePointer<UInt8>.allocate(capacity: max(nu, 1))
        for (i, u) in p.upvalues.enumerated() {
            inStack[i] = u.inStack ? 1 : 0
            index[i] = u.index
        }
        let obj = UnsafeMutablePointer<ProtoObject>.allocate(capacity: 1)
        obj.initialize(to: ProtoObject(marked: false, numParams: p.numParams, isVararg: p.isVararg,
                                       maxStackSize: p.maxStackSize, codeCount: Int32(nc), constantCount: Int32(nk),
                                       protoCount: 0, upvalueCount: Int32(nu), code: code, constants: k, protos: protos,
                                       upvalueInStack: inStack, upvalueIndex: index, info: p))
        register(UnsafeMutableRawPointer(obj), .proto)
        // Constants and children are filled after registration; no collection can run
        // during loading, and a budget failure leaves a consistent (partly nil) object.
        for (i, c) in p.constants.enumerated() {
            switch c {
            case .nil_: k[i] = .nil
            case .bool(let b): k[i] = .bool(b)
            case .int(let v): k[i] = .integer(v)
            case .float(let d): k[i] = .float(d)
            case .string(let s): k[i] = try literals.string(s, self)
            }
        }
        for (i, child) in p.prototypes.enumerated() {
            guard let c = try instantiate(child, depth: depth + 1, literals: &literals) else { return nil }
            protos[i] = c
            obj.pointee.protoCount = Int32(i + 1)
        }
        return obj
    }

    /// Checks the pairings the interpreter relies on beyond single operands: metamethod
    /// fallbacks follow their arithmetic instruction, VARARGPREP comes first, and returns of
    /// vararg functions carry the parameter count that restores the frame (luaK_finish).
    func verifyStructure(_ p: Prototype) -> Bool {
        for pc in 0..<p.code.count {
            let i = p.code[pc]
            guard let op = i.opcode else { return false }
            switch op {
            case .mmBin, .mmBinI, .mmBinK:
                guard pc > 0, let prev = p.code[pc - 1].opcode else { return false }
                let expected: Bool
                switch op {
                case .mmBin: expected = (OpCode.add.rawValue...OpCode.shr.rawValue).contains(prev.rawValue)
                case .mmBinI: expected = prev == .addI || prev == .shrI || prev == .shlI
                default: expected = (OpCode.addK.rawValue...OpCode.bxorK.rawValue).contains(prev.rawValue)
                }
                if !expected { return false }
            case .varargPrep:
                if pc != 0 { return false }
            case .addI, .shrI, .shlI:
                // Arithmetic fast paths skip the metamethod fallback that must follow.
                if pc + 1 >= p.code.count || p.code[pc + 1].opcode != .mmBinI { return false }
            case _ where (OpCode.addK.rawValue...OpCode.bxorK.rawValue).contains(op.rawValue):
                if pc + 1 >= p.code.count || p.code[pc + 1].opcode != .mmBinK { return false }
            case _ where (OpCode.add.rawValue...OpCode.shr.rawValue).contains(op.rawValue):
                if pc + 1 >= p.code.count || p.code[pc + 1].opcode != .mmBin { return false }
            case .return, .tailCall:
                let expectedC: Int32 = p.isVararg ? Int32(p.numParams) + 1 : 0
                if i.c != expectedC { return false }
            case .return0, .return1:
                if p.isVararg { return false }
            default:
                break
            }
        }
        return true
    }

    /// Checks that every operand of every instruction stays within the prototype.
    func verify(_ p: Prototype) -> Bool {
        let n = p.code.count
        let regs = Int(p.maxStackSize)
        let nk = p.constants.count, nu = p.upvalues.count, np = p.prototypes.count
        guard n > 0, p.lineInfo.count == n, regs <= 255, Int(p.numParams) <= regs else { return false }
        guard let last = p.code[n - 1].opcode, last == .return || last == .return0 || last == .return1 else { return false }
        func reg(_ r: Int32) -> Bool { Int(r) < regs }
        func k(_ c: Int32) -> Bool { Int(c) < nk }
        // Field instructions index with short-string constants only (the fast paths rely on it).
        func shortKey(_ c: Int32) -> Bool {
            guard Int(c) < nk, case .string(let s) = p.constants[Int(c)] else { return false }
            return s.count <= StringObject.maxShortLength
        }
        func rk(_ i: Instruction) -> Bool { i.k ? k(i.c) : reg(i.c) }
        func target(_ t: Int) -> Bool { t >= 0 && t < n }
        for pc in 0..<n {
            let i = p.code[pc]
            guard let op = i.opcode else { return false }
            let a = i.a, b = i.b, c = i.c
            var ok = true
            switch op {
            case .move: ok = reg(a) && reg(b)
            case .loadI, .loadF, .loadFalse, .loadTrue: ok = reg(a)
            case .lFalseSkip: ok = reg(a) && pc + 2 < n
            case .loadK: ok = reg(a) && k(i.bx)
            case .loadKX: ok = reg(a) && pc + 1 < n && p.code[pc + 1].opcode == .extraArg && k(p.code[pc + 1].ax)
            case .loadNil: ok = Int(a) + Int(b) < regs
            case .getUpval, .setUpval: ok = reg(a) && Int(b) < nu
            case .getTabUp: ok = reg(a) && Int(b) < nu && shortKey(c)
            case .setTabUp: ok = Int(a) < nu && shortKey(b) && rk(i)
            case .getTable: ok = reg(a) && reg(b) && reg(c)
            case .getI: ok = reg(a) && reg(b)
            case .getField: ok = reg(a) && reg(b) && shortKey(c)
            case .setTable: ok = reg(a) && reg(b) && rk(i)
            case .setI: ok = reg(a) && rk(i)
            case .setField: ok = reg(a) && shortKey(b) && rk(i)
            case .newTable: ok = reg(a) && pc + 1 < n && p.code[pc + 1].opcode == .extraArg
            case .self: ok = Int(a) + 1 < regs && reg(b) && rk(i)
            case .addI, .shrI, .shlI, .unm, .bnot, .not, .len: ok = reg(a) && reg(b)
            case .addK, .subK, .mulK, .modK, .powK, .divK, .idivK, .bandK, .borK, .bxorK:
                ok = reg(a) && reg(b) && k(c)
            case .add, .sub, .mul, .mod, .pow, .div, .idiv, .band, .bor, .bxor, .shl, .shr:
                ok = reg(a) && reg(b) && reg(c)
            case .mmBin: ok = pc > 0 && reg(a) && reg(b) && Int(c) < Metamethod.count
            case .mmBinI: ok = pc > 0 && reg(a) && Int(c) < Metamethod.count
            case .mmBinK: ok = pc > 0 && reg(a) && k(b) && Int(c) < Metamethod.count
            case .concat: ok = b >= 1 && Int(a) + Int(b) <= regs
            case .close, .tbc: ok = reg(a)
            case .jmp: ok = target(pc + 1 + Int(i.sJ))
            case .eq, .lt, .le: ok = reg(a) && reg(b) && pc + 1 < n
            case .eqK: ok = reg(a) && k(b) && pc + 1 < n
            case .eqI, .ltI, .leI, .gtI, .geI: ok = reg(a) && pc + 1 < n
            case .test: ok = reg(a) && pc + 1 < n
            case .testSet: ok = reg(a) && reg(b) && pc + 1 < n
            case .call: ok = reg(a) && Int(a) + Int(b) <= regs + 1 && Int(a) + Int(c) <= regs + 1
            case .tailCall: ok = reg(a) && Int(a) + Int(b) <= regs + 1
            case .return: ok = Int(a) + max(Int(b) - 1, 0) <= regs
            case .return0: ok = true
            case .return1: ok = reg(a)
            case .forLoop: ok = Int(a) + 3 < regs && target(pc + 1 - Int(i.bx))
            case .forPrep: ok = Int(a) + 3 < regs && target(pc + 1 + Int(i.bx) + 1) && p.code[pc + 1 + Int(i.bx)].opcode == .forLoop
            case .tForPrep:
                ok = Int(a) + 3 < regs && target(pc + 1 + Int(i.bx)) && p.code[pc + 1 + Int(i.bx)].opcode == .tForCall
            case .tForCall:
                // Copies R[A..A+2] to R[A+4..A+6] and receives C results at R[A+4]...
                ok = Int(a) + 6 < regs && Int(a) + 3 + Int(c) < regs && pc + 1 < n && p.code[pc + 1].opcode == .tForLoop
            case .tForLoop: ok = Int(a) + 4 < regs && target(pc + 1 - Int(i.bx))
            case .setList:
                ok = reg(a) && Int(a) + Int(b) <= regs
                if i.k { ok = ok && pc + 1 < n && p.code[pc + 1].opcode == .extraArg }
            case .closure: ok = reg(a) && Int(i.bx) < np
            case .vararg: ok = reg(a) && Int(a) + max(Int(c) - 1, 0) <= regs
            case .varargPrep: ok = p.isVararg
            case .extraArg: ok = pc > 0
            }
            // Tests are followed by the jump they skip or take.
            if op.isTest { ok = ok && pc + 1 < n && p.code[pc + 1].opcode == .jmp }
            if !ok { return false }
        }
        if !verifyStructure(p) { return false }
        // Upvalues captured from the enclosing function's registers must exist there.
        for child in p.prototypes {
            for u in child.upvalues where (u.inStack ? Int(u.index) >= regs : Int(u.index) >= nu) { return false }
        }
        return true
    }
}

/// The syntax error message from `load`.
public struct LuaLoadError: Error {
    /// The message, e.g. `input:1: unexpected symbol near '='`.
    public var message: [UInt8]
}

/// Memory cost of a prototype.
func protoCost(nc: Int, nk: Int, np: Int, nu: Int) -> Int64 {
    MemoryCost.proto + Int64(nc) * 8 + Int64(nk) * 16 + Int64(np) * 8 + Int64(nu) * 16
}

/// Frees a heap prototype (its children are separate heap objects).
func freeProto(_ p: UnsafeMutablePointer<ProtoObject>) -> Int64 {
    let cost = protoCost(nc: Int(p.pointee.codeCount), nk: Int(p.pointee.constantCount),
                         np: p.pointee.info.prototypes.count, nu: Int(p.pointee.upvalueCount))
    p.pointee.code.deallocate()
    p.pointee.constants.deallocate()
    p.pointee.protos.deallocate()
    p.pointee.upvalueInStack.deallocate()
    p.pointee.upvalueIndex.deallocate()
    p.deinitialize(count: 1)
    p.deallocate()
    return cost
}

/// The string constants of one chunk while it is loaded. Equal long strings (short ones are
/// interned anyway) become one object, as in the reference, whose scanner keeps every string
/// of a chunk in one table (luaX_newstring): `%p` shows two equal long literals of one chunk,
/// even in different functions, as the same string. Open addressing over the string hash.
struct ChunkLiterals {
    private var slots: [LuaValue] = Array(repeating: .nil, count: 16)
    private var count = 0

    /// The string with these bytes: the one made earlier for this chunk, or a new one.
    mutating func string(_ bytes: [UInt8], _ L: LuaState) throws(LuaError) -> LuaValue {
        if bytes.count <= StringObject.maxShortLength { return try L.newString(bytes) }
        let h = bytes.withUnsafeBytes { hashBytes($0.baseAddress.unsafelyUnwrapped, $0.count) }
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: h) & mask
        while !slots[i].isNil {
            let s = slots[i].stringObject
            if s.pointee.count == bytes.count
                && bytes.withUnsafeBufferPointer({ memoryEqual(s.bytes, $0.baseAddress.unsafelyUnwrapped, $0.count) }) {
                return slots[i]
            }
            i = (i + 1) & mask
        }
        let v = try L.newString(bytes)
        let _: UInt32 = v.stringObject.hashValue  // computes and caches `h` for `grow`
        slots[i] = v
        count += 1
        if count * 2 > slots.count { grow() }
        return v
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: .nil, count: old.count * 2)
        let mask = slots.count - 1
        for v in old where !v.isNil {
            var i = Int(truncatingIfNeeded: v.stringObject.hashValue as UInt32) & mask
            while !slots[i].isNil { i = (i + 1) & mask }
            slots[i] = v
        }
    }
}
