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

/// The metatable of strings: `__index` is the `string` table (filled by the string
/// library), and the arithmetic metamethods convert numeric strings (lstrlib.c's
/// `stringmetamethods`), so `"10" + 1` is 11.
enum StringMetatable {
    static func open(_ L: LuaState) throws(LuaError) {
        let string = try L.newTable()
        try L.setGlobal("string", string)
        try L.setField(L.loadedModules, "string", string)
        let mt = try L.newTable()
        for (name, op) in arithmetic {
            try L.setFunction(mt, name, { L throws(LuaError) in try arith(L, op, name) })
        }
        try L.setField(mt, "__index", string)
        L.setTypeMetatable(.string, mt)
    }

    /// The metamethods and their `arith` operators (constant data, as the libraries' lists).
    static let arithmetic: [(StaticString, Int)] = [("__add", 0), ("__sub", 1), ("__mul", 2), ("__mod", 3), ("__pow", 4),
                                                    ("__div", 5), ("__idiv", 6), ("__unm", 12)]

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
        throw L.error([UInt8]("attempt to ") + Array(event.dropFirst(2)) + [UInt8](" a '") + a.typeName.bytes
                      + [UInt8]("' with a '") + b.typeName.bytes + [UInt8(ascii: "'")])
    }
}
