// The ledger's life next to the HTTP server: it is opened before the server starts (so a
// database that cannot be reached stops `tandem serve` at once, with its reason) and closed
// after graceful shutdown, when no request can write to it any more.

import ServiceLifecycle

/// Closes the notary's ledger when the application stops.
struct LedgerService: Service {
    let notary: Notary

    func run() async throws {
        try? await gracefulShutdown()
        // Closed outside this task: when the application is cancelled rather than shut down
        // gracefully, a close inside the cancelled task would be refused and the connection
        // leaked (sqlite-nio asserts on that in debug builds).
        let ledger = notary.ledger
        try await Task.detached { try await ledger.close() }.value
    }
}
