// The io and os file functions of a sandboxed run (no LuaFileSystem installed, as in the
// server and the browser; Library/IO/IOLibrary.swift, Library/OS/OSFiles.swift): every name is a
// missing file. Compared with lua5.4 run in an empty folder, where the same names are missing
// (files to be written are named in a missing folder, so the reference cannot create them).

import Testing
@testable import Lua

/// Scripts that only touch names missing in an empty folder.
let ioSandboxCases: [SnippetCase] = [
    SnippetCase(name: "io.open of a missing file", script: """
        print(io.open("data.txt"))
        print(io.open("nodir/data.txt", "w"))
        print(io.open("dir/x.txt", "a+b"))
        print(pcall(io.open, "data.txt", "rw"))
        """),
    SnippetCase(name: "os.remove and os.rename of missing files", script: """
        print(os.remove("data.txt"))
        print(os.rename("data.txt", "other.txt"))
        print(pcall(os.remove))
        """),
    SnippetCase(name: "io.lines, io.input and io.output with a missing name", script: """
        print(pcall(io.lines, "data.txt"))
        print(pcall(io.input, "data.txt"))
        print(io.type(io.input()), io.input() == io.stdin)
        """),
    SnippetCase(name: "loadfile and dofile of a missing file", script: """
        print(loadfile("data.lua"))
        print(pcall(dofile, "data.lua"))
        """),
]

@Suite("IO sandbox: no file system")
struct IOSandboxTests {
    @Test("missing-file behaviour matches lua5.4 in an empty folder", arguments: ioSandboxCases)
    func missingFiles(_ c: SnippetCase) throws {
        try compareSnippet(c)
    }

    /// Runs `script` without a file system and returns its output.
    func run(_ script: String, seed: UInt64 = 7) -> String {
        var options = referenceLikeOptions
        options.seed = seed
        let lua = LuaInterpreter(options: options)
        _ = lua.load(source: Array(script.utf8), chunkName: Array("=sandbox".utf8))
        var status = lua.run(maxSteps: 1 << 40)
        while case .paused = status { status = lua.run(maxSteps: 1 << 40) }
        return String(decoding: lua.output, as: UTF8.self)
    }

    @Test func tmpnameNamesAFileThatCannotBeOpened() {
        let out = run("""
            local n = os.tmpname()
            print(#n, n:sub(1, 9), n:match("^/tmp/lua_%w%w%w%w%w%w$") ~= nil)
            local f, msg, code = io.open(n, "w")
            print(f, msg == n .. ": No such file or directory", code)
            print(os.tmpname() ~= n)
            """)
        #expect(out == "15\t/tmp/lua_\ttrue\nnil\ttrue\t2\ntrue\n")
    }

    @Test func tmpnameIsDeterministic() {
        let script = "print(os.tmpname(), os.tmpname())"
        #expect(run(script, seed: 1) == run(script, seed: 1))
        #expect(run(script, seed: 1) != run(script, seed: 2))
    }

    @Test func tmpfileFails() {
        let out = run("print(io.tmpfile())")
        #expect(out == "nil\tNo such file or directory\t2\n")
    }
}
