// The worker side: `tandem worker` runs jobs from its standard input, one at a time, until
// the server closes that input (WorkerProtocol.swift). It sets its own OS limits first
// (address space; CPU time, renewed for every job) as a backstop behind the budgets, so a
// runaway or a trap in the native core ends this process only; the server replaces it.
//
// Reusing a process is safe because the shared core keeps no state between runs (no global
// mutable state: every run builds its own interpreter or stream session), and a trap ends the
// process rather than leaving a damaged heap for the next job.

import Foundation
import TandemCore

/// glibc's `malloc_trim` (malloc.h, which the Glibc module does not import), looked up at run time.
private let mallocTrim: (@convention(c) (Int) -> Int32)? = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
    return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
}()

/// The body of `tandem worker`.
public enum WorkerMain {
    /// Runs jobs from standard input to standard output and returns the exit status.
    public static func run(memoryLimitBytes: Int64, cpuSeconds: Int64) -> Int32 {
        closeInheritedDescriptors()
        setLimit(__rlimit_resource_t(RLIMIT_AS.rawValue), memoryLimitBytes)
        while let line = readHeaderLine() {  // nil: the server retired this worker
            allowCPU(seconds: cpuSeconds)
            guard let job = WorkerProtocol.job(fromHeader: line) else {
                write(WorkerProtocol.answer(status: 400, Array("malformed job header".utf8)))
                return 0
            }
            guard runJob(job) else { return 0 }
        }
        return 0
    }

    /// Runs one job; false when this worker must not take another (it refused the job, or its
    /// input ended inside the body).
    static func runJob(_ job: Job) -> Bool {
        do {
            let execution = try JobExecution(job)
            guard readBody(into: execution) else { return false }
            let result = try execution.finish()
            write(WorkerProtocol.answer(status: result.status, result.document))
            // The job's memory is free now; hand it back to the system, so an idle worker does
            // not keep the peak of the last job it ran resident.
            _ = mallocTrim?(0)
            return true
        } catch {
            write(WorkerProtocol.answer(status: 400, error.message))
            return false
        }
    }

    /// Feeds the body's frames to `execution` until the frame of length 0 (true) or the end
    /// of input (false).
    static func readBody(into execution: JobExecution) -> Bool {
        var header = [UInt8](repeating: 0, count: 4)
        var buffer = [UInt8](repeating: 0, count: WorkerProtocol.maxFrameBytes)
        while readExactly(&header, count: 4) {
            let length = WorkerProtocol.frameLength(header)
            if length == 0 { return true }
            guard length <= buffer.count, readExactly(&buffer, count: length) else { return false }
            buffer.withUnsafeBufferPointer { execution.push(UnsafeBufferPointer(rebasing: $0[0..<length])) }
        }
        return false
    }

    /// Reads exactly `count` bytes of standard input into the start of `buffer`.
    static func readExactly(_ buffer: inout [UInt8], count: Int) -> Bool {
        var done = 0
        while done < count {
            let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress! + done, count - done) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    /// Lets the coming job use `seconds` of CPU time: RLIMIT_CPU counts the whole process, so
    /// the soft limit moves to what earlier jobs used plus the allowance (SIGXCPU past it).
    static func allowCPU(seconds: Int64) {
        guard seconds > 0 else { return }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let used = Int64(usage.ru_utime.tv_sec) + Int64(usage.ru_stime.tv_sec) + 1
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &limit)
        let soft = rlim_t(used + seconds)
        limit.rlim_cur = min(soft, limit.rlim_max)  // (RLIM_INFINITY is the largest value)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &limit)
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
