// The API for opening libraries: tables of native functions and named fields (the
// counterpart of lauxlib.c's luaL_newlib, luaL_setfuncs and lua_setfield on a fresh table).
//
// Every helper here is `@inline(never)` on purpose: the libraries' `open` functions make
// about 150 registrations, and inlined, each one copied the string creation, the native
// closure's allocation and the table store into the caller (`openStandardLibraries` was
// 8.7 kB of the wasm module). Registration runs once per state, so the call costs nothing
// that matters.

extension LuaState {
    /// Creates a table of native functions, stores it as global `name` and in
    /// `package.loaded[name]`, and returns it.
    @discardableResult
    @inline(never)
    public func registerLibrary(_ name: StaticString, _ functions: [LuaLibraryFunction]) throws(LuaError) -> LuaValue {
        let t = try newTable(hashCapacity: functions.count)
        try setFunctions(functions, in: t)
        let key = try newString(name)
        try rawSet(g.pointee.globals, key, t)
        try rawSet(g.pointee.loaded, key, t)
        return t
    }

    /// Stores each of `functions` in table `t` under its name (luaL_setfuncs without upvalues).
    ///
    /// The libraries keep their lists as `static let` arrays: constant data in the module,
    /// where an array literal in `open` was code that built the list element by element.
    @inline(never)
    public func setFunctions(_ functions: [LuaLibraryFunction], in t: LuaValue) throws(LuaError) {
        for entry in functions { try setFunction(t, entry.name, entry.function) }
    }

    /// Raw `t[name] = v` for a table `t` (lua_setfield on a table without metamethods).
    @inline(never)
    public func setField(_ t: LuaValue, _ name: StaticString, _ v: LuaValue) throws(LuaError) {
        try rawSet(t, try newString(name), v)
    }

    /// Raw `t[name] =` a new native function named `name` with `upvalues` (the key is
    /// created first, then the function, as `rawSet(t, newString(name), newFunction(…))`).
    @inline(never)
    public func setFunction(_ t: LuaValue, _ name: StaticString, upvalues: [LuaValue] = [],
                            _ function: @escaping LuaNativeFunction) throws(LuaError) {
        try rawSet(t, try newString(name), try newFunction(name, upvalues: upvalues, function))
    }

    /// Raw `t[name] =` a new special function (one the VM runs itself: pcall, yield, …);
    /// `body` is what it does when called as an ordinary native (`pairs`), if anything.
    @inline(never)
    func setSpecialFunction(_ t: LuaValue, _ name: StaticString, _ special: SpecialFunction,
                            _ body: @escaping LuaNativeFunction = BaseLibrary.unreachable) throws(LuaError) {
        try rawSet(t, try newString(name), LuaValue(try newNativeClosure(name, special: special, upvalueCount: 0, body)))
    }

    /// Sets a global variable.
    @inline(never)
    public func setGlobal(_ name: StaticString, _ v: LuaValue) throws(LuaError) {
        try setField(g.pointee.globals, name, v)
    }

    /// Reads a global variable (raw).
    @inline(never)
    public func getGlobal(_ name: StaticString) throws(LuaError) -> LuaValue {
        g.pointee.globals.table.get(try newString(name))
    }
}
