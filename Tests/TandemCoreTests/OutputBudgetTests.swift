// The output budget bounds the whole lua_run document (DESIGN.md, "Budgets"): printed output,
// returned values, the error message, the error value and the traceback all count, and what
// does not fit ends the run with budget_exceeded ("budget":"output").

import Foundation
import Testing
import TandemCore

@Suite struct OutputBudgetTests {
    static let outputBytes = 1 << 20
    static let slack = 64 << 10

    static func run(_ source: String) throws -> (bytes: Int, status: String, budget: String?) {
        let request = #"{"source":\#(String(decoding: try JSONSerialization.data(withJSONObject: source, options: .fragmentsAllowed), as: UTF8.self)),"budgets":{"output_bytes":\#(outputBytes)}}"#
        let document = LuaSession.answer(requestJSON: Array(request.utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(document)) as? [String: Any])
        let error = object["error"] as? [String: Any]
        return (document.count, object["status"] as? String ?? "", error?["budget"] as? String)
    }

    @Test(arguments: [
        "local s = string.rep('x', 2^20) local t = {} for i = 1, 40 do t[i] = s end return table.unpack(t)",
        "error(string.rep('\\1', 2^21), 0)",
        "error(string.rep('y', 600000))",
        "io.write(string.rep('z', 2^20 - 10)) return string.rep('w', 100)",
        "print(string.rep('p', 2^21))",
        "io.stderr:write(string.rep('e', 2^20 - 10)) return string.rep('w', 100)",
        "io.write(string.rep('o', 2^19)) io.stderr:write(string.rep('e', 2^19 + 10))",
    ])
    func whatDoesNotFitEndsTheRunWithTheOutputBudget(source: String) throws {
        let result = try Self.run(source)
        #expect(result.status == "budget_exceeded")
        #expect(result.budget == "output")
        #expect(result.bytes <= Self.outputBytes + Self.slack)
    }

    @Test func standardErrorIsItsOwnMemberAndCountsAgainstTheBudget() throws {
        let document = LuaSession.answer(requestJSON: Array(#"{"source":"io.stderr:write('warning: ', 42, '\\n') print('out')"}"#.utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(document)) as? [String: Any])
        #expect(object["output"] as? String == "out\n")
        #expect(object["stderr"] as? String == "warning: 42\n")
        let quiet = LuaSession.answer(requestJSON: Array(#"{"source":"print('out')"}"#.utf8))
        let quietObject = try #require(try JSONSerialization.jsonObject(with: Data(quiet)) as? [String: Any])
        #expect(quietObject["stderr"] == nil, "a run that wrote nothing to stderr has no stderr member")
    }

    @Test func whatFitsIsReported() throws {
        let result = try Self.run("io.write(string.rep('a', 1000)) return string.rep('b', 500000)")
        #expect(result.status == "ok")
        #expect(result.bytes > 500_000 && result.bytes <= Self.outputBytes + Self.slack)
    }
}
