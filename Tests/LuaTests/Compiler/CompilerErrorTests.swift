// Syntax error messages and limits against the reference: `load(src, "=input")` in lua5.4
// and `Compiler.compile(source:chunkName: "=input")` must give the same message.

import TestSupport
import Foundation
import Testing
@testable import Lua

@Suite struct CompilerErrorTests {
    /// Compares our messages with lua5.4's for every case of a cases file.
    func compareCases(_ casesPath: String, firstLineOnly: Bool = false) throws {
        let text = Array(try Data(contentsOf: URL(fileURLWithPath: casesPath)))
        let cases = ReferenceTool.cases(text)
        let expected = ReferenceTool.referenceLoadMessages(casesFile: casesPath)
        try #require(expected.count == cases.count, "driver gave \(expected.count) results for \(cases.count) cases")
        for (i, source) in cases.enumerated() {
            var reference = expected[i]
            // lua.c's message handler adds a traceback to "C stack overflow" raised inside load.
            if firstLineOnly, let range = reference.range(of: "\\n") { reference = String(reference[..<range.lowerBound]) }
            let ours = ReferenceTool.ourLoadMessage(source)
            #expect(ours == reference, "case \(i + 1): \(String(decoding: source.prefix(60), as: UTF8.self))")
        }
    }

    @Test func syntaxErrorMessagesMatchLua() throws {
        try compareCases(ReferenceTool.fixtures.appendingPathComponent("syntax_errors.txt").path)
    }

    /// Limits: none of these may trap; each must fail (or succeed) as the reference does.
    static let limitCases: [String] = {
        func rep(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }
        return [
            "return " + rep("(", 100_000) + "x" + rep(")", 100_000),
            "return " + rep("(", 195) + "x" + rep(")", 195),
            "return " + rep("(", 196) + "x" + rep(")", 196),
            "x = " + rep("{", 100_000) + rep("}", 100_000),
            "x = " + rep("not ", 100_000) + "x",
            "x = " + rep("- ", 100_000) + "1",
            "x = " + rep("a .. ", 100_000) + "a",
            "x = " + rep("2 ^ ", 300) + "2",
            "x = " + rep("1 + ", 100_000) + "1",
            "x = a" + rep(".b", 100_000),
            "x = f" + rep("()", 100_000),
            rep("a, ", 300) + "a = 1",
            rep("a, ", 190) + "a = 1",
            rep("do ", 100_000) + rep("end ", 100_000),
            rep("if x then ", 300) + rep("end ", 300),
            rep("while x do ", 300) + rep("end ", 300),
            rep("function f() ", 300) + rep("end ", 300),
            rep("x = function() ", 300) + rep("end ", 300),
            rep("local function f() ", 150) + "return x " + rep("end ", 150),
            rep("repeat ", 300) + rep("until x ", 300),
            (0..<201).map { "local a\($0)\n" }.joined(),
            (0..<200).map { "local a\($0)\n" }.joined(),
            "function f()\n" + (0..<201).map { "local a\($0)\n" }.joined() + "end",
            "local " + (0..<300).map { "a\($0)" }.joined(separator: ",") + " = 1",
            "local a = {" + rep("x, ", 300) + "}",
            "f(" + rep("x, ", 300) + "x)",
            "x = " + rep("f(x) + ", 300) + "1",
            "x = " + rep("a .. ", 260) + "a",
            "x = " + rep("a .. ", 190) + "a",
            (0..<130).map { "local a\($0) = 1\n" }.joined() + "local function g() local " + (0..<130).map { "b\($0)" }.joined(separator: ",")
                + " = 1 return function() return " + (0..<130).map { "a\($0)" }.joined(separator: "+") + "+"
                + (0..<130).map { "b\($0)" }.joined(separator: "+") + " end end",
            rep("goto l ", 10) + "::l::",
            rep("::l\n", 3),
            rep("[", 10000),
            rep("--[==[", 3),
            "x = \"" + rep("\\", 3),
            rep("\u{1}", 3) + "\u{7F}\u{80}",
        ]
    }()

    @Test func limitsBehaveLikeLua() throws {
        let dir = ReferenceTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("limits.txt").path
        try Data(CompilerErrorTests.limitCases.joined(separator: "\n====\n").utf8).write(to: URL(fileURLWithPath: path))
        try compareCases(path, firstLineOnly: true)
    }

    @Test func cStackOverflowIsReportedAsSuch() {
        let source = Array(("return " + String(repeating: "(", count: 1000) + "1" + String(repeating: ")", count: 1000)).utf8)
        do {
            _ = try Compiler.compile(source: source, chunkName: Array("=x".utf8))
            Issue.record("no error")
        } catch {
            #expect(error.kind == .cStackOverflow)
            #expect(error.message == Array("C stack overflow".utf8))
        }
        // A caller that already uses more C levels fails earlier.
        let shallow = Array(("return " + String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)).utf8)
        #expect((try? Compiler.compile(source: shallow, chunkName: Array("=x".utf8))) != nil)
        #expect((try? Compiler.compile(source: shallow, chunkName: Array("=x".utf8), cLevel: 60)) == nil)
    }

    @Test func arbitraryBytesDoNotTrap() {
        var generator = SplitMix(seed: 12345)
        let alphabet = Array("()[]{}=~<>.,;:+-*/%^#&|'\"\\\n\r\t 0123456789xXeEpPabcdefz_ifthenendlocalfunction".utf8)
        for round in 0..<3000 {
            let length = Int(generator.next() % 64)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                let r = generator.next()
                bytes.append(round % 2 == 0 ? UInt8(truncatingIfNeeded: r) : alphabet[Int(r % UInt64(alphabet.count))])
            }
            _ = try? Compiler.compile(source: bytes, chunkName: bytes)
        }
    }

    /// Chunk names of every shape: "=name", "@file", source text; short, at the limits,
    /// long; with a newline or a NUL byte.
    static let chunkNames: [[UInt8]] = {
        var names: [[UInt8]] = []
        for n in [0, 1, 43, 44, 45, 46, 58, 59, 60, 61, 100] {
            let body = Array(repeating: UInt8(ascii: "a"), count: n)
            names.append([UInt8(ascii: "=")] + body)
            names.append([UInt8(ascii: "@")] + body)
            names.append(body + Array("x=".utf8))
            names.append(Array("x=\n".utf8) + body)
            names.append(body + [10] + body)
            names.append(body + [0] + Array("b".utf8))
            names.append([UInt8(ascii: "=")] + body + [0, 98])
        }
        return names
    }()

    @Test func chunkIDsMatchLua() {
        // The names are built by the same rules in Lua, escaped as \ddd.
        var script = "local names = {\n"
        for name in CompilerErrorTests.chunkNames {
            script += "\"" + name.map { "\\" + String($0) }.joined() + "\",\n"
        }
        script += "}\nfor _, n in ipairs(names) do local _, m = load('x=', n); io.write((m:gsub('\\0', '<0>')), '\\n') end\n"
        let (_, out, _) = ReferenceTool.run("/usr/bin/lua5.4", ["-e", script])
        let expected = String(decoding: out, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(expected.count == CompilerErrorTests.chunkNames.count)
        for (i, name) in CompilerErrorTests.chunkNames.enumerated() where i < expected.count {
            var ours: [UInt8] = []
            do { _ = try Compiler.compile(source: Array("x=".utf8), chunkName: name) } catch { ours = error.message }
            let text = String(decoding: ours, as: UTF8.self).replacingOccurrences(of: "\0", with: "<0>")
            #expect(text == expected[i], "name \(i)")
        }
    }

    @Test func skipShebangKeepsLineNumbers() {
        #expect(Compiler.skipShebang(Array("#!/bin/lua\nx".utf8)) == Array("\nx".utf8))
        #expect(Compiler.skipShebang(Array("\u{FEFF}x".utf8)) == Array("x".utf8))
        #expect(Compiler.skipShebang(Array("\u{FEFF}# c\nx".utf8)) == Array("\nx".utf8))
        #expect(Compiler.skipShebang(Array("x".utf8)) == Array("x".utf8))
        #expect(Compiler.skipShebang(Array("# only".utf8)) == Array("\n".utf8))
    }
}

