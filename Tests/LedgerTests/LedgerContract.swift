// The one ledger test suite, run against each store (SQLiteLedgerTests, PostgresLedgerTests):
// receipts come back byte for byte, listings are newest first with a `before` cursor, an id is
// stored once, requests (with the job they ran as) are kept only when given, and everything
// survives closing and opening the store again (migrations applied once).

import Foundation
import Testing
import TandemServer

enum LedgerContract {
    /// Opens the same store again each time it is called.
    typealias Open = @Sendable () async throws -> any Ledger

    static func record(_ n: Int, verified: Bool = true, request: [UInt8]? = nil) -> LedgerRecord {
        // Ids built from increasing times, so their order is known.
        let id = ReceiptIDForTests.make(milliseconds: 1_700_000_000_000 + UInt64(n))
        let entry = LedgerEntry(receiptID: id, kind: n % 2 == 0 ? "lua_verify" : "stream_verify", verified: verified,
                                requestDigest: "sha256:" + String(repeating: "a", count: 64),
                                claimed: "sha256:" + String(repeating: "b", count: 64),
                                actual: verified ? "sha256:" + String(repeating: "b", count: 64) : nil,
                                issuedAt: "2026-01-01T00:00:0\(n % 10)Z", keyID: "0011223344556677")
        // Receipt bytes with every byte value, to catch any text conversion on the way.
        let receipt = Array("{\"n\":\(n)}".utf8) + (0...255).map { UInt8($0) }
        let job = request.map { _ in Array(#"{"kind":"lua_verify","limits":[1,2,3,4],"stream_options":[]}"#.utf8) }
        return LedgerRecord(entry: entry, receipt: receipt, request: request, job: job)
    }

    static func storesAndReturnsBytesExactly(_ open: Open) async throws {
        let ledger = try await open()
        let records = (1...5).map { record($0, verified: $0 != 3, request: $0 == 2 ? Array("{\"source\":\"return 1\"}".utf8) + [0, 255] : nil) }
        for r in records { try await ledger.store(r) }
        for r in records {
            #expect(try await ledger.receipt(id: r.entry.receiptID) == r.receipt)
            #expect(try await ledger.request(id: r.entry.receiptID) == r.request)
            #expect(try await ledger.job(id: r.entry.receiptID) == r.job)
        }
        #expect(try await ledger.receipt(id: ReceiptIDForTests.make(milliseconds: 1)) == nil)
        try await ledger.close()
    }

    static func listsNewestFirstWithACursor(_ open: Open) async throws {
        let ledger = try await open()
        let records = (1...7).map { record($0, verified: $0 % 3 != 0) }
        for r in records.shuffled() { try await ledger.store(r) }
        let all = try await ledger.list(limit: 100, before: nil)
        #expect(all == records.reversed().map(\.entry))
        let first = try await ledger.list(limit: 3, before: nil)
        #expect(first.map(\.receiptID) == records[4...6].reversed().map(\.entry.receiptID))
        let second = try await ledger.list(limit: 3, before: first.last?.receiptID)
        #expect(second.map(\.receiptID) == records[1...3].reversed().map(\.entry.receiptID))
        let third = try await ledger.list(limit: 3, before: second.last?.receiptID)
        #expect(third.map(\.receiptID) == [records[0].entry.receiptID])
        try await ledger.close()
    }

    static func refusesADuplicateID(_ open: Open) async throws {
        let ledger = try await open()
        try await ledger.store(record(1))
        await #expect(throws: (any Error).self) { try await ledger.store(record(1)) }
        #expect(try await ledger.list(limit: 10, before: nil).count == 1)
        try await ledger.close()
    }

    static func survivesReopening(_ open: Open) async throws {
        let first = try await open()
        try await first.store(record(1))
        try await first.close()
        let second = try await open()  // migrations find the schema current and apply nothing
        try await second.store(record(2))
        #expect(try await second.receipt(id: record(1).entry.receiptID) == record(1).receipt)
        #expect(try await second.list(limit: 10, before: nil).map(\.receiptID) == [record(2), record(1)].map(\.entry.receiptID))
        try await second.close()
    }
}

/// Receipt ids at chosen times (the production generator uses the clock).
enum ReceiptIDForTests {
    static func make(milliseconds: UInt64) -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        // 10 time digits (50 bits, the top 2 zero) then 16 fixed random digits.
        var digits: [Character] = []
        var t = milliseconds
        for _ in 0..<10 { digits.insert(alphabet[Int(t & 31)], at: 0); t >>= 5 }
        return String(digits) + "0123456789ABCDEF"
    }
}
