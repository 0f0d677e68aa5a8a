// Short chunk names for messages (the reference's `luaO_chunkid`, LUA_IDSIZE = 60).
//
// "=name" is shown as "name", "@file" as "file" (keeping the end of long names), and any
// other source text as `[string "first line..."]`. The reference receives chunk names as C
// strings, so a name ends at its first NUL byte; `make` applies that cut first.

/// Builds the short source name that prefixes error messages and tracebacks.
public enum ChunkID {
    /// The reference's LUA_IDSIZE: room for the name including a terminating NUL.
    static let idSize = 60

    /// `luaO_chunkid`: the short name of the chunk whose `source` (as given to `load`) is
    /// `source`, e.g. `[string "x = 1"]`, `file.lua`, `stdin`.
    public static func make(_ name: [UInt8]) -> [UInt8] {
        let source = cString(name)
        var out: [UInt8]
        if source.first == UInt8(ascii: "=") {
            // The whole name after '=' when it fits, else its first idSize - 1 bytes.
            out = Array(source[1...].prefix(idSize - 1))
        } else if source.first == UInt8(ascii: "@") {
            if source.count <= idSize {
                out = Array(source[1...])
            } else {
                // "..." followed by the last bytes that still fit.
                let keep = idSize - 3 - 1
                out = [UInt8]("...") + Array(source.suffix(keep))
            }
        } else {
            out = [UInt8]("[string \"")
            let room = idSize - 15  // minus `[string "`, `..."]` and the NUL
            let newline = firstNewline(source)
            if source.count < room && newline == nil {
                out += source
            } else {
                var length = newline ?? source.count
                if length > room { length = room }
                out += source[0..<length]
                out += [UInt8]("...")
            }
            out += [UInt8]("\"]")
        }
        return out
    }

    /// The name up to its first NUL byte (what a C string holds).
    public static func cString(_ name: [UInt8]) -> [UInt8] {
        guard let nul = name.firstIndex(of: 0) else { return name }
        return Array(name[..<nul])
    }

    /// Index of the first '\n'.
    private static func firstNewline(_ s: [UInt8]) -> Int? {
        s.firstIndex(of: UInt8(ascii: "\n"))
    }
}
