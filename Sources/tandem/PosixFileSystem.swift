// The file system of a plain `tandem run`: the core's file capability (Lua's
// Host/LuaFileSystem.swift) over POSIX descriptors, as lua5.4 reaches files through C stdio
// (liolib.c and loslib.c of Lua 5.4.4: fopen's open flags, remove, rename, mkstemp for
// os.tmpname, strerror for messages). `tandem run --json` and the server never install it.

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TandemCore

/// POSIX operations for `LuaInterpreter.setFileSystem`.
enum PosixFileSystem {
    /// The interpreter whose buffered files `exit` must flush (os.exit ends the process
    /// without closing the state; C's exit flushes every stdio stream).
    nonisolated(unsafe) private static var flushedAtExit: LuaInterpreter?

    /// Gives `lua` the process's file system and flushes its files when the process exits.
    static func install(on lua: LuaInterpreter) {
        lua.setFileSystem(make())
        if flushedAtExit == nil { atexit { PosixFileSystem.flushedAtExit?.flushFiles() } }
        flushedAtExit = lua
    }

    static func make() -> LuaFileSystem {
        LuaFileSystem(open: open, read: read, write: write, seek: seek, close: close, remove: remove,
                      rename: rename, temporaryName: temporaryName, errorMessage: errorMessage)
    }

    /// The errno of the call that just failed.
    private static func lastError() -> LuaFileError { LuaFileError(errno) }

    /// fopen's flags for "r", "w", "a", "r+", "w+", "a+"; files are created 0666 (less umask).
    static func open(_ path: [UInt8], _ mode: [UInt8]) -> Result<Int32, LuaFileError> {
        let update = mode.count > 1
        var flags: Int32
        switch mode.first {
        case UInt8(ascii: "w"): flags = (update ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC
        case UInt8(ascii: "a"): flags = (update ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND
        default: flags = update ? O_RDWR : O_RDONLY
        }
        flags |= O_CLOEXEC
        let fd = withCString(path) { Glibc.open($0, flags, 0o666) }
        return fd < 0 ? .failure(lastError()) : .success(fd)
    }

    static func read(_ handle: Int32, _ maxBytes: Int) -> Result<[UInt8], LuaFileError> {
        var buffer = [UInt8](repeating: 0, count: max(0, maxBytes))
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(handle, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return .failure(lastError()) }
            buffer.removeLast(buffer.count - n)
            return .success(buffer)
        }
    }

    static func write(_ handle: Int32, _ bytes: [UInt8]) -> LuaFileError? {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(handle, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return lastError() }
            done += n
        }
        return nil
    }

    static func seek(_ handle: Int32, _ origin: LuaSeekOrigin, _ offset: Int64) -> Result<Int64, LuaFileError> {
        let whence: Int32 = origin == .start ? SEEK_SET : origin == .current ? SEEK_CUR : SEEK_END
        let position = lseek(handle, off_t(offset), whence)
        return position < 0 ? .failure(lastError()) : .success(Int64(position))
    }

    static func close(_ handle: Int32) -> LuaFileError? {
        Glibc.close(handle) == 0 ? nil : lastError()
    }

    /// C's remove: a file, or else an empty directory.
    static func remove(_ path: [UInt8]) -> LuaFileError? {
        withCString(path) { Glibc.remove($0) } == 0 ? nil : lastError()
    }

    static func rename(_ from: [UInt8], _ to: [UInt8]) -> LuaFileError? {
        withCString(from) { f in withCString(to) { t in Glibc.rename(f, t) } } == 0 ? nil : lastError()
    }

    /// lua_tmpnam on POSIX: mkstemp("/tmp/lua_XXXXXX"), then close the descriptor.
    static func temporaryName() -> [UInt8]? {
        var template = Array("/tmp/lua_XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        if fd < 0 { return nil }
        _ = Glibc.close(fd)
        return template.dropLast().map { UInt8(bitPattern: $0) }
    }

    static func errorMessage(_ code: Int32) -> [UInt8] {
        guard let text = strerror(code) else { return Array("Unknown error".utf8) }
        return Array(String(cString: text).utf8)
    }

    /// Calls `body` with `bytes` as a C string (the core already cut it at a zero byte).
    private static func withCString<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
        let c = bytes.map { CChar(bitPattern: $0) } + [0]
        return c.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
