// io library, files: an open file as C stdio keeps it (liolib.c of Lua 5.4.4 over glibc's FILE):
// a host handle (Host/LuaFileSystem.swift), a write buffer that setvbuf's modes govern, a
// read-ahead buffer, and the error flag that g_read reports.
//
// Buffering is observable (files.lua checks it with two handles on one file): with "full",
// writes reach the host when the buffer fills, on flush, seek or close; with "line", also
// through the last newline written; with "no", at once. The buffer holds 4096 bytes, the
// size glibc takes from st_blksize; like glibc, setvbuf's size argument does not change it.
// Each open file charges that size to the memory budget until it is closed.

/// How a file's writes are buffered (setvbuf's "no", "full", "line").
enum FileBuffering: UInt8 { case none = 0, full = 1, line = 2 }

/// What reading a whole file through the host gave (luaL_loadfilex's errfile stages).
enum HostFileRead {
    case contents([UInt8])
    case cannotOpen(LuaFileError)
    case cannotRead(LuaFileError)
}

/// One file opened by the script.
struct OpenFile {
    /// The host's handle.
    var handle: Int32
    var readable: Bool
    var writable: Bool
    var buffering: FileBuffering = .full
    /// Written, not yet given to the host.
    var pending: [UInt8] = []
    /// Read from the host, consumed up to `inputPosition`.
    var input: [UInt8] = []
    var inputPosition: Int = 0
    /// The errno of the last failed read since the last `clearerr` (ferror).
    var failure: Int32? = nil
    /// Whether the buffer is set up for writing (glibc's _IO_CURRENTLY_PUTTING): not after
    /// opening, reading or seeking, so the first write then goes through the flush path.
    var putting = false

    /// The buffer size (glibc's st_blksize for a regular file).
    static let bufferSize = 4096
}

extension LuaState {
    /// The installed file system, if any.
    var fileSystem: LuaFileSystem? { g.pointee.hostIO.fileSystem }

    /// strerror: the host's text, or the few messages a sandbox gives itself.
    func fileErrorMessage(_ code: Int32) -> [UInt8] {
        if let fs = fileSystem { return fs.errorMessage(code) }
        switch code {
        case 2: return [UInt8]("No such file or directory")
        case 9: return [UInt8]("Bad file descriptor")
        case 29: return [UInt8]("Illegal seek")
        default: return [UInt8]("Unknown error ") + decimal(Int64(code))
        }
    }

    /// fopen: opens `path` with a mode already checked (l_checkmode) and returns the slot of
    /// the new file. Without a file system every name is missing (ENOENT).
    func openFile(_ path: [UInt8], mode: [UInt8]) throws(LuaError) -> Result<Int, LuaFileError> {
        guard let fs = fileSystem else { return .failure(LuaFileError(2)) }
        var plain: [UInt8] = [mode[0]]
        if mode.contains(UInt8(ascii: "+")) { plain.append(UInt8(ascii: "+")) }
        try charge(Int64(OpenFile.bufferSize))
        switch fs.open(cString(path), plain) {
        case .failure(let e):
            g.pointee.totalBytes &-= Int64(OpenFile.bufferSize)
            return .failure(e)
        case .success(let handle):
            let update = plain.count > 1
            let file = OpenFile(handle: handle, readable: plain[0] == UInt8(ascii: "r") || update,
                                writable: plain[0] != UInt8(ascii: "r") || update)
            if let free = g.pointee.hostIO.openFiles.firstIndex(where: { $0 == nil }) {
                g.pointee.hostIO.openFiles[free] = file
                return .success(free)
            }
            g.pointee.hostIO.openFiles.append(file)
            return .success(g.pointee.hostIO.openFiles.count - 1)
        }
    }

    /// The open file in `slot` (nil if it was closed).
    func openFileState(_ slot: Int) -> OpenFile? {
        guard slot >= 0 && slot < g.pointee.hostIO.openFiles.count else { return nil }
        return g.pointee.hostIO.openFiles[slot]
    }

    /// fflush: hands the pending bytes to the host.
    func flushFile(_ slot: Int) -> LuaFileError? {
        guard let fs = fileSystem, let f = openFileState(slot), !f.pending.isEmpty else { return nil }
        g.pointee.hostIO.openFiles[slot]?.pending = []
        return fs.write(f.handle, f.pending)
    }

    /// Before writing after reading: the host's position goes back over the bytes read ahead
    /// but not consumed, so the write lands where the script is (glibc does the same).
    private func dropReadAhead(_ slot: Int) -> LuaFileError? {
        guard let fs = fileSystem, let f = openFileState(slot) else { return nil }
        let unread = f.input.count - f.inputPosition
        g.pointee.hostIO.openFiles[slot]?.input = []
        g.pointee.hostIO.openFiles[slot]?.inputPosition = 0
        if unread <= 0 { return nil }
        if case .failure(let e) = fs.seek(f.handle, .current, -Int64(unread)) { return e }
        return nil
    }

    /// fwrite of one piece, buffered as the file's mode says. Fails with EBADF on a file
    /// not opened for writing, as glibc does before touching the descriptor.
    func writeFile(_ slot: Int, _ bytes: [UInt8]) throws(LuaError) -> LuaFileError? {
        guard let fs = fileSystem, let f = openFileState(slot) else { return LuaFileError(9) }
        if !f.writable { return LuaFileError(9) }
        if bytes.isEmpty { return nil }
        try chargeCopy(bytes.count)
        if let e = dropReadAhead(slot) { return e }
        switch f.buffering {
        case .none:
            if let e = flushFile(slot) { return e }
            return fs.write(f.handle, bytes)
        case .full:
            // glibc's _IO_new_file_xsputn: fill the buffer's free space (none before the
            // first write after opening or seeking), write the full buffer out, write whole
            // blocks directly, keep the remainder.
            let space = f.putting ? OpenFile.bufferSize - f.pending.count : 0
            let take = min(space, bytes.count)
            if take > 0 { g.pointee.hostIO.openFiles[slot]?.pending.append(contentsOf: bytes[..<take]) }
            if take == bytes.count { return nil }
            g.pointee.hostIO.openFiles[slot]?.putting = true
            if let e = flushFile(slot) { return e }
            let rest = bytes.count - take
            let direct = rest - rest % OpenFile.bufferSize
            if direct > 0, let e = fs.write(f.handle, Array(bytes[take..<(take + direct)])) { return e }
            g.pointee.hostIO.openFiles[slot]?.pending = Array(bytes[(take + direct)...])
            return nil
        case .line:
            g.pointee.hostIO.openFiles[slot]?.pending.append(contentsOf: bytes)
            let all = g.pointee.hostIO.openFiles[slot]?.pending ?? []
            // Through the last newline, or everything once the buffer is full.
            guard let last = all.lastIndex(of: UInt8(ascii: "\n")) else {
                return all.count >= OpenFile.bufferSize ? flushFile(slot) : nil
            }
            g.pointee.hostIO.openFiles[slot]?.pending = Array(all[(last + 1)...])
            return fs.write(f.handle, Array(all[...last]))
        }
    }

    /// Reads the next block into the read-ahead buffer (dropping what was consumed); false
    /// at end of file or on an error, which sets the error flag. The buffer may grow past a
    /// block while a line or "a" is read; what it holds must fit the memory budget.
    func refillFile(_ slot: Int) throws(LuaError) -> Bool {
        guard let fs = fileSystem, let f = openFileState(slot) else { return false }
        if !f.readable {
            g.pointee.hostIO.openFiles[slot]?.failure = 9
            return false
        }
        if let e = flushFile(slot) {
            g.pointee.hostIO.openFiles[slot]?.failure = e.code
            return false
        }
        g.pointee.hostIO.openFiles[slot]?.putting = false
        switch fs.read(f.handle, OpenFile.bufferSize) {
        case .failure(let e):
            g.pointee.hostIO.openFiles[slot]?.failure = e.code
            return false
        case .success(let bytes):
            if bytes.isEmpty { return false }
            let kept = f.input.count - f.inputPosition
            if Int64(kept + bytes.count) > remainingMemory { throw budgetExceeded(.memory) }
            if f.inputPosition > 0 {
                g.pointee.hostIO.openFiles[slot]?.input.removeFirst(min(f.inputPosition, f.input.count))
                g.pointee.hostIO.openFiles[slot]?.inputPosition = 0
            }
            g.pointee.hostIO.openFiles[slot]?.input.append(contentsOf: bytes)
            return true
        }
    }

    /// fseek then ftell: writes out the pending bytes, forgets the read-ahead, and moves.
    /// "cur" counts from the script's position, before the bytes read ahead.
    func seekFile(_ slot: Int, _ origin: LuaSeekOrigin, _ offset: Int64) -> Result<Int64, LuaFileError> {
        guard let fs = fileSystem, let f = openFileState(slot) else { return .failure(LuaFileError(9)) }
        if let e = flushFile(slot) { return .failure(e) }
        var target = offset
        if origin == .current {
            let (t, overflow) = offset.subtractingReportingOverflow(Int64(f.input.count - f.inputPosition))
            if overflow { return .failure(LuaFileError(22)) }  // EINVAL
            target = t
        }
        let result = fs.seek(f.handle, origin, target)
        if case .success = result {
            g.pointee.hostIO.openFiles[slot]?.putting = false
            g.pointee.hostIO.openFiles[slot]?.input = []
            g.pointee.hostIO.openFiles[slot]?.inputPosition = 0
        }
        return result
    }

    /// setvbuf: changes the mode (after writing out what the old mode held).
    func setBuffering(_ slot: Int, _ mode: FileBuffering) -> LuaFileError? {
        let e = flushFile(slot)
        if openFileState(slot) != nil { g.pointee.hostIO.openFiles[slot]?.buffering = mode }
        return e
    }

    /// fclose: flushes, releases the handle and the slot. The first failure is reported.
    func closeFile(_ slot: Int) -> LuaFileError? {
        guard let fs = fileSystem, let f = openFileState(slot) else { return nil }
        let flushError = flushFile(slot)
        g.pointee.hostIO.openFiles[slot] = nil
        g.pointee.totalBytes &-= Int64(OpenFile.bufferSize)
        let closeError = fs.close(f.handle)
        return flushError ?? closeError
    }

    /// Reads a whole file for `loadfile`, `dofile` and `require`, without a slot; what it
    /// holds must fit the memory budget, and the bytes are charged as copied.
    func readHostFile(_ path: [UInt8]) throws(LuaError) -> HostFileRead {
        guard let fs = fileSystem else { return .cannotOpen(LuaFileError(2)) }
        let handle: Int32
        switch fs.open(cString(path), [UInt8]("r")) {
        case .failure(let e): return .cannotOpen(e)
        case .success(let h): handle = h
        }
        defer { _ = fs.close(handle) }
        var all: [UInt8] = []
        while true {
            switch fs.read(handle, 65536) {
            case .failure(let e): return .cannotRead(e)
            case .success(let bytes):
                if bytes.isEmpty { return .contents(all) }
                if Int64(all.count + bytes.count) > remainingMemory { throw budgetExceeded(.memory) }
                try chargeCopy(bytes.count)
                all.append(contentsOf: bytes)
            }
        }
    }

    /// Flushes every open file (C's exit flushes all streams).
    func flushAllFiles() {
        for slot in 0..<g.pointee.hostIO.openFiles.count { _ = flushFile(slot) }
    }

    /// Flushes and closes every file still open: the state is going away.
    func closeAllFiles() {
        guard let fs = fileSystem else { return }
        for slot in 0..<g.pointee.hostIO.openFiles.count {
            guard let f = openFileState(slot) else { continue }
            _ = flushFile(slot)
            _ = fs.close(f.handle)
            g.pointee.hostIO.openFiles[slot] = nil
        }
    }
}
