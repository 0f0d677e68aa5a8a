// Random programs (expressions with every operator and literal kind, nested control
// structures, locals, upvalues, attributes, multiple assignment) compiled by us and by
// luac5.4: listings or error messages must be identical. The seed is fixed.

import TestSupport
import Foundation
import Testing
@testable import Lua

@Suite struct CompilerRandomProgramTests {
    struct Generator {
        var random: SplitMix
        mutating func pick(_ items: [String]) -> String { items[Int(random.next() % UInt64(items.count))] }
        mutating func chance() -> Double { Double(random.next() % 1000) / 1000 }

        static let atoms = ["a", "b", "c", "u", "g", "t.x", "t[1]", "t[a]", "1", "0", "-1", "2.5", "1e100", "\"s\"",
                            "nil", "true", "false", "...", "255", "256", "-128", "127", "3.0", "0.0", "f()", "f(a)",
                            "t:m()", "{}", "{a, 1}", "(a)", "#t", "1//0", "2^2", "math.huge",
                            "0x7fffffffffffffff", "9007199254740993"]
        static let binary = ["+", "-", "*", "/", "//", "%", "^", "&", "|", "~", "<<", ">>", "..", "==", "~=",
                             "<", "<=", ">", ">=", "and", "or"]
        static let unary = ["-", "not ", "#", "~"]

        mutating func expression(_ depth: Int) -> String {
            let r = chance()
            if depth <= 0 || r < 0.3 { return pick(Generator.atoms) }
            if r < 0.45 { return pick(Generator.unary) + expression(depth - 1) }
            if r < 0.55 { return "(" + expression(depth - 1) + ")" }
            return expression(depth - 1) + " " + pick(Generator.binary) + " " + expression(depth - 1)
        }

        mutating func e() -> String { expression(1 + Int(random.next() % 4)) }

        mutating func statement(_ depth: Int) -> String {
            let r = chance()
            if depth <= 0 || r < 0.25 { return pick(["a", "b", "t.x", "t[a]", "u", "g", "c"]) + " = " + e() }
            if r < 0.35 { return "local " + pick(["a", "b", "c", "d"]) + " = " + e() }
            if r < 0.45 {
                return "if " + e() + " then " + statement(depth - 1) + " elseif " + e() + " then "
                    + statement(depth - 1) + " else " + statement(depth - 1) + " end"
            }
            if r < 0.52 { return "while " + e() + " do " + statement(depth - 1) + (chance() < 0.3 ? " break" : "") + " end" }
            if r < 0.58 { return "repeat local z = " + e() + " " + statement(depth - 1) + " until " + e() }
            if r < 0.64 { return "for i = " + e() + ", " + e() + " do " + statement(depth - 1) + " end" }
            if r < 0.68 { return "for k, v in " + e() + " do " + statement(depth - 1) + " end" }
            if r < 0.74 { return "do local q <const> = " + e() + "; " + statement(depth - 1) + " end" }
            if r < 0.78 { return "f(" + e() + ", " + e() + ")" }
            if r < 0.84 { return "a, t[a], b = " + e() + ", " + e() }
            if r < 0.88 { return "local function h(x, ...) local y = x " + statement(depth - 1) + " return " + e() + " end" }
            if r < 0.92 { return "do local w <close> = " + e() + " " + statement(depth - 1) + " end" }
            if r < 0.96 { return "do goto skip; local s = " + e() + " ::skip:: end" }
            return "return " + e()
        }

        mutating func program() -> String {
            var body: [String] = []
            for _ in 0..<(1 + Int(random.next() % 7)) { body.append(statement(3)) }
            return "local a, b, c = ...\nlocal t = {}\nlocal function f(...) return u, ... end\nlocal u\n"
                + "local function outer(...)\n" + body.joined(separator: "\n") + "\nend\n"
        }
    }

    @Test func randomProgramsMatchLuac() throws {
        var generator = Generator(random: SplitMix(seed: 2024))
        let dir = ReferenceTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var compared = 0
        for i in 0..<150 {
            let path = dir.appendingPathComponent("r\(i).lua").path
            try Data(generator.program().utf8).write(to: URL(fileURLWithPath: path))
            let ours = ReferenceTool.ourListing(path: path)
            let reference = ReferenceTool.referenceListing(path: path)
            #expect(ours.error == reference.error, "program \(i)")
            #expect(ours.listing == reference.listing,
                    "program \(i): \(ReferenceTool.firstDifference(ours.listing, reference.listing))")
            compared += 1
        }
        #expect(compared == 150)
    }
}
