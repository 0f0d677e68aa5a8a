// The API's one error shape. Every refusal and failure the server answers — an unreadable
// request, a body too large, a wrong content type, a full queue, a failed worker — is JSON:
//
//   {"error":{"status":503,"code":"queue_full","message":"…"}}
//
// `code` is stable (clients switch on it); `message` is for people. The core's one refusal
// type, `RequestError`, maps here and nowhere else.

import Hummingbird
import NIOCore
import NIOHTTP1
import TandemCore

/// An error answered as `{"error":{"status","code","message"}}`.
public struct APIError: HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable machine-readable code, e.g. `invalid_request`, `queue_full`, `worker_failed`.
    public var code: String
    /// A message for people.
    public var message: String
    /// Seconds after which a retry may succeed (sent as `Retry-After`).
    public var retryAfter: Int?

    /// An error with a status, a stable code and a message.
    public init(_ status: HTTPResponse.Status, code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    /// The core refused the request (400, `invalid_request`).
    public init(_ refusal: RequestError) {
        self.init(.badRequest, code: "invalid_request", String(decoding: refusal.message, as: UTF8.self))
    }

    /// The JSON body.
    public var body: [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("error")
        w.beginObject()
        w.field("status", Int64(status.code))
        w.key("code")
        w.string(code)
        w.key("message")
        w.string(message)
        w.endObject()
        w.endObject()
        return w.bytes
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = jsonResponse(body, status: status)
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        // The rest of an unread body (a stalled or oversized upload) would be read as the next
        // request: end the connection with the answer.
        if status == .requestTimeout || status == .contentTooLarge { response.headers[.connection] = "close" }
        return response
    }
}

extension RequestError: HTTPResponseError {
    public var status: HTTPResponse.Status { .badRequest }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        try APIError(self).response(from: request, context: context)
    }
}

/// A response carrying a JSON body (documents and errors alike; never cached).
func jsonResponse(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
    Response(
        status: status,
        headers: [.contentType: "application/json", .cacheControl: "no-store"],
        body: .init(byteBuffer: ByteBuffer(bytes: bytes))
    )
}

extension APIError {
    /// The JSON error for any thrown error: the one place where the framework's, the
    /// connection's and the core's errors become the API's.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as RequestError: return APIError(e)
        // A job stopped because its client disconnected: nobody reads this answer (nginx's 499).
        case is CancellationError: return clientGone
        // The connection ended in the middle of a request body (the client hung up, or the idle
        // timeout closed it): nobody reads this answer either.
        case HTTPParserError.invalidEOFState: return clientGone
        case let e as HTTPParserError: return APIError(.badRequest, code: "malformed_http", "malformed HTTP request: \(e.debugDescription)")
        case is NIOTooManyBytesError: return APIError(.contentTooLarge, code: "body_too_large", "request body too large")
        case let e as HTTPError: return APIError(e.status, code: code(for: e.status), e.body ?? e.status.reasonPhrase)
        case let e as HTTPResponseError: return APIError(e.status, code: code(for: e.status), e.status.reasonPhrase)
        default: return APIError(.internalServerError, code: "internal", "internal error")
        }
    }

    static var clientGone: APIError { APIError(.init(code: 499, reasonPhrase: "Client Closed Request"), code: "client_gone", "the client went away") }

    /// Stable codes for statuses raised by the framework.
    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "invalid_request"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "body_too_large"
        default: "http_\(status.code)"
        }
    }
}
