// Regression tests for the differences Tests/Differential/generated_programs.py found between
// `tandem run` and lua5.4 (Debian's 5.4.4). Each case is the minimized program; the expected
// output was produced by running it with lua5.4 by hand (`lua5.4 case.lua`), so these tests
// need no lua5.4 at test time.

import Testing
@testable import Lua

@Suite struct GeneratedProgramRegressionTests {
    /// Runs `script` as "case.lua" and returns its output and, if it failed, what lua.c
    /// prints after "lua5.4: " (message, newline, traceback).
    func run(_ script: String) -> (output: String, error: String?) {
        let r = runTandemSnippet(SnippetCase(name: "regression", script: script))
        return (r.stdout, r.error)
    }

    // Integer division and modulo by zero: lua5.4.4 raises them without saving the pc, so the
    // position is the line of the last instruction that saved it (a call, `==`, `#`, a
    // metamethod fallback...) in that function, or the line where the function begins; table
    // constructors do not save it.
    @Test func integerDivisionByZeroCarriesTheLastSavedLine() {
        let script = """
            local function f(a,
              b)
              local x = a
              return x // b
            end
            print(pcall(f, 1, 0))
            local function g(t)
              local n = #t
              local y = 0
              return n % y
            end
            print(pcall(g, {}))
            local function h()
              local t = {1, 2, 3}
              local z = 0
              return 5 // z
            end
            print(pcall(h))
            local function e(a, b)
              if a == b then end
              local z = 0
              return 5 % z
            end
            print(pcall(e, {}, {}))
            for i = 1, 2 do
              local q = 0
              print(pcall(function()
                local r = 1
                return r // q
              end))
            end
            print("x")
            local zero = 0
            local v = 7
            print(v // zero)
            """
        let r = run(script)
        #expect(r.output == """
            false\tcase.lua:1: attempt to divide by zero
            false\tcase.lua:8: attempt to perform 'n%0'
            false\tcase.lua:13: attempt to divide by zero
            false\tcase.lua:20: attempt to perform 'n%0'
            false\tcase.lua:27: attempt to divide by zero
            false\tcase.lua:27: attempt to divide by zero
            x

            """)
        #expect(r.error == "case.lua:32: attempt to divide by zero\nstack traceback:\n\tcase.lua:32: in main chunk\n\t[C]: in ?")
    }

    // The same in a run cut into slices: a slice's end saves the pc to resume at, which must
    // not become the line of a later division by zero (lua5.4 saved it last at the `for`), so
    // the message is the same for every slice size, one-shot included.
    @Test func divisionByZeroLineDoesNotDependOnSlicing() {
        let script = "local z = 0\nlocal n = 0\nfor i = 1, 600 do\n  n = n + i\nend\nprint(n // z)\n"
        for slice: Int64 in [1, 2, 3, 7, 101, 1 << 40] {
            let lua = LuaInterpreter(options: referenceLikeOptions)
            _ = lua.load(source: Array(script.utf8), chunkName: Array("@case.lua".utf8))
            var status = lua.run(maxSteps: slice)
            while case .paused = status { status = lua.run(maxSteps: slice) }
            guard case .failed(let f) = status else { Issue.record("slice \(slice): no error"); continue }
            #expect(String(decoding: f.message, as: UTF8.self) == "case.lua:3: attempt to divide by zero", "slice \(slice)")
            #expect(String(decoding: f.traceback, as: UTF8.self) == "stack traceback:\n\tcase.lua:3: in main chunk\n\t[C]: in ?")
        }
    }

    // os.time refuses a result of -1, a valid time, as lua5.4's check after mktime does
    // (Tandem's dates are UTC; expected output from `TZ=UTC lua5.4 case.lua`).
    @Test func osTimeRefusesMinusOne() {
        let r = run("""
            print(pcall(os.time, {year = 1969, month = 12, day = 31, hour = 23, min = 59, sec = 59}))
            print(pcall(os.time, {year = 1970, month = 1, day = 1, hour = 0, min = 0, sec = -1}))
            print(os.time({year = 1970, month = 1, day = 1, hour = 0, min = 0, sec = -2}))
            """)
        #expect(r.output == """
            false\ttime result cannot be represented in this installation
            false\ttime result cannot be represented in this installation
            -2

            """)
    }

    // lua.c's msghandler takes a `__tostring` result only if it is a string: a number falls
    // back to "(error object is a table value)" with a traceback.
    @Test func tostringReturningANumberIsNotTheMessage() {
        let r = run("local t = setmetatable({}, {__tostring = function() return 42 end}) error(t)")
        #expect(r.error == "(error object is a table value)\nstack traceback:\n\t[C]: in function 'error'\n\tcase.lua:1: in main chunk\n\t[C]: in ?")
    }

    // A `__tostring` that fails inside lua.c's msghandler: the handler runs again for the new
    // error, on top of the first; its traceback shows the failed call, the first handler's
    // level "[C]: in ?", then the original error's frames (and levels are skipped counting it).
    @Test func tostringFailingInTheHandlerIsReportedWithBothStacks() {
        let r = run("local t = setmetatable({}, {__tostring = function() error(\"in tostring\") end}) error(t)")
        #expect(r.error == """
            case.lua:1: in tostring
            stack traceback:
            \t[C]: in function 'error'
            \tcase.lua:1: in function <case.lua:1>
            \t[C]: in ?
            \t[C]: in function 'error'
            \tcase.lua:1: in main chunk
            \t[C]: in ?
            """)
        let deep = run("""
            local t = setmetatable({}, {__tostring = function() local x = nil; return x.y end})
            local function deep(n) if n == 0 then error(t) end deep(n - 1) end
            deep(30)
            """)
        let upvalue = "\n\tcase.lua:2: in upvalue 'deep'"
        #expect(deep.error == "case.lua:1: attempt to index a nil value (local 'x')\nstack traceback:"
            + "\n\tcase.lua:1: in function <case.lua:1>\n\t[C]: in ?\n\t[C]: in function 'error'"
            + String(repeating: upvalue, count: 7) + "\n\t...\t(skipping 14 levels)" + String(repeating: upvalue, count: 8)
            + "\n\tcase.lua:2: in local 'deep'\n\tcase.lua:3: in main chunk\n\t[C]: in ?")
    }
}
