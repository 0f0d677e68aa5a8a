// Opening the libraries of a new state, and the package library (`require`).
//
// The list below is the one place that names every library.

/// Opens the standard libraries into a fresh state (the reference's luaL_openlibs).
func openStandardLibraries(_ L: LuaState) throws(LuaError) {
    try BaseLibrary.open(L)
    try PackageLibrary.open(L)
    try CoroutineLibrary.open(L)
    try StringMetatable.open(L)
    try StringLibrary.open(L)
    try TableLibrary.open(L)
    try MathLibrary.open(L)
    try UTF8Library.open(L)
    try IOLibrary.open(L)
    try OSLibrary.open(L)
    try DebugLibrary.open(L)
}

/// `require`, `package.loaded`, `package.preload` (the reference's loadlib.c without the
/// file system and C loaders).
enum PackageLibrary {
    static func open(_ L: LuaState) throws(LuaError) {
        let package = try L.newTable()
        try L.rawSet(package, try L.newString("loaded"), L.loadedModules)
        try L.rawSet(package, try L.newString("preload"), try L.newTable())
        try L.rawSet(package, try L.newString("path"), try L.newString(""))
        try L.rawSet(package, try L.newString("cpath"), try L.newString(""))
        try L.rawSet(package, try L.newString("config"), try L.newString("/\n;\n?\n!\n-\n"))
        let searchers = try L.newTable()
        try L.rawSet(searchers, index: 1, try L.newFunction("searcher_preload", searchPreload))
        try L.rawSet(package, try L.newString("searchers"), searchers)
        try L.setGlobal("package", package)
        try L.rawSet(L.loadedModules, try L.newString("package"), package)
        try L.rawSet(L.loadedModules, try L.newString("_G"), L.globals)
        try L.setGlobal("require", try L.newFunction("require", require))
    }

    static func package(_ L: LuaState) throws(LuaError) -> LuaValue {
        L.rawGet(L.loadedModules, try L.newString("package"))
    }

    static func searchPreload(_ L: LuaState) throws(LuaError) -> Int {
        let name = try L.checkString(1)
        let preload = L.rawGet(try package(L), try L.newString("preload"))
        guard preload.isTable else { throw L.error("'package.preload' must be a table") }
        let loader = L.rawGet(preload, name)
        if loader.isNil {
            try L.push(try L.newString(Array("\n\tno field package.preload['".utf8) + L.bytes(of: name) + Array("']".utf8)))
            return 1
        }
        try L.push(loader)
        try L.push(try L.newString(":preload:"))
        return 2
    }

    static func require(_ L: LuaState) throws(LuaError) -> Int {
        let name = try L.checkString(1)
        let loaded = L.loadedModules
        let existing = L.rawGet(loaded, name)
        if !existing.isFalsy { try L.push(existing); return 1 }
        let searchers = L.rawGet(try package(L), try L.newString("searchers"))
        guard searchers.isTable else { throw L.error("'package.searchers' must be a table") }
        var message = Array("module '".utf8) + L.bytes(of: name) + Array("' not found:".utf8)
        var i: Int64 = 1
        while true {
            let searcher = L.rawGet(searchers, index: i)
            if searcher.isNil { throw L.error(message) }
            let r = try L.call(searcher, [name], results: 2)
            if r[0].isFunction {
                // Keep the loader data on the stack: it is returned after the loader ran.
                try L.push(r[1])
                let result = try L.call(r[0], [name, r[1]], results: 1)[0]
                if !result.isNil { try L.rawSet(loaded, name, result) }
                var value = L.rawGet(loaded, name)
                if value.isNil {
                    value = .true
                    try L.rawSet(loaded, name, value)
                }
                try L.push(value)
                try L.push(L.top(2))
                return 2
            }
            if r[0].isString { message += L.bytes(of: r[0]) }
            i += 1
        }
    }
}

/// The metatable of strings: `__index` is the `string` table (filled by the string
/// library), and the arithmetic metamethods convert numeric strings (lstrlib.c's
/// `stringmetamethods`), so `"10" + 1` is 11.
enum StringMetatable {
    static func open(_ L: LuaState) throws(LuaError) {
        let string = try L.newTable()
        try L.setGlobal("string", string)
        try L.rawSet(L.loadedModules, try L.newString("string"), string)
        let mt = try L.newTable()
        let ops: [(StaticString, Int)] = [("__add", 0), ("__sub", 1), ("__mul", 2), ("__mod", 3), ("__pow", 4),
                                          ("__div", 5), ("__idiv", 6), ("__unm", 12)]
        for (name, op) in ops {
            try L.rawSet(mt, try L.newString(name), try L.newFunction(name, { L throws(LuaError) in try arith(L, op, name) }))
        }
        try L.rawSet(mt, try L.newString("__index"), string)
        L.setTypeMetatable(.string, mt)
    }

    /// Converts a string operand to a number (tonum in lstrlib.c).
    static func toNumber(_ L: LuaState, _ v: LuaValue) -> LuaValue? {
        if v.isNumber { return v }
        if v.isString { return L.stringToNumber(L.buffer(of: v)) }
        return nil
    }

    static func arith(_ L: LuaState, _ op: Int, _ name: StaticString) throws(LuaError) -> Int {
        let a = L.argument(1), b = L.argument(2)
        if let x = toNumber(L, a), let y = toNumber(L, b) {
            try L.push(try L.arith(op, x, y))
            return 1
        }
        // trymt: the other operand's metamethod, unless it is a string too.
        let event = name.bytes
        if !b.isString, let mt = L.metatable(of: b) {
            let tm = mt.get(try L.newString(event))
            if !tm.isNil {
                try L.push(try L.call(tm, [a, b], results: 1)[0])
                return 1
            }
        }
        throw L.error(Array("attempt to ".utf8) + Array(event.dropFirst(2)) + Array(" a '".utf8) + a.typeName.bytes
                      + Array("' with a '".utf8) + b.typeName.bytes + [UInt8(ascii: "'")])
    }
}
