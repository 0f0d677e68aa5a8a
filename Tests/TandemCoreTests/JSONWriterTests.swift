import Foundation
import Testing
import TandemCore

/// The canonical writer against hand-checked documents, and against Foundation's parser for
/// well-formedness of everything it escapes.
@Suite struct JSONWriterTests {
    func text(_ build: (inout JSONWriter) -> Void) -> String {
        var w = JSONWriter()
        build(&w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    @Test func nestedDocumentHasNoWhitespaceAndKeepsKeyOrder() {
        let s = text { w in
            w.beginObject()
            w.field("z", 1); w.field("a", true)
            w.key("list"); w.beginArray(); w.int(-3); w.null(); w.string("x"); w.beginObject(); w.endObject(); w.endArray()
            w.endObject()
        }
        #expect(s == #"{"z":1,"a":true,"list":[-3,null,"x",{}]}"#)
    }

    @Test func integerExtremes() {
        #expect(text { $0.int(Int64.min) } == "-9223372036854775808")
        #expect(text { $0.int(Int64.max) } == "9223372036854775807")
        #expect(text { $0.uint(UInt64.max) } == "18446744073709551615")
        #expect(text { $0.int(0) } == "0")
    }

    @Test func fixedPointDecimals() {
        #expect(text { $0.fixed(12345, scale: 3) } == "12.345")
        #expect(text { $0.fixed(-5, scale: 3) } == "-0.005")
        #expect(text { $0.fixed(7, scale: 0) } == "7")
        #expect(text { $0.fixed(Int64.min, scale: 2) } == "-92233720368547758.08")
    }

    @Test func escapingIsCanonical() {
        let s = text { $0.string([0x22, 0x5C, 0x2F, 0x08, 0x0C, 0x0A, 0x0D, 0x09, 0x01, 0x1F, 0x7F, 0x41]) }
        #expect(s == #""\"\\/\b\f\n\r\t\u0001\u001f\u007fA""#)
    }

    @Test func utf8PassesThroughAndInvalidBytesBecomeReplacementCharacters() {
        #expect(text { $0.string("héllo €𝄞") } == "\"héllo €𝄞\"")
        // Overlong, lone continuation, truncated 3-byte sequence, surrogate: one U+FFFD per maximal subpart.
        let s = text { $0.string([0xC0, 0x80, 0x41, 0x80, 0xE2, 0x82, 0x42, 0xED, 0xA0, 0x80]) }
        #expect(s == "\"\u{FFFD}\u{FFFD}A\u{FFFD}\u{FFFD}B\u{FFFD}\u{FFFD}\u{FFFD}\"")
        #expect(JSONWriter.isValidUTF8(Array("ok €".utf8)))
        #expect(!JSONWriter.isValidUTF8([0xF4, 0x90, 0x80, 0x80]))
    }

    /// Every byte string, once written, parses back (with Foundation) to the same text when valid UTF-8.
    @Test func everySingleByteRoundTripsThroughFoundation() throws {
        for b in 0..<0x80 {
            var w = JSONWriter()
            w.beginArray(); w.string([UInt8(b)]); w.endArray()
            let parsed = try JSONSerialization.jsonObject(with: Data(w.bytes)) as? [String]
            #expect(parsed == [String(decoding: [UInt8(b)], as: UTF8.self)])
        }
    }
}
