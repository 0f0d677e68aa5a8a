// What the ledger tests need from outside: a PostgreSQL server (TANDEM_TEST_POSTGRES, started
// by Tests/Support/postgres.sh under `make test-ledger`), a Python with `cryptography` as an
// independent Ed25519 implementation (TANDEM_TEST_PYTHON, the Makefile's venv), and the built
// `tandem` binary. Under `make test-ledger` TANDEM_TEST_REQUIRE=1 is set, so a missing one
// FAILS the tests that need it; run by hand, those tests are disabled with the reason shown.

import Foundation
import Logging
import PostgresNIO
import TandemServer

enum LedgerEnvironment {
    static let environment = ProcessInfo.processInfo.environment
    /// `make test-ledger` sets this: nothing may be missing.
    static let required = environment["TANDEM_TEST_REQUIRE"] == "1"
    /// The throwaway cluster's URL, e.g. postgres://tandem@127.0.0.1:54329/tandem.
    static let postgresURL = environment["TANDEM_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    /// A Python with the `cryptography` package.
    static let python = environment["TANDEM_TEST_PYTHON"] ?? ".venv/bin/python"
    static let tandem = ".build/debug/tandem"

    /// Tests needing PostgreSQL run when it is there, and also when it is required (to fail).
    static let postgresEnabled = postgresURL != nil || required
    static let pythonEnabled = FileManager.default.isExecutableFile(atPath: python) || required
    static let tandemEnabled = FileManager.default.isExecutableFile(atPath: tandem) || required

    static let logger: Logger = {
        var logger = Logger(label: "ledger-tests")
        logger.logLevel = .warning
        return logger
    }()

    /// The PostgreSQL URL, or an error saying how to get one.
    static func requirePostgres() throws -> String {
        guard let postgresURL else {
            throw TestEnvironmentError("TANDEM_TEST_POSTGRES is not set: run `make test-ledger`, which starts a throwaway PostgreSQL cluster")
        }
        return postgresURL
    }

    /// A new empty folder under the temporary directory.
    static func temporaryDirectory(_ name: String = "ledger") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The URL of a new, empty database on the test server, so each test starts from
    /// migration 1 and tests can run in parallel.
    static func freshPostgresDatabase() async throws -> String {
        let base = try requirePostgres()
        guard var components = URLComponents(string: base) else { throw TestEnvironmentError("bad TANDEM_TEST_POSTGRES: \(base)") }
        let name = "tandem_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let client = PostgresClient(configuration: .init(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: String(components.path.dropFirst()), tls: .disable), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
            group.cancelAll()
        }
        components.path = "/" + name
        return components.string!
    }
}

struct TestEnvironmentError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
