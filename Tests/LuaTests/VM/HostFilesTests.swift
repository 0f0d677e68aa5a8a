// The host's stand-in for a file system: registered files for require/loadfile/dofile, and
// binary chunks among them.

import Testing
@testable import Lua

@Suite("Host files")
struct HostFilesTests {
    func run(_ lua: LuaInterpreter, _ script: String) -> String {
        _ = lua.load(source: Array(script.utf8), chunkName: Array("=t".utf8))
        switch lua.run(maxSteps: 1 << 30) {
        case .finished: return String(decoding: lua.output, as: UTF8.self)
        case .failed(let f): return "error: " + String(decoding: f.message, as: UTF8.self)
        case .paused: return "paused"
        }
    }

    @Test func leadingDotSlashIsNotSignificantAndLaterRegistrationsReplace() {
        let lua = LuaInterpreter()
        lua.registerSearchableFile(path: Array("./m.lua".utf8), contents: Array("return 1".utf8))
        lua.registerSearchableFile(path: Array("m.lua".utf8), contents: Array("return 2".utf8))
        #expect(run(lua, "io.write(require 'm', ' ', package.searchpath('m', './?.lua'), ' ', dofile('./m.lua'))") == "2 ./m.lua 2")
    }

    @Test func binaryModuleLoadsThroughTheVerifier() {
        let maker = LuaInterpreter()
        _ = run(maker, "io.write(string.dump(function(...) return 'bin:' .. ... end))")
        let chunk = maker.output  // bytes, not text
        let lua = LuaInterpreter()
        lua.registerSearchableFile(path: Array("b.lua".utf8), contents: chunk)
        #expect(run(lua, "io.write((require 'b'))") == "bin:b")
        var corrupt = chunk
        corrupt[corrupt.count - 1] ^= 0xFF
        let other = LuaInterpreter()
        other.registerSearchableFile(path: Array("b.lua".utf8), contents: Array(corrupt.dropLast(3)))
        #expect(run(other, "print(pcall(require, 'b'))").contains("bad binary format (truncated chunk)"))
    }
}
