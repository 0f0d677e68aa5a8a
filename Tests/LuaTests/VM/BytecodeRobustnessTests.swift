// The VM must not trap on any bytecode: malformed prototypes are rejected by the verifier,
// and whatever it accepts runs (or fails) cleanly.

import TestSupport
import Testing
import Foundation
@testable import Lua

@Suite("Bytecode robustness")
struct BytecodeRobustnessTests {
    /// Builds a main-chunk-like prototype around `code`.
    func prototype(_ code: [Instruction], maxStack: UInt8 = 8) -> Prototype {
        let p = Prototype()
        p.code = code
        p.lineInfo = Array(repeating: 1, count: code.count)
        p.maxStackSize = maxStack
        p.isVararg = true
        p.source = Array("=fuzz".utf8)
        p.constants = [.int(1), .float(2.5), .string(Array("k".utf8)), .string(Array("print".utf8)), .nil_, .bool(true)]
        p.upvalues = [UpvalueDescription(name: Array("_ENV".utf8), inStack: true, index: 0, kind: 0)]
        return p
    }

    @Test func verifierRejectsBadOperands() throws {
        let lua = LuaInterpreter()
        let L = lua.state
        let bad: [[Instruction]] = [
            [.abc(.move, 0, 200, 0), .abc(.return0, 0, 0, 0)],          // register out of range
            [.abx(.loadK, 0, 99), .abc(.return0, 0, 0, 0)],             // constant out of range
            [.abc(.getUpval, 0, 5, 0), .abc(.return0, 0, 0, 0)],        // upvalue out of range
            [.sj(.jmp, 100), .abc(.return0, 0, 0, 0)],                  // jump out of code
            [.abx(.closure, 0, 0), .abc(.return0, 0, 0, 0)],            // no nested prototype
            [.abc(.move, 0, 1, 0)],                                     // no final return
            [Instruction(0x7F), .abc(.return0, 0, 0, 0)],               // invalid opcode
        ]
        for code in bad {
            #expect(try L.instantiate(prototype(code), depth: 0) == nil)
        }
        #expect(try L.instantiate(prototype([.abc(.move, 0, 1, 0), .abc(.return, 0, 1, 1)]), depth: 0) != nil)
        // Structural rules: tests precede jumps; vararg functions return with C = params + 1.
        #expect(try L.instantiate(prototype([.abc(.test, 0, 0, 0), .abc(.move, 0, 1, 0), .abc(.return, 0, 1, 1)]), depth: 0) == nil)
        #expect(try L.instantiate(prototype([.abc(.return0, 0, 0, 0)]), depth: 0) == nil)
        #expect(try L.instantiate(prototype([.abc(.move, 0, 1, 0), .abc(.varargPrep, 0, 0, 0), .abc(.return, 0, 1, 1)]), depth: 0) == nil)
    }

    @Test func randomBytecodeNeverTraps() throws {
        var rng = SplitMix(state: 0x5EED)
        var accepted = 0
        for _ in 0..<4000 {
            var code: [Instruction] = [.abc(.varargPrep, 0, 0, 0)]
            let count = 2 + rng.below(8)
            for _ in 0..<count {
                guard let op = OpCode(rawValue: UInt8(rng.below(OpCode.allCases.count))) else { continue }
                let a = Int32(rng.below(8)), b = Int32(rng.below(8)), c = Int32(rng.below(8))
                switch op.mode {
                case .iABC:
                    let cc = (op == .return || op == .tailCall) ? 1 : c
                    code.append(.abc(op, a, b, cc, k: rng.below(2) == 0))
                case .iABx: code.append(.abx(op, a, Int32(rng.below(6))))
                case .iAsBx: code.append(.asbx(op, a, Int32(rng.below(9)) - 4))
                case .iAx: code.append(.ax(op, Int32(rng.below(6))))
                case .isJ: code.append(.sj(op, Int32(rng.below(7)) - 3))
                }
                // Keep the pairings the compiler always produces, so more programs get past
                // the verifier and actually run.
                if op == .addI || op == .shrI || op == .shlI { code.append(.abc(.mmBinI, a, b, 6 + Int32(rng.below(12)))) }
                else if (OpCode.addK.rawValue...OpCode.bxorK.rawValue).contains(op.rawValue) { code.append(.abc(.mmBinK, a, Int32(rng.below(6)), 6 + Int32(rng.below(12)))) }
                else if (OpCode.add.rawValue...OpCode.shr.rawValue).contains(op.rawValue) { code.append(.abc(.mmBin, a, b, 6 + Int32(rng.below(12)))) }
                else if op.isTest { code.append(.sj(.jmp, Int32(rng.below(3)))) }
            }
            code.append(.abc(.return, 0, 1, 1))
            let lua = LuaInterpreter(options: LuaRunOptions(budgets: LuaBudgets(steps: 10_000, memoryBytes: 4 << 20)))
            let L = lua.state
            guard let p = try L.instantiate(prototype(code), depth: 0) else { continue }
            accepted += 1
            if ProcessInfo.processInfo.environment["FUZZLOG"] != nil {
                let text = code.map { ($0.opcode?.name.description ?? "?") + " \($0.a) \($0.b) \($0.c) k\($0.k) bx\($0.bx) sj\($0.sJ)" }.joined(separator: "; ")
                FileHandle.standardError.write(Data(("PROGRAM " + text + "\n").utf8))
            }
            let cl = try L.newLuaClosure(p)
            cl.pointee.upvalues[0] = try L.newClosedUpvalue(L.globals)
            L.g.pointee.hostAnchors = [LuaValue(cl)]
            var status = lua.run(maxSteps: 1_000)
            while case .paused = status { status = lua.run(maxSteps: 1_000) }
        }
        #expect(accepted > 400, "only \(accepted) programs passed verification")
    }
}

