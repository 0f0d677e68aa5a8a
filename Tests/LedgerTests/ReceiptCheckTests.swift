// Checking receipts outside the server: ReceiptVerifier's verdicts (valid, digest mismatch,
// wrong key id, bad signature, malformed), Python's `cryptography` agreeing on each, and
// `tandem receipt verify`'s exit codes and messages (the debug binary `make test-ledger` builds).

import Foundation
import Testing
import TandemCore
import TandemServer
import TestSupport

@Suite struct ReceiptCheckTests {
    static let identity = ServerIdentity(privateKey: .init())

    /// A signed receipt over a small verification, made the way the server makes one.
    static func receipt(verified: Bool = true, by identity: ServerIdentity = identity, keyID: String? = nil) throws -> [UInt8] {
        let document = ResultDocument.seal(body: Array(#"{"kind":"digest","version":1,"size":3}"#.utf8))
        let claim = verified ? VerificationDocument.digestMember(of: document)! : Array("sha256:".utf8) + Array(repeating: 0x61, count: 64)
        let verification = VerificationDocument.make(claimed: claim, document: document).bytes
        let unsigned = try #require(Receipt.unsigned(verification: verification, receiptID: Array(ReceiptID.make().utf8),
                                                     issuedAt: RFC3339.utc(1_767_225_600), keyID: Array((keyID ?? identity.keyID).utf8)))
        return Receipt.finish(unsigned, signature: try identity.sign(try #require(Receipt.message(of: unsigned))))
    }

    /// `receipt` with its `"verified":…` value flipped (a tampered verdict).
    static func flipVerdict(_ receipt: [UInt8]) -> [UInt8] {
        var text = String(decoding: receipt, as: UTF8.self)
        text = text.contains("\"verified\":true") ? text.replacingOccurrences(of: "\"verified\":true", with: "\"verified\":false")
                                                  : text.replacingOccurrences(of: "\"verified\":false", with: "\"verified\":true")
        return Array(text.utf8)
    }

    /// `receipt` resealed after tampering (a forger recomputing the digest): only the signature catches it.
    static func resealed(_ receipt: [UInt8]) throws -> [UInt8] {
        let parts = try #require(Receipt.parse(flipVerdict(receipt)))
        let body = try #require(ResultDocument.body(of: parts.sealed))
        return Receipt.finish(ResultDocument.seal(body: body), signature: parts.signature)
    }

    var key: [UInt8] { Self.identity.publicKey }

    @Test func aSignedReceiptChecks() throws {
        for verified in [true, false] {
            #expect(ReceiptVerifier.check(try Self.receipt(verified: verified), publicKey: key) == .valid(keyID: Self.identity.keyID))
        }
    }

    @Test func tamperingIsCaught() throws {
        let receipt = try Self.receipt()
        #expect(ReceiptVerifier.check(Self.flipVerdict(receipt), publicKey: key) == .digestMismatch)
        #expect(ReceiptVerifier.check(try Self.resealed(receipt), publicKey: key) == .badSignature)
        let other = ServerIdentity(privateKey: .init())
        #expect(ReceiptVerifier.check(receipt, publicKey: other.publicKey) == .wrongKeyID(receipt: Self.identity.keyID, key: other.keyID))
        // Another key claiming our key id: the id matches, the signature does not.
        #expect(ReceiptVerifier.check(try Self.receipt(by: other, keyID: Self.identity.keyID), publicKey: key) == .badSignature)
        for malformed in [Array("{}".utf8), Array(receipt.dropLast()), Array("not json".utf8)] {
            guard case .malformed = ReceiptVerifier.check(malformed, publicKey: key) else { Issue.record("accepted \(malformed)"); continue }
        }
    }

    @Test(.enabled(if: LedgerEnvironment.pythonEnabled, "needs the Makefile's venv with `cryptography` (make python)"))
    func pythonCryptographyAgrees() throws {
        let receipt = try Self.receipt()
        try PythonEd25519.expectValid(receipt: receipt, publicKey: key)
        try PythonEd25519.expectValid(receipt: try Self.receipt(verified: false), publicKey: key)
        try PythonEd25519.expectInvalid(receipt: Self.flipVerdict(receipt), publicKey: key)
        try PythonEd25519.expectInvalid(receipt: try Self.resealed(receipt), publicKey: key)
        try PythonEd25519.expectInvalid(receipt: receipt, publicKey: ServerIdentity(privateKey: .init()).publicKey)
    }

    @Test(.enabled(if: LedgerEnvironment.tandemEnabled, "needs .build/debug/tandem (swift build --product tandem)"))
    func tandemReceiptVerifyExitCodes() throws {
        let directory = try LedgerEnvironment.temporaryDirectory("cli")
        let receipt = try Self.receipt()
        let files = [("good", receipt), ("tampered", Self.flipVerdict(receipt)), ("forged", try Self.resealed(receipt)), ("junk", Array("{}".utf8))]
        for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: "\(directory)/\(name).json")) }
        let keyText = String(decoding: Base64.encode(key), as: UTF8.self)
        let otherKey = String(decoding: Base64.encode(ServerIdentity(privateKey: .init()).publicKey), as: UTF8.self)
        let cases: [(String, String, Int32, String)] = [
            ("good", keyText, 0, "valid receipt signed by \(Self.identity.keyID)"),
            ("tampered", keyText, 1, "digest mismatch"),
            ("forged", keyText, 1, "bad signature"),
            ("good", otherKey, 1, "wrong key id"),
            ("junk", keyText, 1, "malformed"),
        ]
        for (file, keyArgument, status, message) in cases {
            let result = try ProcessRunner.run(LedgerEnvironment.tandem, ["receipt", "verify", "\(directory)/\(file).json", "--key", keyArgument])
            #expect(result.status == status, "\(file): \(result.errors)")
            #expect((result.output + result.errors).contains(message), "\(file): \(result.output)\(result.errors)")
        }
        let missing = try ProcessRunner.run(LedgerEnvironment.tandem, ["receipt", "verify", "\(directory)/none.json", "--key", keyText])
        #expect(missing.status == 1)
    }
}
