// The ledger's schema and its migrations, one list for both stores so SQLite and PostgreSQL hold
// the same table. A `schema_version` table records each applied migration; a store applies the
// ones it lacks, in order, inside one transaction (PostgreSQL also takes an advisory lock, so two
// instances starting together do not migrate twice). Migrations are only ever appended.

/// The ledger's migrations.
enum LedgerSchema {
    /// One migration: the statements for each dialect.
    struct Migration {
        var version: Int
        var sqlite: [String]
        var postgres: [String]
    }

    /// Receipt ids sort by time (ReceiptID.swift), so the primary key is also the listing order.
    static let migrations: [Migration] = [
        Migration(version: 1, sqlite: [
            """
            CREATE TABLE receipts (
                receipt_id TEXT PRIMARY KEY NOT NULL,
                kind TEXT NOT NULL,
                verified INTEGER NOT NULL,
                request_digest TEXT NOT NULL,
                claimed TEXT NOT NULL,
                actual TEXT,
                issued_at TEXT NOT NULL,
                key_id TEXT NOT NULL,
                receipt BLOB NOT NULL,
                request BLOB
            )
            """,
        ], postgres: [
            """
            CREATE TABLE receipts (
                receipt_id TEXT PRIMARY KEY NOT NULL,
                kind TEXT NOT NULL,
                verified BOOLEAN NOT NULL,
                request_digest TEXT NOT NULL,
                claimed TEXT NOT NULL,
                actual TEXT,
                issued_at TEXT NOT NULL,
                key_id TEXT NOT NULL,
                receipt BYTEA NOT NULL,
                request BYTEA
            )
            """,
        ]),
        // The job as the server ran it (the worker header: kind, limits, stream options, claim),
        // kept with the request body so `tandem ledger replay` can run it again exactly.
        Migration(version: 2, sqlite: ["ALTER TABLE receipts ADD COLUMN job TEXT"],
                  postgres: ["ALTER TABLE receipts ADD COLUMN job TEXT"]),
        // Ingest policies registered with POST /api/policies, named by the SHA-256 of their source.
        Migration(version: 3, sqlite: ["CREATE TABLE policies (sha256 TEXT PRIMARY KEY NOT NULL, source BLOB NOT NULL, registered_at TEXT NOT NULL)"],
                  postgres: ["CREATE TABLE policies (sha256 TEXT PRIMARY KEY NOT NULL, source BYTEA NOT NULL, registered_at TEXT NOT NULL)"]),
    ]

    /// Creates the version table (both dialects accept this statement).
    static let createVersionTable = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)"

    /// The newest schema version.
    static var latest: Int { migrations.last?.version ?? 0 }
}
