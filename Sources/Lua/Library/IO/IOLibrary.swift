// The io library (follows liolib.c of Lua 5.4.4): the three standard files, and files the
// host's file system opens (Host/LuaFileSystem.swift, Library/IO/IOFile.swift).
//
// Every file is a full userdata with the metatable the reference registers as "FILE*" (so
// messages say "FILE*"). Its bytes hold the kind (standard input, output, error, or an opened
// file), whether it is closed, and the opened file's slot. Writing to stdout appends to the
// run's output; writing to stderr appends to the run's separate standard error buffer; stdin
// reads the run's input buffer (IOInput.swift). Without a file system (the sandboxed hosts)
// `io.open` and every file name fail with "No such file or directory", the error the
// reference gives for a missing file. Standard files cannot be closed, as in the reference.
// `tostring(file)` is "file (0x<object number>)": the per-run creation counter, not an
// address, so it is the same on every target. The file methods are in IOMethods.swift.

enum IOLibrary {
    /// The kind byte stored in a file's userdata.
    enum Kind: UInt8 { case stdin = 0, stdout = 1, stderr = 2, file = 3 }

    /// The userdata's size: kind, closed flag, padding, slot.
    static let handleSize = 8

    nonisolated(unsafe) static let functions: [LuaLibraryFunction] = [
        .init("close", ioClose), .init("flush", ioFlush), .init("input", { L throws(LuaError) in try defaultFile(L, "_IO_input", "r") }),
        .init("lines", ioLines), .init("open", ioOpen), .init("output", { L throws(LuaError) in try defaultFile(L, "_IO_output", "w") }),
        .init("read", ioRead), .init("tmpfile", ioTmpfile), .init("type", ioType), .init("write", ioWrite),
    ]

    /// The methods of file handles (the `__index` of their metatable).
    nonisolated(unsafe) static let fileMethods: [LuaLibraryFunction] = [
        .init("read", fileRead), .init("write", fileWrite), .init("lines", fileLines), .init("flush", fileFlush),
        .init("seek", fileSeek), .init("close", fileClose), .init("setvbuf", fileSetvbuf),
    ]

    /// The standard files' names in the `io` table.
    static let standardFiles: [(StaticString, Kind)] = [("stdin", .stdin), ("stdout", .stdout), ("stderr", .stderr)]

    static func open(_ L: LuaState) throws(LuaError) {
        L.g.pointee.hostIO.input = L.g.pointee.options.input
        let io = try L.registerLibrary("io", functions)
        let methods = try L.newTable()
        try L.setFunctions(fileMethods, in: methods)
        let mt = try L.newTable()
        try L.setField(mt, "__index", methods)
        try L.setField(mt, "__name", try L.newString("FILE*"))
        try L.setFunction(mt, "__close", collectMetamethod)
        try L.setFunction(mt, "__tostring", fileToString)
        try L.setField(L.registry, "FILE*", mt)
        for (name, kind) in standardFiles {
            let f = try L.newUserdata(byteCount: handleSize, userValue: false)
            f.userdataObject.pointee.bytes.storeBytes(of: kind.rawValue, as: UInt8.self)
            L.setMetatable(f, mt)
            try L.setField(io, name, f)
            if kind == .stdin { try L.setField(L.registry, "_IO_input", f) }
            if kind == .stdout { try L.setField(L.registry, "_IO_output", f) }
        }
        // Set after the standard files got the metatable, so they are not marked for
        // finalization (their f_gc would do nothing): closing the state need not call them,
        // and a run's step count stays what it was before finalizers existed. Opened files
        // get the metatable later and are finalized: an unreachable file is closed.
        try L.setFunction(mt, "__gc", collectMetamethod)
    }

    // MARK: Handles

    /// The kind of argument `i` if it is a file handle (luaL_testudata with "FILE*").
    static func testFile(_ L: LuaState, _ i: Int) throws(LuaError) -> Kind? {
        let v = L.argument(i)
        guard i <= L.argumentCount, v.isUserdata, let mt = v.userdataObject.pointee.metatable else { return nil }
        let fileMeta = L.rawGet(L.registry, try L.newString("FILE*"))
        guard fileMeta.isTable, fileMeta.table == mt, v.userdataObject.pointee.byteCount >= handleSize else { return nil }
        return Kind(rawValue: v.userdataObject.pointee.bytes.load(as: UInt8.self))
    }

    /// The kind of argument `i`, which must be a file handle (luaL_checkudata).
    static func checkFile(_ L: LuaState, _ i: Int) throws(LuaError) -> Kind {
        guard let k = try testFile(L, i) else { throw L.argumentTypeError(i, "FILE*") }
        return k
    }

    /// tofile: argument 1 must be an open file.
    static func openArgument(_ L: LuaState) throws(LuaError) -> LuaValue {
        _ = try checkFile(L, 1)
        let f = L.argument(1)
        if isClosed(f) { throw L.error("attempt to use a closed file") }
        return f
    }

    /// A registry entry ("_IO_input"/"_IO_output").
    static func registryFile(_ L: LuaState, _ key: StaticString) throws(LuaError) -> LuaValue {
        L.rawGet(L.registry, try L.newString(key))
    }

    /// getiofile: the default input or output, which must be open.
    static func defaultOpenFile(_ L: LuaState, _ key: StaticString) throws(LuaError) -> LuaValue {
        let f = try registryFile(L, key)
        if isClosed(f) {
            throw L.error([UInt8]("default ") + Array(key.bytes.dropFirst(4)) + [UInt8](" file is closed"))
        }
        return f
    }

    /// The kind of a file value known to be a handle.
    static func kind(of f: LuaValue) -> Kind {
        Kind(rawValue: f.userdataObject.pointee.bytes.load(as: UInt8.self)) ?? .stdin
    }

    static func isClosed(_ f: LuaValue) -> Bool {
        f.userdataObject.pointee.bytes.load(fromByteOffset: 1, as: UInt8.self) != 0
    }

    /// The slot of an opened file (IOFile.swift).
    static func slot(of f: LuaValue) -> Int {
        Int(f.userdataObject.pointee.bytes.load(fromByteOffset: 4, as: UInt32.self))
    }

    /// newfile: a file handle not open yet ("incompletely open", closed for f_gc), pushed.
    static func newFile(_ L: LuaState) throws(LuaError) -> LuaValue {
        let f = try L.newUserdata(byteCount: handleSize, userValue: false)
        let bytes = f.userdataObject.pointee.bytes
        bytes.storeBytes(of: Kind.file.rawValue, as: UInt8.self)
        bytes.storeBytes(of: UInt8(1), toByteOffset: 1, as: UInt8.self)
        try L.pushOutOfLine(f)
        L.setMetatable(f, L.rawGet(L.registry, try L.newString("FILE*")))
        return f
    }

    /// Marks a new handle open on `slot`.
    static func attach(_ f: LuaValue, _ slot: Int) {
        let bytes = f.userdataObject.pointee.bytes
        bytes.storeBytes(of: UInt8(0), toByteOffset: 1, as: UInt8.self)
        bytes.storeBytes(of: UInt32(truncatingIfNeeded: slot), toByteOffset: 4, as: UInt32.self)
    }

    /// luaL_fileresult for a failure: fail, message ("NAME: " first when given), errno.
    static func failure(_ L: LuaState, _ error: LuaFileError, name: [UInt8]? = nil) throws(LuaError) -> Int {
        var message = L.fileErrorMessage(error.code)
        if let name { message = name + [58, 32] + message }
        try L.pushOutOfLine(.nil)
        try L.pushOutOfLine(try L.newString(message))
        try L.pushOutOfLine(.integer(Int64(error.code)))
        return 3
    }

    /// luaL_fileresult: true, or the failure.
    static func result(_ L: LuaState, _ error: LuaFileError?, name: [UInt8]? = nil) throws(LuaError) -> Int {
        if let error { return try failure(L, error, name: name) }
        try L.pushOutOfLine(.true)
        return 1
    }

    /// l_checkmode: [rwa]%+?b*, as the C string sees it (up to a zero byte).
    static func validMode(_ mode: [UInt8]) -> Bool {
        var i = 0
        guard let first = mode.first, [UInt8]("rwa").contains(first) else { return false }
        i = 1
        if i < mode.count && mode[i] == UInt8(ascii: "+") { i += 1 }
        while i < mode.count { if mode[i] != UInt8(ascii: "b") { return false }; i += 1 }
        return true
    }

    /// opencheckfile: a new open file on the stack, or the error "cannot open file".
    static func openOrThrow(_ L: LuaState, _ name: [UInt8], _ mode: StaticString) throws(LuaError) -> LuaValue {
        let f = try newFile(L)
        switch try L.openFile(name, mode: mode.bytes) {
        case .success(let slot):
            attach(f, slot)
            return f
        case .failure(let e):
            throw L.error([UInt8]("cannot open file '") + L.cString(name) + [UInt8]("' (") + L.fileErrorMessage(e.code) + [41])
        }
    }

    // MARK: io functions

    /// io.input / io.output (g_iofile): open a name (mode "r"/"w") or take an open handle,
    /// then return the current one.
    static func defaultFile(_ L: LuaState, _ key: StaticString, _ mode: StaticString) throws(LuaError) -> Int {
        let a = L.argument(1)
        if !a.isNil {
            if let name = try L.toStringValue(a) {
                let f = try openOrThrow(L, L.bytes(of: name), mode)
                try L.rawSet(L.registry, try L.newString(key), f)
            } else {
                let f = try openArgument(L)
                try L.rawSet(L.registry, try L.newString(key), f)
            }
        }
        try L.pushOutOfLine(try registryFile(L, key))
        return 1
    }

    static func ioOpen(_ L: LuaState) throws(LuaError) -> Int {
        let name = L.bytes(of: try L.checkString(1))
        let mode = L.cString(L.bytes(of: try L.optionalString(2, "r")))
        let f = try newFile(L)
        if !validMode(mode) { throw L.argumentError(2, "invalid mode") }
        switch try L.openFile(name, mode: mode) {
        case .success(let slot):
            attach(f, slot)
            return 1
        case .failure(let e):
            return try failure(L, e, name: L.cString(name))
        }
    }

    /// io.tmpfile: a new file opened "w+" whose name is removed at once.
    static func ioTmpfile(_ L: LuaState) throws(LuaError) -> Int {
        let f = try newFile(L)
        guard let fs = L.fileSystem, let name = fs.temporaryName() else { return try failure(L, LuaFileError(2)) }
        switch try L.openFile(name, mode: [UInt8]("w+")) {
        case .success(let slot):
            attach(f, slot)
            _ = fs.remove(name)
            return 1
        case .failure(let e):
            _ = fs.remove(name)
            return try failure(L, e)
        }
    }

    static func ioClose(_ L: LuaState) throws(LuaError) -> Int {
        if L.argumentCount == 0 { try L.pushOutOfLine(try registryFile(L, "_IO_output")) }
        return try fileClose(L)
    }

    static func ioFlush(_ L: LuaState) throws(LuaError) -> Int {
        let f = try defaultOpenFile(L, "_IO_output")
        return try result(L, kind(of: f) == .file ? L.flushFile(slot(of: f)) : nil)
    }

    static func ioType(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkAny(1)
        if try testFile(L, 1) == nil {
            try L.pushOutOfLine(.nil)
        } else {
            try L.pushOutOfLine(try L.newString(isClosed(L.argument(1)) ? "closed file" : "file"))
        }
        return 1
    }

    static func ioRead(_ L: LuaState) throws(LuaError) -> Int {
        try read(L, try defaultOpenFile(L, "_IO_input"), first: 1)
    }

    static func ioWrite(_ L: LuaState) throws(LuaError) -> Int {
        try write(L, try defaultOpenFile(L, "_IO_output"), first: 1)
    }

    /// io.lines([name, ...]): the lines of the default input, or of a file opened here and
    /// closed at its end (returned fourth, as the loop's to-be-closed value).
    static func ioLines(_ L: LuaState) throws(LuaError) -> Int {
        if L.argumentCount == 0 { try L.pushOutOfLine(.nil) }
        if L.argument(1).isNil {
            let f = try registryFile(L, "_IO_input")
            L.setArgument(1, f)
            _ = try openArgument(L)
            try L.pushOutOfLine(try lines(L, f, toClose: false))
            return 1
        }
        let name = L.bytes(of: try L.checkString(1))
        let f = try openOrThrow(L, name, "r")
        L.pop()
        L.setArgument(1, f)
        try L.pushOutOfLine(try lines(L, f, toClose: true))
        try L.pushOutOfLine(.nil)
        try L.pushOutOfLine(.nil)
        try L.pushOutOfLine(f)
        return 4
    }
}
