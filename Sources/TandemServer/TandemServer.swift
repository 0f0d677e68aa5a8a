// The Tandem HTTP server: serves the web app (web/) and runs the shared core natively for the
// JSON API, so the page can compare its own (wasm) results with the server's.

import Hummingbird
import Logging

/// Settings of one server instance.
public struct ServerConfiguration: Sendable {
    /// Interface to bind, e.g. "127.0.0.1" or "0.0.0.0".
    public var host: String
    /// TCP port.
    public var port: Int
    /// Folder with index.html, the JS glue and tandem.wasm.
    public var webRoot: String
    /// Largest request body accepted by the API, in bytes (larger gets 413).
    public var maxRequestBytes: Int

    /// Creates a configuration; defaults serve `web/` on localhost:8080 with a 64 MiB limit.
    public init(host: String = "127.0.0.1", port: Int = 8080, webRoot: String = "web", maxRequestBytes: Int = 64 << 20) {
        self.host = host
        self.port = port
        self.webRoot = webRoot
        self.maxRequestBytes = maxRequestBytes
    }
}

/// Builds the application: API routes, JSON errors, static files.
public func makeApplication(_ configuration: ServerConfiguration, logger: Logger? = nil) -> some ApplicationProtocol {
    let router = Router()
    router.add(middleware: JSONErrorMiddleware())
    router.add(middleware: FileMiddleware(configuration.webRoot, searchForIndexHtml: true))
    APIRoutes(maxRequestBytes: configuration.maxRequestBytes).register(on: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tandem"),
        logger: logger ?? Logger(label: "tandem")
    )
}
