// Refusals: the one error type for a request the core cannot read (bad JSON, a missing field,
// a budget above the host's limit, an unknown profile). Every host maps it in one place: the
// server answers 400 with a JSON error, the wasm module and `tandem parity` return its
// `request_error` document, the CLI prints the message.

/// A request the core refused, with a message for the client.
public struct RequestError: Error, Equatable {
    /// What is wrong, for the client (UTF-8).
    public var message: [UInt8]

    /// A refusal with a fixed message.
    public init(_ text: StaticString) { message = text.withUTF8Buffer { Array($0) } }

    /// A refusal with a composed message.
    public init(bytes: [UInt8]) { message = bytes }

    /// The sealed `request_error` document: `{"kind":"request_error","version":1,"message":"…"}`,
    /// the same on every target, so a client and the server agree even about refusals.
    public var document: [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("kind", "request_error")
        w.field("version", 1)
        w.key("message")
        w.string(message)
        w.endObject()
        return ResultDocument.seal(w)
    }

    /// The document `operation` produces, or the `request_error` document when it refuses the
    /// request: for hosts that answer every request with a document (the wasm module, parity).
    public static func documentOrRefusal(_ operation: () throws(RequestError) -> [UInt8]) -> [UInt8] {
        do { return try operation() } catch { return error.document }
    }
}

extension JSONReader {
    /// Reads a request body; unreadable JSON is a refusal carrying the reader's message.
    public static func parseRequest(_ json: [UInt8]) throws(RequestError) -> JSONValue {
        do { return try parse(json) } catch { throw RequestError(bytes: error.message) }
    }
}
