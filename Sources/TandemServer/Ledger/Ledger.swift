// The ledger: where every receipt is stored before it is answered (DESIGN.md, "Receipts and
// ledger"). Two stores implement it with one schema (LedgerSchema.swift): SQLite in the data
// directory for one instance, PostgreSQL for several instances behind a load balancer.

/// Stores receipts and finds them again.
public protocol Ledger: Sendable {
    /// Stores one receipt; throws when it cannot be stored (then the receipt must not be answered).
    func store(_ record: LedgerRecord) async throws
    /// The receipt's bytes as stored, or `nil` for an unknown id.
    func receipt(id: String) async throws -> [UInt8]?
    /// The request body stored with the receipt (`--store-requests`), or `nil`.
    func request(id: String) async throws -> [UInt8]?
    /// The job stored with the request (a worker header line), or `nil`.
    func job(id: String) async throws -> [UInt8]?
    /// Stores an ingest policy under the hex SHA-256 of its source (storing it again is no error).
    func storePolicy(sha256: String, source: [UInt8]) async throws
    /// The source of the policy registered under `sha256`, or `nil`.
    func policy(sha256: String) async throws -> [UInt8]?
    /// At most `limit` entries, newest first, older than `before` when given.
    func list(limit: Int, before: String?) async throws -> [LedgerEntry]
    /// Closes the store's connections.
    func close() async throws
}
