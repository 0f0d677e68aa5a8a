// A generated sweep of string.format: thousands of pseudo-random numbers (bit patterns,
// integers, short decimals, exact halfway cases, powers of ten and their neighbours,
// subnormals, extremes) through pseudo-random specs (every numeric conversion, its allowed
// flags in any order, widths and precisions up to 99), run as one Lua script by lua5.4 and by
// Tandem; the outputs must be identical line for line. NaN is left out: see
// StringLibraryTests.nanSpelling.

import Foundation
import TestSupport
import Testing
@testable import Lua

@Suite("string.format sweep against lua5.4")
struct StringFormatSweepTests {
    /// The sweep's generator.
    typealias Generator = SplitMix

    /// A random spec for `conversion` with flags from `flags`, maybe a width and a precision.
    static func spec(_ g: inout Generator, conversion: Character, flags: [Character], precision: Bool = true) -> String {
        var s = "%"
        for _ in 0..<g.below(4) where !flags.isEmpty { s.append(flags[g.below(flags.count)]) }
        if g.chance(50) { s += String(1 + g.below(g.chance(70) ? 20 : 99)) }
        if precision && g.chance(65) {
            s += "."
            let r = g.below(10)
            if r == 0 { } else if r < 3 { s += String(format: "%02d", g.below(100)) } else { s += String(g.below(r < 8 ? 20 : 100)) }
        }
        s.append(conversion)
        return s
    }

    /// A double that is not NaN, drawn from several families of interesting values.
    static func double(_ g: inout Generator) -> Double {
        let special: [Double] = [0, -0.0, 1, -1, 0.5, 0.1, 1e15, 1e16, 1e17, 1e21, 1e22, 1e23, .infinity, -.infinity,
                                 .greatestFiniteMagnitude, .leastNormalMagnitude, .leastNonzeroMagnitude,
                                 -.leastNonzeroMagnitude, 0x1p53 + 2, 0x1p63, -0x1p63, 0.95, 0.05, 2.5, 0.125]
        switch g.below(8) {
        case 0:
            var x = Double(bitPattern: g.next())
            if x.isNaN { x = Double(bitPattern: g.next() & 0x7FEF_FFFF_FFFF_FFFF) }
            return x
        case 1:
            return Double(Int64(bitPattern: g.next()) >> Int64(g.below(64)))
        case 2:  // short decimals such as 123.45 or 0.000678
            let digits = Double(g.below(1_000_000))
            var p = 1.0
            for _ in 0..<g.below(12) { p *= 10 }
            return (g.chance(50) ? 1 : -1) * digits / p
        case 3:  // exact binary halves, quarters...: ties for decimal rounding
            let k = g.below(12)
            return Double(2 * g.below(100_000) + 1) / Double(1 << k)
        case 4:  // powers of ten and their neighbours
            var p = 1.0
            let e = g.below(40)
            for _ in 0..<e { p *= 10 }
            if g.chance(30) { p = 1 / p }
            switch g.below(3) { case 0: return p.nextUp; case 1: return p.nextDown; default: return p }
        case 5:  // subnormals and tiny values
            return Double(bitPattern: g.next() & 0x001F_FFFF_FFFF_FFFF) * (g.chance(50) ? 1 : -1)
        case 6:  // huge values
            return Double(bitPattern: 0x7E00_0000_0000_0000 | (g.next() & 0x00EF_FFFF_FFFF_FFFF))
        default:
            return special[g.below(special.count)]
        }
    }

    /// The sweep script: a table of specs, a table of values (floats as bit patterns, so
    /// that no decimal parsing is involved), and one line per formatted item.
    static func sweepScript(count: Int, seed: UInt64) -> String {
        var g = Generator(state: seed)
        var specs: [String] = []
        var values: [String] = []
        let floatFlags: [Character] = ["-", "+", " ", "#", "0"]
        for _ in 0..<count {
            if g.chance(70) {
                let conversion: Character = ["e", "E", "f", "g", "G", "a", "A", "f", "g"][g.below(9)]
                specs.append(spec(&g, conversion: conversion, flags: floatFlags))
                values.append(String(format: "f(0x%016llx)", double(&g).bitPattern))
            } else {
                let conversion: Character = ["d", "i", "u", "o", "x", "X"][g.below(6)]
                let flags: [Character] = switch conversion {
                case "d", "i": ["-", "+", " ", "0"]
                case "u": ["-", "0"]
                default: ["-", "#", "0"]
                }
                specs.append(spec(&g, conversion: conversion, flags: flags))
                let n = Int64(bitPattern: g.next()) >> Int64(g.below(64))
                values.append(String(format: "0x%016llx", UInt64(bitPattern: n)))
            }
        }
        func quoted(_ s: String) -> String { "\"" + s + "\"" }
        return """
        local function f(bits) return (string.unpack("<d", string.pack("<i8", bits))) end
        local specs = {\(specs.map(quoted).joined(separator: ","))}
        local values = {\(values.joined(separator: ","))}
        local out = {}
        for i = 1, #specs do out[i] = specs[i] .. " " .. string.format(specs[i], values[i]) end
        io.write(table.concat(out, "\\n"), "\\n")
        """
    }

    @Test("thousands of random specs and numbers match lua5.4", arguments: [UInt64(1), 2, 3])
    func sweep(seed: UInt64) throws {
        let script = Self.sweepScript(count: 3000, seed: seed)
        let expected = try StringTestSupport.runReference(script)
        let actual = try StringTestSupport.runTandem(script)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(e.count == a.count)
        var mismatches = 0
        for (x, y) in zip(e, a) where x != y {
            mismatches += 1
            if mismatches <= 10 { Issue.record("lua5.4: \(x)\ntandem: \(y)") }
        }
        #expect(mismatches == 0)
    }
}

/// Running Lua source text with lua5.4 and with Tandem, for the string library's tests.
enum StringTestSupport {
    /// Output of lua5.4 on `source` (stdout, then stderr if it failed). The script is read from
    /// stdin, so both interpreters name the chunk "stdin". A run longer than a minute is
    /// stopped, so a script that hangs the reference cannot hang the test.
    static func runReference(_ source: String) throws -> String {
        let r = try ProcessRunner.run("/usr/bin/lua5.4", ["-"], input: Array(source.utf8), timeoutSeconds: 60)
        if r.timedOut { return "lua5.4 timed out" }
        return String(decoding: r.stdout + r.stderr, as: UTF8.self)
    }

    /// Output of Tandem on `source`, then its failure message if it failed.
    static func runTandem(_ source: String, budgets: LuaBudgets = LuaBudgets()) throws -> String {
        let (status, lua) = run(source, budgets: budgets)
        var text = String(decoding: lua.output, as: UTF8.self)
        if case .failed(let f) = status { text += String(decoding: f.message, as: UTF8.self) }
        return text
    }

    /// Runs `source` to completion.
    static func run(_ source: String, budgets: LuaBudgets = LuaBudgets()) -> (LuaRunStatus, LuaInterpreter) {
        let lua = LuaInterpreter(options: LuaRunOptions(budgets: budgets))
        if case .syntaxError(let m) = lua.load(source: Array(source.utf8), chunkName: Array("=stdin".utf8)) {
            return (.failed(LuaRunFailure(kind: .syntax, message: m, traceback: [], errorValue: nil)), lua)
        }
        var status = lua.run(maxSteps: 1 << 40)
        while case .paused = status { status = lua.run(maxSteps: 1 << 40) }
        return (status, lua)
    }
}
