// Runs jobs for the routes: admission first, then the job's body is streamed into a worker
// process (or, with `--workers 0`, executed in the server process), with a size limit on the
// body, a wall-clock deadline as a backstop and cancellation when the client goes away. A
// verification's body also passes a RecordedBody on its way (its digest, and with
// `--store-requests` its bytes, go into the ledger with the receipt).
//
// The deadline is a backstop only: it answers an error, never a document, so documents stay a
// pure function of the request (budgets, not clocks, end runs).

import Hummingbird
import Logging
import NIOCore
import NIOPosix
import TandemCore

/// Runs jobs under admission control.
final class JobRunner: Sendable {
    let admission: Admission
    let pool: WorkerPool?
    let deadlineSeconds: Double

    init(configuration: ServerConfiguration) {
        admission = Admission(slots: configuration.workerSlots, queueLimit: configuration.queueLimit)
        pool = configuration.workers > 0
            ? WorkerPool(executable: configuration.workerExecutable, spares: configuration.workers,
                         memoryLimitBytes: configuration.workerMemoryLimit, cpuSeconds: Int(configuration.jobTimeoutSeconds.rounded(.up)) + 1)
            : nil
        deadlineSeconds = configuration.jobTimeoutSeconds
    }

    /// Runs `job` over `body` (at most `maxBodyBytes`); `isConnected` tells whether the client
    /// is still there.
    /// `recorder`, when given, sees every byte of the body as it passes (for receipts).
    func run(_ job: Job, body: RequestBody, maxBodyBytes: Int, recorder: RecordedBody? = nil, logger: Logger,
             isConnected: @escaping @Sendable () -> Bool) async throws -> JobResult {
        try await admission.enter()
        do {
            let result = try await execute(job, body: LimitedBody(body: body, limit: maxBodyBytes, recorder: recorder),
                                           logger: logger, isConnected: isConnected)
            await admission.leave()
            return result
        } catch {
            await admission.leave()
            throw error
        }
    }

    private func execute(_ job: Job, body: LimitedBody, logger: Logger,
                         isConnected: @escaping @Sendable () -> Bool) async throws -> JobResult {
        if let pool {
            return try await pool.run(job, body: body, deadlineSeconds: deadlineSeconds,
                                      logger: logger, isConnected: isConnected)
        }
        let execution = try JobExecution(job)
        for try await buffer in body {
            buffer.withUnsafeReadableBytes { execution.push($0.bindMemory(to: UInt8.self)) }
        }
        let box = UncheckedBox(execution)
        return try await NIOThreadPool.singleton.runIfActive { try box.value.finish() }
    }
}

/// A request body that fails with 413 once more than `limit` bytes arrived (counted as they
/// arrive, so a huge upload is cut off without being buffered), shown to `recorder` on the way.
struct LimitedBody: AsyncSequence, Sendable {
    let body: RequestBody
    let limit: Int
    var recorder: RecordedBody? = nil

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let limit: Int
        let recorder: RecordedBody?
        var received = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let buffer = try await base.next() else { return nil }
            received += buffer.readableBytes
            if received > limit { throw APIError(.contentTooLarge, code: "body_too_large", "request body larger than \(limit) bytes") }
            if let recorder { buffer.withUnsafeReadableBytes { recorder.record($0) } }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: body.makeAsyncIterator(), limit: limit, recorder: recorder) }
}

/// Carries a non-Sendable value into a thread-pool closure that alone uses it from then on.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
