// Refuses API requests a cross-site page could send. A POST to /api/ must carry the content
// type its endpoint takes (JSON for Lua, bytes for streams and digests): a form or a
// `text/plain` fetch from another site cannot, and a JSON fetch from another site needs a
// CORS preflight this server never grants. An `Origin` other than the server's own is refused
// unless it was allowed with `--allow-origin`.

import Foundation
import HTTPTypes
import Hummingbird

/// Content-type and origin checks for the API's POST endpoints.
struct RequestGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Origins allowed besides the server's own (`*` allows any).
    let allowedOrigins: [String]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, request.uri.path.hasPrefix("/api/") else { return try await next(request, context) }
        guard let accepted = Self.acceptedTypes(for: request.uri.path) else { return try await next(request, context) }  // 404
        try checkOrigin(request)
        try checkContentType(request, accepted: accepted)
        return try await next(request, context)
    }

    /// Same-origin requests (Origin's authority equals Host), requests without Origin (curl,
    /// the CLI) and allowed origins pass.
    func checkOrigin(_ request: Request) throws {
        guard let origin = request.headers[.origin] else { return }
        if allowedOrigins.contains("*") || allowedOrigins.contains(origin) { return }
        let authority = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init)
        if let authority, authority == request.head.authority { return }
        throw APIError(.forbidden, code: "origin_refused", "requests from \(origin) are not accepted (see --allow-origin)")
    }

    /// The media types each endpoint accepts.
    func checkContentType(_ request: Request, accepted: [String]) throws {
        let given = request.headers[.contentType]?.split(separator: ";").first
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let given, accepted.contains(given) else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type",
                           "\(request.uri.path) takes Content-Type \(accepted.joined(separator: " or "))")
        }
    }

    /// nil for paths that are not endpoints (they get the router's 404).
    static func acceptedTypes(for path: String) -> [String]? {
        switch path {
        case "/api/lua/run", "/api/lua/verify", "/api/policies": ["application/json"]
        case "/api/stream/validate", "/api/stream/verify", "/api/stream/ingest": ["application/octet-stream", "video/mp2t"]
        case "/api/digest": ["application/octet-stream"]
        default: nil
        }
    }
}
