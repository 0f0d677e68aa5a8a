// Verifying a Lua run claim: the nested request is run exactly as sent.

import Foundation
import Testing
import TandemCore

@Suite struct LuaVerificationTests {
    static func digest(of document: [UInt8]) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(document)) as? [String: Any]
        return try #require(object?["digest"] as? String)
    }

    @Test func aRunsOwnDigestVerifiesAndAnotherDoesNot() throws {
        let request = #"{"source":"return ('x'):rep(3)","seed":3}"#
        let digest = try Self.digest(of: LuaSession.answer(requestJSON: Array(request.utf8)))
        let good = try LuaVerification.verify(Array(#"{"request":\#(request),"digest":"\#(digest)"}"#.utf8))
        #expect(good.verified)
        #expect(ResultDocument.verify(good.bytes))
        let other = "sha256:" + String(repeating: "a", count: 64)
        let bad = try LuaVerification.verify(Array(#"{"request":\#(request),"digest":"\#(other)"}"#.utf8))
        #expect(!bad.verified)
        let object = try JSONSerialization.jsonObject(with: Data(bad.bytes)) as? [String: Any]
        #expect(object?["claimed"] as? String == other)
        #expect(object?["actual"] as? String == digest)
    }

    /// A source with invalid UTF-8 (a lone 0xFF byte inside a string literal, sent raw in the
    /// JSON) is run byte for byte, so its own digest verifies (it used to become U+FFFD).
    @Test func invalidUTF8InTheSourceSurvivesVerification() throws {
        let request = Array(#"{"source":"return '"#.utf8) + [0xFF] + Array(#"'"}"#.utf8)
        let document = LuaSession.answer(requestJSON: request)
        let digest = Array(try Self.digest(of: document).utf8)
        let body = Array(#"{"request":"#.utf8) + request + Array(#","digest":""#.utf8) + digest + Array(#""}"#.utf8)
        #expect(try LuaVerification.verify(body).verified)
    }

    @Test(arguments: [
        #"{"digest":"sha256:00"}"#,
        #"{"request":{"source":"x"}}"#,
        #"{"request":{"source":"x"},"digest":"sha256:ABCDEF"}"#,
        #"{"request":{"nope":1},"digest":"sha256:0000000000000000000000000000000000000000000000000000000000000000"}"#,
        "[1]",
    ])
    func malformedBodiesAreRefusals(body: String) {
        #expect(throws: RequestError.self) { _ = try LuaVerification.verify(Array(body.utf8)) }
    }
}
