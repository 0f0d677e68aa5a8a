// os library, the file functions (follows loslib.c of Lua 5.4.4: os_remove, os_rename,
// os_tmpname and luaL_fileresult) over the host's file system (Host/LuaFileSystem.swift).
//
// Without a file system every name is missing: remove and rename fail with "No such file or
// directory" (errno 2), and tmpname still answers a name ("/tmp/lua_" and six characters
// from the run's seed and a counter, the same on every target) that io.open cannot open.

extension OSLibrary {
    /// os.remove(name): true, or nil, "NAME: message", errno.
    static func remove(_ L: LuaState) throws(LuaError) -> Int {
        let name = try L.checkCString(1)
        guard let fs = L.fileSystem else { return try IOLibrary.failure(L, LuaFileError(2), name: name) }
        return try IOLibrary.result(L, fs.remove(name), name: name)
    }

    /// os.rename(from, to): true, or nil, "message", errno (the reference names no file).
    static func rename(_ L: LuaState) throws(LuaError) -> Int {
        let from = try L.checkCString(1)
        let to = try L.checkCString(2)
        guard let fs = L.fileSystem else { return try IOLibrary.failure(L, LuaFileError(2)) }
        return try IOLibrary.result(L, fs.rename(from, to))
    }

    /// os.tmpname: the host creates the file (mkstemp) and names it; a sandbox only names one.
    static func tmpname(_ L: LuaState) throws(LuaError) -> Int {
        if let fs = L.fileSystem {
            guard let name = fs.temporaryName() else { throw L.error("unable to generate a unique filename") }
            try L.pushOutOfLine(try L.newString(name))
            return 1
        }
        L.g.pointee.hostIO.temporaryNames &+= 1
        try L.pushOutOfLine(try L.newString(sandboxName(seed: L.randomSeed, counter: L.g.pointee.hostIO.temporaryNames)))
        return 1
    }

    /// "/tmp/lua_" and six letters or digits mixed from the seed and the counter (splitmix64).
    static func sandboxName(seed: UInt64, counter: Int64) -> [UInt8] {
        var z = seed &+ UInt64(bitPattern: counter) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let alphabet = [UInt8]("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var name = [UInt8]("/tmp/lua_")
        for _ in 0..<6 {
            name.append(alphabet[Int(z % UInt64(alphabet.count))])
            z /= UInt64(alphabet.count)
        }
        return name
    }
}
