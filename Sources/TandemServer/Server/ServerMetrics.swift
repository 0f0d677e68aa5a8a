// What the server exposes on GET /metrics (Prometheus text format, via swift-prometheus):
// the job pipeline's own numbers — latency per job kind, queue depth, running jobs, worker
// failures, refusals by code. Requests by route and status come from Hummingbird's
// MetricsMiddleware through swift-metrics, which `tandem serve` bootstraps onto the same
// registry (`bootstrapMetricsSystem()`), so one scrape shows both.

import Metrics
import Prometheus

/// The server's metrics and the registry /metrics renders.
public final class ServerMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let queued: Prometheus.Gauge
    let running: Prometheus.Gauge
    let workerFailures: Prometheus.Counter

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        queued = registry.makeGauge(name: "tandem_jobs_queued", help: "Jobs waiting for a worker")
        running = registry.makeGauge(name: "tandem_jobs_running", help: "Jobs running")
        workerFailures = registry.makeCounter(
            name: "tandem_worker_failures_total",
            help: "Workers that failed: killed, trapped or past the deadline (a retired worker does not count)")
    }

    /// Makes swift-metrics (Hummingbird's request metrics) report into this registry. Once per
    /// process: `tandem serve` calls it, tests do not need it.
    public func bootstrapMetricsSystem() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    /// Records how long a job of `kind` took and how it ended (`ok`, or the refusal's code).
    func recordJob(_ kind: String, outcome: String, seconds: Duration) {
        registry.makeDurationHistogram(name: "tandem_job_duration_seconds", labels: [("kind", kind), ("outcome", outcome)],
                                       buckets: Self.buckets, help: "Time from admission to answer, per job kind")
            .record(seconds)
    }

    /// Counts a refused request by its error code (queue_full, body_too_large, …).
    func recordRefusal(_ code: String, status: Int) {
        registry.makeCounter(name: "tandem_refusals_total", labels: [("code", code), ("status", String(status))],
                             help: "Requests answered with a JSON error, by code").increment()
    }

    static let buckets: [Duration] = [.milliseconds(5), .milliseconds(20), .milliseconds(100), .milliseconds(500),
                                      .seconds(1), .seconds(5), .seconds(20), .seconds(60)]
}
