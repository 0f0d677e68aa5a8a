// Host capability: the file system a run may see. Lua 5.4.4 reaches it through C stdio
// (liolib.c: fopen, fread, fwrite, fseek, fclose, tmpfile) and loslib.c (remove, rename,
// mkstemp); the core reaches it through these closures, which a native host implements over
// its operating system (Sources/tandem/PosixFileSystem.swift) and a sandboxed host leaves out.
// Buffering (setvbuf) is the core's own (Library/IO/IOFile.swift), so the host deals in raw
// descriptors only.

/// A failure reported by the host: an errno value (2 is ENOENT, 9 EBADF…), shown with
/// `LuaFileSystem.errorMessage` the way strerror shows it.
public struct LuaFileError: Error, Equatable {
    /// The errno value, as luaL_fileresult returns it to the script.
    public var code: Int32

    /// A failure with errno `code`.
    public init(_ code: Int32) { self.code = code }
}

/// Where `LuaFileSystem.seek` counts from (SEEK_SET, SEEK_CUR, SEEK_END).
public enum LuaSeekOrigin: UInt8 {
    case start = 0, current = 1, end = 2
}

/// The file operations a host grants a run, as closures over raw file handles.
///
/// Without one (the server and the browser), `io.open` and every file name fail with
/// "No such file or directory" and `os.tmpname` names a file that cannot be opened. A native
/// shell installs one with `LuaInterpreter.setFileSystem(_:)`; results are then whatever the
/// operating system does, so such a run is not part of the determinism contract.
public struct LuaFileSystem {
    /// Opens `path` with a C `fopen` mode already checked by the core: "r", "w", "a", "r+",
    /// "w+" or "a+" ("b" removed). Returns a handle the other closures receive.
    public var open: (_ path: [UInt8], _ mode: [UInt8]) -> Result<Int32, LuaFileError>
    /// Reads at most `maxBytes` bytes (no bytes: end of file).
    public var read: (_ handle: Int32, _ maxBytes: Int) -> Result<[UInt8], LuaFileError>
    /// Writes all of `bytes`.
    public var write: (_ handle: Int32, _ bytes: [UInt8]) -> LuaFileError?
    /// Moves the position and returns the new one (lseek).
    public var seek: (_ handle: Int32, _ origin: LuaSeekOrigin, _ offset: Int64) -> Result<Int64, LuaFileError>
    /// Releases the handle.
    public var close: (_ handle: Int32) -> LuaFileError?
    /// Deletes a file or an empty directory (C's remove).
    public var remove: (_ path: [UInt8]) -> LuaFileError?
    /// Renames a file (C's rename).
    public var rename: (_ from: [UInt8], _ to: [UInt8]) -> LuaFileError?
    /// Creates a fresh temporary file and returns its name (lua_tmpnam's mkstemp), or nil.
    public var temporaryName: () -> [UInt8]?
    /// The text of an errno value, as strerror gives it ("No such file or directory").
    public var errorMessage: (_ code: Int32) -> [UInt8]

    /// A file system made of the given operations.
    public init(open: @escaping (_ path: [UInt8], _ mode: [UInt8]) -> Result<Int32, LuaFileError>,
                read: @escaping (_ handle: Int32, _ maxBytes: Int) -> Result<[UInt8], LuaFileError>,
                write: @escaping (_ handle: Int32, _ bytes: [UInt8]) -> LuaFileError?,
                seek: @escaping (_ handle: Int32, _ origin: LuaSeekOrigin, _ offset: Int64) -> Result<Int64, LuaFileError>,
                close: @escaping (_ handle: Int32) -> LuaFileError?,
                remove: @escaping (_ path: [UInt8]) -> LuaFileError?,
                rename: @escaping (_ from: [UInt8], _ to: [UInt8]) -> LuaFileError?,
                temporaryName: @escaping () -> [UInt8]?,
                errorMessage: @escaping (_ code: Int32) -> [UInt8]) {
        self.open = open
        self.read = read
        self.write = write
        self.seek = seek
        self.close = close
        self.remove = remove
        self.rename = rename
        self.temporaryName = temporaryName
        self.errorMessage = errorMessage
    }
}

extension LuaInterpreter {
    /// Gives the script a file system: `io.open`, `io.lines`, `io.input`/`io.output` with
    /// names, `io.tmpfile`, `os.remove`, `os.rename`, `os.tmpname`, and `loadfile`/`dofile`
    /// (which then read real files before the registered ones). Call before running.
    /// Sandboxed hosts never call it.
    public func setFileSystem(_ fileSystem: LuaFileSystem) {
        state.g.pointee.hostIO.fileSystem = fileSystem
    }

    /// Writes out what scripts wrote to buffered files and not yet flushed, as C's `exit`
    /// flushes every stream; for a host ending its process without closing the state.
    public func flushFiles() {
        state.flushAllFiles()
    }
}
