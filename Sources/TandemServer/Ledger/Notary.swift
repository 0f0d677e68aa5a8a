// The notary: the server's identity and its ledger together. It turns a verification the
// worker produced into a receipt (TandemCore's Receipt layout, signed here, in the server
// process — workers never see the key), stores it, and only then lets it be answered: if the
// ledger cannot store it, the client gets 503 `ledger_unavailable`, never an unrecorded receipt.

import Logging
import TandemCore

/// Signs verifications into receipts and records them.
public final class Notary: Sendable {
    /// The signing identity.
    public let identity: ServerIdentity
    /// Where receipts are stored.
    public let ledger: any Ledger
    /// Whether request bodies are kept with their receipts (`--store-requests`).
    public let storeRequests: Bool

    /// A notary over an identity and a ledger.
    public init(identity: ServerIdentity, ledger: any Ledger, storeRequests: Bool) {
        self.identity = identity
        self.ledger = ledger
        self.storeRequests = storeRequests
    }

    /// Opens the identity and the ledger a configuration names (see ServerConfiguration).
    public static func open(_ configuration: ServerConfiguration, logger: Logger) async throws -> Notary {
        let identity = try ServerIdentity.load(keyFile: configuration.keyFile, environmentKey: configuration.key,
                                               dataDirectory: configuration.dataDirectory)
        let ledger = try await openLedger(configuration, logger: logger)
        let database = configuration.ledgerURL
        logger.info("notary ready", metadata: ["key_id": .string(identity.keyID), "ledger": .string(database.hasPrefix("sqlite:") ? database : "postgres")])
        return Notary(identity: identity, ledger: ledger, storeRequests: configuration.storeRequests)
    }

    /// Opens the ledger a configuration names (`--database`, else SQLite in the data directory).
    public static func openLedger(_ configuration: ServerConfiguration, logger: Logger) async throws -> any Ledger {
        let database = configuration.ledgerURL
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            return try await PostgresLedger.open(url: database, logger: logger)
        } else if database.hasPrefix("sqlite:") {
            return try await SQLiteLedger.open(path: String(database.dropFirst("sqlite:".count)), logger: logger)
        }
        throw LedgerError("--database must be sqlite:PATH or postgres://user:password@host:port/database")
    }

    /// Signs and records the verification in `result` (a job's 200 or 422 answer) — or, for an
    /// ingest, the stream report with its policy decision — and returns the receipt with the
    /// same status. An ingest is listed with `verified` = accepted, no claim, and the report's
    /// digest as `actual`.
    func receipt(for result: JobResult, job: Job, request: RecordedBody, logger: Logger) async throws -> JobResult {
        let kind = job.kind
        let id = ReceiptID.make()
        let issuedAt = nowRFC3339()
        guard let unsigned = Receipt.unsigned(verification: result.document, receiptID: Array(id.utf8), issuedAt: issuedAt,
                                              keyID: Array(identity.keyID.utf8)),
              let message = Receipt.message(of: unsigned) else {
            throw APIError(.internalServerError, code: "internal_error", "the verification document is not sealed")
        }
        let receipt = Receipt.finish(unsigned, signature: try identity.sign(message))
        let verification = try? JSONReader.parse(result.document)
        let isIngest = kind == .streamIngest
        let accepted = verification?["policy"]?["decision"] == .string(Array("accept".utf8))
        let actual = result.vouchedDigest(kind: kind, parsed: verification)
        let entry = LedgerEntry(
            receiptID: id, kind: kind.rawValue, verified: isIngest ? accepted : result.status == 200, requestDigest: request.digest,
            claimed: (verification?["claimed"]?.bytes).map { String(decoding: $0, as: UTF8.self) } ?? "",
            actual: actual.map { String(decoding: $0, as: UTF8.self) },
            issuedAt: String(decoding: issuedAt, as: UTF8.self), keyID: identity.keyID)
        do {
            try await ledger.store(LedgerRecord(entry: entry, receipt: receipt, request: storeRequests ? request.kept : nil,
                                                job: storeRequests ? Array(WorkerProtocol.header(for: job).dropLast()) : nil))
        } catch {
            logger.error("ledger store failed", metadata: ["receipt_id": .string(id), "error": .string(String(describing: error))])
            throw APIError(.serviceUnavailable, code: "ledger_unavailable", "the ledger cannot record receipts right now; try again",
                           retryAfter: 1)
        }
        logger.info("receipt issued", metadata: ["receipt_id": .string(id), "verified": .stringConvertible(result.status == 200)])
        return JobResult(status: result.status, document: receipt)
    }
}
