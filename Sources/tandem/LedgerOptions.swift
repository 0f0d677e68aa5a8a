// `tandem serve`'s receipt and ledger options (Sources/TandemServer/Identity, Ledger): where the
// Ed25519 key (RFC 8032) and the ledger live. Each also reads TANDEM_<OPTION>; the key itself
// can come from TANDEM_KEY (base64 of the raw 32-byte private key), which has no flag so that it
// never shows in a process listing.

import ArgumentParser
import TandemServer

/// Options naming the server's identity and ledger.
struct LedgerOptions: ParsableArguments {
    private static let defaults = ServerConfiguration()

    @Option(help: "Folder for identity.key and ledger.sqlite (created with mode 0700).")
    var dataDir = env("DATA_DIR", defaults.dataDirectory)
    @Option(help: "File holding the base64 Ed25519 private key (else TANDEM_KEY, else <data-dir>/identity.key).")
    var keyFile: String?
    @Option(help: "Ledger: sqlite:PATH (default sqlite:<data-dir>/ledger.sqlite) or postgres://user:password@host:port/db.")
    var database: String?
    @Flag(inversion: .prefixedNo, help: "Keep each verification's request body with its receipt, for replay.")
    var storeRequests = env("STORE_REQUESTS", false)

    /// Copies the options into `c`.
    func apply(to c: inout ServerConfiguration) {
        c.dataDirectory = dataDir
        // (Optional options take their environment fallback here: a default value on an
        // Optional @Option is deprecated in swift-argument-parser.)
        c.keyFile = keyFile ?? ProcessEnvironment.value("TANDEM_KEY_FILE")
        c.key = ProcessEnvironment.value("TANDEM_KEY")
        c.database = database ?? ProcessEnvironment.value("TANDEM_DATABASE")
        c.storeRequests = storeRequests
    }
}
