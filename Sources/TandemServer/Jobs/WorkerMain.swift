// The worker side: `tandem worker` runs one job from its standard input and exits. It sets
// its own OS limits first (address space, CPU time) as a backstop behind the budgets, so a
// runaway or a trap in the native core ends this process only; the server replaces it.

import Foundation
import TandemCore

/// The body of `tandem worker`.
public enum WorkerMain {
    /// Runs one job from standard input to standard output and returns the exit status.
    public static func run(memoryLimitBytes: Int64, cpuSeconds: Int64) -> Int32 {
        closeInheritedDescriptors()
        setLimit(__rlimit_resource_t(RLIMIT_AS.rawValue), memoryLimitBytes)
        setLimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), cpuSeconds)
        guard let line = readHeaderLine() else { return 0 }  // the server went away before giving a job
        guard let job = WorkerProtocol.job(fromHeader: line) else {
            write(WorkerProtocol.answer(status: 400, Array("malformed job header".utf8)))
            return 0
        }
        do {
            let execution = try JobExecution(job)
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                buffer.withUnsafeBufferPointer { execution.push(UnsafeBufferPointer(rebasing: $0[0..<n])) }
            }
            let result = try execution.finish()
            write(WorkerProtocol.answer(status: result.status, result.document))
        } catch {
            write(WorkerProtocol.answer(status: 400, error.message))
        }
        return 0
    }

    /// Closes every inherited socket. The server's sockets are not all close-on-exec: a worker
    /// holding a client's socket would keep that connection open after the server closed it
    /// (no FIN reaches the client). The spawn already closes every descriptor above 2 where the
    /// C library can (WorkerProcess); this is the backstop. It closes sockets only: by the time
    /// it runs, the Swift runtime's dispatch threads have opened their own descriptors (epoll,
    /// eventfd), and closing those made a worker trap now and then inside libdispatch.
    static func closeInheritedDescriptors() {
        guard let dir = opendir("/proc/self/fd") else { return }
        var descriptors: [Int32] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let fd = Int32(name), fd > 2 { descriptors.append(fd) }
        }
        let own = dirfd(dir)
        closedir(dir)
        for fd in descriptors where fd != own && isSocket(fd) { close(fd) }
    }

    static func isSocket(_ fd: Int32) -> Bool {
        var info = stat()
        return fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK
    }

    static func setLimit(_ resource: __rlimit_resource_t, _ value: Int64) {
        guard value > 0 else { return }
        var limit = rlimit(rlim_cur: rlim_t(value), rlim_max: rlim_t(value))
        _ = setrlimit(resource, &limit)
    }

    /// Reads up to the first newline, byte by byte (the body that follows stays unread).
    static func readHeaderLine() -> [UInt8]? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while line.count < WorkerProtocol.maxHeaderBytes {
            guard read(0, &byte, 1) == 1 else { return nil }
            if byte == 0x0A { return line }
            line.append(byte)
        }
        return nil
    }

    static func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            offset += n
        }
    }
}
