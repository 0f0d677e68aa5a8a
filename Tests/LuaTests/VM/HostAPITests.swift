// The host and native-function APIs.

import Testing
@testable import Lua

@Suite("Host API")
struct HostAPITests {
    @Test func returnsExportedValues() {
        let (s, _) = runScript("return 1, 2.5, 'three', true, nil, {}, print")
        guard case .finished(let values) = s else { Issue.record("unexpected \(s)"); return }
        #expect(values.count == 7)
        #expect(values[0] == .integer(1))
        #expect(values[1] == .float(2.5))
        #expect(values[2] == .string(Array("three".utf8)))
        #expect(values[3] == .boolean(true))
        #expect(values[4] == .nil)
        if case .other(let type, let text) = values[5] {
            #expect(type == Array("table".utf8))
            #expect(String(decoding: text, as: UTF8.self).hasPrefix("table: 0x"))
        } else { Issue.record("not a table") }
        if case .other(let type, _) = values[6] { #expect(type == Array("function".utf8)) } else { Issue.record("not a function") }
    }

    @Test func syntaxErrorIsReported() {
        let lua = LuaInterpreter()
        let r = lua.load(source: Array("x = = 1".utf8), chunkName: Array("=input".utf8))
        guard case .syntaxError(let m) = r else { Issue.record("no syntax error"); return }
        #expect(String(decoding: m, as: UTF8.self).hasPrefix("input:1:"))
        guard case .failed(let f) = lua.run(maxSteps: 100) else { Issue.record("run did not fail"); return }
        #expect(f.kind == .syntax)
    }

    @Test func uncaughtErrorHasMessageAndTraceback() {
        let (s, _) = runScript("local function f() error('boom') end f()")
        guard case .failed(let f) = s else { Issue.record("not failed"); return }
        #expect(f.kind == .runtime)
        #expect(String(decoding: f.message, as: UTF8.self) == "input:1: boom")
        #expect(String(decoding: f.traceback, as: UTF8.self) == """
            stack traceback:
            \t[C]: in function 'error'
            \tinput:1: in local 'f'
            \tinput:1: in main chunk
            \t[C]: in ?
            """)
    }

    @Test func tostringUsesRunCounterNotAddresses() {
        let (_, a) = runScript("print(tostring({}), tostring(print) ~= nil)")
        let (_, b) = runScript("print(tostring({}), tostring(print) ~= nil)")
        #expect(a.output == b.output)
        #expect(String(decoding: a.output, as: UTF8.self).hasPrefix("table: 0x0000"))
    }

    @Test func slicedRunPausesAndResumes() {
        let lua = LuaInterpreter()
        _ = lua.load(source: Array("local s = 0 for i = 1, 1000 do s = s + i end return s".utf8), chunkName: Array("=x".utf8))
        var pauses = 0
        var status = lua.run(maxSteps: 100)
        while case .paused = status { pauses += 1; status = lua.run(maxSteps: 100) }
        #expect(pauses > 10)
        guard case .finished(let v) = status else { Issue.record("not finished"); return }
        #expect(v == [.integer(500500)])
    }

    @Test func coroutinesPauseMidway() {
        let src = """
            local co = coroutine.wrap(function() for i = 1, 100 do coroutine.yield(i) end end)
            local s = 0 for i = 1, 100 do s = s + co() end return s
            """
        let (a, _) = runScript(src)
        let (b, _) = runScript(src, slice: 3)
        guard case .finished(let va) = a, case .finished(let vb) = b else { Issue.record("not finished"); return }
        #expect(va == vb && va == [.integer(5050)])
    }

    @Test func nativeFunctionsAndCallbacks() throws {
        let lua = LuaInterpreter()
        let L = lua.state
        // A native that calls back into Lua with its argument.
        let apply = try L.newFunction("apply") { L throws(LuaError) in
            try L.checkType(1, .function)
            let r = try L.call(L.argument(1), [L.argument(2)], results: 1)
            try L.push(r[0])
            return 1
        }
        try L.setGlobal("apply", apply)
        _ = lua.load(source: Array("return apply(function(x) return x * 2 end, 21), pcall(apply, 5)".utf8), chunkName: Array("=t".utf8))
        guard case .finished(let v) = lua.run(maxSteps: 10_000) else { Issue.record("failed"); return }
        #expect(v[0] == .integer(42))
        #expect(v[1] == .boolean(false))
        #expect(v[2] == .string(Array("bad argument #1 to 'apply' (function expected, got number)".utf8)))
    }

    @Test func yieldAcrossNativeCallbackIsAnError() throws {
        let lua = LuaInterpreter()
        let L = lua.state
        try L.setGlobal("apply", try L.newFunction("apply") { L throws(LuaError) in
            _ = try L.call(L.argument(1), [], results: 0)
            return 0
        })
        _ = lua.load(source: Array("""
            local co = coroutine.create(function() apply(function() coroutine.yield() end) end)
            return coroutine.resume(co)
            """.utf8), chunkName: Array("=t".utf8))
        guard case .finished(let v) = lua.run(maxSteps: 10_000) else { Issue.record("failed"); return }
        #expect(v[0] == .boolean(false))
        #expect(v[1] == .string(Array("attempt to yield across a C-call boundary".utf8)))
    }

    @Test func memoryIsReclaimed() {
        let lua = LuaInterpreter()
        _ = lua.load(source: Array("""
            collectgarbage()
            local before = collectgarbage('count')
            do local t = {} for i = 1, 10000 do t[i] = {i} end end
            local mid = collectgarbage('count')
            collectgarbage()
            return before, mid, collectgarbage('count')
            """.utf8), chunkName: Array("=t".utf8))
        guard case .finished(let v) = lua.run(maxSteps: 1_000_000),
              case .float(let before) = v[0], case .float(let mid) = v[1], case .float(let after) = v[2] else {
            Issue.record("unexpected"); return
        }
        #expect(mid > before + 100)
        #expect(after < before + 1)
    }

    @Test func secondChunkRunsInSameState() {
        let lua = LuaInterpreter()
        _ = lua.load(source: Array("x = 41".utf8), chunkName: Array("=a".utf8))
        _ = lua.run(maxSteps: 100)
        _ = lua.load(source: Array("return x + 1".utf8), chunkName: Array("=b".utf8))
        guard case .finished(let v) = lua.run(maxSteps: 100) else { Issue.record("failed"); return }
        #expect(v == [.integer(42)])
    }

    @Test func scriptArgumentsAreVarargs() {
        let lua = LuaInterpreter(options: LuaRunOptions(scriptArguments: [Array("a".utf8), Array("b".utf8)]))
        _ = lua.load(source: Array("return select('#', ...), ...".utf8), chunkName: Array("=a".utf8))
        guard case .finished(let v) = lua.run(maxSteps: 100) else { Issue.record("failed"); return }
        #expect(v == [.integer(2), .string([97]), .string([98])])
    }

    @Test func hostTimeDrivesOsTime() {
        let lua = LuaInterpreter(options: LuaRunOptions(hostTime: 86400 * 365))
        _ = lua.load(source: Array("return os.time(), os.date('!%Y-%m-%d %H:%M:%S', 0), os.date('*t', 86400).day".utf8), chunkName: Array("=a".utf8))
        guard case .finished(let v) = lua.run(maxSteps: 1000) else { Issue.record("failed"); return }
        #expect(v == [.integer(86400 * 365), .string(Array("1970-01-01 00:00:00".utf8)), .integer(2)])
    }
}
