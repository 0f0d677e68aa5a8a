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
        queued = registry.makeGauge(descriptor: Self.name("jobs_queued", help: "Jobs waiting for a worker"))
        running = registry.makeGauge(descriptor: Self.name("jobs_running", help: "Jobs running"))
        workerFailures = registry.makeCounter(descriptor: Self.name(
            "worker_failures", unit: "total",
            help: "Workers that failed: killed, trapped or past the deadline (a retired worker does not count)"))
    }

    /// Makes swift-metrics (Hummingbird's request metrics) report into this registry. Once per
    /// process: `tandem serve` calls it, tests do not need it.
    public func bootstrapMetricsSystem() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    /// Records how long a job of `kind` took and how it ended (`ok`, or the refusal's code).
    func recordJob(_ kind: String, outcome: String, seconds: Duration) {
        registry.makeDurationHistogram(descriptor: Self.name("job_duration", unit: "seconds", help: "Time from admission to answer, per job kind"),
                                       labels: [("kind", kind), ("outcome", outcome)], buckets: Self.buckets)
            .record(seconds)
    }

    /// Counts a refused request by its error code (queue_full, body_too_large, …).
    func recordRefusal(_ code: String, status: Int) {
        registry.makeCounter(descriptor: Self.name("refusals", unit: "total", help: "Requests answered with a JSON error, by code"),
                             labels: [("code", code), ("status", String(status))]).increment()
    }

    /// `tandem_NAME[_UNIT]`: every metric of the server's own has the `tandem` namespace.
    static func name(_ metric: String, unit: String = "", help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "tandem", metricName: metric, unitName: unit, helpText: help)
    }

    static let buckets: [Duration] = [.milliseconds(5), .milliseconds(20), .milliseconds(100), .milliseconds(500),
                                      .seconds(1), .seconds(5), .seconds(20), .seconds(60)]
}
