// Replaying a ledger (`tandem ledger replay`): the requests a server kept with
// `--store-requests` run again through this build's core and give the digests their receipts
// vouch for — Lua verifications whether the claim held or not, and stream verifications with the
// options they were sent with; receipts issued without kept requests are reported as such, and a
// receipt whose recorded digest is not what the request computes is reported as different.

import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TandemCore
import TandemServer

@Suite struct LedgerReplayTests {
    /// Twenty packets of a PAT that lists no program (CRC_32 computed with Python's reference
    /// loop): a stream with nothing wrong in the first two priorities, and no audio.
    static let stream: [UInt8] = (0..<20).flatMap { i -> [UInt8] in
        [0x47, 0x40, 0x00, 0x10 | UInt8(i % 16), 0x00, 0x00, 0xB0, 0x09, 0x00, 0x01, 0xC1, 0x00, 0x00, 0xEF, 0x22, 0x62, 0x17]
            + [UInt8](repeating: 0xFF, count: 188 - 17)
    }

    static func streamClaim() -> String {
        var request = StreamValidationRequest()
        try? request.set(Array("profile".utf8), Array("dvb".utf8))
        return String(decoding: VerificationDocument.digestMember(of: StreamSession.validate(stream, request: request))!, as: UTF8.self)
    }

    /// Issues three receipts (a Lua claim that holds, one that does not, a DVB stream) and
    /// returns the server's data directory.
    static func issueReceipts(storeRequests: Bool) async throws -> String {
        let directory = try LedgerEnvironment.temporaryDirectory()
        let configuration = ReceiptServerTests.configuration(dataDirectory: directory) { $0.storeRequests = storeRequests }
        try await makeApplication(configuration).test(.live) { client in
            #expect(try await ReceiptServerTests.verify(client).status == .ok)
            #expect(try await ReceiptServerTests.verify(client, claim: "sha256:" + String(repeating: "0", count: 64)).status == .unprocessableContent)
            let response = try await client.execute(uri: "/api/stream/verify?profile=dvb&digest=\(streamClaim())", method: .post,
                                                    headers: [.contentType: "video/mp2t"], body: ByteBuffer(bytes: stream))
            #expect(response.status == .ok)
        }
        return directory
    }

    static func open(_ directory: String) async throws -> SQLiteLedger {
        try await SQLiteLedger.open(path: directory + "/ledger.sqlite", logger: LedgerEnvironment.logger)
    }

    @Test func storedRequestsReplayToTheDigestsTheirReceiptsVouchFor() async throws {
        let ledger = try await Self.open(try await Self.issueReceipts(storeRequests: true))
        let outcomes = try await LedgerReplay.run(ledger)
        try await ledger.close()
        #expect(outcomes.map(\.entry.kind) == ["stream_verify", "lua_verify", "lua_verify"])
        #expect(outcomes.map(\.verdict) == [.same, .same, .same])
        #expect(outcomes.map(\.entry.verified) == [true, false, true])
    }

    @Test func receiptsWithoutTheirRequestAreReportedAsNotStored() async throws {
        let ledger = try await Self.open(try await Self.issueReceipts(storeRequests: false))
        let outcomes = try await LedgerReplay.run(ledger, limit: 2)
        try await ledger.close()
        #expect(outcomes.map(\.verdict) == [.notStored, .notStored])
    }

    @Test func aRecordedDigestTheRequestDoesNotComputeIsReportedAsDifferent() async throws {
        let directory = try await Self.issueReceipts(storeRequests: true)
        let ledger = try await Self.open(directory)
        let real = try #require(try await ledger.list(limit: 1, before: nil).first)
        // The same request and job under a new id, recorded with another digest (as if an older
        // core had computed another document).
        var entry = real
        entry.receiptID = ReceiptIDForTests.make(milliseconds: UInt64(Date().timeIntervalSince1970 * 1000) + 60_000)
        entry.actual = "sha256:" + String(repeating: "1", count: 64)
        try await ledger.store(LedgerRecord(entry: entry, receipt: [0x7B, 0x7D], request: try await ledger.request(id: real.receiptID),
                                            job: try await ledger.job(id: real.receiptID)))
        let outcomes = try await LedgerReplay.run(ledger, limit: 1)
        try await ledger.close()
        #expect(outcomes.first?.verdict == .different(now: real.actual))
    }
}
