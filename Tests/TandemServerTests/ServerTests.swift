// The HTTP API as a client sees it, over a real socket (`.live`): every endpoint answers the
// core's document, and every refusal is a JSON error with its status and stable code. These
// run jobs in the server process (`workers: 0`); WorkerPoolTests covers the worker processes.

import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TandemCore
import TandemServer

@Suite struct ServerTests {
    static func app(_ change: (inout ServerConfiguration) -> Void = { _ in }) async throws -> some ApplicationProtocol {
        var c = ServerConfiguration()
        c.port = 0
        c.workers = 0
        c.maxRequestBytes = 1 << 20
        // A fresh identity and SQLite ledger per application (LedgerTests covers them).
        c.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-test-\(UUID().uuidString)").path
        change(&c)
        return try await makeApplication(c)
    }

    static let json: HTTPFields = [.contentType: "application/json"]
    static let bytes: HTTPFields = [.contentType: "application/octet-stream"]

    @Test func probesAnswerJSON() async throws {
        try await Self.app().test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"ready":true,"running":0,"queued":0}"#)
            }
        }
    }

    @Test func digestIsTheSHA256OfTheBody() async throws {
        try await Self.app().test(.live) { client in
            try await client.execute(uri: "/api/digest", method: .post, headers: Self.bytes, body: ByteBuffer(string: "abc")) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                // FIPS 180-2 test vector for "abc".
                #expect(String(buffer: response.body).contains("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
            }
        }
    }

    @Test func luaRunAnswersTheRunDocument() async throws {
        let body = #"{"source":"print('hi') return 1 + 1","seed":7}"#
        try await Self.app().test(.live) { client in
            try await client.execute(uri: "/api/lua/run", method: .post, headers: Self.json, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .ok)
                let document = try Self.object(response.body)
                #expect(document["kind"] as? String == "lua_run")
                #expect(document["status"] as? String == "ok")
                #expect(document["output"] as? String == "hi\n")
                let returns = document["returns"] as? [[String: Any]]
                #expect(returns?.first?["value"] as? String == "2")
                // The server's document is the core's, byte for byte (what the browser computes).
                #expect(Array(buffer: response.body) == LuaSession.answer(requestJSON: Array(body.utf8)))
            }
        }
    }

    @Test(arguments: [
        (#"{"source":1}"#, "missing \"source\""),
        ("not json", ""),
        (#"{"source":"x","budgets":{"steps":1e30}}"#, "budgets"),
        (#"{"source":"x","budgets":{"memory_bytes":99999999999999}}"#, "exceeds this host's limit"),
        (#"{"source_base64":"@@@"}"#, "base64"),
    ])
    func luaRunRefusesBadRequests(body: String, fragment: String) async throws {
        try await Self.app().test(.live) { client in
            try await client.execute(uri: "/api/lua/run", method: .post, headers: Self.json, body: ByteBuffer(string: body)) { response in
                try Self.expectError(response, status: 400, code: "invalid_request", containing: fragment)
            }
        }
    }

    @Test func luaVerifyConfirmsAMatchingDigestAndRefutesAnother() async throws {
        let request = #"{"source":"return 6 * 7"}"#
        let document = LuaSession.answer(requestJSON: Array(request.utf8))
        let digest = try #require(try Self.object(ByteBuffer(bytes: document))["digest"] as? String)
        let wrong = "sha256:" + String(repeating: "0", count: 64)
        try await Self.app().test(.live) { client in
            for (claim, status, verified) in [(digest, 200, true), (wrong, 422, false)] {
                let body = #"{"request":\#(request),"digest":"\#(claim)"}"#
                try await client.execute(uri: "/api/lua/verify", method: .post, headers: Self.json, body: ByteBuffer(string: body)) { response in
                    #expect(Int(response.status.code) == status)
                    let answer = try Self.object(response.body)
                    #expect(answer["kind"] as? String == "verification")
                    #expect(answer["verified"] as? Bool == verified)
                }
            }
            try await client.execute(uri: "/api/lua/verify", method: .post, headers: Self.json,
                                     body: ByteBuffer(string: #"{"request":\#(request),"digest":"md5:x"}"#)) { response in
                try Self.expectError(response, status: 400, code: "invalid_request", containing: "sha256")
            }
        }
    }

    @Test func streamValidateReportsAndRefusesUnknownOptions() async throws {
        try await Self.app().test(.live) { client in
            try await client.execute(uri: "/api/stream/validate?profile=dvb", method: .post,
                                     headers: [.contentType: "video/mp2t"], body: ByteBuffer(bytes: Self.nullPackets(100))) { response in
                #expect(response.status == .ok)
                let report = try Self.object(response.body)
                #expect(report["kind"] as? String == "stream_report")
            }
            try await client.execute(uri: "/api/stream/validate?profile=nope", method: .post,
                                     headers: Self.bytes, body: ByteBuffer(bytes: Self.nullPackets(1))) { response in
                try Self.expectError(response, status: 400, code: "invalid_request", containing: "unknown profile")
            }
            try await client.execute(uri: "/api/stream/validate?packet_size=189", method: .post,
                                     headers: Self.bytes, body: ByteBuffer(bytes: Self.nullPackets(1))) { response in
                try Self.expectError(response, status: 400, code: "invalid_request", containing: "packet_size")
            }
        }
    }

    @Test func streamVerifyRefutesAWrongDigest() async throws {
        let wrong = "sha256:" + String(repeating: "f", count: 64)
        try await Self.app().test(.live) { client in
            try await client.execute(uri: "/api/stream/verify?digest=\(wrong)", method: .post,
                                     headers: Self.bytes, body: ByteBuffer(bytes: Self.nullPackets(10))) { response in
                #expect(response.status == .unprocessableContent)
                let answer = try Self.object(response.body)
                #expect(answer["verified"] as? Bool == false)
            }
            try await client.execute(uri: "/api/stream/verify", method: .post,
                                     headers: Self.bytes, body: ByteBuffer(bytes: Self.nullPackets(10))) { response in
                try Self.expectError(response, status: 400, code: "invalid_request", containing: "digest")
            }
        }
    }

    @Test func oversizedBodyGets413() async throws {
        try await Self.app { $0.maxRequestBytes = 16 }.test(.live) { client in
            try await client.execute(uri: "/api/lua/run", method: .post, headers: Self.json,
                                     body: ByteBuffer(string: #"{"source":"return 1 + 1 + 1 + 1"}"#)) { response in
                try Self.expectError(response, status: 413, code: "body_too_large", containing: "16 bytes")
            }
        }
    }

    @Test func wrongContentTypeGets415() async throws {
        try await Self.app().test(.live) { client in
            try await client.execute(uri: "/api/lua/run", method: .post, headers: [.contentType: "text/plain"],
                                     body: ByteBuffer(string: #"{"source":"return 1"}"#)) { response in
                try Self.expectError(response, status: 415, code: "unsupported_media_type", containing: "application/json")
            }
            try await client.execute(uri: "/api/stream/validate", method: .post, headers: Self.json,
                                     body: ByteBuffer(string: "{}")) { response in
                try Self.expectError(response, status: 415, code: "unsupported_media_type", containing: "video/mp2t")
            }
        }
    }

    @Test func otherOriginsAreRefusedUnlessAllowed() async throws {
        let headers: HTTPFields = [.contentType: "application/json", .origin: "https://evil.example"]
        let body = ByteBuffer(string: #"{"source":"return 1"}"#)
        try await Self.app().test(.live) { client in
            try await client.execute(uri: "/api/lua/run", method: .post, headers: headers, body: body) { response in
                try Self.expectError(response, status: 403, code: "origin_refused", containing: "evil.example")
            }
        }
        try await Self.app { $0.allowedOrigins = ["https://evil.example"] }.test(.live) { client in
            try await client.execute(uri: "/api/lua/run", method: .post, headers: headers, body: body) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func metricsCountJobsAndRefusalsInPrometheusFormat() async throws {
        try await Self.app().test(.live) { client in
            _ = try await client.execute(uri: "/api/lua/run", method: .post, headers: Self.json, body: ByteBuffer(string: #"{"source":"return 1"}"#))
            _ = try await client.execute(uri: "/api/lua/run", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x"))
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = String(buffer: response.body)
                #expect(text.contains(#"tandem_job_duration_seconds_count{kind="lua_run",outcome="ok"} 1"#))
                #expect(text.contains(#"tandem_refusals_total{code="unsupported_media_type",status="415"} 1"#))
                #expect(text.contains("tandem_jobs_queued 0"))
                #expect(text.contains("# TYPE tandem_worker_failures_total counter"))
            }
        }
    }

    @Test func unknownRouteIsAJSON404() async throws {
        try await Self.app().test(.live) { client in
            try await client.execute(uri: "/api/nope", method: .post, headers: Self.json) { response in
                try Self.expectError(response, status: 404, code: "not_found", containing: "")
            }
        }
    }

    @Test func servesThePageWithItsTypes() async throws {
        try await Self.app().test(.live) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            }
            try await client.execute(uri: "/tandem.js", method: .get) { response in
                #expect(response.headers[.contentType]?.contains("javascript") == true)
            }
        }
    }

    // MARK: helpers

    /// A JSON object from a body.
    static func object(_ body: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
    }

    /// Expects `{"error":{"status":S,"code":C,"message":"…fragment…"}}` with status S.
    static func expectError(_ response: TestResponse, status: Int, code: String, containing fragment: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        try expectError(response.head, response.body, status: status, code: code, containing: fragment, sourceLocation: sourceLocation)
    }

    static func expectError(_ head: HTTPResponse, _ body: ByteBuffer, status: Int, code: String, containing fragment: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(Int(head.status.code) == status, sourceLocation: sourceLocation)
        #expect(head.headerFields[.contentType] == "application/json", sourceLocation: sourceLocation)
        let error = try #require(try object(body)["error"] as? [String: Any], sourceLocation: sourceLocation)
        #expect(error["status"] as? Int == status, sourceLocation: sourceLocation)
        #expect(error["code"] as? String == code, sourceLocation: sourceLocation)
        let message = error["message"] as? String ?? ""
        #expect(fragment.isEmpty ? !message.isEmpty : message.contains(fragment), "message: \(message)", sourceLocation: sourceLocation)
    }

    /// `count` null packets (PID 0x1FFF, payload only), ISO/IEC 13818-1 §2.4.3.2.
    static func nullPackets(_ count: Int) -> [UInt8] {
        (0..<count).flatMap { i in [0x47, 0x1F, 0xFF, 0x10 | UInt8(i & 0x0F)] + [UInt8](repeating: 0xFF, count: 184) }
    }
}
