// Every setting of a server instance, with the defaults `tandem serve` uses. Each one has a
// command-line flag and an environment variable (see Sources/tandem/Serve.swift).

import NIOCore
import TandemCore

/// Settings of one server instance.
public struct ServerConfiguration: Sendable {
    /// Interface to bind, e.g. "127.0.0.1" or "0.0.0.0".
    public var host = "127.0.0.1"
    /// TCP port.
    public var port = 8080
    /// Folder with index.html, the JS glue and tandem.wasm.
    public var webRoot = "web"
    /// Largest JSON request body accepted by the API, in bytes (larger gets 413).
    public var maxRequestBytes = 16 << 20
    /// Largest stream accepted by /api/stream/*, in bytes (larger gets 413).
    public var maxStreamBytes = 2 << 30
    /// Budgets a Lua run may use at most (requests asking for more get 400): 10⁹ steps,
    /// 256 MiB of memory, 16 MiB of output. Requests that name no budgets get `LuaBudgets()`.
    public var luaLimits = LuaBudgets(steps: 1_000_000_000, memoryBytes: 256 << 20, outputBytes: 16 << 20)
    /// Worker processes (one job at a time each, started ahead); 0 runs jobs in the server process.
    public var workers = System.coreCount
    /// Jobs one worker process runs before it is replaced by a fresh one.
    public var jobsPerWorker = 1000
    /// Jobs that may wait for a worker; more get 503 `queue_full` at once.
    public var queueLimit = 64
    /// Wall-clock deadline of a job in seconds (a backstop behind the budgets).
    public var jobTimeoutSeconds = 60.0
    /// Address-space limit of a worker process (RLIMIT_AS), in bytes.
    public var workerMemoryLimit: Int64 = 4 << 30
    /// The executable started as `EXECUTABLE worker` (the running `tandem` by default).
    public var workerExecutable = "/proc/self/exe"
    /// Origins besides the server's own allowed to POST to the API (`*` for any).
    public var allowedOrigins: [String] = []
    /// Seconds a connection may stay idle (also bounds slow clients sending headers or bodies).
    public var idleTimeoutSeconds = 30
    /// Slowest average pace of a request body, in bytes per second, judged once the body has
    /// been arriving for `idleTimeoutSeconds` (slower gets 408 `body_too_slow`; 0 disables).
    /// A stream upload holds a worker while it arrives, so a client that trickles bytes just
    /// fast enough to stay under the idle timeout must not hold it for hours.
    public var minUploadBytesPerSecond = 64 << 10
    /// Most simultaneous connections.
    public var maxConnections = 1024
    /// Seconds to let running jobs finish after SIGTERM before the workers are stopped.
    public var drainSeconds = 10

    // Receipts and ledger (Identity/, Ledger/).
    /// Folder for the identity key and the SQLite ledger (created 0700 when missing).
    public var dataDirectory = "tandem-data"
    /// A file holding the base64 of the raw 32-byte Ed25519 private key (wins over `key`).
    public var keyFile: String?
    /// The base64 of the raw 32-byte private key (TANDEM_KEY); else `<dataDirectory>/identity.key`.
    public var key: String?
    /// `sqlite:PATH` or `postgres://user:password@host:port/database`; `nil` means
    /// `sqlite:<dataDirectory>/ledger.sqlite`.
    public var database: String?
    /// Keep each verification's request body with its receipt (bodies up to `maxRequestBytes`).
    public var storeRequests = false

    /// The defaults above.
    public init() {}

    /// The ledger's location: `database`, or SQLite in the data directory.
    public var ledgerURL: String { database ?? "sqlite:" + dataDirectory + "/ledger.sqlite" }

    /// Jobs running at once: the workers (in-process mode: the cores).
    var workerSlots: Int { workers > 0 ? workers : System.coreCount }
}
