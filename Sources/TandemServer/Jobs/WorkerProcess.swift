// One `tandem worker` child process and its two pipes, started with posix_spawn. The server
// keeps one per job slot started and waiting (WorkerPool), so a job does not wait for a
// process to start.

import Foundation

private let spawnLock = NSLock()

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run time:
/// the Glibc module does not declare it. Without it the worker closes inherited sockets itself.
private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
private let closeFrom: AddCloseFrom? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
    return unsafeBitCast(symbol, to: AddCloseFrom.self)
}()

/// A started worker process waiting for jobs on standard input.
struct WorkerProcess: Sendable {
    let pid: pid_t
    /// Our end of the worker's standard input.
    let stdinFD: Int32
    /// Our end of the worker's standard output.
    let stdoutFD: Int32
    /// Jobs it has answered.
    var jobsDone = 0

    /// Starts `executable worker …`; the worker inherits our standard error (its log lines).
    static func spawn(executable: String, arguments: [String]) throws -> WorkerProcess {
        // One spawn at a time: the pipes are made close-on-exec right after creation, and no
        // other spawn may run in between (it would inherit them and keep a worker's input open).
        spawnLock.lock()
        defer { spawnLock.unlock() }
        var input: [Int32] = [0, 0], output: [Int32] = [0, 0]
        guard pipe(&input) == 0 else { throw spawnError("pipe") }
        guard pipe(&output) == 0 else {
            close(input[0]); close(input[1])
            throw spawnError("pipe")
        }
        for fd in input + output { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        _ = closeFrom?(&actions, 3)  // nothing of the server's reaches the worker (client sockets above all)
        let argv = ([executable, "worker"] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        close(input[0])
        close(output[1])
        guard status == 0 else {
            close(input[1]); close(output[0])
            throw spawnError("posix_spawn \(executable): \(String(cString: strerror(status)))")
        }
        return WorkerProcess(pid: pid, stdinFD: input[1], stdoutFD: output[0])
    }

    /// True when the process has already ended (an idle worker that was killed or crashed while
    /// waiting); it is reaped then and must not be given a job.
    func hasEnded() -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid
    }

    /// Closes our ends of the pipes (the worker sees end of input and exits).
    func closePipes() {
        close(stdinFD)
        close(stdoutFD)
    }

    /// Ends the process at once (a job past its deadline, a client that went away).
    func kill() { _ = Glibc.kill(pid, SIGKILL) }

    /// Waits for the process to end and describes how it ended (blocking: call off the event loops).
    func reap() -> Ending {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
    }

    /// How a worker process ended.
    enum Ending: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var description: String {
            switch self {
            case .exited(let code): "exit status \(code)"
            case .signalled(let signal): "signal \(signal) (\(String(cString: strsignal(signal))))"
            }
        }
    }

    static func spawnError(_ what: String) -> APIError {
        APIError(.serviceUnavailable, code: "worker_failed", "could not start a worker: \(what)", retryAfter: 1)
    }
}
