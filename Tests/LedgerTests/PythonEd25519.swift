// An independent check of receipts: Python's `cryptography` package (OpenSSL's Ed25519, RFC
// 8032) verifies the signature over the digest value and recomputes the SHA-256, so a bug shared
// by our signer and our verifier (both swift-crypto) cannot hide. The Makefile's venv has it.

import Foundation
import Testing
import TestSupport

enum PythonEd25519 {
    static let script = """
        import base64, hashlib, json, re, sys
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        receipt = sys.stdin.buffer.read()
        key = base64.b64decode(sys.argv[1])
        m = re.fullmatch(rb'(.*),"digest":"(sha256:[0-9a-f]{64})","signature":"ed25519:([A-Za-z0-9+/=]+)"\\}', receipt, re.S)
        body, digest, signature = m.group(1) + b'}', m.group(2), base64.b64decode(m.group(3))
        assert b'sha256:' + hashlib.sha256(body).hexdigest().encode() == digest, 'digest'
        assert json.loads(receipt)['key_id'] == hashlib.sha256(key).hexdigest()[:16], 'key id'
        Ed25519PublicKey.from_public_bytes(key).verify(signature, digest)  # raises InvalidSignature
        print('ok')
        """

    /// Expects Python to accept `receipt` under `publicKey`; fails when Python is missing.
    static func expectValid(receipt: [UInt8], publicKey: [UInt8]) throws {
        let result = try run(receipt: receipt, publicKey: publicKey)
        #expect(result.status == 0 && result.output == "ok\n", "python: \(result.errors)")
    }

    /// Expects Python to reject `receipt` under `publicKey`.
    static func expectInvalid(receipt: [UInt8], publicKey: [UInt8]) throws {
        let result = try run(receipt: receipt, publicKey: publicKey)
        #expect(result.status != 0, "python accepted a receipt it should not")
        #expect(!result.errors.contains("ModuleNotFoundError"), "python: \(result.errors)")
    }

    static func run(receipt: [UInt8], publicKey: [UInt8]) throws -> ProcessResult {
        guard FileManager.default.isExecutableFile(atPath: LedgerEnvironment.python) else {
            throw TestEnvironmentError("no \(LedgerEnvironment.python): run `make python` (the venv with `cryptography`)")
        }
        return try ProcessRunner.run(LedgerEnvironment.python, ["-c", script, Data(publicKey).base64EncodedString()], input: receipt)
    }
}
