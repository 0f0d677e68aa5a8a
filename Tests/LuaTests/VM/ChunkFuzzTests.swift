// Binary chunks are untrusted input: thousands of deterministic mutations of dumped chunks
// (bit flips, byte changes, insertions, deletions, truncations, instruction-word changes)
// must load as a clean error or a verified function, and whatever loads must run or fail
// cleanly within its budget — never trap. Also: every proper prefix is "truncated".

import TestSupport
import Foundation
import Testing
@testable import Lua

@Suite("Binary chunk robustness")
struct ChunkFuzzTests {
    /// Functions whose dumps are mutated: loops, closures, varargs, tables, calls, strings.
    static let corpus: [String] = [
        "return function(a, b) return a + b * 2 end",
        "return function(...) local t = {...} return #t, select('#', ...) end",
        "return function(n) local s = 0 for i = 1, n do s = s + i end return s end",
        "return function(t) local r = {} for k, v in pairs(t) do r[#r + 1] = tostring(k) .. v end return table.concat(r) end",
        "local up = 3 return function(x) local function g(y) return x + y + up end return g(1), g(2) end",
        "return function(s) return s:upper():rep(2, '-'), #s, s .. 'tail' .. 1.5 end",
        "return function(a) if a then return 1 elseif a == nil then return 2 else return 3 end end",
        "return function(f, ...) return f(...) end",
        "return function() local t = setmetatable({}, {__index = function(_, k) return k * 2 end}) return t[21] end",
        "return function(x) local c <close> = nil; while x > 0 do x = x // 2 end return x end",
        "return function() return {1, 2, 3, n = 'x', [10] = true, f = function() return 'nested' end} end",
        "return function(co) return coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end) end",
    ]

    /// Dumps of the corpus functions (stripped and not) made by Tandem itself.
    static func dumps() -> [[UInt8]] {
        var out: [[UInt8]] = []
        for (i, src) in corpus.enumerated() {
            for strip in [false, true] {
                let lua = LuaInterpreter()
                let script = "local f = assert(load(\(luaQuoted(src))))() io.write(string.dump(f, \(strip)))"
                _ = lua.load(source: Array(script.utf8), chunkName: Array("=corpus\(i)".utf8))
                if case .finished = lua.run(maxSteps: 1 << 30) { out.append(lua.output) }
            }
        }
        return out
    }

    static func luaQuoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Loads `chunk` from standard input and, if it verifies, runs it with a few arguments.
    static func loadAndRun(_ chunk: [UInt8]) -> (loaded: Bool, status: LuaRunStatus) {
        let lua = LuaInterpreter(options: LuaRunOptions(budgets: LuaBudgets(steps: 20_000, memoryBytes: 4 << 20, outputBytes: 1 << 16),
                                                        input: chunk))
        let driver = """
        local f, err = load(io.read('a'), '=fuzz', 'b')
        if not f then io.write('E') return end
        io.write('L')
        local ok, r = pcall(f, 5, {1, 2}, 'str', print)
        if ok and type(r) == 'function' then pcall(r, 3, 4) end
        """
        _ = lua.load(source: Array(driver.utf8), chunkName: Array("=driver".utf8))
        var status = lua.run(maxSteps: 5_000)
        while case .paused = status { status = lua.run(maxSteps: 5_000) }
        return (lua.output.first == UInt8(ascii: "L"), status)
    }

    @Test func dumpsLoadAndRun() {
        let all = Self.dumps()
        #expect(all.count == Self.corpus.count * 2)
        for d in all { #expect(Self.loadAndRun(d).loaded) }
    }

    @Test func everyPrefixIsTruncated() {
        let d = Self.dumps()[4]
        for n in 1..<d.count {
            let lua = LuaInterpreter(options: LuaRunOptions(input: Array(d[0..<n])))
            _ = lua.load(source: Array("local f, e = load(io.read('a')) io.write(tostring(f), ' ', e)".utf8), chunkName: Array("=t".utf8))
            _ = lua.run(maxSteps: 1 << 30)
            let out = String(decoding: lua.output, as: UTF8.self)
            #expect(out.hasPrefix("nil ") && out.contains("truncated"), "prefix \(n): \(out)")
        }
    }

    @Test func mutatedChunksNeverTrap() {
        var rng = SplitMix(seed: 0xC0FFEE)
        let base = Self.dumps()
        var loaded = 0, rejected = 0
        let mutants = 6000
        for _ in 0..<mutants {
            var c = base[rng.below(base.count)]
            let edits = 1 + rng.below(4)
            for _ in 0..<edits where !c.isEmpty {
                // Leave the header alone most of the time, so most mutants reach the verifier.
                let lo = rng.chance(90) ? min(36, c.count - 1) : 0
                let at = lo + rng.below(max(c.count - lo, 1))
                switch rng.below(6) {
                case 0: c[at] ^= UInt8(1 << rng.below(8))
                case 1: c[at] = UInt8(truncatingIfNeeded: rng.next())
                case 2: c.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
                case 3: c.remove(at: at)
                case 4: c.removeLast(rng.below(min(8, c.count)))
                default:
                    // Rewrite a whole 4-byte word (an instruction, when it lands in code).
                    for k in 0..<4 where at + k < c.count { c[at + k] = UInt8(truncatingIfNeeded: rng.next()) }
                }
            }
            let (ok, _) = Self.loadAndRun(c)
            if ok { loaded += 1 } else { rejected += 1 }
        }
        // Both outcomes occur: the fuzzer reaches the verifier and the VM.
        #expect(loaded > 100)
        #expect(rejected > 100)
    }
}
