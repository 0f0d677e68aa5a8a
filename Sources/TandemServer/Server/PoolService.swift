// The worker pool's life next to the HTTP server: workers are started when the server starts;
// on SIGTERM (or SIGINT) new jobs are refused (/readyz turns 503), running jobs get
// `drainSeconds` to finish, then every worker still running is killed and its request gets
// `worker_failed` — so an abandoned job can never hold up a deploy.
//
// The drain starts on the signal itself, not on this service's graceful-shutdown turn:
// ServiceGroup shuts services down in reverse order, and the HTTP server (last in
// Hummingbird's list, so first to stop) waits for its in-flight requests — which wait for
// their jobs. Waiting for our turn would hold the process until every job ran out of budget.

import ServiceLifecycle
import UnixSignals

/// Starts and stops the worker pool with the application.
struct PoolService: Service {
    let runner: JobRunner
    let drainSeconds: Int

    func run() async throws {
        try runner.pool?.refill()
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let onSignal = Task {
            for await _ in signals {
                await drain()
                return
            }
        }
        try? await gracefulShutdown()
        onSignal.cancel()
        await drain()  // shutdowns without a signal (tests, embedding hosts); quick after a signal's drain
    }

    /// Refuses new jobs, waits up to `drainSeconds` for running ones, kills the rest.
    func drain() async {
        await runner.admission.stopAccepting()
        let deadline = ContinuousClock.now + .seconds(drainSeconds)
        while await runner.admission.running > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
        }
        runner.pool?.killRunning()
        runner.pool?.stopIdle()
    }
}
