// The JSON API. Every endpoint runs the same TandemCore entry point the wasm module exports
// and returns the same canonical result document, byte for byte.
//
//   GET  /healthz                 {"status":"ok"}
//   POST /api/digest              body: any bytes               → digest document
//   POST /api/lua/run             body: Lua run request (JSON)  → lua_run document
//   POST /api/lua/verify          body: {"request":{…},"digest":"sha256:…"} → verification (200 or 422)
//   POST /api/stream/validate     body: TS bytes; query profile=generic|dvb|atsc, packet_size=auto|188|192|204
//                                                               → stream_report document
//   POST /api/stream/verify       same, plus query digest=sha256:… → verification (200 or 422)
//
// Errors: 400 with a request_error document for unreadable requests, 413 for bodies over the
// limit, 422 for a claim that does not verify; all JSON (see JSONErrorMiddleware).

import Hummingbird
import Lua
import NIOCore
import NIOPosix
import TandemCore

/// Registers the API routes.
struct APIRoutes: Sendable {
    /// Largest accepted JSON request body.
    let maxRequestBytes: Int
    /// Largest accepted stream body.
    let maxStreamBytes: Int
    /// Budgets the server grants a Lua run at most (requests may ask for less).
    let luaLimits: LuaBudgets

    func register(on router: Router<some RequestContext>) {
        router.get("healthz") { _, _ in jsonResponse(Array(#"{"status":"ok"}"#.utf8)) }
        router.post("api/digest") { request, _ in
            jsonResponse(DigestDocument.make(try await collect(request)))
        }
        router.post("api/lua/run") { request, _ in
            let body = try await collect(request)
            let document = try await offload { try runLua(body) }
            return jsonResponse(document)
        }
        router.post("api/lua/verify") { request, _ in
            let body = try await collect(request)
            return try await offload { try verifyLua(body) }
        }
        router.post("api/stream/validate") { request, _ in
            jsonResponse(try await validateStream(request))
        }
        router.post("api/stream/verify") { request, _ in
            guard let claimed = request.uri.queryParameters["digest"] else {
                return requestError("missing query parameter digest=sha256:…")
            }
            let document = try await validateStream(request)
            return verification(claimed: Array(claimed.utf8), document: document)
        }
    }

    /// Runs a Lua request natively; unreadable requests become a 400.
    func runLua(_ body: [UInt8]) throws -> [UInt8] {
        do {
            let parsed = try LuaRunRequest.parse(body, limits: luaLimits)
            let session = LuaSession(request: parsed)
            while !session.step(maxSteps: 1 << 30) {}
            return session.document
        } catch {
            throw RequestRefusal(message: error.message)
        }
    }

    /// Re-runs the embedded request and checks the claimed digest.
    func verifyLua(_ body: [UInt8]) throws -> Response {
        let value: JSONValue
        do { value = try JSONReader.parse(body) } catch { return requestError(String(decoding: error.message, as: UTF8.self)) }
        guard let claimed = value["digest"]?.bytes, let inner = value["request"] else {
            return requestError("expected {\"request\":{…},\"digest\":\"sha256:…\"}")
        }
        var w = JSONWriter()
        w.raw(reencode(inner))
        return verification(claimed: claimed, document: try runLua(w.bytes))
    }

    /// Feeds the request body to a stream session as it arrives (no full buffering).
    func validateStream(_ request: Request) async throws -> [UInt8] {
        var options = StreamValidationRequest()
        do {
            if let profile = request.uri.queryParameters["profile"] { try options.setProfile(Array(profile.utf8)) }
            if let size = request.uri.queryParameters["packet_size"], size != "auto" {
                try options.setPacketSize(Int64(String(size)) ?? 0)
            }
        } catch {
            throw RequestRefusal(message: error.message)
        }
        let session = StreamSession(request: options)
        var received = 0
        for try await buffer in request.body {
            received += buffer.readableBytes
            if received > maxStreamBytes { throw HTTPError(.contentTooLarge, message: "stream larger than \(maxStreamBytes) bytes") }
            buffer.withUnsafeReadableBytes { session.push($0.bindMemory(to: UInt8.self)) }
        }
        return session.document()  // the work happened in push; finishing is cheap
    }

    /// Reads the whole request body, refusing more than `maxRequestBytes` (413).
    func collect(_ request: Request) async throws -> [UInt8] {
        var buffer = try await request.body.collect(upTo: maxRequestBytes)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }
}

/// A refused request: answered with 400 and a request_error document.
struct RequestRefusal: Error {
    var message: [UInt8]
}

/// Runs CPU-bound work on NIO's blocking thread pool so event loops stay responsive.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive { try work() }
}

/// 200 when the claim holds, 422 otherwise; the body is the verification document.
func verification(claimed: [UInt8], document: [UInt8]) -> Response {
    let result = VerificationDocument.make(claimed: claimed, document: document)
    return jsonResponse(result.bytes, status: result.verified ? .ok : .unprocessableContent)
}

/// 400 with a request_error document.
func requestError(_ message: String) -> Response {
    jsonResponse(RequestErrorDocument.make(Array(message.utf8)), status: .badRequest)
}

/// Writes a parsed JSON value back as compact JSON (for a request nested in a verify body).
func reencode(_ value: JSONValue) -> [UInt8] {
    var w = JSONWriter()
    func write(_ v: JSONValue) {
        switch v {
        case .null: w.null()
        case .bool(let b): w.bool(b)
        case .number(let text): w.raw(text)
        case .string(let s): w.string(s)
        case .array(let items): w.beginArray(); items.forEach(write); w.endArray()
        case .object(let members):
            w.beginObject()
            for m in members { w.key(bytes: m.key); write(m.value) }
            w.endObject()
        }
    }
    write(value)
    return w.bytes
}

/// A response carrying a canonical JSON document.
func jsonResponse(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
    Response(
        status: status,
        headers: [.contentType: "application/json", .cacheControl: "no-store"],
        body: .init(byteBuffer: ByteBuffer(bytes: bytes))
    )
}
