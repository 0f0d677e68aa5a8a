// Receipts in the core: member layout, digest over the new members, parsing back, and the
// RFC 3339 formatter (checked against dates computed independently, e.g. by `date -u`).

import Testing
import TandemCore

@Suite struct ReceiptTests {
    let verification = VerificationDocument.make(
        claimed: Array("sha256:".utf8) + Array(repeating: 0x30, count: 64),
        document: ResultDocument.seal(body: Array(#"{"kind":"digest","version":1}"#.utf8))).bytes

    func unsigned() -> [UInt8] {
        Receipt.unsigned(verification: verification, receiptID: Array("0123abc".utf8),
                         issuedAt: RFC3339.utc(1_767_225_600), keyID: Array("00112233aabbccdd".utf8))!
    }

    @Test func insertsMembersBeforeTheDigestAndResealsIt() throws {
        let receipt = unsigned()
        let text = String(decoding: receipt, as: UTF8.self)
        #expect(text.contains(#","receipt_id":"0123abc","issued_at":"2026-01-01T00:00:00Z","key_id":"00112233aabbccdd","digest":"sha256:"#))
        #expect(ResultDocument.verify(receipt))
        // Everything before the new members is the verification's body, unchanged.
        let body = ResultDocument.body(of: verification)!
        #expect(Array(receipt.prefix(body.count - 1)) == Array(body.dropLast()))
        #expect(Receipt.message(of: receipt) == VerificationDocument.digestMember(of: receipt))
    }

    @Test func finishAppendsTheSignatureLastAndParseTakesItApart() throws {
        let receipt = unsigned()
        let signature = (0..<64).map { UInt8($0 * 3 & 0xFF) }
        let signed = Receipt.finish(receipt, signature: signature)
        let text = String(decoding: signed, as: UTF8.self)
        #expect(text.hasSuffix("\",\"signature\":\"ed25519:" + String(decoding: Base64.encode(signature), as: UTF8.self) + "\"}"))
        let parts = try #require(Receipt.parse(signed))
        #expect(parts.sealed == receipt)
        #expect(parts.signature == signature)
        #expect(parts.digest == Receipt.message(of: receipt))
        #expect(try JSONReader.parse(signed)["signature"] != nil)
    }

    @Test func parseRefusesWhatIsNotAReceipt() {
        let signed = Receipt.finish(unsigned(), signature: Array(repeating: 7, count: 64))
        #expect(Receipt.parse(verification) == nil)  // no signature member
        #expect(Receipt.parse(Array(signed.dropLast())) == nil)
        #expect(Receipt.parse(Array(#"{"signature":"ed25519:AAAA"}"#.utf8)) == nil)  // no digest
        var badBase64 = signed
        badBase64[badBase64.count - 4] = 0x21  // "!"
        #expect(Receipt.parse(badBase64) == nil)
        #expect(Receipt.unsigned(verification: Array("{}".utf8), receiptID: [], issuedAt: [], keyID: []) == nil)
    }

    @Test func tamperingBreaksTheDigest() throws {
        let signed = Receipt.finish(unsigned(), signature: Array(repeating: 7, count: 64))
        var tampered = signed
        let at = try #require(String(decoding: signed, as: UTF8.self).range(of: "\"verified\":false")).lowerBound.utf16Offset(in: String(decoding: signed, as: UTF8.self))
        tampered.replaceSubrange((at + 11)..<(at + 16), with: Array("true ".utf8))
        let parts = try #require(Receipt.parse(tampered))
        #expect(!ResultDocument.verify(parts.sealed))
    }

    @Test func rfc3339() {
        let cases: [(Int64, String)] = [
            (0, "1970-01-01T00:00:00Z"), (1_767_225_600, "2026-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"), (4_107_542_399, "2100-02-28T23:59:59Z"),
            (-1, "1969-12-31T23:59:59Z"), (1_709_210_096, "2024-02-29T12:34:56Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"), (Int64.max, "9999-12-31T23:59:59Z"),
            (Int64.min, "0000-01-01T00:00:00Z"),
        ]
        for (seconds, text) in cases { #expect(String(decoding: RFC3339.utc(seconds), as: UTF8.self) == text, "\(seconds)") }
    }
}
