// The worker pool's life next to the HTTP server: spares are started when the server starts;
// on SIGTERM new jobs are refused (/readyz turns 503), running jobs get `drainSeconds` to
// finish, then every worker still running is killed — so an abandoned job can never hold up
// a deploy.

import ServiceLifecycle

/// Starts and stops the worker pool with the application.
struct PoolService: Service {
    let runner: JobRunner
    let drainSeconds: Int

    func run() async throws {
        try runner.pool?.refill()
        try? await gracefulShutdown()
        await runner.admission.stopAccepting()
        let deadline = ContinuousClock.now + .seconds(drainSeconds)
        while await runner.admission.running > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
        }
        runner.pool?.killRunning()
        runner.pool?.stopSpares()
    }
}
