// The ledger: one row as it is stored — the summary, the receipt's exact bytes, and the request
// body when the server keeps requests (`--store-requests`, so a result can be replayed later).

/// A receipt to store.
public struct LedgerRecord: Sendable, Equatable {
    /// The listed fields.
    public var entry: LedgerEntry
    /// The receipt, byte for byte as answered.
    public var receipt: [UInt8]
    /// The request body, when requests are kept.
    public var request: [UInt8]?

    /// A record of `receipt` described by `entry`.
    public init(entry: LedgerEntry, receipt: [UInt8], request: [UInt8]?) {
        self.entry = entry
        self.receipt = receipt
        self.request = request
    }
}
