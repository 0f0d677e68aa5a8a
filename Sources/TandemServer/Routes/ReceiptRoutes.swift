// The server's identity and its ledger, read-only:
//
//   GET /api/identity                       → {"kind":"identity","version":1,"algorithm":"ed25519",
//                                              "public_key":"<base64>","key_id":"<16 hex>"}
//   GET /api/receipts/{receipt_id}          → the stored receipt, byte for byte (404 not_found)
//   GET /api/receipts?limit=N&before=ID     → {"kind":"receipts","version":1,"receipts":[…],"next":ID|null}
//
// Listings are newest first; `limit` defaults to 20 and is capped at 100; `next` is the `before`
// of the following page. Receipts are public by design: anyone holding an id can fetch it and
// check it against the identity's key (RFC 8032 Ed25519).

import Hummingbird
import TandemCore

/// Registers the identity and receipt routes.
struct ReceiptRoutes: Sendable {
    let notary: Notary
    static let defaultLimit = 20
    static let maxLimit = 100

    func register(on router: Router<TandemRequestContext>) {
        let identity = notary.identity.document
        router.get("api/identity") { _, _ in jsonResponse(identity) }
        router.get("api/receipts/:id") { _, context in
            let id = context.parameters.get("id") ?? ""
            let receipt = ReceiptID.isWellFormed(Substring(id)) ? try await ledger({ try await notary.ledger.receipt(id: id) }) : nil
            guard let receipt else { throw APIError(.notFound, code: "not_found", "no receipt \(id)") }
            return jsonResponse(receipt)
        }
        router.get("api/receipts") { request, _ in
            let query = request.uri.queryParameters
            var limit = Self.defaultLimit
            if let text = query["limit"] {
                guard let n = Int(text), n > 0 else { throw APIError(.badRequest, code: "invalid_request", "limit must be a positive integer") }
                limit = min(n, Self.maxLimit)
            }
            let before = query["before"].map(String.init)
            if let before, !ReceiptID.isWellFormed(Substring(before)) {
                throw APIError(.badRequest, code: "invalid_request", "before must be a receipt id")
            }
            let entries = try await ledger({ try await notary.ledger.list(limit: limit, before: before) })
            return jsonResponse(Self.listing(entries, limit: limit))
        }
    }

    /// Runs a ledger read; a failing store is 503 `ledger_unavailable`, like a failing write.
    func ledger<T>(_ read: () async throws -> T) async throws -> T {
        do { return try await read() } catch {
            throw APIError(.serviceUnavailable, code: "ledger_unavailable", "the ledger cannot be read right now; try again", retryAfter: 1)
        }
    }

    /// The listing document.
    static func listing(_ entries: [LedgerEntry], limit: Int) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("kind", "receipts")
        w.field("version", 1)
        w.key("receipts")
        w.beginArray()
        for e in entries {
            w.beginObject()
            w.key("receipt_id"); w.string(e.receiptID)
            w.key("kind"); w.string(e.kind)
            w.field("verified", e.verified)
            w.key("claimed"); w.string(e.claimed)
            w.key("actual"); if let actual = e.actual { w.string(actual) } else { w.null() }
            w.key("request_digest"); w.string(e.requestDigest)
            w.key("issued_at"); w.string(e.issuedAt)
            w.key("key_id"); w.string(e.keyID)
            w.endObject()
        }
        w.endArray()
        w.key("next")
        if entries.count == limit, let last = entries.last { w.string(last.receiptID) } else { w.null() }
        w.endObject()
        return w.bytes
    }
}
