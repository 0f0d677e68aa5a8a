// Turns every error a route throws into the API's JSON error shape (APIError), so clients never
// parse HTML or plain text, and logs what the server did not expect.

import Hummingbird
import NIOCore
import NIOHTTP1
import TandemCore

/// Maps thrown errors to JSON error responses with a stable code.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = Self.apiError(for: error)
            if apiError.status == .internalServerError { context.logger.error("internal error: \(error)") }
            if apiError.code == "client_gone" { context.logger.info("client went away; its job was stopped") }
            metrics.recordRefusal(apiError.code, status: Int(apiError.status.code))
            return try apiError.response(from: request, context: context)
        }
    }

    /// The JSON error for any thrown error.
    static func apiError(for error: any Error) -> APIError {
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
