// The document for a request that could not be read: the same on every target, so a client
// and the server agree even about refusals.

/// Writes `request_error` documents: `{"kind":"request_error","version":1,"message":"…"}`.
public enum RequestErrorDocument {
    /// The sealed document carrying `message`.
    public static func make(_ message: [UInt8]) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("kind", "request_error")
        w.field("version", 1)
        w.key("message")
        w.string(message)
        w.endObject()
        return ResultDocument.seal(w)
    }
}
