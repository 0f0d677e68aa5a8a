// The ledger contract (LedgerContract.swift) against a real PostgreSQL server: each test gets its
// own new database on the cluster TANDEM_TEST_POSTGRES names (Tests/Support/postgres.sh starts
// one for `make test-ledger`, where a missing server fails these tests instead of skipping them).

import Testing
import TandemServer

@Suite(.enabled(if: LedgerEnvironment.postgresEnabled, "needs TANDEM_TEST_POSTGRES=postgres://… (make test-ledger starts a server)"))
struct PostgresLedgerTests {
    static func store() async throws -> LedgerContract.Open {
        let url = try await LedgerEnvironment.freshPostgresDatabase()
        return { try await PostgresLedger.open(url: url, logger: LedgerEnvironment.logger) }
    }

    @Test func storesAndReturnsBytesExactly() async throws { try await LedgerContract.storesAndReturnsBytesExactly(Self.store()) }
    @Test func listsNewestFirstWithACursor() async throws { try await LedgerContract.listsNewestFirstWithACursor(Self.store()) }
    @Test func refusesADuplicateID() async throws { try await LedgerContract.refusesADuplicateID(Self.store()) }
    @Test func survivesReopening() async throws { try await LedgerContract.survivesReopening(Self.store()) }

    @Test func instancesStartingTogetherMigrateOnce() async throws {
        let url = try await LedgerEnvironment.freshPostgresDatabase()
        let ledgers = try await withThrowingTaskGroup(of: (any Ledger).self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresLedger.open(url: url, logger: LedgerEnvironment.logger) } }
            return try await group.reduce(into: [any Ledger]()) { $0.append($1) }
        }
        try await ledgers[0].store(LedgerContract.record(1))
        for ledger in ledgers {
            #expect(try await ledger.receipt(id: LedgerContract.record(1).entry.receiptID) == LedgerContract.record(1).receipt)
            try await ledger.close()
        }
    }
}
