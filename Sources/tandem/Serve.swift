// `tandem serve`: the web app and the JSON API, with every limit of ServerConfiguration as a
// flag. Each flag also reads an environment variable (TANDEM_<FLAG>, e.g. TANDEM_WORKERS),
// which container deployments set; a flag on the command line wins over the variable.

import ArgumentParser
import Logging
import TandemCore
import TandemServer

/// `tandem serve`: the web app and the JSON API.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web app and the JSON API.",
        discussion: "Every option can also be set with an environment variable TANDEM_<OPTION> (e.g. TANDEM_WORKERS=4)."
    )
    private static let defaults = ServerConfiguration()

    @Option(help: "Interface to bind.") var host = env("HOST", defaults.host)
    @Option(help: "TCP port.") var port = env("PORT", defaults.port)
    @Option(help: "Folder holding index.html and tandem.wasm.") var web = env("WEB", defaults.webRoot)
    @Option(help: "Largest JSON request body in bytes (413 above).") var maxRequestBytes = env("MAX_REQUEST_BYTES", defaults.maxRequestBytes)
    @Option(help: "Largest stream body in bytes (413 above).") var maxStreamBytes = env("MAX_STREAM_BYTES", defaults.maxStreamBytes)
    @Option(help: "Most VM steps a Lua request may ask for.") var maxSteps = env("MAX_STEPS", defaults.luaLimits.steps)
    @Option(help: "Most memory (bytes) a Lua request may ask for.") var maxMemory = env("MAX_MEMORY", defaults.luaLimits.memoryBytes)
    @Option(help: "Most output (bytes) a Lua request may ask for.") var maxOutput = env("MAX_OUTPUT", defaults.luaLimits.outputBytes)
    @Option(help: "Worker processes running jobs (0: run jobs inside the server process).") var workers = env("WORKERS", defaults.workers)
    @Option(help: "Jobs one worker process runs before a fresh one replaces it.") var jobsPerWorker = env("JOBS_PER_WORKER", defaults.jobsPerWorker)
    @Option(help: "Jobs that may wait for a worker before requests get 503.") var queue = env("QUEUE", defaults.queueLimit)
    @Option(help: "Wall-clock deadline of one job in seconds (a backstop behind the budgets).") var jobTimeout = env("JOB_TIMEOUT", defaults.jobTimeoutSeconds)
    @Option(help: "Address-space limit of a worker process in bytes.") var workerMemory = env("WORKER_MEMORY", defaults.workerMemoryLimit)
    @Option(help: "Seconds a connection may stay idle before it is closed.") var idleTimeout = env("IDLE_TIMEOUT", defaults.idleTimeoutSeconds)
    @Option(help: "Slowest average request body pace in bytes per second, judged after --idle-timeout seconds (0: no minimum).")
    var minUploadRate = env("MIN_UPLOAD_RATE", defaults.minUploadBytesPerSecond)
    @Option(help: "Most simultaneous connections.") var maxConnections = env("MAX_CONNECTIONS", defaults.maxConnections)
    @Option(help: "Seconds running jobs may finish after SIGTERM.") var drain = env("DRAIN", defaults.drainSeconds)
    @Option(help: "Another origin allowed to POST to the API (repeatable; * allows any).")
    var allowOrigin: [String] = envList("ALLOW_ORIGIN")
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel = env("LOG_LEVEL", "info")
    @OptionGroup(title: "Receipts and ledger") var ledger: LedgerOptions

    func run() async throws {
        var c = ServerConfiguration()
        c.host = host
        c.port = port
        c.webRoot = web
        c.maxRequestBytes = maxRequestBytes
        c.maxStreamBytes = maxStreamBytes
        c.luaLimits = LuaBudgets(steps: maxSteps, memoryBytes: maxMemory, outputBytes: maxOutput)
        c.workers = workers
        c.jobsPerWorker = jobsPerWorker
        c.queueLimit = queue
        c.jobTimeoutSeconds = jobTimeout
        c.workerMemoryLimit = workerMemory
        c.idleTimeoutSeconds = idleTimeout
        c.minUploadBytesPerSecond = minUploadRate
        c.maxConnections = maxConnections
        c.drainSeconds = drain
        c.allowedOrigins = allowOrigin
        ledger.apply(to: &c)
        var logger = Logger(label: "tandem")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let metrics = ServerMetrics()
        metrics.bootstrapMetricsSystem()
        try await makeApplication(c, logger: logger, metrics: metrics).runService()
    }
}

/// `TANDEM_<name>` parsed as the type of `fallback`, or `fallback`.
func env<T: LosslessStringConvertible>(_ name: String, _ fallback: T) -> T {
    guard let text = ProcessEnvironment.value("TANDEM_" + name), let value = T(text) else { return fallback }
    return value
}

/// `TANDEM_<name>` split at commas (empty when unset).
func envList(_ name: String) -> [String] {
    guard let text = ProcessEnvironment.value("TANDEM_" + name) else { return [] }
    return text.split(separator: ",").map { String($0) }
}
