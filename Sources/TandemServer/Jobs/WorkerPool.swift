// Runs jobs in worker processes: one job at a time per process, each process serving job after
// job. A worker that traps, exceeds its OS limits or passes the deadline ends alone — the
// request it served gets `worker_failed` or `job_timeout` (503), every other request is
// unaffected, and the event is logged and counted; a replacement is started at once. A client
// that disconnects gets its worker killed within ~200 ms.
//
// A process per job would cost a fork+exec and the runtime's start (tens of milliseconds of
// CPU) on every request; reuse costs nothing, and the core keeps no state between jobs (see
// WorkerMain.swift). A worker is still retired after `jobsPerWorker` jobs, so whatever its
// allocator keeps from earlier jobs is returned to the system now and then.

import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Worker processes waiting for jobs, and the code that runs one job in one of them.
final class WorkerPool: Sendable {
    let executable: String
    let arguments: [String]
    /// Idle workers kept ready: one per job slot.
    let idleLimit: Int
    /// Jobs one worker runs before it is retired.
    let jobsPerWorker: Int
    private let idle = Mutex<[WorkerProcess]>([])
    /// Workers running a job, by process id (killed when the drain time is over).
    private let busy = Mutex<[pid_t: WorkerProcess]>([:])
    /// Workers that ended other than by being retired (for /metrics and the logs).
    let failures = Atomic<Int>(0)

    let metrics: ServerMetrics

    init(executable: String, workers: Int, jobsPerWorker: Int, memoryLimitBytes: Int64, cpuSeconds: Int, metrics: ServerMetrics) {
        self.metrics = metrics
        self.executable = executable
        self.arguments = ["--memory-limit", String(memoryLimitBytes), "--cpu-seconds", String(cpuSeconds)]
        self.idleLimit = max(1, workers)
        self.jobsPerWorker = max(1, jobsPerWorker)
    }

    /// An idle worker, or a new one when none is ready.
    func take() throws -> WorkerProcess {
        while let worker = idle.withLock({ $0.popLast() }) {
            if worker.hasEnded() {  // killed or crashed while waiting: replace it
                worker.closePipes()
                countFailure()
                continue
            }
            return worker
        }
        return try WorkerProcess.spawn(executable: executable, arguments: arguments)
    }

    /// A worker that finished its job cleanly goes back to the idle list, unless it has done
    /// its share of jobs or the list is full.
    private func giveBack(_ worker: WorkerProcess) {
        var worker = worker
        worker.jobsDone += 1
        let kept = worker.jobsDone < jobsPerWorker && idle.withLock { list in
            guard list.count < idleLimit else { return false }
            list.append(worker)
            return true
        }
        if !kept { retire(worker) }
    }

    /// Ends a worker that is not needed: it sees the end of its input and exits; it is reaped
    /// off the request's path, and the idle list is filled up again.
    private func retire(_ worker: WorkerProcess) {
        worker.closePipes()
        Task.detached { _ = try? await NIOThreadPool.singleton.runIfActive { worker.reap() } }
        try? refill()
    }

    private func countFailure() {
        failures.add(1, ordering: .relaxed)
        metrics.workerFailures.increment()
    }

    /// Starts idle workers up to `idleLimit`.
    func refill() throws {
        while idle.withLock({ $0.count }) < idleLimit {
            let worker = try WorkerProcess.spawn(executable: executable, arguments: arguments)
            idle.withLock { $0.append(worker) }
        }
    }

    /// Stops the idle workers (on shutdown); they exit when their standard input closes.
    func stopIdle() {
        let all = idle.withLock { list in defer { list.removeAll() }; return list }
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
        let answer: WorkerProtocol.AnswerParse
        do {
            answer = try await exchange(job, body: body, with: worker, deadlineSeconds: deadlineSeconds,
                                        outcome: outcome, isConnected: isConnected)
        } catch {
            _ = await end(worker)
            throw error
        }
        switch outcome.value {
        case .disconnected:
            _ = await end(worker)
            throw CancellationError()
        case .timedOut:
            _ = await end(worker)
            countFailure()
            logger.warning("worker \(worker.pid) killed: job passed its \(deadlineSeconds) s deadline")
            throw APIError(.serviceUnavailable, code: "job_timeout", "the job passed the server's deadline", retryAfter: 1)
        case .running: break
        }
        guard case .answer(let status, let bytes) = answer else {
            let ending = await end(worker)
            countFailure()
            logger.error("worker \(worker.pid) failed: \(ending)")
            throw APIError(.serviceUnavailable, code: "worker_failed", "the worker running this job failed (\(ending)); other requests are unaffected")
        }
        if status == 400 {  // a refusal: the worker exits after it (it may not have read the whole body)
            retire(worker)
            throw APIError(.badRequest, code: "invalid_request", String(decoding: bytes, as: UTF8.self))
        }
        giveBack(worker)
        return JobResult(status: status, document: bytes)
    }

    /// Kills a worker that cannot go on, waits for its end and starts a replacement.
    private func end(_ worker: WorkerProcess) async -> WorkerProcess.Ending {
        worker.kill()
        worker.closePipes()
        let ending = (try? await NIOThreadPool.singleton.runIfActive { worker.reap() }) ?? .signalled(SIGKILL)
        try? refill()
        return ending
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

    /// Writes header and body frames to the worker while reading its answer; a watchdog kills
    /// the worker when the deadline passes or the client goes away. The channel works on
    /// duplicates of the worker's pipe ends: closing it at the end of the job leaves the pipes
    /// (and the worker) ready for the next one.
    private func exchange(_ job: Job, body: LimitedBody, with worker: WorkerProcess, deadlineSeconds: Double,
                          outcome: OutcomeBox, isConnected: @escaping @Sendable () -> Bool) async throws -> WorkerProtocol.AnswerParse {
        let input = fcntl(worker.stdoutFD, F_DUPFD_CLOEXEC, 0), output = fcntl(worker.stdinFD, F_DUPFD_CLOEXEC, 0)
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            guard input >= 0, output >= 0 else { throw WorkerProcess.spawnError("F_DUPFD_CLOEXEC: \(String(cString: strerror(errno)))") }
            channel = try await NIOPipeBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelOption(.allowRemoteHalfClosure, value: true)
                .takingOwnershipOfDescriptors(input: input, output: output) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true))
                    }
                }
        } catch {
            if input >= 0 { close(input) }  // (still ours when the bootstrap failed)
            if output >= 0 { close(output) }
            throw error
        }
        return try await channel.executeThenClose { inbound, outbound in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await Self.send(job, body: body, to: outbound, worker: worker, outcome: outcome) }
                group.addTask {
                    try await Self.watch(worker, deadlineSeconds: deadlineSeconds, outcome: outcome, isConnected: isConnected)
                }
                var received: [UInt8] = []
                var answer = WorkerProtocol.AnswerParse.incomplete
                for try await part in inbound {
                    received.append(contentsOf: part.readableBytesView)
                    answer = WorkerProtocol.parseAnswer(received)
                    if answer != .incomplete { break }
                }
                group.cancelAll()
                // The writer's own error (413) wins; a broken pipe only means the worker stopped reading.
                while let next = await group.nextResult() {
                    if case .failure(let error as APIError) = next { throw error }
                }
                return answer
            }
        }
    }

    /// Sends the header and the body's frames. When the body fails (413, 408, the client's
    /// connection) the worker is killed: it would wait for the rest of a body that never comes,
    /// and its answer is not wanted.
    private static func send(_ job: Job, body: LimitedBody, to outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>,
                             worker: WorkerProcess, outcome: OutcomeBox) async throws {
        do {
            try await outbound.write(ByteBuffer(bytes: WorkerProtocol.header(for: job)))
            for try await buffer in body {
                var rest = buffer
                while let piece = rest.readSlice(length: min(rest.readableBytes, WorkerProtocol.maxFrameBytes)), piece.readableBytes > 0 {
                    try await outbound.write(contentsOf: [ByteBuffer(bytes: WorkerProtocol.frameHeader(piece.readableBytes)), piece])
                }
            }
            try await outbound.write(ByteBuffer(bytes: WorkerProtocol.endOfBody))
            outcome.bodyEndedAt = .now
        } catch {
            // Also when the worker stopped reading (it refused the job early, or it died): what it
            // wrote before is still read, and its ending tells what happened.
            worker.kill()
            if let error = error as? APIError { throw error }  // the writer's own error (413, 408) wins
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
