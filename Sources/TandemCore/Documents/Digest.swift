// The digest capability: the smallest request that travels the whole pipeline.
//
// A client hashes bytes in the browser (wasm) and the server hashes the same bytes natively;
// both return this document, so equal documents prove both targets ran the same code.

/// Builds digest result documents.
public enum DigestDocument {
    /// The document kind written into every digest result.
    public static let kind: StaticString = "digest"

    /// Returns the sealed result document for `input`:
    /// `{"kind":"digest","version":1,"input":{"bytes":N},"sha256":"…","digest":"sha256:…"}`.
    public static func make(_ input: [UInt8]) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("kind", kind)
        w.field("version", 1)
        w.key("input")
        w.beginObject()
        w.field("bytes", Int64(input.count))
        w.endObject()
        w.key("sha256")
        w.hex(SHA256.hash(input))
        w.endObject()
        return ResultDocument.seal(w)
    }
}
