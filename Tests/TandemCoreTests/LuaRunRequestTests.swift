// The Lua run request as a client writes it: defaults, every field, and every refusal.

import Foundation
import Testing
import TandemCore

@Suite struct LuaRunRequestTests {
    func parse(_ json: String, limits: LuaBudgets = LuaBudgets()) throws(RequestError) -> LuaRunRequest {
        try LuaRunRequest.parse(Array(json.utf8), limits: limits)
    }

    @Test func absentFieldsTakeTheOneSetOfDefaults() throws {
        let r = try parse(#"{"source":"return 1"}"#)
        #expect(r.source == Array("return 1".utf8))
        #expect(r.chunkName == Array("=input".utf8))
        #expect(r.options.seed == 0)
        #expect(r.options.hostTime == nil)
        #expect(r.options.scriptArguments.isEmpty)
        // DESIGN.md "Budgets": 10^8 steps, 64 MiB, 4 MiB of output.
        #expect(r.options.budgets.steps == 100_000_000)
        #expect(r.options.budgets.memoryBytes == 64 << 20)
        #expect(r.options.budgets.outputBytes == 4 << 20)
    }

    @Test func everyFieldIsRead() throws {
        let r = try parse(#"{"source":"x","chunk_name":"@a.lua","seed":18446744073709551615,"host_time":-5,"args":["p","q"],"budgets":{"steps":10,"memory_bytes":2000000,"call_depth":50,"output_bytes":7}}"#)
        #expect(r.chunkName == Array("@a.lua".utf8))
        #expect(r.options.seed == .max)
        #expect(r.options.hostTime == -5)
        #expect(r.options.scriptArguments == [Array("p".utf8), Array("q".utf8)])
        #expect(r.options.budgets == LuaBudgets(steps: 10, memoryBytes: 2_000_000, callDepth: 50, outputBytes: 7))
    }

    @Test func sourceBase64CarriesBytesThatAreNotUTF8() throws {
        let r = try parse(#"{"source_base64":"/wCA"}"#)  // FF 00 80
        #expect(r.source == [0xFF, 0x00, 0x80])
    }

    @Test(arguments: [
        ("[]", "JSON object"),
        (#"{}"#, "missing"),
        (#"{"source":"x","seed":-1}"#, "seed"),
        (#"{"source":"x","seed":1.5}"#, "seed"),
        (#"{"source":"x","host_time":"now"}"#, "host_time"),
        (#"{"source":"x","args":[1]}"#, "args"),
        (#"{"source":"x","chunk_name":3}"#, "chunk_name"),
        (#"{"source":"x","budgets":{"steps":-1}}"#, "non-negative"),
        (#"{"source":"x","budgets":[]}"#, "budgets must be an object"),
        (#"{"source":"x"} trailing"#, ""),
        (#"{"source_base64":"a"}"#, "base64"),
    ])
    func refusals(json: String, fragment: String) {
        #expect {
            _ = try parse(json)
        } throws: { error in
            let message = String(decoding: (error as? RequestError)?.message ?? [], as: UTF8.self)
            return !message.isEmpty && (fragment.isEmpty || message.contains(fragment))
        }
    }

    @Test func aBudgetAboveTheHostLimitIsRefusedNotClamped() {
        let limits = LuaBudgets(steps: 1000, memoryBytes: 1 << 20, callDepth: 100, outputBytes: 100)
        #expect(throws: RequestError.self) { _ = try parse(#"{"source":"x","budgets":{"steps":1001}}"#, limits: limits) }
        // Absent budgets take the defaults, lowered to the host's limits.
        let r = try? parse(#"{"source":"x"}"#, limits: limits)
        #expect(r?.options.budgets == limits)
    }

    @Test func aRefusalIsASealedRequestErrorDocument() throws {
        let document = LuaSession.answer(requestJSON: Array("{".utf8))
        #expect(ResultDocument.verify(document))
        let object = try JSONSerialization.jsonObject(with: Data(document)) as? [String: Any]
        #expect(object?["kind"] as? String == "request_error")
        #expect((object?["message"] as? String)?.isEmpty == false)
    }
}
