// The ledger contract (LedgerContract.swift) against a real SQLite file in a temporary folder,
// plus what only the file store has: the folder is created private.

import Foundation
import Testing
import TandemServer

@Suite struct SQLiteLedgerTests {
    static func store() throws -> LedgerContract.Open {
        let path = try LedgerEnvironment.temporaryDirectory("sqlite") + "/data/ledger.sqlite"
        return { try await SQLiteLedger.open(path: path, logger: LedgerEnvironment.logger) }
    }

    @Test func storesAndReturnsBytesExactly() async throws { try await LedgerContract.storesAndReturnsBytesExactly(Self.store()) }
    @Test func listsNewestFirstWithACursor() async throws { try await LedgerContract.listsNewestFirstWithACursor(Self.store()) }
    @Test func refusesADuplicateID() async throws { try await LedgerContract.refusesADuplicateID(Self.store()) }
    @Test func survivesReopening() async throws { try await LedgerContract.survivesReopening(Self.store()) }

    @Test func createsItsFolderPrivate() async throws {
        let folder = try LedgerEnvironment.temporaryDirectory("sqlite") + "/private"
        let ledger = try await SQLiteLedger.open(path: folder + "/ledger.sqlite", logger: LedgerEnvironment.logger)
        try await ledger.close()
        let mode = try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }
}
