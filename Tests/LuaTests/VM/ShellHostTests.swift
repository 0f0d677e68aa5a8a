// The host API the shell (`tandem run`) uses to behave like lua.c: os.exit (LuaRunOptions.
// allowsExit), chunks loaded with their own arguments, and `loadCall` (lua.c's dolibrary).
// Expected values are lua5.4's (Tests/Shell/shell_differential.py compares the whole command).

import Testing
@testable import Lua

@Suite("Shell host API")
struct ShellHostTests {
    private func run(_ lua: LuaInterpreter, _ source: String, arguments: [[UInt8]]? = nil) -> LuaRunStatus {
        _ = lua.load(source: Array(source.utf8), chunkName: Array("=input".utf8), arguments: arguments)
        return lua.run(maxSteps: 1 << 30)
    }

    @Test func sandboxHasNoExit() {
        guard case .finished(let v) = run(LuaInterpreter(), "return os.exit") else { Issue.record("failed"); return }
        #expect(v == [.nil])
    }

    @Test func exitIsNotCaughtByPcall() {
        var options = LuaRunOptions()
        options.allowsExit = true
        let lua = LuaInterpreter(options: options)
        guard case .failed(let f) = run(lua, "print(pcall(os.exit, 3)) print('not reached')") else { Issue.record("not ended"); return }
        #expect(f.kind == .exit(status: 3, close: false))
        #expect(lua.output.isEmpty)
    }

    @Test func exitStatusOfBooleansAndClose() {
        for (source, kind) in [("os.exit(false, true)", LuaFailureKind.exit(status: 1, close: true)),
                               ("os.exit(true)", .exit(status: 0, close: false)),
                               ("coroutine.wrap(function() os.exit() end)()", .exit(status: 0, close: false))] {
            var options = LuaRunOptions()
            options.allowsExit = true
            guard case .failed(let f) = run(LuaInterpreter(options: options), source) else { Issue.record("not ended: \(source)"); continue }
            #expect(f.kind == kind, "\(source)")
        }
    }

    @Test func chunksTakeTheirOwnArguments() {
        let lua = LuaInterpreter(options: LuaRunOptions(scriptName: Array("s.lua".utf8), scriptArguments: [Array("a".utf8)]))
        guard case .finished(let own) = run(lua, "return select('#', ...)", arguments: []) else { Issue.record("failed"); return }
        #expect(own == [.integer(0)])
        guard case .finished(let script) = run(lua, "return ...") else { Issue.record("failed"); return }
        #expect(script == [.string(Array("a".utf8))])
    }

    @Test func loadCallStoresTheResultInAGlobal() {
        let lua = LuaInterpreter()
        _ = lua.registerModule(name: Array("m".utf8), source: Array("return {name = 'm'}".utf8), chunkName: Array("@m.lua".utf8))
        #expect(lua.loadCall(function: Array("require".utf8), arguments: [Array("m".utf8)], resultGlobal: Array("g".utf8)) == .ok)
        guard case .finished = lua.run(maxSteps: 1 << 30) else { Issue.record("require failed"); return }
        guard case .finished(let v) = run(lua, "return g.name") else { Issue.record("failed"); return }
        #expect(v == [.string(Array("m".utf8))])
    }

    @Test func loadCallErrorsHaveNoLuaCallerPosition() {
        let lua = LuaInterpreter()
        _ = lua.loadCall(function: Array("require".utf8), arguments: [Array("nope".utf8)], resultGlobal: Array("nope".utf8))
        guard case .failed(let f) = lua.run(maxSteps: 1 << 30) else { Issue.record("not failed"); return }
        #expect(String(decoding: f.message, as: UTF8.self).hasPrefix("module 'nope' not found:\n\tno field package.preload['nope']"))
        #expect(String(decoding: f.traceback, as: UTF8.self).hasSuffix("[C]: in function 'require'\n\t[C]: in ?"))
    }
}
