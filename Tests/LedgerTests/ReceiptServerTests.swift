// Receipts as a client sees them, over a real socket: a verification is answered with a receipt
// whose signature checks with the key from /api/identity (here with swift-crypto, and with
// Python's `cryptography` as an independent Ed25519 implementation); a wrong claim is receipted
// too (422); the ledger serves receipts byte for byte and lists them; after a restart on the same
// data directory the key and the old receipts are the same; a ledger that cannot store makes the
// server answer 503 `ledger_unavailable`, not an unrecorded receipt; and two instances sharing a
// PostgreSQL database and a key serve each other's receipts.

import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import TandemCore
import TandemServer
import TestSupport

@Suite struct ReceiptServerTests {
    static let json: HTTPFields = [.contentType: "application/json"]
    static let request = #"{"source":"local s=0 for l in io.lines() do s=s+tonumber(l) end return s","input":"1\n2\n3\n"}"#

    static func configuration(dataDirectory: String, _ change: (inout ServerConfiguration) -> Void = { _ in }) -> ServerConfiguration {
        var c = ServerConfiguration()
        c.port = 0
        c.workers = 0
        c.dataDirectory = dataDirectory
        change(&c)
        return c
    }

    /// The verification request body for `request` with a claimed digest (the right one by default).
    static func verifyBody(claim: String? = nil) -> String {
        let digest = claim ?? String(decoding: VerificationDocument.digestMember(of: LuaSession.answer(requestJSON: Array(request.utf8)))!, as: UTF8.self)
        return #"{"request":\#(request),"digest":"\#(digest)"}"#
    }

    static func verify(_ client: some TestClientProtocol, claim: String? = nil) async throws -> TestResponse {
        try await client.execute(uri: "/api/lua/verify", method: .post, headers: json, body: ByteBuffer(string: verifyBody(claim: claim)))
    }

    static func publicKey(_ client: some TestClientProtocol) async throws -> [UInt8] {
        let response = try await client.execute(uri: "/api/identity", method: .get)
        let identity = try JSONReader.parse(Array(buffer: response.body))
        return try #require(identity["public_key"]?.bytes.flatMap { Base64.decode($0) })
    }

    static func receiptID(_ receipt: [UInt8]) throws -> String {
        try #require(try JSONReader.parse(receipt)["receipt_id"]?.bytes.map { String(decoding: $0, as: UTF8.self) })
    }

    @Test func identityDocumentHasTheIssuesShape() async throws {
        let directory = try LedgerEnvironment.temporaryDirectory()
        try await makeApplication(Self.configuration(dataDirectory: directory)).test(.live) { client in
            let response = try await client.execute(uri: "/api/identity", method: .get)
            #expect(response.status == .ok)
            let key = try await Self.publicKey(client)
            #expect(key.count == 32)
            let expected = #"{"kind":"identity","version":1,"algorithm":"ed25519","public_key":""#
                + String(decoding: Base64.encode(key), as: UTF8.self) + #"","key_id":""# + ServerIdentity.keyID(of: key) + #""}"#
            #expect(String(buffer: response.body) == expected)
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/identity.key")
        #expect(attributes[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int == 0o700)
    }

    @Test func aCorrectClaimGetsASignedReceiptThatAnyEd25519Checks() async throws {
        let directory = try LedgerEnvironment.temporaryDirectory()
        try await makeApplication(Self.configuration(dataDirectory: directory)).test(.live) { client in
            let response = try await Self.verify(client)
            #expect(response.status == .ok)
            let receipt = Array(buffer: response.body)
            let key = try await Self.publicKey(client)
            #expect(ReceiptVerifier.check(receipt, publicKey: key) == .valid(keyID: ServerIdentity.keyID(of: key)))
            let json = try JSONReader.parse(receipt)
            #expect(json["kind"]?.bytes == Array("verification".utf8))
            #expect(json["verified"]?.boolValue == true)
            // The request's input is part of what the receipt vouches for (its size and SHA-256).
            #expect(json["document"]?["request"]?["input_bytes"]?.int64 == 6)
            // The member order of the issue: …, receipt_id, issued_at, key_id, digest, signature.
            let text = String(decoding: receipt, as: UTF8.self)
            let order = ["\"document\":", "\"receipt_id\":", "\"issued_at\":", "\"key_id\":", "\"digest\":", "\"signature\":\"ed25519:"]
            let positions = order.map { text.range(of: $0, options: .backwards)?.lowerBound }
            #expect(!positions.contains(nil))
            #expect(positions.compactMap { $0 }.sorted() == positions.compactMap { $0 })
        }
    }

    @Test(.enabled(if: LedgerEnvironment.pythonEnabled, "needs the Makefile's venv with `cryptography` (make python)"))
    func pythonCryptographyChecksTheServersReceipts() async throws {
        let directory = try LedgerEnvironment.temporaryDirectory()
        try await makeApplication(Self.configuration(dataDirectory: directory)).test(.live) { client in
            let key = try await Self.publicKey(client)
            try PythonEd25519.expectValid(receipt: Array(buffer: try await Self.verify(client).body), publicKey: key)
            let mismatch = try await Self.verify(client, claim: "sha256:" + String(repeating: "3", count: 64))
            try PythonEd25519.expectValid(receipt: Array(buffer: mismatch.body), publicKey: key)
        }
    }

    @Test(.enabled(if: LedgerEnvironment.tandemEnabled, "needs .build/debug/tandem (swift build --product tandem)"))
    func tandemReceiptVerifyFetchesTheServersIdentity() async throws {
        let directory = try LedgerEnvironment.temporaryDirectory()
        try await makeApplication(Self.configuration(dataDirectory: directory)).test(.live) { client in
            let port = try #require(client.port)
            let receipt = Array(buffer: try await Self.verify(client).body)
            let file = directory + "/receipt.json"
            try Data(receipt).write(to: URL(fileURLWithPath: file))
            let identity = "http://127.0.0.1:\(port)/api/identity"
            let good = try ProcessRunner.run(LedgerEnvironment.tandem, ["receipt", "verify", file, "--identity", identity])
            #expect(good.status == 0, "\(good.errors)")
            #expect(good.output == "valid receipt signed by \(ServerIdentity.keyID(of: try await Self.publicKey(client)))\n")
            try Data(ReceiptCheckTests.flipVerdict(receipt)).write(to: URL(fileURLWithPath: file))
            let tampered = try ProcessRunner.run(LedgerEnvironment.tandem, ["receipt", "verify", file, "--identity", identity])
            #expect(tampered.status == 1)
            #expect(tampered.errors.contains("digest mismatch"))
        }
    }

    @Test func aWrongClaimIsReceiptedWith422() async throws {
        let directory = try LedgerEnvironment.temporaryDirectory()
        try await makeApplication(Self.configuration(dataDirectory: directory)).test(.live) { client in
            let response = try await Self.verify(client, claim: "sha256:" + String(repeating: "0", count: 64))
            #expect(response.status == .unprocessableContent)
            let receipt = Array(buffer: response.body)
            #expect(try JSONReader.parse(receipt)["verified"]?.boolValue == false)
            #expect(ReceiptVerifier.check(receipt, publicKey: try await Self.publicKey(client)) == .valid(keyID: try #require(
                try JSONReader.parse(receipt)["key_id"]?.bytes.map { String(decoding: $0, as: UTF8.self) })))
            let stored = try await client.execute(uri: "/api/receipts/\(try Self.receiptID(receipt))", method: .get)
            #expect(Array(buffer: stored.body) == receipt)
        }
    }

    @Test func streamVerificationsAreReceiptedToo() async throws {
        let directory = try LedgerEnvironment.temporaryDirectory()
        try await makeApplication(Self.configuration(dataDirectory: directory)).test(.live) { client in
            var packets: [UInt8] = []
            for _ in 0..<10 { packets += [0x47, 0x1F, 0xFF, 0x10] + [UInt8](repeating: 0xFF, count: 184) }
            let response = try await client.execute(uri: "/api/stream/verify?digest=sha256:" + String(repeating: "f", count: 64),
                                                    method: .post, headers: [.contentType: "video/mp2t"], body: ByteBuffer(bytes: packets))
            #expect(response.status == .unprocessableContent)
            let receipt = Array(buffer: response.body)
            guard case .valid = ReceiptVerifier.check(receipt, publicKey: try await Self.publicKey(client)) else {
                Issue.record("stream receipt does not check"); return
            }
            let list = try JSONReader.parse(Array(buffer: try await client.execute(uri: "/api/receipts", method: .get).body))
            guard case .array(let entries)? = list["receipts"] else { Issue.record("no receipts array"); return }
            #expect(entries.first?["kind"]?.bytes == Array("stream_verify".utf8))
            #expect(entries.first?["request_digest"]?.bytes == Array(("sha256:" + TandemCore.SHA256.hex(TandemCore.SHA256.hash(packets))).utf8))
        }
    }

    @Test func listingIsNewestFirstAndPaged() async throws {
        let directory = try LedgerEnvironment.temporaryDirectory()
        try await makeApplication(Self.configuration(dataDirectory: directory)).test(.live) { client in
            var ids: [String] = []
            for i in 0..<3 {
                let response = try await Self.verify(client, claim: i == 1 ? "sha256:" + String(repeating: "1", count: 64) : nil)
                ids.append(try Self.receiptID(Array(buffer: response.body)))
                try await Task.sleep(for: .milliseconds(2))  // distinct milliseconds, so the id order is the issue order
            }
            let page = try JSONReader.parse(Array(buffer: try await client.execute(uri: "/api/receipts?limit=2", method: .get).body))
            guard case .array(let first)? = page["receipts"] else { Issue.record("no receipts array"); return }
            #expect(first.compactMap { $0["receipt_id"]?.bytes.map { String(decoding: $0, as: UTF8.self) } } == [ids[2], ids[1]])
            #expect(first[1]["verified"]?.boolValue == false)
            #expect(page["next"]?.bytes == Array(ids[1].utf8))
            let rest = try JSONReader.parse(Array(buffer: try await client.execute(uri: "/api/receipts?limit=2&before=\(ids[1])", method: .get).body))
            guard case .array(let second)? = rest["receipts"] else { Issue.record("no receipts array"); return }
            #expect(second.compactMap { $0["receipt_id"]?.bytes.map { String(decoding: $0, as: UTF8.self) } } == [ids[0]])
            #expect(rest["next"] == .null)
            for bad in ["/api/receipts?limit=0", "/api/receipts?limit=x", "/api/receipts?before=nope"] {
                let response = try await client.execute(uri: bad, method: .get)
                #expect(response.status == .badRequest, "\(bad)")
            }
            let missing = try await client.execute(uri: "/api/receipts/" + ReceiptIDForTests.make(milliseconds: 5), method: .get)
            #expect(missing.status == .notFound)
            #expect(String(buffer: missing.body).contains(#""code":"not_found""#))
        }
    }

    @Test func aRestartKeepsTheKeyAndTheReceiptsByteForByte() async throws {
        let directory = try LedgerEnvironment.temporaryDirectory()
        let configuration = Self.configuration(dataDirectory: directory) { $0.storeRequests = true }
        let (key, receipt) = try await makeApplication(configuration).test(.live) { client in
            (try await Self.publicKey(client), Array(buffer: try await Self.verify(client).body))
        }
        try await makeApplication(configuration).test(.live) { client in
            #expect(try await Self.publicKey(client) == key)
            let stored = try await client.execute(uri: "/api/receipts/\(try Self.receiptID(receipt))", method: .get)
            #expect(stored.status == .ok)
            #expect(Array(buffer: stored.body) == receipt)
        }
        // --store-requests kept the request: replaying it gives the same verification.
        let ledger = try await SQLiteLedger.open(path: directory + "/ledger.sqlite", logger: LedgerEnvironment.logger)
        let request = try #require(try await ledger.request(id: try Self.receiptID(receipt)))
        try await ledger.close()
        #expect(request == Array(Self.verifyBody().utf8))
    }

    @Test func aLedgerThatCannotStoreAnswers503AndNoReceipt() async throws {
        let directory = try LedgerEnvironment.temporaryDirectory()
        let identity = try ServerIdentity.load(keyFile: nil, environmentKey: nil, dataDirectory: directory)
        let notary = Notary(identity: identity, ledger: FailingLedger(), storeRequests: false)
        try await makeApplication(Self.configuration(dataDirectory: directory), notary: notary).test(.live) { client in
            let response = try await Self.verify(client)
            #expect(response.status == .serviceUnavailable)
            let body = String(buffer: response.body)
            #expect(body.contains(#""code":"ledger_unavailable""#))
            #expect(!body.contains("signature"))
            let list = try await client.execute(uri: "/api/receipts", method: .get)
            #expect(list.status == .serviceUnavailable)
        }
    }

    @Test func aDatabaseOfAnotherKindIsRefusedAtStart() async throws {
        let directory = try LedgerEnvironment.temporaryDirectory()
        for database in ["mysql://x@y/z", "ledger.sqlite", "postgres://@host/db"] {
            await #expect(throws: LedgerError.self, "\(database)") {
                _ = try await Notary.open(Self.configuration(dataDirectory: directory) { $0.database = database }, logger: LedgerEnvironment.logger)
            }
        }
    }

    @Test func keysComeFromTheKeyFileThenTheEnvironmentThenTheDataDirectory() throws {
        let directory = try LedgerEnvironment.temporaryDirectory()
        let a = ServerIdentity(privateKey: .init()), b = ServerIdentity(privateKey: .init())
        let keyFile = directory + "/a.key"
        try (a.privateKeyBase64 + "\n").write(toFile: keyFile, atomically: true, encoding: .utf8)
        #expect(try ServerIdentity.load(keyFile: keyFile, environmentKey: b.privateKeyBase64, dataDirectory: directory + "/d").keyID == a.keyID)
        #expect(try ServerIdentity.load(keyFile: nil, environmentKey: b.privateKeyBase64, dataDirectory: directory + "/d").keyID == b.keyID)
        let created = try ServerIdentity.load(keyFile: nil, environmentKey: nil, dataDirectory: directory + "/d")
        #expect(try ServerIdentity.load(keyFile: nil, environmentKey: nil, dataDirectory: directory + "/d").keyID == created.keyID)
        #expect(created.keyID != a.keyID && created.keyID != b.keyID)
        #expect(throws: IdentityError.self) { try ServerIdentity(base64: "not a key") }
    }

    @Test(.enabled(if: LedgerEnvironment.postgresEnabled, "needs TANDEM_TEST_POSTGRES=postgres://… (make test-ledger starts a server)"))
    func twoInstancesSharingPostgresAndAKeyServeEachOthersReceipts() async throws {
        let url = try await LedgerEnvironment.freshPostgresDatabase()
        let key = ServerIdentity(privateKey: .init()).privateKeyBase64
        func configuration() throws -> ServerConfiguration {
            Self.configuration(dataDirectory: try LedgerEnvironment.temporaryDirectory()) { $0.database = url; $0.key = key }
        }
        let a = try await makeApplication(try configuration()), b = try await makeApplication(try configuration())
        try await a.test(.live) { clientA in
            try await b.test(.live) { clientB in
                let fromA = Array(buffer: try await Self.verify(clientA).body)
                let fromB = Array(buffer: try await Self.verify(clientB, claim: "sha256:" + String(repeating: "2", count: 64)).body)
                #expect(try await Self.publicKey(clientA) == Self.publicKey(clientB))
                let aServesB = try await clientA.execute(uri: "/api/receipts/\(try Self.receiptID(fromB))", method: .get)
                let bServesA = try await clientB.execute(uri: "/api/receipts/\(try Self.receiptID(fromA))", method: .get)
                #expect(Array(buffer: aServesB.body) == fromB)
                #expect(Array(buffer: bServesA.body) == fromA)
                let listed = try JSONReader.parse(Array(buffer: try await clientA.execute(uri: "/api/receipts", method: .get).body))
                guard case .array(let entries)? = listed["receipts"] else { Issue.record("no receipts array"); return }
                #expect(entries.count == 2)
            }
        }
    }
}

/// A ledger whose database is down.
struct FailingLedger: Ledger {
    struct Down: Error {}
    func store(_ record: LedgerRecord) async throws { throw Down() }
    func receipt(id: String) async throws -> [UInt8]? { throw Down() }
    func request(id: String) async throws -> [UInt8]? { throw Down() }
    func job(id: String) async throws -> [UInt8]? { throw Down() }
    func storePolicy(sha256: String, source: [UInt8]) async throws { throw Down() }
    func policy(sha256: String) async throws -> [UInt8]? { throw Down() }
    func list(limit: Int, before: String?) async throws -> [LedgerEntry] { throw Down() }
    func close() async throws {}
}
