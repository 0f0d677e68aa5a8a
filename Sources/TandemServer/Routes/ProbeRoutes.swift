// Probes for load balancers and supervisors. They never wait behind jobs: they read counters only.
//
//   GET /healthz   {"status":"ok"}                       — the process serves HTTP
//   GET /readyz    {"ready":true,"running":N,"queued":N} — 503 when the pool would refuse work
//   GET /metrics   Prometheus text format (Server/ServerMetrics.swift)

import Hummingbird
import TandemCore

/// Registers the probe routes.
struct ProbeRoutes: Sendable {
    let runner: JobRunner
    let metrics: ServerMetrics

    func register(on router: Router<TandemRequestContext>) {
        router.get("healthz") { _, _ in jsonResponse(Array(#"{"status":"ok"}"#.utf8)) }
        router.get("readyz") { _, _ in
            let admission = runner.admission
            let (accepting, running, queued) = await (admission.accepting, admission.running, admission.queued)
            let ready = accepting && queued < admission.queueLimit
            var w = JSONWriter()
            w.beginObject()
            w.field("ready", ready)
            w.field("running", Int64(running))
            w.field("queued", Int64(queued))
            w.endObject()
            return jsonResponse(w.bytes, status: ready ? .ok : .serviceUnavailable)
        }
        router.get("metrics") { _, _ in
            let admission = runner.admission
            let (running, queued) = await (admission.running, admission.queued)
            metrics.running.set(Int64(running))
            metrics.queued.set(Int64(queued))
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        }
    }
}
