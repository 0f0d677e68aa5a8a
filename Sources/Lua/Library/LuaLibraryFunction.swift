// Library registration: one named native function of a library table (luaL_Reg of lauxlib.h).

/// A named native function, as a library lists it for `LuaState.registerLibrary`.
///
/// A struct rather than a `(name, function)` tuple on purpose: a closure inside a tuple that
/// is an array's element is stored at the most general abstraction, so every later call of
/// the function went through two reabstraction thunks (measured: 2.6% of a method-call-heavy
/// script's time in the wasm module). A struct field keeps the function's own convention.
///
/// The standard libraries list theirs as `nonisolated(unsafe) static let` arrays: constant
/// data in the module, and safe to share because every entry is a static function or a
/// closure that captures nothing (the type itself cannot promise that for any closure).
public struct LuaLibraryFunction {
    /// The key in the library table (and the name tracebacks show).
    public let name: StaticString
    /// The function.
    public let function: LuaNativeFunction

    /// The function `function` registered as `name`.
    public init(_ name: StaticString, _ function: @escaping LuaNativeFunction) {
        self.name = name
        self.function = function
    }
}
