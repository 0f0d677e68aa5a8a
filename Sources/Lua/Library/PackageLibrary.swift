// The package library and the file loaders of the base library (follows loadlib.c and
// lauxlib.c's luaL_loadfilex of Lua 5.4.4): `require`, `package.searchers`,
// `package.searchpath`, `package.path`/`cpath`, `loadfile`, `dofile`.
//
// A sandboxed run has no file system. What stands for it is the set of files the host
// registers (`registerSearchableFile(path:contents:)`): a native CLI can offer the files of
// the script's folder, a browser host the files a user picked. "Readable" means registered,
// so `package.searchpath` and the Lua searcher behave as the reference's do over a file
// system holding exactly those files, and produce the reference's messages otherwise
// ("no file './x.lua'"). C libraries never load (the C searchers only report what they
// tried), as in a Lua built without dynamic libraries.

extension LuaState {
    /// Makes `contents` readable as the file `path` for `require`, `package.searchpath`,
    /// `loadfile` and `dofile`. A leading "./" is not significant ("./m.lua" and "m.lua"
    /// name one file). Registering a path again replaces its contents.
    public func registerSearchableFile(path: [UInt8], contents: [UInt8]) {
        let key = PackageLibrary.normalized(path[...])
        if let i = g.pointee.hostIO.files.firstIndex(where: { $0.path == key }) {
            g.pointee.hostIO.files[i].contents = contents
        } else {
            g.pointee.hostIO.files.append((path: key, contents: contents))
        }
    }

    /// readable(): whether `fopen(path, "r")` would succeed.
    func isReadable(_ path: [UInt8]) throws(LuaError) -> Bool {
        if let fs = fileSystem {
            guard case .success(let handle) = fs.open(cString(path), [UInt8]("r")) else { return false }
            _ = fs.close(handle)
            return true
        }
        return try searchableFile(path) != nil
    }

    /// The contents of a registered file, or nil (the sandbox's fopen). With a host file
    /// system, the file system alone answers (what the script wrote or removed counts).
    func searchableFile(_ path: [UInt8]) throws(LuaError) -> [UInt8]? {
        if fileSystem != nil {
            if case .contents(let bytes) = try readHostFile(path) { return bytes }
            return nil
        }
        let key = PackageLibrary.normalized(path[...])
        for f in g.pointee.hostIO.files where f.path == key { return f.contents }
        return nil
    }
}

/// What searchpath found: a file name, or the "no file" lines.
enum SearchResult {
    case success([UInt8])
    case failure([UInt8])
}

/// Byte strings joined.
func joined(_ parts: [[UInt8]]) -> [UInt8] {
    var out: [UInt8] = []
    for p in parts { out += p }
    return out
}

enum PackageLibrary {
    /// Debian's lua5.4 defaults (luaconf.h with its multiarch patch), so that messages list
    /// the same candidates as the reference's.
    static let defaultPath: StaticString = "/usr/local/share/lua/5.4/?.lua;/usr/local/share/lua/5.4/?/init.lua;/usr/local/lib/lua/5.4/?.lua;/usr/local/lib/lua/5.4/?/init.lua;/usr/share/lua/5.4/?.lua;/usr/share/lua/5.4/?/init.lua;./?.lua;./?/init.lua"
    static let defaultCPath: StaticString = "/usr/local/lib/lua/5.4/?.so;/usr/lib/x86_64-linux-gnu/lua/5.4/?.so;/usr/lib/lua/5.4/?.so;/usr/local/lib/lua/5.4/loadall.so;./?.so"

    /// `package.searchers`, in order; each gets the package table as its upvalue.
    nonisolated(unsafe) static let searcherFunctions: [LuaLibraryFunction] = [
        .init("searcher_preload", searchPreload), .init("searcher_Lua", searchLua),
        .init("searcher_C", searchC), .init("searcher_Croot", searchCRoot),
    ]

    static func open(_ L: LuaState) throws(LuaError) {
        let package = try L.newTable()
        try L.setField(package, "loaded", L.loadedModules)
        let preload = try L.newTable()
        try L.setField(package, "preload", preload)
        try L.setField(L.registry, "_PRELOAD", preload)
        try L.setField(package, "path", try L.newString(defaultPath))
        try L.setField(package, "cpath", try L.newString(defaultCPath))
        try L.setField(package, "config", try L.newString("/\n;\n?\n!\n-\n"))
        try L.setFunction(package, "searchpath", searchPath)
        try L.setFunction(package, "loadlib", loadlib)
        // The searchers and require keep the package table as their upvalue, as the reference's do.
        let searchers = try L.newTable()
        for (i, entry) in searcherFunctions.enumerated() {
            try L.rawSet(searchers, index: Int64(i + 1), try L.newFunction(entry.name, upvalues: [package], entry.function))
        }
        try L.setField(package, "searchers", searchers)
        try L.setGlobal("package", package)
        try L.setField(L.loadedModules, "package", package)
        try L.setField(L.loadedModules, "_G", L.globals)
        try L.setFunction(L.globals, "require", upvalues: [package], require)
        try L.setFunction(L.globals, "loadfile", loadfile)
        try L.setSpecialFunction(L.globals, "dofile", .dofile)
    }

    /// A path without leading "./" components.
    static func normalized(_ path: ArraySlice<UInt8>) -> [UInt8] {
        var p = path
        while p.count >= 2 && p[p.startIndex] == UInt8(ascii: ".") && p[p.startIndex + 1] == UInt8(ascii: "/") {
            p = p.dropFirst(2)
            while p.first == UInt8(ascii: "/") { p = p.dropFirst() }
        }
        return Array(p)
    }

    /// `s` with every occurrence of `pattern` (non-empty) replaced (luaL_gsub).
    static func replacing(_ s: [UInt8], _ pattern: [UInt8], with r: [UInt8]) -> [UInt8] {
        guard !pattern.isEmpty else { return s }
        var out: [UInt8] = []
        var i = 0
        while i < s.count {
            if i + pattern.count <= s.count && s[i..<(i + pattern.count)].elementsEqual(pattern) {
                out += r
                i += pattern.count
            } else {
                out.append(s[i]); i += 1
            }
        }
        return out
    }

    /// searchpath: the first readable name of `path` with '?' replaced by `name` (whose
    /// `sep` characters become `dirsep`), or the "no file" lines.
    static func search(_ L: LuaState, name nameIn: [UInt8], path: [UInt8], sep: [UInt8],
                       dirsep: [UInt8]) throws(LuaError) -> SearchResult {
        var name = nameIn
        if let s = sep.first, name.contains(s) { name = replacing(name, [s], with: dirsep) }
        let names = replacing(path, [UInt8(ascii: "?")], with: name)
        try L.consumeSteps(Int64(names.count) / 16)
        for candidate in names.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) where !candidate.isEmpty {
            if try L.isReadable(Array(candidate)) { return .success(Array(candidate)) }
        }
        // pusherrornotfound: every template, empty ones included, gives a line.
        return .failure([UInt8]("no file '") + replacing(names, [UInt8(ascii: ";")], with: [UInt8]("'\n\tno file '"))
                        + [UInt8(ascii: "'")])
    }

    static func searchPath(_ L: LuaState) throws(LuaError) -> Int {
        let name = try L.checkCString(1)
        let path = try L.checkCString(2)
        let sep = L.cString(L.bytes(of: try L.optionalString(3, ".")))
        let dirsep = L.cString(L.bytes(of: try L.optionalString(4, "/")))
        switch try search(L, name: name, path: path, sep: sep, dirsep: dirsep) {
        case .success(let f): try L.pushOutOfLine(try L.newString(f)); return 1
        case .failure(let m): try L.pushOutOfLine(.nil); try L.pushOutOfLine(try L.newString(m)); return 2
        }
    }

    /// The sandbox holds no shared objects: every library fails to open, with the message
    /// dlopen gives for a missing file (the reference's ll_loadlib failing at "open").
    static func loadlib(_ L: LuaState) throws(LuaError) -> Int {
        let path = L.bytes(of: try L.checkString(1))
        _ = try L.checkString(2)
        try L.pushOutOfLine(.nil)
        try L.pushOutOfLine(try L.newString(path + [UInt8](": cannot open shared object file: No such file or directory")))
        try L.pushOutOfLine(try L.newString("open"))
        return 3
    }

    /// findfile: `package.<field>` (through metamethods, numbers allowed) searched for `name`.
    static func findFile(_ L: LuaState, _ name: [UInt8], _ field: StaticString) throws(LuaError) -> SearchResult {
        let p = try L.get(L.upvalue(1), try L.newString(field))
        guard let path = try L.toStringValue(p) else {
            throw L.error([UInt8]("'package.") + field.bytes + [UInt8]("' must be a string"))
        }
        return try search(L, name: name, path: L.bytes(of: path), sep: [UInt8(ascii: ".")], dirsep: [UInt8(ascii: "/")])
    }

    static func searchPreload(_ L: LuaState) throws(LuaError) -> Int {
        let name = try L.checkString(1)
        let preload = L.rawGet(L.registry, try L.newString("_PRELOAD"))
        let loader = try L.get(preload, name)
        if loader.isNil {
            try L.pushOutOfLine(try L.newString([UInt8]("no field package.preload['") + L.bytes(of: name) + [UInt8]("']")))
            return 1
        }
        try L.pushOutOfLine(loader)
        try L.pushOutOfLine(try L.newString(":preload:"))
        return 2
    }

    static func searchLua(_ L: LuaState) throws(LuaError) -> Int {
        let name = L.bytes(of: try L.checkString(1))
        switch try findFile(L, name, "path") {
        case .failure(let m):
            try L.pushOutOfLine(try L.newString(m))
            return 1
        case .success(let filename):
            switch try loadFile(L, filename, mode: [UInt8]("bt"), env: nil) {
            case .success(let f):
                try L.pushOutOfLine(f)
                try L.pushOutOfLine(try L.newString(filename))
                return 2
            case .failure(let e):
                throw L.error(joined([[UInt8]("error loading module '"), name, [UInt8]("' from file '"), filename, [UInt8]("':\n\t"), e.message]))
            }
        }
    }

    static func searchC(_ L: LuaState) throws(LuaError) -> Int {
        let name = L.bytes(of: try L.checkString(1))
        switch try findFile(L, name, "cpath") {
        case .failure(let m):
            try L.pushOutOfLine(try L.newString(m))
            return 1
        case .success(let filename):
            throw cannotLoadC(L, name, filename)
        }
    }

    static func searchCRoot(_ L: LuaState) throws(LuaError) -> Int {
        let name = L.bytes(of: try L.checkString(1))
        guard let dot = name.firstIndex(of: UInt8(ascii: ".")) else { return 0 }
        switch try findFile(L, Array(name[..<dot]), "cpath") {
        case .failure(let m):
            try L.pushOutOfLine(try L.newString(m))
            return 1
        case .success(let filename):
            throw cannotLoadC(L, name, filename)
        }
    }

    /// checkload's message for a C library that cannot be loaded.
    static func cannotLoadC(_ L: LuaState, _ name: [UInt8], _ filename: [UInt8]) -> LuaError {
        L.error(joined([[UInt8]("error loading module '"), name, [UInt8]("' from file '"), filename,
                        [UInt8]("':\n\tdynamic libraries not enabled; check your Lua installation")]))
    }

    /// ll_require and findloader.
    static func require(_ L: LuaState) throws(LuaError) -> Int {
        // (a C string from here on: the lookups, the searchers and the loader see its prefix)
        let name = try L.newString(try L.checkCString(1))
        try L.setTop(1)
        L.setArgument(1, name)
        let loaded = L.loadedModules
        let existing = try L.get(loaded, name)
        if !existing.isFalsy { try L.pushOutOfLine(existing); return 1 }
        let searchers = try L.get(L.upvalue(1), try L.newString("searchers"))
        guard searchers.isTable else { throw L.error("'package.searchers' must be a table") }
        try L.pushOutOfLine(searchers)  // index 2: keeps the table reachable while searchers run
        var message: [UInt8] = []
        var i: Int64 = 1
        while true {
            let searcher = L.rawGet(L.argument(2), index: i)
            if searcher.isNil {
                throw L.error([UInt8]("module '") + L.bytes(of: name) + [UInt8]("' not found:") + message)
            }
            try L.pushOutOfLine(searcher)
            try L.pushOutOfLine(name)
            try L.call(arguments: 1, results: 2)
            let loader = L.top(2), extra = L.top(1)
            if loader.isFunction {
                // Stack: name, searchers, loader, data. Call loader(name, data).
                try L.pushOutOfLine(loader)
                try L.pushOutOfLine(name)
                try L.pushOutOfLine(extra)
                try L.call(arguments: 2, results: 1)
                let result = L.top()
                if !result.isNil { try L.set(loaded, name, result) }
                L.pop()
                var value = try L.get(loaded, name)
                if value.isNil {
                    value = .true
                    try L.set(loaded, name, value)
                }
                try L.pushOutOfLine(value)
                try L.pushOutOfLine(L.argument(4))
                return 2
            }
            if loader.isString || loader.isNumber {
                message += [UInt8]("\n\t") + L.bytes(of: try L.toStringValue(loader) ?? .nil)
            }
            L.pop(2)
            i += 1
        }
    }

    // MARK: loadfile and dofile (lauxlib.c's luaL_loadfilex over registered files)

    /// Loads a registered file (nil name: standard input, "=stdin"), honouring `mode`.
    static func loadFile(_ L: LuaState, _ filename: [UInt8]?, mode: [UInt8], env: LuaValue?) throws(LuaError) -> Result<LuaValue, LuaLoadError> {
        let contents: [UInt8]
        let chunkName: [UInt8]
        if let filename {
            if L.fileSystem != nil {
                // errfile: "cannot open|read NAME: strerror".
                switch try L.readHostFile(filename) {
                case .contents(let c): contents = c
                case .cannotOpen(let e):
                    return .failure(LuaLoadError(message: [UInt8]("cannot open ") + filename + [58, 32] + L.fileErrorMessage(e.code)))
                case .cannotRead(let e):
                    return .failure(LuaLoadError(message: [UInt8]("cannot read ") + filename + [58, 32] + L.fileErrorMessage(e.code)))
                }
            } else {
                guard let c = try L.searchableFile(filename) else {
                    return .failure(LuaLoadError(message: [UInt8]("cannot open ") + filename + [UInt8](": No such file or directory")))
                }
                contents = c
            }
            chunkName = [UInt8(ascii: "@")] + filename
        } else {
            let stdin = InputStream.standardInput
            try stdin.fill(L, atLeast: Int.max)  // to the end of the stream
            contents = Array(stdin.take(L, stdin.remaining(L)))
            chunkName = [UInt8]("=stdin")
        }
        var source = Compiler.skipShebang(contents)
        // A binary file is recognized after the skipped first line, as skipcomment does.
        if source.count > 1 && source[0] == UInt8(ascii: "\n") && source[1] == 0x1B { source.removeFirst() }
        return try BinaryChunk.load(L, source, chunkName: chunkName, mode: mode, env: env)
    }

    static func loadfile(_ L: LuaState) throws(LuaError) -> Int {
        let name: [UInt8]? = L.argument(1).isNil ? nil : try L.checkCString(1)
        let mode = L.bytes(of: try L.optionalString(2, "bt"))
        let env: LuaValue? = L.argumentCount >= 3 && L.argumentType(3) != .none ? L.argument(3) : nil
        switch try loadFile(L, name, mode: mode, env: env) {
        case .success(let f): try L.pushOutOfLine(f); return 1
        case .failure(let e): try L.pushOutOfLine(.nil); try L.pushOutOfLine(try L.newString(e.message)); return 2
        }
    }

    /// dofile's loading half (the call is a state transition of the VM, VM/Calls.swift, so
    /// the chunk may yield): leaves only the name as argument and returns the chunk.
    static func loadForDofile(_ L: LuaState) throws(LuaError) -> LuaValue {
        let name: [UInt8]? = L.argument(1).isNil ? nil : try L.checkCString(1)
        try L.setTop(1)
        switch try loadFile(L, name, mode: [UInt8]("bt"), env: nil) {
        case .success(let f): return f
        case .failure(let e): throw L.error(value: try L.newString(e.message))
        }
    }
}
