// Jobs in worker processes (`tandem worker`, the debug build at .build/debug/tandem, which
// `make test` builds before the tests): the same documents as in-process, one process running
// job after job until its share is done, a refusal that ends its worker, a deadline that
// kills a runaway worker and answers 503, a bounded queue, and workers killed from outside
// that fail their own request only.

import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TandemCore
import TandemServer

@Suite(.serialized) struct WorkerPoolTests {
    static let executable = ".build/debug/tandem"

    static func app(_ change: (inout ServerConfiguration) -> Void = { _ in }) async throws -> some ApplicationProtocol {
        var c = ServerConfiguration()
        c.port = 0
        c.workers = 1
        c.workerExecutable = executable
        // A fresh identity and SQLite ledger per application (LedgerTests covers them).
        c.dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-test-\(UUID().uuidString)").path
        change(&c)
        return try await makeApplication(c)
    }

    static func luaRun(_ client: some TestClientProtocol, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: "/api/lua/run", method: .post, headers: ServerTests.json, body: ByteBuffer(string: body))
    }

    @Test func workerAnswersTheCoresDocument() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable), "build tandem first (make test does)")
        let body = #"{"source":"local t = {} for i = 1, 100 do t[i] = i * i end return #t, t[100]"}"#
        try await Self.app().test(.live) { client in
            let response = try await Self.luaRun(client, body)
            #expect(response.status == .ok)
            #expect(Array(buffer: response.body) == LuaSession.answer(requestJSON: Array(body.utf8)))
        }
    }

    @Test func aWorkerRunsJobAfterJobUntilItsShareIsDone() async throws {
        // 3 MiB of null packets: the body crosses the pipe as several frames.
        let stream = ServerTests.nullPackets(3 << 20 / 188)
        let lua = #"{"source":"return 'again'"}"#
        try await Self.app { $0.jobsPerWorker = 3 }.test(.live) { client in
            try await Self.waitUntilStarted(workers: 1)  // (a job arriving earlier would get a process of its own)
            let first = try await Self.luaRun(client, lua)
            #expect(Array(buffer: first.body) == LuaSession.answer(requestJSON: Array(lua.utf8)))
            let worker = Self.childWorkers()
            #expect(worker.count == 1)
            let report = try await client.execute(uri: "/api/stream/validate", method: .post, headers: ServerTests.bytes,
                                                  body: ByteBuffer(bytes: stream))
            #expect(Array(buffer: report.body) == StreamSession.validate(stream))
            #expect(Self.childWorkers() == worker, "the same process ran the second job")
            let third = try await Self.luaRun(client, lua)
            #expect(third.status == .ok)
            try await Self.waitUntilDead(worker)  // its third job was its last
            let fresh = Self.childWorkers()
            #expect(fresh.count == 1 && fresh != worker)
            let fourth = try await Self.luaRun(client, lua)
            #expect(Array(buffer: fourth.body) == LuaSession.answer(requestJSON: Array(lua.utf8)))
        }
    }

    @Test func aRefusedJobEndsItsWorkerAndTheNextJobGetsAFreshOne() async throws {
        try await Self.app().test(.live) { client in
            try await Self.waitUntilStarted(workers: 1)
            _ = try await Self.luaRun(client, #"{"source":"return 1"}"#)
            let worker = Self.childWorkers()
            let refused = try await Self.luaRun(client, #"{"sourc"#)
            try ServerTests.expectError(refused, status: 400, code: "invalid_request", containing: "")
            try await Self.waitUntilDead(worker)
            let next = try await Self.luaRun(client, #"{"source":"return 2"}"#)
            #expect(next.status == .ok)
            #expect(Self.childWorkers().count == 1 && Self.childWorkers() != worker)
        }
    }

    @Test func aJobPastItsDeadlineGets503AndTheNextJobRuns() async throws {
        try await Self.app { $0.jobTimeoutSeconds = 1 }.test(.live) { client in
            let runaway = try await Self.luaRun(client, #"{"source":"while true do end","budgets":{"steps":1000000000}}"#)
            try ServerTests.expectError(runaway, status: 503, code: "job_timeout", containing: "deadline")
            let next = try await Self.luaRun(client, #"{"source":"return 1"}"#)
            #expect(next.status == .ok)
        }
    }

    @Test func aFullQueueAnswers503AtOnce() async throws {
        try await Self.app { $0.queueLimit = 0; $0.jobTimeoutSeconds = 3 }.test(.live) { client in
            async let runaway = Self.runaway(port: try #require(client.port))
            try await Self.waitUntilRunning(client)
            let refused = try await Self.luaRun(client, #"{"source":"return 1"}"#)
            try ServerTests.expectError(refused, status: 503, code: "queue_full", containing: "")
            #expect(refused.headers[.retryAfter] != nil)
            let ended = try await runaway
            try ServerTests.expectError(ended.head, ended.body ?? ByteBuffer(), status: 503, code: "job_timeout", containing: "")
        }
    }

    @Test func aKilledWorkerFailsItsOwnRequestOnly() async throws {
        try await Self.app { $0.workers = 2 }.test(.live) { client in
            async let victim = Self.runaway(port: try #require(client.port))
            try await Self.waitUntilRunning(client)
            // SIGKILL every worker process of ours: the busy one and the spares.
            let workers = Self.childWorkers()
            #expect(workers.count >= 2)
            for pid in workers { kill(pid, SIGKILL) }
            // SIGKILL is delivered asynchronously: until a killed spare has actually died, the
            // pool cannot tell it from a live one. Wait for that (as a later request would).
            try await Self.waitUntilDead(workers)
            let failed = try await victim
            try ServerTests.expectError(failed.head, failed.body ?? ByteBuffer(), status: 503, code: "worker_failed", containing: "signal 9")
            let next = try await Self.luaRun(client, #"{"source":"return 'still serving'"}"#)
            #expect(next.status == .ok)
        }
    }

    /// A job that runs until the deadline or a kill ends it, on a connection of its own (the
    /// test client's connection answers one request at a time).
    static func runaway(port: Int) async throws -> TestClient.Response {
        try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
            try await client.execute(.init("/api/lua/run", method: .post, headers: ServerTests.json,
                                           body: ByteBuffer(string: #"{"source":"while true do end","budgets":{"steps":1000000000}}"#)))
        }
    }

    /// Polls /readyz until a job runs.
    static func waitUntilRunning(_ client: some TestClientProtocol) async throws {
        for _ in 0..<200 {
            let response = try await client.execute(uri: "/readyz", method: .get)
            if String(buffer: response.body).contains(#""running":1"#) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("no job started")
    }

    /// Waits until the pool has started its workers.
    static func waitUntilStarted(workers: Int) async throws {
        for _ in 0..<500 where childWorkers().count < workers { try await Task.sleep(for: .milliseconds(10)) }
        #expect(childWorkers().count == workers)
    }

    /// Waits until every process in `pids` is a zombie or gone (state from /proc).
    static func waitUntilDead(_ pids: [pid_t]) async throws {
        for _ in 0..<500 {
            let alive = pids.filter { pid in
                guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                      let close = stat.lastIndex(of: ")") else { return false }
                return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
            }
            if alive.isEmpty { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("killed workers still running")
    }

    /// Our child processes running `tandem worker` (from /proc).
    static func childWorkers() -> [pid_t] {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, Int32(fields[1]) == me else { return false }
            let cmdline = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
            return cmdline.split(separator: 0).contains { $0.elementsEqual("worker".utf8) }
        }
    }
}
