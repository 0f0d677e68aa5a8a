// Ingest over HTTP (issue "Ingest policies"): POST /api/stream/ingest validates the uploaded
// bytes, runs the named policy (a preset, or one registered with POST /api/policies under the
// SHA-256 of its source) and answers a signed receipt of the report with its decision, which the
// ledger keeps and can replay. The decisions expected follow the presets' written rules for a
// stream that carries only a valid PAT listing no program: nothing in priorities 1 and 2 (so
// broadcast-strict accepts) and no audio (so web-upload rejects).

import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TandemCore
import TandemServer
import TestSupport

@Suite struct IngestServerTests {
    static let mp2t: HTTPFields = [.contentType: "video/mp2t"]

    static func ingest(_ client: some TestClientProtocol, policy: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/stream/ingest?policy=\(policy)", method: .post, headers: mp2t,
                                 body: ByteBuffer(bytes: LedgerReplayTests.stream))
    }

    static func register(_ client: some TestClientProtocol, _ source: String) async throws -> TestResponse {
        var w = JSONWriter()
        w.beginObject()
        w.key("source")
        w.string(source)
        w.endObject()
        return try await client.execute(uri: "/api/policies", method: .post, headers: ReceiptServerTests.json, body: ByteBuffer(bytes: w.bytes))
    }

    static func decision(_ receipt: [UInt8]) throws -> JSONValue? { try JSONReader.parse(receipt)["policy"]?["decision"] }

    @Test func aPresetIngestIsAnsweredWithASignedReceiptOfItsDecision() async throws {
        let directory = try LedgerEnvironment.temporaryDirectory()
        let configuration = ReceiptServerTests.configuration(dataDirectory: directory) { $0.storeRequests = true }
        try await makeApplication(configuration).test(.live) { client in
            let key = try await ReceiptServerTests.publicKey(client)
            for (preset, expected) in [("web-upload", "reject"), ("broadcast-strict", "accept")] {
                let response = try await Self.ingest(client, policy: preset)
                #expect(response.status == .ok)
                let receipt = Array(buffer: response.body)
                #expect(try Self.decision(receipt) == .string(Array(expected.utf8)), "\(preset)")
                #expect(ReceiptVerifier.check(receipt, publicKey: key) == .valid(keyID: ServerIdentity.keyID(of: key)))
            }
            let listed = try JSONReader.parse(Array(buffer: try await client.execute(uri: "/api/receipts", method: .get).body))
            guard case .array(let items)? = listed["receipts"] else { Issue.record("no receipts listed"); return }
            #expect(items.map { $0["kind"] } == Array(repeating: .string(Array("stream_ingest".utf8)), count: 2))
            #expect(items.map { $0["verified"] } == [.bool(true), .bool(false)])  // newest first: accepted, rejected
        }
        let ledger = try await LedgerReplayTests.open(directory)
        let outcomes = try await LedgerReplay.run(ledger)
        try await ledger.close()
        #expect(outcomes.map(\.verdict) == [.same, .same])
    }

    @Test func aRegisteredPolicyIsNamedByTheSHA256OfItsSource() async throws {
        let directory = try LedgerEnvironment.temporaryDirectory()
        try await makeApplication(ReceiptServerTests.configuration(dataDirectory: directory)).test(.live) { client in
            let source = "local report = ... return 'review', 'PIDs: ' .. #report.pids"
            let sha = try sha256sum(source)
            let registered = try await Self.register(client, source)
            #expect(registered.status == .ok)
            #expect(String(buffer: registered.body) == #"{"kind":"policy","version":1,"sha256":"\#(sha)","name":"sha256:\#(sha)"}"#)
            #expect(try await Self.register(client, source).status == .ok)  // again: the same name
            let response = try await Self.ingest(client, policy: "sha256:" + sha)
            #expect(response.status == .ok)
            let policy = try JSONReader.parse(Array(buffer: response.body))["policy"]
            #expect(policy?["decision"] == .string(Array("review".utf8)))
            #expect(policy?["messages"] == .array([.string(Array("PIDs: 1".utf8))]))
            #expect(policy?["source_sha256"] == .string(Array(sha.utf8)))
        }
    }

    @Test func refusalsAreJSONErrors() async throws {
        let directory = try LedgerEnvironment.temporaryDirectory()
        try await makeApplication(ReceiptServerTests.configuration(dataDirectory: directory)).test(.live) { client in
            let unknown = try await Self.ingest(client, policy: "sha256:" + String(repeating: "a", count: 64))
            #expect(unknown.status == .notFound)
            #expect(String(buffer: unknown.body).contains(#""code":"unknown_policy""#))
            let noPolicy = try await client.execute(uri: "/api/stream/ingest", method: .post, headers: Self.mp2t,
                                                    body: ByteBuffer(bytes: LedgerReplayTests.stream))
            #expect(noPolicy.status == .badRequest)
            #expect(try await Self.ingest(client, policy: "lenient").status == .badRequest)
            let broken = try await Self.register(client, "return 'accept' +")
            #expect(broken.status == .badRequest)
            #expect(String(buffer: broken.body).contains("does not compile"))
        }
    }
}

/// The lowercase hex SHA-256 of `text` by sha256sum (an independent implementation).
private func sha256sum(_ text: String) throws -> String {
    String(try ProcessRunner.run("sha256sum", input: Array(text.utf8)).output.prefix(64))
}
