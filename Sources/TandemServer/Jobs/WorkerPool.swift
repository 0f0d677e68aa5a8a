// Runs jobs in worker processes: one job per process, a few processes started ahead. A worker
// that traps, exceeds its OS limits or passes the deadline ends alone — the request it served
// gets `worker_failed` or `job_timeout` (503), every other request is unaffected, and the event
// is logged and counted. A client that disconnects gets its worker killed within ~200 ms.
//
// One process per job costs a fork+exec, paid ahead of time by the spares; in exchange no
// state (heap, interned strings, a corrupted allocator after a trap) can leak from one
// stranger's job into the next.

import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Worker processes started ahead of jobs, and the code that runs one job in one of them.
final class WorkerPool: Sendable {
    let executable: String
    let arguments: [String]
    let spareCount: Int
    private let spares = Mutex<[WorkerProcess]>([])
    /// Workers running a job, by process id (killed when the drain time is over).
    private let busy = Mutex<[pid_t: WorkerProcess]>([:])
    /// Workers that ended other than by finishing their job (for /metrics and the logs).
    let failures = Atomic<Int>(0)

    let metrics: ServerMetrics

    init(executable: String, spares: Int, memoryLimitBytes: Int64, cpuSeconds: Int, metrics: ServerMetrics) {
        self.metrics = metrics
        self.executable = executable
        self.arguments = ["--memory-limit", String(memoryLimitBytes), "--cpu-seconds", String(cpuSeconds)]
        self.spareCount = max(1, spares)
    }

    /// A started worker: a spare when there is one (then another spare is started).
    func take() throws -> WorkerProcess {
        while let spare = spares.withLock({ $0.popLast() }) {
            if spare.hasEnded() {  // killed or crashed while waiting: replace it
                spare.closePipes()
                countFailure()
                continue
            }
            try refill()
            return spare
        }
        try refill()
        return try WorkerProcess.spawn(executable: executable, arguments: arguments)
    }

    private func countFailure() {
        failures.add(1, ordering: .relaxed)
        metrics.workerFailures.increment()
    }

    /// Starts spares up to `spareCount`.
    func refill() throws {
        while spares.withLock({ $0.count }) < spareCount {
            let worker = try WorkerProcess.spawn(executable: executable, arguments: arguments)
            spares.withLock { $0.append(worker) }
        }
    }

    /// Stops the spares (on shutdown); they exit when their standard input closes.
    func stopSpares() {
        let all = spares.withLock { list in defer { list.removeAll() }; return list }
        for worker in all { worker.closePipes(); worker.kill(); _ = worker.reap() }
    }

    /// Kills every worker that is running a job (their requests get `worker_failed`).
    func killRunning() { busy.withLock { $0.values.forEach { $0.kill() } } }

    /// Runs `job` in a worker, streaming `body` to it.
    func run(_ job: Job, body: LimitedBody, deadlineSeconds: Double, logger: Logger,
             isConnected: @escaping @Sendable () -> Bool) async throws -> JobResult {
        let worker = try take()
        busy.withLock { $0[worker.pid] = worker }
        defer { busy.withLock { $0[worker.pid] = nil } }
        let outcome = OutcomeBox()
        let answer: [UInt8]
        do {
            answer = try await exchange(job, body: body, with: worker, deadlineSeconds: deadlineSeconds,
                                        outcome: outcome, isConnected: isConnected)
        } catch {
            worker.kill()
            _ = try? await NIOThreadPool.singleton.runIfActive { worker.reap() }
            throw error
        }
        let ending = try await NIOThreadPool.singleton.runIfActive { worker.reap() }
        switch outcome.value {
        case .disconnected: throw CancellationError()
        case .timedOut:
            countFailure()
            logger.warning("worker \(worker.pid) killed: job passed its \(deadlineSeconds) s deadline")
            throw APIError(.serviceUnavailable, code: "job_timeout", "the job passed the server's deadline", retryAfter: 1)
        case .running: break
        }
        guard ending == .exited(0), let parsed = WorkerProtocol.parseAnswer(answer) else {
            countFailure()
            logger.error("worker \(worker.pid) failed: \(ending)")
            throw APIError(.serviceUnavailable, code: "worker_failed", "the worker running this job failed (\(ending)); other requests are unaffected")
        }
        if parsed.status == 400 { throw APIError(.badRequest, code: "invalid_request", String(decoding: parsed.bytes, as: UTF8.self)) }
        return JobResult(status: parsed.status, document: parsed.bytes)
    }

    /// Why a job ended before its worker answered.
    enum Outcome: Sendable { case running, timedOut, disconnected }

    /// The outcome, shared between the watchdog that sets it and the request that reads it,
    /// and when the body had been passed on in full (the deadline runs from then: the time an
    /// upload takes is bounded by its pace, see LimitedBody, not by the job's deadline).
    final class OutcomeBox: Sendable {
        private let state = Mutex<Outcome>(.running)
        private let bodyEnd = Mutex<ContinuousClock.Instant?>(nil)
        var value: Outcome {
            get { state.withLock { $0 } }
            set { state.withLock { $0 = newValue } }
        }
        var bodyEndedAt: ContinuousClock.Instant? {
            get { bodyEnd.withLock { $0 } }
            set { bodyEnd.withLock { $0 = newValue } }
        }
    }

    /// Writes header and body to the worker while reading its answer; a watchdog kills the
    /// worker when the deadline passes or the client goes away.
    private func exchange(_ job: Job, body: LimitedBody, with worker: WorkerProcess, deadlineSeconds: Double,
                          outcome: OutcomeBox, isConnected: @escaping @Sendable () -> Bool) async throws -> [UInt8] {
        let channel = try await NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .takingOwnershipOfDescriptors(input: worker.stdoutFD, output: worker.stdinFD) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(isOutboundHalfClosureEnabled: true))
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await Self.send(job, body: body, to: outbound, outcome: outcome) }
                group.addTask {
                    try await Self.watch(worker, deadlineSeconds: deadlineSeconds, outcome: outcome, isConnected: isConnected)
                }
                var answer = ByteBuffer()
                for try await part in inbound { answer.writeImmutableBuffer(part) }
                group.cancelAll()
                // The writer's own error (413) wins; a broken pipe only means the worker stopped reading.
                while let next = await group.nextResult() {
                    if case .failure(let error as APIError) = next { throw error }
                }
                return Array(buffer: answer)
            }
        }
    }

    private static func send(_ job: Job, body: LimitedBody, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
                             outcome: OutcomeBox) async throws {
        defer { outbound.finish() }  // end of input: the worker answers with what it has
        do {
            try await outbound.write(ByteBuffer(bytes: WorkerProtocol.header(for: job)))
            for try await buffer in body { try await outbound.write(buffer) }
            outcome.bodyEndedAt = .now
        } catch let error as APIError {
            throw error
        } catch {
            // The worker closed its input (it refused the job early, or it died): its answer or
            // its ending tells what happened.
        }
    }

    private static func watch(_ worker: WorkerProcess, deadlineSeconds: Double, outcome: OutcomeBox,
                              isConnected: @escaping @Sendable () -> Bool) async throws {
        let allowed = Duration.milliseconds(Int(deadlineSeconds * 1000))
        while true {
            try await Task.sleep(for: .milliseconds(200))
            if !isConnected() {
                outcome.value = .disconnected
                worker.kill()
                return
            }
            if let bodyEnd = outcome.bodyEndedAt, ContinuousClock.now >= bodyEnd + allowed {
                outcome.value = .timedOut
                worker.kill()
                return
            }
        }
    }
}
