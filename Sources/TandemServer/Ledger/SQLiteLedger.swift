// The ledger in an SQLite file (sqlite-nio), the default: `<data-dir>/ledger.sqlite`. One
// connection (sqlite-nio opens it SQLITE_OPEN_FULLMUTEX and runs every call on NIO's thread
// pool), WAL journaling so readers never wait for the writer, and a busy timeout so a second
// process on the same file waits instead of failing. Every write is one statement, so the
// shared connection needs no transactions except around migrations, which run before serving.

import Foundation
import Logging
import NIOCore
import SQLiteNIO

/// A ledger in an SQLite database file.
public final class SQLiteLedger: Ledger {
    let connection: SQLiteConnection

    private init(connection: SQLiteConnection) { self.connection = connection }

    /// Opens (creating when missing) the database at `path` and applies missing migrations.
    public static func open(path: String, logger: Logger) async throws -> SQLiteLedger {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try ServerIdentity.createPrivateDirectory(directory) }
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let ledger = SQLiteLedger(connection: connection)
        do {
            _ = try await connection.query("PRAGMA journal_mode=WAL")
            _ = try await connection.query("PRAGMA busy_timeout=5000")
            try await ledger.migrate()
        } catch {
            try? await connection.close()
            throw error
        }
        return ledger
    }

    private func migrate() async throws {
        _ = try await connection.query(LedgerSchema.createVersionTable)
        _ = try await connection.query("BEGIN IMMEDIATE")
        do {
            let rows = try await connection.query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_version")
            let current = rows.first?.column("v")?.integer ?? 0
            for migration in LedgerSchema.migrations where migration.version > current {
                for statement in migration.sqlite { _ = try await connection.query(statement) }
                _ = try await connection.query("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                                               [.integer(migration.version), .text(String(decoding: nowRFC3339(), as: UTF8.self))])
            }
            _ = try await connection.query("COMMIT")
        } catch {
            _ = try? await connection.query("ROLLBACK")
            throw error
        }
    }

    public func store(_ record: LedgerRecord) async throws {
        let e = record.entry
        _ = try await connection.query("""
            INSERT INTO receipts (receipt_id, kind, verified, request_digest, claimed, actual, issued_at, key_id, receipt, request, job)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                .text(e.receiptID), .text(e.kind), .integer(e.verified ? 1 : 0), .text(e.requestDigest), .text(e.claimed),
                e.actual.map { .text($0) } ?? .null, .text(e.issuedAt), .text(e.keyID),
                .blob(ByteBuffer(bytes: record.receipt)), record.request.map { .blob(ByteBuffer(bytes: $0)) } ?? .null,
                record.job.map { .text(String(decoding: $0, as: UTF8.self)) } ?? .null,
            ])
    }

    public func receipt(id: String) async throws -> [UInt8]? {
        let rows = try await connection.query("SELECT receipt FROM receipts WHERE receipt_id = ?", [.text(id)])
        return rows.first?.column("receipt")?.blob.map { Array(buffer: $0) }
    }

    public func request(id: String) async throws -> [UInt8]? {
        let rows = try await connection.query("SELECT request FROM receipts WHERE receipt_id = ?", [.text(id)])
        return rows.first?.column("request")?.blob.map { Array(buffer: $0) }
    }

    public func job(id: String) async throws -> [UInt8]? {
        let rows = try await connection.query("SELECT job FROM receipts WHERE receipt_id = ?", [.text(id)])
        return rows.first?.column("job")?.string.map { Array($0.utf8) }
    }

    public func storePolicy(sha256: String, source: [UInt8]) async throws {
        _ = try await connection.query("INSERT OR IGNORE INTO policies (sha256, source, registered_at) VALUES (?, ?, ?)",
                                       [.text(sha256), .blob(ByteBuffer(bytes: source)), .text(String(decoding: nowRFC3339(), as: UTF8.self))])
    }

    public func policy(sha256: String) async throws -> [UInt8]? {
        let rows = try await connection.query("SELECT source FROM policies WHERE sha256 = ?", [.text(sha256)])
        return rows.first?.column("source")?.blob.map { Array(buffer: $0) }
    }

    public func list(limit: Int, before: String?) async throws -> [LedgerEntry] {
        let columns = "receipt_id, kind, verified, request_digest, claimed, actual, issued_at, key_id"
        let rows = if let before {
            try await connection.query("SELECT \(columns) FROM receipts WHERE receipt_id < ? ORDER BY receipt_id DESC LIMIT ?",
                                       [.text(before), .integer(limit)])
        } else {
            try await connection.query("SELECT \(columns) FROM receipts ORDER BY receipt_id DESC LIMIT ?", [.integer(limit)])
        }
        return rows.map { row in
            LedgerEntry(receiptID: row.column("receipt_id")?.string ?? "", kind: row.column("kind")?.string ?? "",
                        verified: row.column("verified")?.integer == 1, requestDigest: row.column("request_digest")?.string ?? "",
                        claimed: row.column("claimed")?.string ?? "", actual: row.column("actual")?.string,
                        issuedAt: row.column("issued_at")?.string ?? "", keyID: row.column("key_id")?.string ?? "")
        }
    }

    public func close() async throws { try await connection.close() }
}
