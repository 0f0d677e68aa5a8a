// Turns every error a route throws into the API's JSON error shape (APIError), so clients never
// parse HTML or plain text, and logs what the server did not expect.

import Hummingbird
import NIOCore
import TandemCore

/// Maps thrown errors to JSON error responses with a stable code.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status == .internalServerError { context.logger.error("internal error: \(error)") }
            if apiError.code == "client_gone" { context.logger.info("client went away; its job was stopped") }
            metrics.recordRefusal(apiError.code, status: Int(apiError.status.code))
            return try apiError.response(from: request, context: context)
        }
    }
}
