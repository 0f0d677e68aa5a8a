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
    /// Longest wait for the next piece of a request body (a stalled upload gets 408).
    let idleSeconds: Int
    /// Slowest average body pace accepted once the body has been arriving for `idleSeconds`.
    let minBodyBytesPerSecond: Int
    let metrics: ServerMetrics

    init(configuration: ServerConfiguration, metrics: ServerMetrics) {
        self.metrics = metrics
        admission = Admission(slots: configuration.workerSlots, queueLimit: configuration.queueLimit)
        pool = configuration.workers > 0
            ? WorkerPool(executable: configuration.workerExecutable, workers: configuration.workers, jobsPerWorker: configuration.jobsPerWorker,
                         memoryLimitBytes: configuration.workerMemoryLimit, cpuSeconds: Int(configuration.jobTimeoutSeconds.rounded(.up)) + 1,
                         metrics: metrics)
            : nil
        deadlineSeconds = configuration.jobTimeoutSeconds
        idleSeconds = configuration.idleTimeoutSeconds
        minBodyBytesPerSecond = configuration.minUploadBytesPerSecond
    }

    /// Runs `job` over `body` (at most `maxBodyBytes`); `isConnected` tells whether the client
    /// is still there.
    /// `recorder`, when given, sees every byte of the body as it passes (for receipts).
    func run(_ job: Job, body: RequestBody, maxBodyBytes: Int, recorder: RecordedBody? = nil, logger: Logger,
             isConnected: @escaping @Sendable () -> Bool) async throws -> JobResult {
        try await admission.enter()
        let started = ContinuousClock.now
        do {
            let result = try await execute(job, body: limited(body, to: maxBodyBytes, recorder: recorder),
                                           logger: logger, isConnected: isConnected)
            await admission.leave()
            metrics.recordJob(job.kind.rawValue, outcome: "ok", seconds: ContinuousClock.now - started)
            return result
        } catch {
            await admission.leave()
            metrics.recordJob(job.kind.rawValue, outcome: (error as? APIError)?.code ?? "cancelled", seconds: ContinuousClock.now - started)
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

    func limited(_ body: RequestBody, to limit: Int, recorder: RecordedBody? = nil) -> LimitedBody {
        LimitedBody(body: body, limit: limit, idleSeconds: idleSeconds, minBytesPerSecond: minBodyBytesPerSecond, recorder: recorder)
    }
}

/// Carries a non-Sendable value into a thread-pool closure that alone uses it from then on.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
