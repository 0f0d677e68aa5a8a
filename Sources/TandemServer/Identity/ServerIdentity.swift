// Server identity: the Ed25519 key pair (RFC 8032) that signs receipts, through swift-crypto's
// Curve25519.Signing (native only; the shared core never sees a key).
//
// Where the key comes from, first match wins: `--key-file` (base64 of the 32 raw private-key
// bytes), then TANDEM_KEY (the same text), then `<data-dir>/identity.key`, created on first start
// with a fresh key. The data directory is created 0700 and the key file 0600, so only the
// server's user can read the key. Several instances share an identity by sharing that text.
//
// The key id is the first 16 hex digits of SHA-256 of the raw public key: short enough to show,
// long enough that two keys of one deployment do not collide.

import Crypto
import Foundation
import TandemCore

/// The server's signing key and what it publishes about it.
public struct ServerIdentity: Sendable {
    let privateKey: Curve25519.Signing.PrivateKey
    /// The raw 32-byte public key.
    public let publicKey: [UInt8]
    /// First 16 hex digits of SHA-256 of `publicKey`.
    public let keyID: String

    /// An identity for `privateKey`.
    public init(privateKey: Curve25519.Signing.PrivateKey) {
        self.privateKey = privateKey
        publicKey = Array(privateKey.publicKey.rawRepresentation)
        keyID = Self.keyID(of: publicKey)
    }

    /// An identity from the base64 text of a raw 32-byte private key (the key file's content).
    public init(base64 text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Base64.decode(Array(trimmed.utf8)), raw.count == 32 else {
            throw IdentityError("a key must be the base64 of 32 raw Ed25519 private-key bytes")
        }
        self.init(privateKey: try Curve25519.Signing.PrivateKey(rawRepresentation: raw))
    }

    /// The identity of a server: from `keyFile`, else from `environmentKey` (TANDEM_KEY's text),
    /// else from `<dataDirectory>/identity.key`, which is created with a new key when missing.
    public static func load(keyFile: String?, environmentKey: String?, dataDirectory: String) throws -> ServerIdentity {
        if let keyFile {
            return try ServerIdentity(base64: try String(contentsOfFile: keyFile, encoding: .utf8))
        }
        if let environmentKey, !environmentKey.isEmpty { return try ServerIdentity(base64: environmentKey) }
        try createPrivateDirectory(dataDirectory)
        let path = dataDirectory + "/identity.key"
        if FileManager.default.fileExists(atPath: path) {
            return try ServerIdentity(base64: try String(contentsOfFile: path, encoding: .utf8))
        }
        let identity = ServerIdentity(privateKey: Curve25519.Signing.PrivateKey())
        if try identity.writeKey(to: path) { return identity }
        // Another instance created the file between our check and our write: use its key.
        return try ServerIdentity(base64: try String(contentsOfFile: path, encoding: .utf8))
    }

    /// The private key as the key file holds it (base64 of the raw 32 bytes and a newline).
    public var privateKeyBase64: String { String(decoding: Base64.encode(Array(privateKey.rawRepresentation)), as: UTF8.self) }

    /// Signs `message` (for receipts: the ASCII bytes of the digest value).
    public func sign(_ message: [UInt8]) throws -> [UInt8] {
        Array(try privateKey.signature(for: message))
    }

    /// `{"kind":"identity","version":1,"algorithm":"ed25519","public_key":"<base64>","key_id":"<hex>"}`
    public var document: [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("kind", "identity")
        w.field("version", 1)
        w.field("algorithm", "ed25519")
        w.field("public_key", string: Base64.encode(publicKey))
        w.key("key_id")
        w.string(keyID)
        w.endObject()
        return w.bytes
    }

    /// First 16 hex digits of SHA-256 of a raw public key.
    public static func keyID(of publicKey: [UInt8]) -> String {
        String(TandemCore.SHA256.hex(TandemCore.SHA256.hash(publicKey)).prefix(16))
    }

    /// Creates `path` (and its parents) readable by the owner only; tightens an existing one.
    static func createPrivateDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
    }

    /// Writes the key file with mode 0600 from its creation on (`O_EXCL`: never overwrite a key
    /// another instance wrote first — then that one is read back).
    /// Returns false when the file already existed.
    private func writeKey(to path: String) throws -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { return false }
            throw IdentityError("cannot create \(path): errno \(errno)")
        }
        defer { close(fd) }
        let text = Array((privateKeyBase64 + "\n").utf8)
        let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == text.count, fsync(fd) == 0 else { throw IdentityError("cannot write \(path): errno \(errno)") }
        return true
    }
}
