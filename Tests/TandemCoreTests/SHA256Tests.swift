import Testing
import TandemCore

/// SHA-256 against the published vectors (FIPS 180-2 appendix B, NIST CAVS examples).
@Suite struct SHA256Tests {
    func hex(_ s: String) -> String { SHA256.hex(SHA256.hash(Array(s.utf8))) }

    @Test func emptyMessage() {
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func oneBlockMessage() {
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func twoBlockMessage() {
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func fourBlockMessage() {
        let m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(hex(m) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func oneMillionAs() {
        #expect(SHA256.hex(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Chunk boundaries must not change the digest, including splits inside the padding region.
    @Test func chunkingInvariance() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = SHA256.hash(message)
        for step in [1, 3, 55, 56, 63, 64, 65, 127, 999] {
            var h = SHA256()
            var i = 0
            while i < message.count { let j = min(i + step, message.count); h.update(Array(message[i..<j])); i = j }
            #expect(h.finalize() == whole, "step \(step)")
        }
    }

    /// Lengths around the padding boundary (55, 56, 64 bytes) against the system's sha256sum.
    @Test func paddingBoundariesAgreeWithCoreutils() throws {
        for length in [55, 56, 57, 63, 64, 65, 119, 120] {
            let message = [UInt8](repeating: 0x5A, count: length)
            let expected = try shell("head -c \(length) /dev/zero | tr '\\0' 'Z' | sha256sum | cut -c1-64")
            #expect(SHA256.hex(SHA256.hash(message)) == expected, "length \(length)")
        }
    }
}
