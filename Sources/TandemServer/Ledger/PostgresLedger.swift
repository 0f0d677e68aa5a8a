// The ledger in PostgreSQL (postgres-nio), for several instances sharing one ledger:
// `--database postgres://user:password@host:port/database`. A PostgresClient pool runs in a task
// owned by the ledger (started on open, cancelled on close); migrations run in one transaction
// under an advisory lock, so instances starting together apply each migration once.
// TLS is not configured here (sslmode=disable): run it on a private network or a local socket.

import Foundation
import Logging
import NIOCore
import PostgresNIO

/// A ledger in a PostgreSQL database.
public final class PostgresLedger: Ledger {
    let client: PostgresClient
    let runTask: Task<Void, Never>
    let logger: Logger

    /// An arbitrary constant naming the migration lock (pg_advisory_xact_lock is per database).
    static let migrationLock: Int64 = 0x7461_6e64_656d  // "tandem"

    private init(client: PostgresClient, runTask: Task<Void, Never>, logger: Logger) {
        self.client = client
        self.runTask = runTask
        self.logger = logger
    }

    /// Connects to the database named by `url` (`postgres://user:password@host:port/database`)
    /// and applies missing migrations.
    public static func open(url: String, logger: Logger) async throws -> PostgresLedger {
        let client = PostgresClient(configuration: try configuration(url), backgroundLogger: logger)
        let runTask = Task { await client.run() }
        let ledger = PostgresLedger(client: client, runTask: runTask, logger: logger)
        do {
            try await ledger.migrate()
        } catch {
            runTask.cancel()
            throw error
        }
        return ledger
    }

    /// The client configuration of a `postgres://` or `postgresql://` URL.
    static func configuration(_ url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty, let user = components.user, !user.isEmpty else {
            throw LedgerError("a PostgreSQL database is postgres://user:password@host:port/database")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: components.password?.removingPercentEncoding, database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.minimumConnections = 0
        configuration.options.maximumConnections = 8
        return configuration
    }

    private func migrate() async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
            try await connection.query(PostgresQuery(unsafeSQL: LedgerSchema.createVersionTable), logger: logger)
            var current = 0
            for try await version in try await connection.query("SELECT COALESCE(MAX(version), 0) FROM schema_version", logger: logger)
                .decode(Int.self) { current = version }
            for migration in LedgerSchema.migrations where migration.version > current {
                for statement in migration.postgres { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                let appliedAt = String(decoding: nowRFC3339(), as: UTF8.self)
                try await connection.query("INSERT INTO schema_version (version, applied_at) VALUES (\(migration.version), \(appliedAt))",
                                           logger: logger)
            }
        }
    }

    public func store(_ record: LedgerRecord) async throws {
        let e = record.entry
        let receipt = ByteBuffer(bytes: record.receipt)
        let request = record.request.map { ByteBuffer(bytes: $0) }
        let job = record.job.map { String(decoding: $0, as: UTF8.self) }
        try await client.query("""
            INSERT INTO receipts (receipt_id, kind, verified, request_digest, claimed, actual, issued_at, key_id, receipt, request, job)
            VALUES (\(e.receiptID), \(e.kind), \(e.verified), \(e.requestDigest), \(e.claimed), \(e.actual), \(e.issuedAt), \(e.keyID), \(receipt), \(request), \(job))
            """, logger: logger)
    }

    public func receipt(id: String) async throws -> [UInt8]? {
        for try await bytes in try await client.query("SELECT receipt FROM receipts WHERE receipt_id = \(id)", logger: logger)
            .decode(ByteBuffer.self) { return Array(buffer: bytes) }
        return nil
    }

    public func request(id: String) async throws -> [UInt8]? {
        for try await bytes in try await client.query("SELECT request FROM receipts WHERE receipt_id = \(id)", logger: logger)
            .decode(ByteBuffer?.self) { return bytes.map { Array(buffer: $0) } }
        return nil
    }

    public func job(id: String) async throws -> [UInt8]? {
        for try await text in try await client.query("SELECT job FROM receipts WHERE receipt_id = \(id)", logger: logger)
            .decode(String?.self) { return text.map { Array($0.utf8) } }
        return nil
    }

    public func storePolicy(sha256: String, source: [UInt8]) async throws {
        let bytes = ByteBuffer(bytes: source), now = String(decoding: nowRFC3339(), as: UTF8.self)
        try await client.query("""
            INSERT INTO policies (sha256, source, registered_at) VALUES (\(sha256), \(bytes), \(now)) ON CONFLICT (sha256) DO NOTHING
            """, logger: logger)
    }

    public func policy(sha256: String) async throws -> [UInt8]? {
        for try await bytes in try await client.query("SELECT source FROM policies WHERE sha256 = \(sha256)", logger: logger)
            .decode(ByteBuffer.self) { return Array(buffer: bytes) }
        return nil
    }

    public func list(limit: Int, before: String?) async throws -> [LedgerEntry] {
        let rows = if let before {
            try await client.query("""
                SELECT receipt_id, kind, verified, request_digest, claimed, actual, issued_at, key_id FROM receipts
                WHERE receipt_id < \(before) ORDER BY receipt_id DESC LIMIT \(limit)
                """, logger: logger)
        } else {
            try await client.query("""
                SELECT receipt_id, kind, verified, request_digest, claimed, actual, issued_at, key_id FROM receipts
                ORDER BY receipt_id DESC LIMIT \(limit)
                """, logger: logger)
        }
        var entries: [LedgerEntry] = []
        for try await (id, kind, verified, request, claimed, actual, issued, key) in rows
            .decode((String, String, Bool, String, String, String?, String, String).self) {
            entries.append(LedgerEntry(receiptID: id, kind: kind, verified: verified, requestDigest: request, claimed: claimed,
                                       actual: actual, issuedAt: issued, keyID: key))
        }
        return entries
    }

    public func close() async throws { runTask.cancel() }
}
