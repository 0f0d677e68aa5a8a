// A stream validation from options to result document, fed in chunks: the browser pushes a
// File slice by slice, the server pushes the request body, the CLI pushes a file or stdin.
// Chunking never changes the document. The request's options are in StreamValidationRequest.

import TransportStream

/// One validation: push chunks, then take the document.
public final class StreamSession {
    private let validator: StreamValidator
    private let policy: StreamPolicy?

    /// Starts a validation with the request's profile and options.
    public init(request: StreamValidationRequest = StreamValidationRequest()) {
        validator = StreamValidator(profile: request.profile, options: request.options)
        policy = request.policy
    }

    /// Feeds the next bytes (any size); ignored after `finish()` (the validator ignores them).
    public func push(_ chunk: UnsafeBufferPointer<UInt8>) { validator.push(chunk) }

    /// Feeds the next bytes (any size).
    public func push(_ chunk: [UInt8]) { chunk.withUnsafeBufferPointer { push($0) } }

    /// Bytes fed so far.
    public var bytesReceived: Int64 { validator.bytesReceived }

    /// Ends the input and returns the report (the same report on every later call: the
    /// validator keeps it; a second copy here cost a second set of checks and copies of it).
    public func finish() -> StreamReport { validator.finish() }

    /// The sealed `stream_report` document (with the `policy` member when the request has one).
    public func document() -> [UInt8] {
        let document = StreamReportDocument.make(finish())
        guard let policy else { return document }
        return policy.apply(to: document)
    }

    /// Validates whole bytes (the one-shot entry point every host calls for bytes it already holds).
    public static func validate(_ bytes: [UInt8], request: StreamValidationRequest = StreamValidationRequest()) -> [UInt8] {
        let session = StreamSession(request: request)
        session.push(bytes)
        return session.document()
    }
}
