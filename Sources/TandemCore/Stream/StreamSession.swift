// A stream validation from options to result document, fed in chunks: the browser pushes a
// File slice by slice, the server pushes the request body, the CLI pushes a file or stdin.
// Chunking never changes the document.

import TransportStream

/// Options of a validation request, as JSON: `{"profile":"generic"|"dvb"|"atsc",
/// "packet_size":"auto"|188|192|204}`; both fields are optional.
public struct StreamValidationRequest {
    public var profile: ValidationProfile = .generic
    public var options = ValidatorOptions()

    public init() {}

    /// Why options were refused (HTTP 400 on the server).
    public struct Invalid: Error {
        public var message: [UInt8]
        init(_ text: StaticString) { message = text.withUTF8Buffer { Array($0) } }
        init(_ bytes: [UInt8]) { message = bytes }
    }

    /// Parses the options object (empty input means all defaults).
    public static func parse(_ json: [UInt8]) throws(Invalid) -> StreamValidationRequest {
        var request = StreamValidationRequest()
        if json.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return request }
        let value: JSONValue
        do { value = try JSONReader.parse(json) } catch { throw Invalid(error.message) }
        guard case .object = value else { throw Invalid("options must be a JSON object") }
        if let name = value["profile"] {
            guard let bytes = name.bytes else { throw Invalid("profile must be a string") }
            try request.setProfile(bytes)
        }
        if let size = value["packet_size"] {
            if let n = size.int64 {
                try request.setPacketSize(n)
            } else if size.bytes == Array("auto".utf8) {
                request.options.packetSize = .auto
            } else {
                throw Invalid("packet_size must be \"auto\", 188, 192 or 204")
            }
        }
        return request
    }

    /// Selects a profile by name ("generic", "dvb", "atsc").
    public mutating func setProfile(_ name: [UInt8]) throws(Invalid) {
        guard let p = ValidationProfile.named(name) else { throw Invalid("unknown profile (use generic, dvb or atsc)") }
        profile = p
    }

    /// Forces a packet size (188, 192 or 204).
    public mutating func setPacketSize(_ n: Int64) throws(Invalid) {
        switch n {
        case 188: options.packetSize = .ts188
        case 192: options.packetSize = .m2ts192
        case 204: options.packetSize = .ts204
        default: throw Invalid("packet_size must be \"auto\", 188, 192 or 204")
        }
    }
}

/// One validation: push chunks, then take the document.
public final class StreamSession {
    private let validator: StreamValidator
    private var report: StreamReport?

    /// Starts a validation with the request's profile and options.
    public init(request: StreamValidationRequest = StreamValidationRequest()) {
        validator = StreamValidator(profile: request.profile, options: request.options)
    }

    /// Feeds the next bytes (any size).
    public func push(_ chunk: UnsafeBufferPointer<UInt8>) { if report == nil { validator.push(chunk) } }

    /// Feeds the next bytes (any size).
    public func push(_ chunk: [UInt8]) { chunk.withUnsafeBufferPointer { push($0) } }

    /// Bytes fed so far.
    public var bytesReceived: Int64 { validator.bytesReceived }

    /// Ends the input and returns the report (the same report on every later call).
    public func finish() -> StreamReport {
        if let report { return report }
        let r = validator.finish()
        report = r
        return r
    }

    /// The sealed `stream_report` document.
    public func document() -> [UInt8] { StreamReportDocument.make(finish()) }

    /// Validates whole bytes with default options (the one-shot entry point).
    public static func validate(_ bytes: [UInt8], request: StreamValidationRequest = StreamValidationRequest()) -> [UInt8] {
        let session = StreamSession(request: request)
        session.push(bytes)
        return session.document()
    }
}
