// A sandboxed io library: the three standard files and nothing else (no file system).
//
// `io.stdin`, `io.stdout` and `io.stderr` are full userdata with the metatable the reference
// registers as "FILE*" (so messages say "FILE*"). Writing to stdout appends to the run's
// output; writing to stderr appends to the run's separate standard error buffer; stdin reads
// the run's input buffer (IOInput.swift). `io.open` and every file name fail with "No such file or directory", the
// error the reference gives for a missing file. Standard files cannot be closed, as in the
// reference. `tostring(file)` is "file (0x<object number>)": the per-run creation counter,
// not an address, so it is the same on every target.

enum IOLibrary {
    /// The byte stored in a standard file's userdata.
    enum Kind: UInt8 { case stdin = 0, stdout = 1, stderr = 2 }

    static func open(_ L: LuaState) throws(LuaError) {
        L.g.pointee.hostIO.input = L.g.pointee.options.input
        let io = try L.registerLibrary("io", [
            ("close", ioClose), ("flush", ioFlush), ("input", { L throws(LuaError) in try defaultFile(L, "_IO_input") }),
            ("lines", ioLines), ("open", ioOpen), ("output", { L throws(LuaError) in try defaultFile(L, "_IO_output") }),
            ("read", ioRead), ("type", ioType), ("write", ioWrite),
        ])
        let methods = try L.newTable()
        for (name, f) in [("read", fileRead), ("write", fileWrite), ("lines", fileLines), ("flush", fileFlush),
                          ("seek", fileSeek), ("close", fileClose), ("setvbuf", fileSetvbuf)] as [(StaticString, LuaNativeFunction)] {
            try L.rawSet(methods, try L.newString(name), try L.newFunction(name, f))
        }
        let mt = try L.newTable()
        try L.rawSet(mt, try L.newString("__index"), methods)
        try L.rawSet(mt, try L.newString("__name"), try L.newString("FILE*"))
        try L.rawSet(mt, try L.newString("__close"), try L.newFunction("__close", closeMetamethod))
        try L.rawSet(mt, try L.newString("__tostring"), try L.newFunction("__tostring", fileToString))
        try L.rawSet(L.registry, try L.newString("FILE*"), mt)
        for (name, kind) in [("stdin", Kind.stdin), ("stdout", .stdout), ("stderr", .stderr)] as [(StaticString, Kind)] {
            let f = try L.newUserdata(byteCount: 1, userValue: false)
            f.userdataObject.pointee.bytes.storeBytes(of: kind.rawValue, as: UInt8.self)
            L.setMetatable(f, mt)
            try L.rawSet(io, try L.newString(name), f)
            if kind == .stdin { try L.rawSet(L.registry, try L.newString("_IO_input"), f) }
            if kind == .stdout { try L.rawSet(L.registry, try L.newString("_IO_output"), f) }
        }
        // Nothing to release: __gc and __close only check their argument, as f_gc does for
        // standard files. Set after the standard files got the metatable, so they are not
        // marked for finalization: closing the state need not call them (nothing observable
        // differs, and a run's step count stays what it was before finalizers existed).
        try L.rawSet(mt, try L.newString("__gc"), try L.newFunction("__gc", closeMetamethod))
    }

    // MARK: Helpers

    /// The kind of argument `i` if it is a file handle (luaL_testudata with "FILE*").
    static func testFile(_ L: LuaState, _ i: Int) throws(LuaError) -> Kind? {
        let v = L.argument(i)
        guard i <= L.argumentCount, v.isUserdata, let mt = v.userdataObject.pointee.metatable else { return nil }
        let fileMeta = L.rawGet(L.registry, try L.newString("FILE*"))
        guard fileMeta.isTable, fileMeta.table == mt else { return nil }
        return Kind(rawValue: v.userdataObject.pointee.bytes.load(as: UInt8.self))
    }

    /// The kind of argument `i`, which must be a file handle (luaL_checkudata).
    static func checkFile(_ L: LuaState, _ i: Int) throws(LuaError) -> Kind {
        guard let k = try testFile(L, i) else { throw L.argumentTypeError(i, "FILE*") }
        return k
    }

    /// A registry entry ("_IO_input"/"_IO_output").
    static func registryFile(_ L: LuaState, _ key: StaticString) throws(LuaError) -> LuaValue {
        L.rawGet(L.registry, try L.newString(key))
    }

    /// The kind of a file value known to be a handle.
    static func kind(of f: LuaValue) -> Kind {
        Kind(rawValue: f.userdataObject.pointee.bytes.load(as: UInt8.self)) ?? .stdin
    }

    /// luaL_fileresult for a failure: fail, message, errno.
    static func failure(_ L: LuaState, _ message: [UInt8], _ code: Int64) throws(LuaError) -> Int {
        try L.push(.nil)
        try L.push(try L.newString(message))
        try L.push(.integer(code))
        return 3
    }

    /// The message of opening `name` in a sandbox without files.
    static func noSuchFile(_ L: LuaState, _ name: LuaValue) -> LuaError {
        L.error(Array("cannot open file '".utf8) + L.bytes(of: name) + Array("' (No such file or directory)".utf8))
    }

    // MARK: io functions

    /// io.input / io.output: set (from a handle; a file name cannot be opened) and return.
    static func defaultFile(_ L: LuaState, _ key: StaticString) throws(LuaError) -> Int {
        let a = L.argument(1)
        if !a.isNil {
            if let name = try L.toStringValue(a) { throw noSuchFile(L, name) }
            _ = try checkFile(L, 1)
            try L.rawSet(L.registry, try L.newString(key), a)
        }
        try L.push(try registryFile(L, key))
        return 1
    }

    static func ioOpen(_ L: LuaState) throws(LuaError) -> Int {
        let name = try L.checkString(1)
        let mode = L.bytes(of: try L.optionalString(2, "r"))
        // l_checkmode: [rwa]%+?b*
        var i = 0
        var valid = !mode.isEmpty && Array("rwa".utf8).contains(mode[0])
        if valid { i = 1; if i < mode.count && mode[i] == UInt8(ascii: "+") { i += 1 } }
        while valid && i < mode.count { valid = mode[i] == UInt8(ascii: "b"); i += 1 }
        if !valid { throw L.argumentError(2, "invalid mode") }
        return try failure(L, L.bytes(of: name) + Array(": No such file or directory".utf8), 2)
    }

    static func ioClose(_ L: LuaState) throws(LuaError) -> Int {
        if L.argumentCount == 0 { try L.push(try registryFile(L, "_IO_output")) }
        return try fileClose(L)
    }

    static func ioFlush(_ L: LuaState) throws(LuaError) -> Int {
        try L.push(.true)
        return 1
    }

    static func ioType(_ L: LuaState) throws(LuaError) -> Int {
        try L.checkAny(1)
        try L.push(try testFile(L, 1) != nil ? try L.newString("file") : .nil)
        return 1
    }

    static func ioRead(_ L: LuaState) throws(LuaError) -> Int {
        try read(L, kind(of: try registryFile(L, "_IO_input")), first: 1)
    }

    static func ioWrite(_ L: LuaState) throws(LuaError) -> Int {
        let f = try registryFile(L, "_IO_output")
        return try write(L, f, first: 1)
    }

    /// io.lines(): the lines of the default input; a file name cannot be opened.
    static func ioLines(_ L: LuaState) throws(LuaError) -> Int {
        let a = L.argument(1)
        if !a.isNil { throw noSuchFile(L, try L.checkString(1)) }
        try L.push(try lines(L, try registryFile(L, "_IO_input")))
        return 1
    }

    // MARK: File methods

    static func fileRead(_ L: LuaState) throws(LuaError) -> Int {
        try read(L, try checkFile(L, 1), first: 2)
    }

    static func fileWrite(_ L: LuaState) throws(LuaError) -> Int {
        _ = try checkFile(L, 1)
        return try write(L, L.argument(1), first: 2)
    }

    static func fileLines(_ L: LuaState) throws(LuaError) -> Int {
        _ = try checkFile(L, 1)
        try L.push(try lines(L, L.argument(1)))
        return 1
    }

    static func fileFlush(_ L: LuaState) throws(LuaError) -> Int {
        _ = try checkFile(L, 1)
        try L.push(.true)
        return 1
    }

    static func fileSeek(_ L: LuaState) throws(LuaError) -> Int {
        _ = try checkFile(L, 1)
        _ = try L.checkOption(2, "cur", ["set", "cur", "end"])
        _ = try L.optionalInteger(3, 0)
        // The standard streams of a sandbox are not seekable (a pipe, in the reference's terms).
        return try failure(L, Array("Illegal seek".utf8), 29)
    }

    static func fileSetvbuf(_ L: LuaState) throws(LuaError) -> Int {
        _ = try checkFile(L, 1)
        _ = try L.checkOption(2, nil, ["no", "full", "line"])
        _ = try L.optionalInteger(3, 1024)
        try L.push(.true)
        return 1
    }

    /// Standard files stay open (io_noclose).
    static func fileClose(_ L: LuaState) throws(LuaError) -> Int {
        _ = try checkFile(L, 1)
        try L.push(.nil)
        try L.push(try L.newString("cannot close standard file"))
        return 2
    }

    static func closeMetamethod(_ L: LuaState) throws(LuaError) -> Int {
        _ = try checkFile(L, 1)
        return 0
    }

    static func fileToString(_ L: LuaState) throws(LuaError) -> Int {
        _ = try checkFile(L, 1)
        try L.push(try L.newString(Array("file (0x".utf8) + hex8(L.objectID(L.argument(1))) + Array(")".utf8)))
        return 1
    }

    // MARK: Reading and writing

    /// g_read: standard input reads the run's input (IOInput.swift); output files fail to read.
    static func read(_ L: LuaState, _ kind: Kind, first: Int) throws(LuaError) -> Int {
        if kind != .stdin { return try failure(L, Array("Bad file descriptor".utf8), 9) }
        return try StandardInput.read(L, first: first)
    }

    /// g_write: numbers as "%.14g"/"%d", strings as they are; returns the file. Every
    /// argument is checked even when the file cannot be written.
    static func write(_ L: LuaState, _ f: LuaValue, first: Int) throws(LuaError) -> Int {
        let k = kind(of: f)
        let n = L.argumentCount
        if first <= n {
            for i in first...n {
                let v = L.argument(i)
                let bytes: [UInt8]
                if v.isInteger { bytes = decimal(v.integerPayload) }
                else if v.isFloat { bytes = plainNumber(L, v) }
                else { bytes = L.bytes(of: try L.checkString(i)) }
                if k == .stdout { try L.write(bytes) } else if k == .stderr { try L.writeError(bytes) }
            }
        }
        if k == .stdin { return try failure(L, Array("Bad file descriptor".utf8), 9) }
        try L.push(f)
        return 1
    }

    /// A float as "%.14g" prints it (no ".0" suffix, unlike tostring).
    static func plainNumber(_ L: LuaState, _ v: LuaValue) -> [UInt8] {
        var b = L.numberToBytes(v)
        if b.count >= 2 && b[b.count - 2] == UInt8(ascii: ".") && b[b.count - 1] == UInt8(ascii: "0") { b.removeLast(2) }
        return b
    }

    /// The iterator of f:lines(...): upvalue 1 is the file, the others the formats.
    static func lines(_ L: LuaState, _ f: LuaValue) throws(LuaError) -> LuaValue {
        let n = L.argumentCount
        if n - 1 > 250 { throw L.argumentError(252, "too many arguments") }
        var ups = [f]
        if n >= 2 { for i in 2...n { ups.append(L.argument(i)) } }
        return try L.newFunction("lines", upvalues: ups, readLine)
    }

    /// io_readline: read with the saved formats; an error message becomes an error.
    static func readLine(_ L: LuaState) throws(LuaError) -> Int {
        // The formats become the arguments 2... of a read on the saved file.
        try L.setTop(0)
        let th = L.thread
        let fn = th.pointee.stack[th.pointee.frames[th.pointee.frameCount - 1].function]
        let count = fn.tag == .nativeFunction ? Int(fn.nativeClosure.pointee.upvalueCount) : 0
        for i in 0..<count { try L.push(L.upvalue(i + 1)) }
        let n = try read(L, kind(of: L.upvalue(1)), first: 2)
        if !L.top(n).isFalsy { return n }
        if n > 1 { throw L.error(L.bytes(of: L.top(n - 1))) }
        return 0
    }
}
