// The Tandem HTTP server: serves the web app (web/) and the JSON API, whose jobs run in
// supervised worker processes. Middleware order: JSON errors outermost, then the API guard
// (content type, origin), then static files, then the routes.

import Hummingbird
import Logging
import NIOCore

/// Builds the application for `configuration`.
public func makeApplication(_ configuration: ServerConfiguration, logger: Logger? = nil,
                            metrics: ServerMetrics = ServerMetrics()) -> some ApplicationProtocol {
    let runner = JobRunner(configuration: configuration, metrics: metrics)
    let router = Router(context: TandemRequestContext.self)
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ErrorMiddleware(metrics: metrics))
    router.add(middleware: RequestGuardMiddleware(allowedOrigins: configuration.allowedOrigins))
    router.add(middleware: FileMiddleware(configuration.webRoot, searchForIndexHtml: true))
    ProbeRoutes(runner: runner, metrics: metrics).register(on: router)
    APIRoutes(runner: runner, configuration: configuration).register(on: router)
    return Application(
        router: router,
        server: .http1(configuration: .init(
            additionalChannelHandlers: [ClientGoneHandler()],
            idleTimeout: .seconds(Int64(configuration.idleTimeoutSeconds)),
            httpDecoderConfiguration: .init(maxHeaderFieldSize: 16 << 10, maxHeaderListSize: 64 << 10, maxHeaderFieldCount: 100))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tandem",
                             availableConnectionsDelegate: .maximum(configuration.maxConnections, logger: logger ?? Logger(label: "tandem"))),
        services: [PoolService(runner: runner, drainSeconds: configuration.drainSeconds)],
        logger: logger ?? Logger(label: "tandem")
    )
}
