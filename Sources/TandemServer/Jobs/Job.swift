// A job: one API operation as the server hands it to a worker process (or runs it in-process).
// It travels to the worker as one JSON header line on the worker's standard input, followed by
// the request body in length-prefixed frames; see WorkerProtocol.swift.

import TandemCore

/// One API operation and the server's limits for it.
struct Job: Sendable, Equatable {
    /// What to do with the body.
    enum Kind: String, Sendable {
        case digest, luaRun = "lua_run", luaVerify = "lua_verify"
        case streamValidate = "stream_validate", streamVerify = "stream_verify"
        /// Validation with a policy whose decision the server receipts (POST /api/stream/ingest).
        case streamIngest = "stream_ingest"

        /// Whether the answer is signed and recorded (a receipt).
        var isReceipted: Bool { self == .luaVerify || self == .streamVerify || self == .streamIngest }
    }

    var kind: Kind
    /// The budgets a Lua run may use at most (steps, memory, call depth, output).
    var luaLimits: [Int64] = Job.limits(of: LuaBudgets())
    /// Stream options as text (`profile`, `packet_size`), parsed by the core.
    var streamOptions: [[String]] = []
    /// The claimed digest of a stream verification.
    var claim: String?

    /// The Lua limits as the core's type.
    var luaBudgets: LuaBudgets {
        LuaBudgets(steps: luaLimits[0], memoryBytes: luaLimits[1], callDepth: Int32(clamping: luaLimits[2]), outputBytes: luaLimits[3])
    }

    /// The four limits in a fixed order (steps, memory, call depth, output).
    static func limits(of b: LuaBudgets) -> [Int64] { [b.steps, b.memoryBytes, Int64(b.callDepth), b.outputBytes] }
}

/// What a job produced: a document and its HTTP status (200, or 422 for a claim that does not hold).
struct JobResult: Sendable, Equatable {
    var status: Int
    var document: [UInt8]

    /// The digest a receipt of this result vouches for (the ledger's `actual`): the digest of
    /// the server's own document in a verification, the report's own digest in an ingest.
    func vouchedDigest(kind: Job.Kind, parsed: JSONValue?) -> [UInt8]? {
        kind == .streamIngest ? VerificationDocument.digestMember(of: document) : parsed?["actual"]?.bytes
    }
}
