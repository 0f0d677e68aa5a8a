// The Tandem HTTP server: serves the web app (web/) and runs the shared core natively for the
// JSON API, so the page can compare its own (wasm) results with the server's.

import Hummingbird
import Logging
import Lua

/// Settings of one server instance.
public struct ServerConfiguration: Sendable {
    /// Interface to bind, e.g. "127.0.0.1" or "0.0.0.0".
    public var host: String
    /// TCP port.
    public var port: Int
    /// Folder with index.html, the JS glue and tandem.wasm.
    public var webRoot: String
    /// Largest JSON request body accepted by the API, in bytes (larger gets 413).
    public var maxRequestBytes: Int
    /// Largest stream accepted by /api/stream/*, in bytes (larger gets 413).
    public var maxStreamBytes: Int
    /// Budgets a Lua run on the server may use at most.
    public var luaLimits: LuaBudgets

    /// Creates a configuration; defaults serve `web/` on localhost:8080, accept JSON requests
    /// up to 16 MiB and streams up to 2 GiB, and grant Lua runs at most 1 billion steps,
    /// 256 MiB of memory and 16 MiB of output (requests asking for more get 400).
    public init(host: String = "127.0.0.1", port: Int = 8080, webRoot: String = "web",
                maxRequestBytes: Int = 16 << 20, maxStreamBytes: Int = 2 << 30,
                luaLimits: LuaBudgets = LuaBudgets(steps: 1_000_000_000, memoryBytes: 256 << 20, outputBytes: 16 << 20)) {
        self.host = host
        self.port = port
        self.webRoot = webRoot
        self.maxRequestBytes = maxRequestBytes
        self.maxStreamBytes = maxStreamBytes
        self.luaLimits = luaLimits
    }
}

/// Builds the application: API routes, JSON errors, static files.
public func makeApplication(_ configuration: ServerConfiguration, logger: Logger? = nil) -> some ApplicationProtocol {
    let router = Router()
    router.add(middleware: JSONErrorMiddleware())
    router.add(middleware: FileMiddleware(configuration.webRoot, searchForIndexHtml: true))
    APIRoutes(maxRequestBytes: configuration.maxRequestBytes, maxStreamBytes: configuration.maxStreamBytes,
              luaLimits: configuration.luaLimits).register(on: router)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Tandem"),
        logger: logger ?? Logger(label: "tandem")
    )
}
