// Checking a receipt, the way any third party would (RFC 8032 Ed25519 through swift-crypto):
// take it apart (TandemCore's Receipt.parse), recompute the digest over everything before its
// member, check that the receipt names the key's id, then check the signature over the digest
// value's ASCII bytes. `tandem receipt verify` and the tests use this; the page does the same
// with WebCrypto (web/receipts.js).

import Crypto
import TandemCore

/// Checks receipts against a public key.
public enum ReceiptVerifier {
    /// Why a receipt does not check, or which key signed it.
    public enum Outcome: Equatable, Sendable {
        /// Digest, key id and signature all hold.
        case valid(keyID: String)
        /// Not a receipt: no digest or signature member where they belong, or not JSON.
        case malformed(String)
        /// The content was changed after it was sealed.
        case digestMismatch
        /// The receipt names another key than the one it is checked with.
        case wrongKeyID(receipt: String, key: String)
        /// The signature does not match the digest under this key.
        case badSignature

        /// One line for people.
        public var description: String {
            switch self {
            case .valid(let keyID): "valid receipt signed by \(keyID)"
            case .malformed(let why): "malformed receipt: \(why)"
            case .digestMismatch: "digest mismatch: the receipt was changed after it was signed"
            case .wrongKeyID(let receipt, let key): "wrong key id: the receipt names \(receipt), the key is \(key)"
            case .badSignature: "bad signature: it does not match the digest under this key"
            }
        }
    }

    /// Checks `receipt` against the raw 32-byte Ed25519 `publicKey`.
    public static func check(_ receipt: [UInt8], publicKey: [UInt8]) -> Outcome {
        guard let parts = Receipt.parse(receipt) else { return .malformed("no digest and signature members at its end") }
        guard let json = try? JSONReader.parse(receipt) else { return .malformed("not JSON") }
        guard ResultDocument.verify(parts.sealed) else { return .digestMismatch }
        guard let named = json["key_id"]?.bytes.map({ String(decoding: $0, as: UTF8.self) }) else { return .malformed("no key_id") }
        let keyID = ServerIdentity.keyID(of: publicKey)
        guard named == keyID else { return .wrongKeyID(receipt: named, key: keyID) }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else { return .malformed("the public key is not 32 bytes") }
        return key.isValidSignature(parts.signature, for: parts.digest) ? .valid(keyID: keyID) : .badSignature
    }
}
