// Test support: running the reference tools (lua5.4, luac5.4, python3 with mpmath, ffmpeg,
// ffprobe, the built tandem) the one way every test does — input fed from a file, output and
// errors collected in files (no pipe can fill and deadlock), a deadline so a tool that hangs
// fails the test instead of hanging it.

import Foundation

/// What a finished process produced.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    /// True when the deadline passed and the process was killed.
    public var timedOut: Bool

    public var output: String { String(decoding: stdout, as: UTF8.self) }
    public var errors: String { String(decoding: stderr, as: UTF8.self) }
}

/// Runs processes for the tests.
public enum ProcessRunner {
    /// Runs `executable` (a path, or a name looked up on PATH) with `arguments`, feeding
    /// `input` on standard input (empty: end of input at once), in `directory`.
    /// With `inputThroughPipe`, standard input is a pipe (not seekable, as a host streams
    /// input) written from another thread; a process that exits unread does not kill the tests.
    public static func run(_ executable: String, _ arguments: [String] = [], input: [UInt8] = [],
                           directory: URL? = nil, inputThroughPipe: Bool = false,
                           timeoutSeconds: Double = 300) throws -> ProcessResult {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-process-\(UUID().uuidString)")
        let files = ["in", "out", "err"].map { base.appendingPathExtension($0) }
        try Data(input).write(to: files[0])
        for file in files.dropFirst() { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        defer { for file in files { try? FileManager.default.removeItem(at: file) } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable.contains("/") ? executable : "/usr/bin/env")
        process.arguments = executable.contains("/") ? arguments : [executable] + arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        if inputThroughPipe {
            signal(SIGPIPE, SIG_IGN)
            process.standardInput = pipe
        } else {
            process.standardInput = try FileHandle(forReadingFrom: files[0])
        }
        let out = try FileHandle(forWritingTo: files[1]), err = try FileHandle(forWritingTo: files[2])
        process.standardOutput = out
        process.standardError = err
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        if inputThroughPipe {
            Thread {
                try? pipe.fileHandleForWriting.write(contentsOf: Data(input))
                try? pipe.fileHandleForWriting.close()
            }.start()
        }
        let timedOut = ended.wait(timeout: .now() + timeoutSeconds) == .timedOut
        if timedOut { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        return ProcessResult(status: process.terminationStatus, stdout: Array(try Data(contentsOf: files[1])),
                             stderr: Array(try Data(contentsOf: files[2])), timedOut: timedOut)
    }

    /// True when `tool` is an executable on PATH (for `.enabled(if:)` with a reason).
    public static func isInstalled(_ tool: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
        }
    }
}
