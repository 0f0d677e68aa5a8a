// Receipts: verification documents the server signs (see DESIGN.md, "Receipts and ledger").
//
//   {…verification members…,"receipt_id":"…","issued_at":"<RFC 3339>","key_id":"<16 hex>",
//    "digest":"sha256:<64 hex>","signature":"ed25519:<base64 of 64 bytes>"}
//
// The digest covers every byte before its member (ResultDocument's rule, so a receipt without
// its signature is an ordinary sealed document); the signature is Ed25519 (RFC 8032) over the
// ASCII bytes of the digest value `sha256:<hex>`. The core only lays the bytes out and takes
// them apart: signing and checking signatures need a key and a crypto library, which the host
// supplies (the server with swift-crypto, the page with WebCrypto), so this stays
// dependency-free and Embedded-safe.

import Lua

/// Builds and takes apart receipts; the Ed25519 signature itself comes from the host.
public enum Receipt {
    /// The parts of a receipt a checker needs.
    public struct Parts: Equatable {
        /// The receipt without its signature member: a sealed document (check it with
        /// `ResultDocument.verify`).
        public var sealed: [UInt8]
        /// The digest value as written, `sha256:<64 hex>`: the message the signature signs.
        public var digest: [UInt8]
        /// The raw signature bytes (64 for Ed25519).
        public var signature: [UInt8]
    }

    /// The bytes that open the signature member.
    static let signaturePrefix = [UInt8](",\"signature\":\"ed25519:")

    /// Turns a sealed verification document into an unsigned receipt: inserts `receipt_id`,
    /// `issued_at` and `key_id` before the digest member and seals the result anew (the digest
    /// covers the new members too). Returns `nil` when `verification` is not a sealed document.
    ///
    /// - Parameters:
    ///   - receiptID: the receipt's id (ASCII; JSON-escaped here all the same).
    ///   - issuedAt: an RFC 3339 date-time, e.g. from `RFC3339.utc(_:)`.
    ///   - keyID: the signing key's id (first 16 hex digits of SHA-256 of the raw public key).
    public static func unsigned(verification: [UInt8], receiptID: [UInt8], issuedAt: [UInt8], keyID: [UInt8]) -> [UInt8]? {
        guard var body = ResultDocument.body(of: verification) else { return nil }
        body.removeLast()  // reopen the object: the new members follow the last one
        var w = JSONWriter()
        w.key("receipt_id"); w.string(receiptID)
        w.key("issued_at"); w.string(issuedAt)
        w.key("key_id"); w.string(keyID)
        body.append(0x2C)
        body.append(contentsOf: w.bytes)
        body.append(0x7D)
        return ResultDocument.seal(body: body)
    }

    /// The message the host signs for `unsigned`: the ASCII bytes of its digest value.
    public static func message(of unsigned: [UInt8]) -> [UInt8]? {
        VerificationDocument.digestMember(of: unsigned)
    }

    /// Appends the signature as the last member: `,"signature":"ed25519:<base64>"}`.
    public static func finish(_ unsigned: [UInt8], signature: [UInt8]) -> [UInt8] {
        var out = unsigned
        out.removeLast()  // the closing brace
        out.append(contentsOf: signaturePrefix)
        out.append(contentsOf: Base64.encode(signature))
        out.append(contentsOf: [0x22, 0x7D])
        return out
    }

    /// Splits a receipt into its sealed document, digest value and signature; `nil` when the
    /// bytes do not end in a signature member after a digest member. It does not check the
    /// digest or the signature: `ResultDocument.verify(parts.sealed)` checks the first, the
    /// host's Ed25519 the second.
    public static func parse(_ receipt: [UInt8]) -> Parts? {
        let n = receipt.count
        guard n >= signaturePrefix.count + 2, receipt[n - 1] == 0x7D, receipt[n - 2] == 0x22,
              let start = lastIndex(of: signaturePrefix, in: receipt) else { return nil }
        let encoded = Array(receipt[(start + signaturePrefix.count)..<(n - 2)])
        guard !encoded.contains(0x22), let signature = Base64.decode(encoded) else { return nil }
        var sealed = Array(receipt[0..<start])
        sealed.append(0x7D)
        guard let digest = VerificationDocument.digestMember(of: sealed) else { return nil }
        return Parts(sealed: sealed, digest: digest, signature: signature)
    }

    private static func lastIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var i = bytes.count - needle.count
        while i >= 0 {
            var match = true
            for j in 0..<needle.count where bytes[i + j] != needle[j] { match = false; break }
            if match { return i }
            i -= 1
        }
        return nil
    }
}
