// Probes for load balancers and supervisors. They never wait behind jobs: they read counters only.
//
//   GET /healthz   {"status":"ok"}                       — the process serves HTTP
//   GET /readyz    {"ready":true,"running":N,"queued":N} — 503 when the pool would refuse work

import Hummingbird
import TandemCore

/// Registers the probe routes.
struct ProbeRoutes: Sendable {
    let runner: JobRunner

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
    }
}
