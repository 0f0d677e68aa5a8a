// The ledger: one row as it is stored — the summary, the receipt's exact bytes, and the request
// body with the job it was run as when the server keeps requests (`--store-requests`, so a
// result can be replayed later: LedgerReplay.swift).

/// A receipt to store.
public struct LedgerRecord: Sendable, Equatable {
    /// The listed fields.
    public var entry: LedgerEntry
    /// The receipt, byte for byte as answered.
    public var receipt: [UInt8]
    /// The request body, when requests are kept.
    public var request: [UInt8]?
    /// The job the request was run as (a worker header line without its newline, see
    /// WorkerProtocol.swift), when requests are kept.
    public var job: [UInt8]?

    /// A record of `receipt` described by `entry`.
    public init(entry: LedgerEntry, receipt: [UInt8], request: [UInt8]?, job: [UInt8]? = nil) {
        self.entry = entry
        self.receipt = receipt
        self.request = request
        self.job = job
    }
}
