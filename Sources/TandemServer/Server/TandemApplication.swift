// The Tandem HTTP server: serves the web app (web/) and the JSON API, whose jobs run in
// supervised worker processes, and whose verifications are answered as signed receipts
// recorded in the ledger (Ledger/Notary.swift). Middleware order: JSON errors outermost, then
// the API guard (content type, origin), then static files (precompressed variants first), then the routes.

import Hummingbird
import Logging
import NIOCore

/// Builds the application for `configuration`, opening its identity and ledger first (a key
/// that cannot be read or a database that cannot be reached fails here, before serving).
public func makeApplication(_ configuration: ServerConfiguration, logger: Logger? = nil,
                            metrics: ServerMetrics = ServerMetrics()) async throws -> some ApplicationProtocol {
    let logger = logger ?? Logger(label: "tandem")
    return makeApplication(configuration, notary: try await Notary.open(configuration, logger: logger), logger: logger, metrics: metrics)
}

/// Builds the application for `configuration` with an open `notary` (tests share one between
/// instances; the application closes its ledger when it stops).
public func makeApplication(_ configuration: ServerConfiguration, notary: Notary, logger: Logger? = nil,
                            metrics: ServerMetrics = ServerMetrics()) -> some ApplicationProtocol {
    let logger = logger ?? Logger(label: "tandem")
    let runner = JobRunner(configuration: configuration, metrics: metrics)
    let router = Router(context: TandemRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware(metrics: metrics))
    router.add(middleware: RequestGuardMiddleware(allowedOrigins: configuration.allowedOrigins))
    router.add(middleware: PrecompressedFiles(root: configuration.webRoot, logger: logger))
    router.add(middleware: FileMiddleware(configuration.webRoot, searchForIndexHtml: true))
    ProbeRoutes(runner: runner, metrics: metrics).register(on: router)
    APIRoutes(runner: runner, configuration: configuration, notary: notary).register(on: router)
    ReceiptRoutes(notary: notary).register(on: router)
    return Application(
        router: router,
        server: .http1(configuration: .init(
            additionalChannelHandlers: [ClientGoneHandler()],
            idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: 16 << 10, maxHeaderListSize: 64 << 10, maxHeaderFieldCount: 100))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tandem",
                             availableConnectionsDelegate: .maximum(configuration.maxConnections, logger: logger)),
        // Services stop in reverse order after the server: the pool drains, then the ledger closes.
        services: [LedgerService(notary: notary), PoolService(runner: runner, drainSeconds: configuration.drainSeconds)],
        logger: logger
    )
}
