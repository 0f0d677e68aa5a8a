// The ledger: an error in its configuration (an unreadable `--database` value), for the
// operator. Failures of a store at run time surface as the database library's errors and are
// answered as 503 `ledger_unavailable` (Notary.swift).

/// A ledger that cannot be configured.
public struct LedgerError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    init(_ description: String) { self.description = description }
}
