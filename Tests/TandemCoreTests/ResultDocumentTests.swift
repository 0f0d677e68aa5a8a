import Testing
import TandemCore

@Suite struct ResultDocumentTests {
    @Test func sealAppendsTheDigestOfTheUnsealedBody() {
        let body = Array(#"{"kind":"x","n":1}"#.utf8)
        let sealed = ResultDocument.seal(body: body)
        let expected = #"{"kind":"x","n":1,"digest":"sha256:"# + SHA256.hex(SHA256.hash(body)) + #""}"#
        #expect(String(decoding: sealed, as: UTF8.self) == expected)
        #expect(ResultDocument.body(of: sealed) == body)
        #expect(ResultDocument.verify(sealed))
    }

    @Test func verifyRejectsTamperingAndMissingDigests() {
        var sealed = ResultDocument.seal(body: Array(#"{"n":1}"#.utf8))
        sealed[2] = 0x6D  // "n" → "m"
        #expect(!ResultDocument.verify(sealed))
        #expect(!ResultDocument.verify(Array(#"{"n":1}"#.utf8)))
        #expect(!ResultDocument.verify([]))
    }

    @Test func digestDocumentDescribesItsInput() {
        let doc = String(decoding: DigestDocument.make(Array("abc".utf8)), as: UTF8.self)
        #expect(doc.hasPrefix(#"{"kind":"digest","version":1,"input":{"bytes":3},"sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad","digest":"sha256:"#))
        #expect(ResultDocument.verify(DigestDocument.make([])))
    }
}
