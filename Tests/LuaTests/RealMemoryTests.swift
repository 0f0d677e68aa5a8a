// Real memory against the memory budget (DESIGN.md "Budgets": "real memory stays within a
// small factor of it"). The budget counts platform-independent units; this checks what the
// process really uses: each allocation-heavy script runs in a forked child of the test
// process, which reports how far its resident set grew above what it had right after the
// fork (VmHWM − VmRSS from /proc/self/status, in the child alone, so neither the parent's
// other tests nor their threads affect the figure). The growth must stay within twice the
// budget plus a fixed allowance for the interpreter's own tables and the allocator's slack.
//
// Linux only (fork, /proc). Nothing here measures time; the child's only deadline is a
// guard against a hang, reported as a failure.

#if os(Linux)
import Glibc
import Testing
@testable import Lua

@Suite("Real memory", .serialized)
struct RealMemoryTests {
    /// The budget the scripts run under, and the fixed allowance on top of twice that.
    static let budget: Int64 = 32 << 20
    static let allowance: Int64 = 24 << 20

    /// Allocation-heavy scripts: every buffer a script can grow, each pushed to the budget.
    static let scripts: [(String, String)] = [
        ("strings", "local t = {} for i = 1, 1e7 do t[i] = string.rep('x', 1000) .. i end"),
        ("tables", "local t = {} for i = 1, 1e8 do t[i] = {i, i} end"),
        ("concat loop", "local s = 'x' while true do s = s .. s end"),
        ("rep", "local t = {} for i = 1, 100 do t[i] = string.rep('ab', 2^20 * i) end"),
        ("table.concat", """
            local t = {} for i = 1, 3e4 do t[i] = string.rep('y', 100) end
            local r = {} for i = 1, 100 do r[i] = table.concat(t, string.rep(',', 1000)) end
            """),
        ("gsub", "local s = string.rep('x', 1e5) local r = {} for i = 1, 100 do r[i] = s:gsub('x', string.rep('y', 1000)) end"),
        ("format", "local s = string.rep('f', 2^20) local r = {} for i = 1, 100 do r[i] = string.format('%s%s%s', s, s, s) end"),
        ("pack", "local s = 'p' for i = 1, 40 do s = string.pack('s4', s .. s) end"),
        ("load reader", "local s = string.rep('-', 2^20) return load(function() return s end)"),
        ("load string", "return load(string.rep('a = 1 ', 2.5e6))"),
        ("compile", "local src = string.rep('local a = {1, 2, 3, 4, 5} ', 1e6) return load(src)"),
        ("coroutines", """
            local function deep(n) if n == 0 then coroutine.yield() return 0 end return 1 + deep(n - 1) end
            local cos = {}
            for i = 1, 1e6 do local co = coroutine.create(deep) coroutine.resume(co, 5000) cos[i] = co end
            """),
        ("utf8.char", "local t = {} for i = 1, 2e5 do t[i] = 0x10FFFF end local r = {} for i = 1, 200 do r[i] = utf8.char(table.unpack(t)) end"),
        ("closures", "local t = {} for i = 1, 1e8 do local x = i t[i] = function() return x end end"),
    ]

    @Test(arguments: 0..<RealMemoryTests.scripts.count)
    func realPeakStaysWithinTwiceTheBudget(_ index: Int) throws {
        let (name, source) = Self.scripts[index]
        // Warm up in the parent: the child then needs no lazily created runtime data (type
        // metadata) that another thread's lock might guard at the moment of the fork.
        _ = Self.run("local t = {} for i = 1, 100 do t[i] = string.rep('x', i) .. i end", budget: 1 << 20)
        guard let (growth, outcome) = Self.measureInChild({ Self.run(source, budget: Self.budget) }) else {
            Issue.record("\(name): the child did not report")
            return
        }
        #expect(outcome != 3, "\(name): the run did not end cleanly")
        let bound = 2 * Self.budget + Self.allowance
        #expect(growth <= bound, "\(name): resident set grew by \(growth >> 20) MiB (bound \(bound >> 20) MiB)")
    }

    /// The measurement itself sees memory: a child that allocates and touches 64 MiB (above
    /// malloc's mmap threshold, so fresh pages) reports a growth of at least 48 MiB.
    @Test func measurementSeesAnAllocation() {
        let size = 64 << 20
        guard let (growth, _) = Self.measureInChild({
            let p = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 4096)
            memset(p, 1, size)
            let sample = p.load(fromByteOffset: size / 2, as: UInt8.self)
            p.deallocate()
            return Int32(sample)
        }) else {
            Issue.record("the child did not report")
            return
        }
        #expect(growth >= 48 << 20, "growth \(growth >> 20) MiB")
    }

    /// Runs `source` under `budget` to its end: 0 finished, 1 memory budget, 2 another
    /// failure, 3 never ended.
    static func run(_ source: String, budget: Int64) -> Int32 {
        let lua = LuaInterpreter(options: LuaRunOptions(budgets: LuaBudgets(memoryBytes: budget)))
        _ = lua.load(source: Array(source.utf8), chunkName: Array("=memory".utf8))
        var status = lua.run(maxSteps: 1 << 40)
        var slices = 0
        while case .paused = status, slices < 1000 { status = lua.run(maxSteps: 1 << 40); slices += 1 }
        switch status {
        case .finished: return 0
        case .failed(let f): return f.kind == .budget(.memory) ? 1 : 2
        case .paused: return 3
        }
    }

    /// A field of /proc/self/status in bytes ("VmRSS", "VmHWM").
    static func statusField(_ name: String) -> Int64 {
        guard let f = fopen("/proc/self/status", "r") else { return -1 }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(cString: line)
            if text.hasPrefix(name + ":") {
                let digits = text.drop(while: { !$0.isNumber }).prefix(while: { $0.isNumber })
                return (Int64(digits) ?? -1) * 1024
            }
        }
        return -1
    }

    /// Forks; the child resets its high-water mark to its current resident set, runs `body`,
    /// and writes (growth, body's result) to a pipe before `_exit`. Nil if the child died or
    /// did not answer within the guard.
    static func measureInChild(_ body: () -> Int32) -> (Int64, Int32)? {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        let pid = fork()
        if pid == 0 {
            // Close everything else the test process has open: a fork does not exec, so even
            // close-on-exec descriptors stay, and a test running beside this one (a worker's
            // standard input in WorkerPoolTests) would not see its pipe close while we run.
            let limit = min(Int32(truncatingIfNeeded: sysconf(Int32(_SC_OPEN_MAX))), 1 << 16)
            for fd in 3..<max(3, limit) where fd != fds[1] { close(fd) }
            // Writing "5" to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0).
            if let f = fopen("/proc/self/clear_refs", "w") { fputs("5", f); fclose(f) }
            let base = statusField("VmRSS")
            let outcome = body()
            let peak = statusField("VmHWM")
            var message = (peak - base, outcome)
            _ = withUnsafeBytes(of: &message) { write(fds[1], $0.baseAddress, $0.count) }
            _exit(0)
        }
        close(fds[1])
        defer { close(fds[0]) }
        guard pid > 0 else { return nil }
        // Guard against a hang (not a timing assertion): poll for the answer up to 10 min.
        var pfd = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, 600_000)
        var message: (Int64, Int32) = (0, 0)
        var got = 0
        if ready > 0 {
            got = withUnsafeMutableBytes(of: &message) { read(fds[0], $0.baseAddress, $0.count) }
        }
        if got != MemoryLayout<(Int64, Int32)>.size { kill(pid, SIGKILL) }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return got == MemoryLayout<(Int64, Int32)>.size ? message : nil
    }
}
#endif
