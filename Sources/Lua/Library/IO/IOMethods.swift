// io library, the methods of a file handle and the reading and writing they share with the
// io functions (follows liolib.c of Lua 5.4.4: f_read, f_write, f_lines, io_readline,
// f_seek, f_setvbuf, f_flush, f_close/aux_close, f_gc, f_tostring, g_read, g_write).

extension IOLibrary {
    static func fileRead(_ L: LuaState) throws(LuaError) -> Int {
        try read(L, try openArgument(L), first: 2)
    }

    static func fileWrite(_ L: LuaState) throws(LuaError) -> Int {
        try write(L, try openArgument(L), first: 2)
    }

    static func fileLines(_ L: LuaState) throws(LuaError) -> Int {
        try L.pushOutOfLine(try lines(L, try openArgument(L), toClose: false))
        return 1
    }

    static func fileFlush(_ L: LuaState) throws(LuaError) -> Int {
        let f = try openArgument(L)
        return try result(L, kind(of: f) == .file ? L.flushFile(slot(of: f)) : nil)
    }

    static func fileSeek(_ L: LuaState) throws(LuaError) -> Int {
        let f = try openArgument(L)
        let op = try L.checkOption(2, "cur", ["set", "cur", "end"])
        let offset = try L.optionalInteger(3, 0)
        // The standard streams of a sandbox are not seekable (a pipe, in the reference's terms).
        if kind(of: f) != .file { return try failure(L, LuaFileError(29)) }
        switch L.seekFile(slot(of: f), LuaSeekOrigin(rawValue: UInt8(op)) ?? .current, offset) {
        case .success(let position):
            try L.pushOutOfLine(.integer(position))
            return 1
        case .failure(let e):
            return try failure(L, e)
        }
    }

    static func fileSetvbuf(_ L: LuaState) throws(LuaError) -> Int {
        let f = try openArgument(L)
        let op = try L.checkOption(2, nil, ["no", "full", "line"])
        _ = try L.optionalInteger(3, 1024)
        let mode = FileBuffering(rawValue: UInt8(truncatingIfNeeded: op)) ?? .full
        return try result(L, kind(of: f) == .file ? L.setBuffering(slot(of: f), mode) : nil)
    }

    static func fileClose(_ L: LuaState) throws(LuaError) -> Int {
        let f = try openArgument(L)
        return try close(L, f)
    }

    /// aux_close: standard files stay open (io_noclose); a file is marked closed first, then
    /// flushed and released (io_fclose).
    static func close(_ L: LuaState, _ f: LuaValue) throws(LuaError) -> Int {
        if kind(of: f) != .file {
            try L.pushOutOfLine(.nil)
            try L.pushOutOfLine(try L.newString("cannot close standard file"))
            return 2
        }
        f.userdataObject.pointee.bytes.storeBytes(of: UInt8(1), toByteOffset: 1, as: UInt8.self)
        return try result(L, L.closeFile(slot(of: f)))
    }

    /// __gc and __close (f_gc): closes an open file, ignoring the outcome.
    static func collectMetamethod(_ L: LuaState) throws(LuaError) -> Int {
        _ = try checkFile(L, 1)
        let f = L.argument(1)
        if kind(of: f) == .file && !isClosed(f) { _ = try close(L, f) }
        return 0
    }

    static func fileToString(_ L: LuaState) throws(LuaError) -> Int {
        _ = try checkFile(L, 1)
        let f = L.argument(1)
        if isClosed(f) {
            try L.pushOutOfLine(try L.newString("file (closed)"))
        } else {
            try L.pushOutOfLine(try L.newString([UInt8]("file (0x") + hex8(L.objectID(f)) + [UInt8](")")))
        }
        return 1
    }

    // MARK: Reading and writing

    /// g_read: standard input reads the run's input (IOInput.swift), a file its host file;
    /// output standard files fail to read. A read error replaces the results with the
    /// failure (ferror after the formats).
    static func read(_ L: LuaState, _ f: LuaValue, first: Int) throws(LuaError) -> Int {
        switch kind(of: f) {
        case .stdin:
            return try InputStream.standardInput.read(L, first: first)
        case .stdout, .stderr:
            return try failure(L, LuaFileError(9))
        case .file:
            let slot = slot(of: f)
            if L.openFileState(slot) == nil { return try failure(L, LuaFileError(9)) }
            L.g.pointee.hostIO.openFiles[slot]?.failure = nil  // clearerr
            let n = try InputStream(slot: slot).read(L, first: first)
            if let code = L.openFileState(slot)?.failure {
                L.pop(n)
                return try failure(L, LuaFileError(code))
            }
            return n
        }
    }

    /// g_write: numbers as "%.14g"/"%d", strings as they are; returns the file. Every
    /// argument is checked even after a write failed (and the later ones are not written).
    static func write(_ L: LuaState, _ f: LuaValue, first: Int) throws(LuaError) -> Int {
        let k = kind(of: f)
        let n = L.argumentCount
        var error: LuaFileError? = k == .stdin ? LuaFileError(9) : nil
        if first <= n {
            for i in first...n {
                let v = L.argument(i)
                let bytes: [UInt8]
                if v.isInteger { bytes = decimal(v.integerPayload) }
                else if v.isFloat { bytes = plainNumber(L, v) }
                else { bytes = L.bytes(of: try L.checkString(i)) }
                if error != nil { continue }
                switch k {
                case .stdout: try L.write(bytes)
                case .stderr: try L.writeError(bytes)
                case .stdin: break
                case .file: error = try L.writeFile(slot(of: f), bytes)
                }
            }
        }
        if let error { return try failure(L, error) }
        try L.pushOutOfLine(f)
        return 1
    }

    /// A float as "%.14g" prints it (no ".0" suffix, unlike tostring).
    static func plainNumber(_ L: LuaState, _ v: LuaValue) -> [UInt8] {
        var b = L.numberToBytes(v)
        if b.count >= 2 && b[b.count - 2] == UInt8(ascii: ".") && b[b.count - 1] == UInt8(ascii: "0") { b.removeLast(2) }
        return b
    }

    /// aux_lines: the iterator over `f` with the formats in arguments 2...; its upvalues are
    /// the file, whether to close it at the end, and the formats.
    static func lines(_ L: LuaState, _ f: LuaValue, toClose: Bool) throws(LuaError) -> LuaValue {
        let n = L.argumentCount
        if n - 1 > 250 { throw L.argumentError(252, "too many arguments") }
        var ups = [f, toClose ? LuaValue.true : .false]
        if n >= 2 { for i in 2...n { ups.append(L.argument(i)) } }
        return try L.newFunction("lines", upvalues: ups, readLine)
    }

    /// io_readline: read with the saved formats; an error message becomes an error; at the
    /// end, a file that `io.lines` opened is closed.
    static func readLine(_ L: LuaState) throws(LuaError) -> Int {
        let f = L.upvalue(1)
        if isClosed(f) { throw L.error("file is already closed") }
        // The formats become the arguments 2... of a read on the saved file.
        try L.setTop(0)
        let th = L.thread
        let fn = th.pointee.stack[th.pointee.frames[th.pointee.frameCount - 1].function]
        let count = fn.tag == .nativeFunction ? Int(fn.nativeClosure.pointee.upvalueCount) : 0
        try L.pushOutOfLine(f)
        if count > 2 { for i in 3...count { try L.pushOutOfLine(L.upvalue(i)) } }
        let n = try read(L, f, first: 2)
        if !L.top(n).isFalsy { return n }
        if n > 1 { throw L.error(L.bytes(of: L.top(n - 1))) }
        if !L.upvalue(2).isFalsy {
            try L.setTop(0)
            _ = try close(L, f)
        }
        return 0
    }
}
