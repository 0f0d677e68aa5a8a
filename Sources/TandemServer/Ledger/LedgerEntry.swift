// The ledger: what a listing shows of one stored receipt (GET /api/receipts), without the
// receipt's bytes.

/// One receipt's summary.
public struct LedgerEntry: Sendable, Equatable {
    /// Time-ordered id (ReceiptID.swift).
    public var receiptID: String
    /// The job kind: `lua_verify` or `stream_verify`.
    public var kind: String
    /// Whether the claim held.
    public var verified: Bool
    /// `sha256:<hex>` of the request body as received.
    public var requestDigest: String
    /// The digest the client claimed.
    public var claimed: String
    /// The digest of the server's own document (`nil` only if it had none).
    public var actual: String?
    /// RFC 3339 UTC time of issue.
    public var issuedAt: String
    /// The signing key's id.
    public var keyID: String

    /// An entry with every field.
    public init(receiptID: String, kind: String, verified: Bool, requestDigest: String, claimed: String,
                actual: String?, issuedAt: String, keyID: String) {
        self.receiptID = receiptID
        self.kind = kind
        self.verified = verified
        self.requestDigest = requestDigest
        self.claimed = claimed
        self.actual = actual
        self.issuedAt = issuedAt
        self.keyID = keyID
    }
}
