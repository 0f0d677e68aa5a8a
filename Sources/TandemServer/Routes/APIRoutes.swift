// The JSON API. Every endpoint is one job (Jobs/): the body streams into a worker process that
// calls the same TandemCore entry point the wasm module exports, so the answer is the browser's
// document, byte for byte.
//
//   POST /api/digest              any bytes                    → digest document
//   POST /api/lua/run             Lua run request (JSON)       → lua_run document
//   POST /api/lua/verify          {"request":{…},"digest":"sha256:…"} → receipt (200 or 422)
//   POST /api/stream/validate     TS bytes; ?profile=generic|dvb|atsc&packet_size=auto|188|192|204
//                                                              → stream_report document
//   POST /api/stream/verify       the same, plus ?digest=sha256:… → receipt (200 or 422)
//   POST /api/stream/ingest       the same with ?policy=NAME|sha256:<hex> → receipt of the report
//                                 with the policy's decision (200 whatever the decision)
//   POST /api/policies            {"source":"…"} → registers an ingest policy under its SHA-256
//
// A verification's document comes back from the worker and is signed and recorded here by the
// Notary (Ledger/Notary.swift) before it is answered: a receipt (ReceiptRoutes.swift serves
// them again).
//
// Errors are JSON (HTTP/APIError.swift): 400 invalid_request, 403 origin_refused, 413
// body_too_large, 415 unsupported_media_type, 503 queue_full / worker_failed / job_timeout /
// ledger_unavailable.

import Hummingbird
import TandemCore

/// Registers the API routes.
struct APIRoutes: Sendable {
    let runner: JobRunner
    let configuration: ServerConfiguration
    let notary: Notary

    func register(on router: Router<TandemRequestContext>) {
        let luaLimits = Job.limits(of: configuration.luaLimits)
        router.post("api/digest") { request, context in
            try await answer(Job(kind: .digest), try await collected(request), context, maxBytes: configuration.maxRequestBytes)
        }
        router.post("api/lua/run") { request, context in
            try await answer(Job(kind: .luaRun, luaLimits: luaLimits), try await collected(request), context,
                             maxBytes: configuration.maxRequestBytes)
        }
        router.post("api/lua/verify") { request, context in
            try await answer(Job(kind: .luaVerify, luaLimits: luaLimits), try await collected(request), context,
                             maxBytes: configuration.maxRequestBytes)
        }
        router.post("api/stream/validate") { request, context in
            let job = Job(kind: .streamValidate, streamOptions: streamOptions(request))
            return try await answer(job, request, context, maxBytes: configuration.maxStreamBytes)
        }
        router.post("api/stream/ingest") { request, context in
            let job = Job(kind: .streamIngest, streamOptions: try await resolvingPolicy(streamOptions(request)))
            return try await answer(job, request, context, maxBytes: configuration.maxStreamBytes)
        }
        router.post("api/policies") { request, context in
            try await registerPolicy(try await collected(request))
        }
        router.post("api/stream/verify") { request, context in
            let claim = request.uri.queryParameters["digest"].map(String.init)
            let job = Job(kind: .streamVerify, streamOptions: streamOptions(request), claim: claim)
            return try await answer(job, request, context, maxBytes: configuration.maxStreamBytes)
        }
    }

    /// The request with its whole body read (at most `maxRequestBytes`, else 413). Small
    /// bodies are read before admission, so a client sending its body slowly holds a
    /// connection, never a job slot (slowloris); stream bodies flow straight into a worker.
    func collected(_ request: Request) async throws -> Request {
        var request = request
        let limit = configuration.maxRequestBytes
        let buffer = try await runner.limited(request.body, to: limit).reduce(into: ByteBuffer()) { $0.writeImmutableBuffer($1) }
        request.body = RequestBody(buffer: buffer)
        return request
    }

    /// Runs the job and answers its document (200, or 422 for a claim that does not hold).
    /// Verifications are answered as receipts, recorded first.
    func answer(_ job: Job, _ request: Request, _ context: TandemRequestContext, maxBytes: Int) async throws -> Response {
        let recorder = job.kind.isReceipted ? RecordedBody(keepLimit: notary.storeRequests ? configuration.maxRequestBytes : 0) : nil
        var result = try await runner.run(job, body: request.body, maxBodyBytes: maxBytes, recorder: recorder,
                                          logger: context.logger, isConnected: context.isConnected)
        if let recorder {
            result = try await notary.receipt(for: result, job: job, request: recorder, logger: context.logger)
        }
        return jsonResponse(result.document, status: HTTPResponse.Status(code: result.status))
    }

    /// The options with a registered policy (`policy=sha256:<hex>`) replaced by its source.
    func resolvingPolicy(_ options: [[String]]) async throws -> [[String]] {
        var resolved: [[String]] = []
        for pair in options {
            guard pair.count == 2, pair[0] == "policy", pair[1].hasPrefix("sha256:") else { resolved.append(pair); continue }
            let sha = String(pair[1].dropFirst("sha256:".count))
            guard let source = try await notary.ledger.policy(sha256: sha) else {
                throw APIError(.notFound, code: "unknown_policy", "no policy registered as \(pair[1]) (POST /api/policies first)")
            }
            resolved.append(["policy_source", String(decoding: source, as: UTF8.self)])
        }
        return resolved
    }

    /// POST /api/policies: `{"source":"…"}` → `{"kind":"policy","version":1,"sha256":"<hex>","name":"sha256:<hex>"}`.
    /// The source must compile; it is stored in the ledger under the SHA-256 of its bytes.
    func registerPolicy(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: configuration.maxRequestBytes)
        let source = try PolicyRegistration.source(fromRequest: Array(buffer: body))
        let sha = PolicyRegistration.sha256Hex(source)
        try await notary.ledger.storePolicy(sha256: String(decoding: sha, as: UTF8.self), source: source)
        return jsonResponse(PolicyRegistration.document(sha256: sha), status: .ok)
    }

    /// The query's stream options as text pairs (the core parses and refuses them); `digest`
    /// is the claim of /api/stream/verify, not an option.
    func streamOptions(_ request: Request) -> [[String]] {
        request.uri.queryParameters.filter { $0.key != "digest" }.map { [String($0.key), String($0.value)] }
    }
}
