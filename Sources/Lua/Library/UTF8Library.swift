// The utf8 library (lutf8lib.c). PROVISIONAL: registers an empty `utf8` table until issue 4's
// library lands; the owner of this file replaces it.

/// Registers `utf8`.
enum UTF8Library {
    static func open(_ L: LuaState) throws(LuaError) {
        _ = try L.registerLibrary("utf8", [])
    }
}
