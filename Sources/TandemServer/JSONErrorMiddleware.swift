// Turns every error into a JSON body, so API clients never have to parse HTML or plain text:
// {"error":{"status":413,"message":"request body too large"}}.

import Hummingbird
import NIOCore
import TandemCore

/// Maps thrown errors to JSON error responses with the right status.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let refusal as RequestRefusal {
            return jsonResponse(RequestErrorDocument.make(refusal.message), status: .badRequest)
        } catch let error as HTTPError {
            return errorResponse(error.status, error.body ?? error.status.reasonPhrase)
        } catch is NIOTooManyBytesError {
            return errorResponse(.contentTooLarge, "request body too large")
        } catch let error as HTTPResponseError {
            return errorResponse(error.status, error.status.reasonPhrase)
        } catch {
            context.logger.error("internal error: \(error)")
            return errorResponse(.internalServerError, "internal error")
        }
    }
}

/// A JSON error response.
func errorResponse(_ status: HTTPResponse.Status, _ message: String) -> Response {
    var w = JSONWriter()
    w.beginObject()
    w.key("error")
    w.beginObject()
    w.field("status", Int64(status.code))
    w.key("message")
    w.string(message)
    w.endObject()
    w.endObject()
    return jsonResponse(w.bytes, status: status)
}
