// The ledger's life next to the HTTP server: it is opened before the server starts (so a
// database that cannot be reached stops `tandem serve` at once, with its reason) and closed
// after graceful shutdown, when no request can write to it any more.

import ServiceLifecycle

/// Closes the notary's ledger when the application stops.
struct LedgerService: Service {
    let notary: Notary

    func run() async throws {
        try? await gracefulShutdown()
        try await notary.ledger.close()
    }
}
