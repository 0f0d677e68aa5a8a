// Executes one job with TandemCore's entry points. The same code runs inside a worker process
// (fed from its standard input) and in the server process (`--workers 0`, and the tests), so
// both modes answer with the same documents.

import TandemCore

/// One job being fed its body and then finished.
final class JobExecution {
    let job: Job
    private var body: [UInt8] = []
    private var stream: StreamSession?

    /// Checks the job's options; a refusal here means the body need not be read.
    init(_ job: Job) throws(RequestError) {
        self.job = job
        switch job.kind {
        case .streamValidate, .streamVerify, .streamIngest:
            if job.kind == .streamVerify { _ = try VerificationDocument.parseClaim(job.claim.map { Array($0.utf8) }) }
            let pairs = job.streamOptions.filter { $0.count == 2 }.map { (name: Array($0[0].utf8), value: Array($0[1].utf8)) }
            let request = try StreamValidationRequest.parse(pairs: pairs)
            if job.kind == .streamIngest && request.policy == nil {
                throw RequestError("an ingest needs a policy: ?policy=broadcast-strict, web-upload, archive or sha256:<hex> of a registered one")
            }
            stream = StreamSession(request: request)
        case .digest, .luaRun, .luaVerify:
            break
        }
    }

    /// Feeds the next part of the body: streams are validated as they arrive, other bodies are
    /// collected (their size is bounded by the server before they get here).
    func push(_ chunk: UnsafeBufferPointer<UInt8>) {
        if let stream { stream.push(chunk) } else { body.append(contentsOf: chunk) }
    }

    /// Feeds the next part of the body.
    func push(_ chunk: [UInt8]) { chunk.withUnsafeBufferPointer { push($0) } }

    /// Runs what is left and returns the document.
    func finish() throws(RequestError) -> JobResult {
        switch job.kind {
        case .digest:
            return JobResult(status: 200, document: DigestDocument.make(body))
        case .luaRun:
            return JobResult(status: 200, document: try LuaSession.run(requestJSON: body, limits: job.luaBudgets))
        case .luaVerify:
            return Self.verification(try LuaVerification.verify(body, limits: job.luaBudgets))
        case .streamValidate, .streamIngest:
            return JobResult(status: 200, document: stream?.document() ?? [])
        case .streamVerify:
            let claim = try VerificationDocument.parseClaim(job.claim.map { Array($0.utf8) })
            return Self.verification(VerificationDocument.make(claimed: claim, document: stream?.document() ?? []))
        }
    }

    static func verification(_ v: (bytes: [UInt8], verified: Bool)) -> JobResult {
        JobResult(status: v.verified ? 200 : 422, document: v.bytes)
    }
}
