import Testing
import TandemCore

@Suite struct JSONReaderTests {
    func parse(_ s: String) throws(JSONReadError) -> JSONValue { try JSONReader.parse(Array(s.utf8)) }

    @Test func readsNestedValues() throws {
        let v = try parse(#" {"a": [1, -2.5e3, true, null], "b": {"c": "d\n\u00e9\ud834\udd1e"}} "#)
        #expect(v["a"] == .array([.number(Array("1".utf8)), .number(Array("-2.5e3".utf8)), .bool(true), .null]))
        #expect(v["b"]?["c"]?.bytes == Array("d\né𝄞".utf8))
    }

    @Test func integersAreExact() throws {
        #expect(try parse("9223372036854775807").int64 == Int64.max)
        #expect(try parse("-9223372036854775808").int64 == Int64.min)
        #expect(try parse("9223372036854775808").int64 == nil)
        #expect(try parse("1.0").int64 == nil)
    }

    @Test func rejectsMalformedInputWithOffsets() {
        for (text, offset) in [("{", 1), ("[1,]", 3), ("01", 1), ("\"\\x\"", 3), ("\"\\udc00\"", 7), ("[1] x", 4), ("", 0), ("-", 1)] {
            #expect(throws: JSONReadError.self, "\(text)") { try parse(text) }
            do { _ = try parse(text) } catch { #expect(error.offset == offset, "\(text)") }
        }
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONReadError.self) { try parse(deep) }
        let ok = String(repeating: "[", count: JSONReader.maxDepth) + String(repeating: "]", count: JSONReader.maxDepth)
        #expect((try? parse(ok)) != nil)
    }
}
