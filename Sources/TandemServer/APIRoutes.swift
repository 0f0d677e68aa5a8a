// The JSON API. Every endpoint runs the same TandemCore entry point the wasm module exports
// and returns the same canonical result document, byte for byte.
//
//   GET  /healthz       {"status":"ok"}
//   POST /api/digest    body: any bytes            → digest document (TandemCore.DigestDocument)
//
// Errors are JSON (see JSONErrorMiddleware): 400 bad input, 413 body too large, 422 a claim
// that does not verify.

import Hummingbird
import TandemCore

/// Registers the API routes.
struct APIRoutes {
    /// Largest accepted request body.
    let maxRequestBytes: Int

    func register(on router: Router<some RequestContext>) {
        router.get("healthz") { _, _ in
            jsonResponse(Array(#"{"status":"ok"}"#.utf8))
        }
        router.post("api/digest") { request, _ in
            let body = try await collect(request)
            return jsonResponse(DigestDocument.make(body))
        }
    }

    /// Reads the whole request body, refusing more than `maxRequestBytes` (413).
    func collect(_ request: Request) async throws -> [UInt8] {
        var buffer = try await request.body.collect(upTo: maxRequestBytes)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}

/// A 200 response carrying a canonical JSON document.
func jsonResponse(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
    Response(
        status: status,
        headers: [.contentType: "application/json", .cacheControl: "no-store"],
        body: .init(byteBuffer: ByteBuffer(bytes: bytes))
    )
}
