// Differential tests of standard input and standard error (io.read, io.lines, io.stdin,
// io.stderr) against lua5.4 fed the same bytes on a pipe.

import Testing
@testable import Lua

/// A case whose script prints what it reads (results joined by '|', strings quoted).
func readCase(_ name: String, _ body: String, _ input: String) -> SnippetCase {
    let show = """
    local function show(...)
      local t = table.pack(...)
      for i = 1, t.n do
        local v = t[i]
        t[i] = type(v) == "string" and string.format("%q", v) or tostring(v)
      end
      print(t.n, table.concat(t, "|"))
    end

    """
    return SnippetCase(name: name, script: show + body, stdin: Array(input.utf8))
}

let ioInputCases: [SnippetCase] = [
    readCase("line", "show(io.read()) show(io.read())", "first\nsecond\n"),
    readCase("line without trailing newline", "show(io.read('l')) show(io.read('l'))", "only"),
    readCase("L keeps newline", "show(io.read('L')) show(io.read('L')) show(io.read('L'))", "a\nb"),
    readCase("empty input l", "show(io.read()) show(io.read('L'))", ""),
    readCase("empty input a", "show(io.read('a')) show(io.read('a'))", ""),
    readCase("a whole then EOF", "show(io.read('a')) show(io.read('a')) show(io.read('l'))", "x\ny\nz"),
    readCase("l at EOF is nil", "show(io.read('l', 'l', 'l'))", "one\n"),
    readCase("numbers of bytes", "show(io.read(5)) show(io.read(5)) show(io.read(5))", "abcdefgh"),
    readCase("zero bytes not at EOF", "show(io.read(0)) show(io.read(1)) show(io.read(0))", "z"),
    readCase("zero bytes on empty", "show(io.read(0))", ""),
    readCase("bytes at EOF", "show(io.read(3))", ""),
    readCase("n integers", "show(io.read('n', 'n', 'n'))", "1 22\n333"),
    readCase("n floats and exponents", "show(io.read('n', 'n', 'n', 'n'))", "1.5 2e3 -4.25E-2 .5"),
    readCase("n hex", "show(io.read('n', 'n', 'n', 'n'))", "0x1F 0X10 0x1p4 0x.8"),
    readCase("n hex exponent negative", "show(io.read('n', 'n'))", "0x1P-2 0xA.8p1"),
    readCase("n garbage", "show(io.read('n')) show(io.read('a'))", "abc 12"),
    readCase("n leading spaces and sign", "show(io.read('n', 'n', 'n'))", "  \t\n -12 +7\n\n  -0.0"),
    readCase("n incomplete exponent", "show(io.read('n')) show(io.read('a'))", "1e+x"),
    readCase("n bare 0x", "show(io.read('n')) show(io.read('a'))", "0xg"),
    readCase("n trailing dot", "show(io.read('n', 'n'))", "5. 6.e1"),
    readCase("n double sign", "show(io.read('n')) show(io.read('a'))", "--5"),
    readCase("n too long", "show(io.read('n')) show(#io.read('a'))", String(repeating: "1", count: 250)),
    readCase("n limits", "show(io.read('n', 'n', 'n', 'n'))", "9223372036854775807 9223372036854775808 -9223372036854775808 1e400"),
    readCase("n inf and nan are not numerals", "show(io.read('n')) show(io.read('a'))", "inf nan"),
    readCase("n then l rest of line", "show(io.read('n', 'l', 'l'))", "42 apples\nnext\n"),
    readCase("n followed by letters", "show(io.read('n')) show(io.read('a'))", "1.5e+3x"),
    readCase("n at EOF", "show(io.read('n'))", "   "),
    readCase("multiple formats", "show(io.read('l', 'n', 'a'))", "head\n 3.25 tail\nend"),
    readCase("failure stops the results", "show(io.read('n', 'l', 'a'))", "x1\nrest"),
    readCase("io.lines", "for l in io.lines() do show(l) end show(io.read())", "a\n\nb\nc"),
    readCase("io.lines with formats", "for a, b in io.lines(1, 'n') do show(a, b) end", "x1y2z"),
    readCase("io.lines L", "for l in io.lines('L') do show(l) end", "p\nq\n"),
    readCase("io.lines numbers", "for n in io.lines('n') do show(n) end show(io.read('a'))", "1 2 3 four"),
    readCase("stdin read a", "show(io.stdin:read('a'))", "all of it\n"),
    readCase("stdin lines", "for l in io.stdin:lines() do show(l) end", "1\n2\n"),
    readCase("stdin read bytes then io.read", "show(io.stdin:read(3)) show(io.read('l'))", "abcdef\nghi"),
    readCase("stdin close", "show(io.stdin:close()) show(io.read())", "still open\n"),
    readCase("stdin tostring and type", "show(tostring(io.stdin):match('^file %(0x%x+%)$') ~= nil, io.type(io.stdin), io.type(42))", ""),
    readCase("io.input is stdin", "show(io.input() == io.stdin, io.input(io.stdin) == io.stdin) show(io.read())", "in\n"),
    readCase("legacy star formats", "show(io.read('*l', '*n', '*a'))", "line\n12 rest"),
    readCase("invalid format", "show(pcall(io.read, 'x'))", "data"),
    readCase("invalid format on method", "show(pcall(io.stdin.read, io.stdin, 'x'))", "data"),
    readCase("table as format", "show(pcall(io.read, {}))", "data"),
    readCase("CRLF lines", "show(io.read(), io.read())", "a\r\nb\r\n"),
    readCase("empty lines", "show(io.read('l', 'l', 'l', 'l'))", "\n\n\n"),
    readCase("two numbers", "show(io.read('n', 'n'))", "1 2"),
    readCase("binary bytes", "local t = {} for i = 1, 4 do t[i] = io.read(1) end show(table.unpack(t))", "\u{0}\u{7F}ab"),
    readCase("lines iterator after EOF", "local f = io.lines() show(f()) show(f()) show(f())", "only\n"),
    readCase("negative count", "show(pcall(io.read, -1))", "abc"),
    readCase("seek on stdin", "show(io.stdin:seek('set', 0))", "abc"),
    readCase("float format count", "show(io.read(2.0)) show(pcall(io.read, 2.5))", "abcdef"),
    readCase("read on stdout", "show(io.stdout:read('l'))", "abc"),
    SnippetCase(name: "stderr write", script: "io.stderr:write('to stderr ', 42, ' ', 1.5, '\\n') print(io.stderr:write('x') == io.stderr) io.write('out\\n')"),
    SnippetCase(name: "stderr then error", script: "io.stderr:write('before\\n') error('boom')"),
]

@Suite("Differential: standard input and error against lua5.4")
struct IOInputDifferentialTests {
    @Test("stdin case matches lua5.4", arguments: ioInputCases)
    func stdinCase(_ c: SnippetCase) throws {
        try compareSnippet(c)
    }

    @Test func appendInputStreams() {
        let lua = LuaInterpreter(options: LuaRunOptions(input: Array("a\n".utf8)))
        lua.appendInput(Array("b\n".utf8))
        _ = lua.load(source: Array("for l in io.lines() do io.write(l, ';') end".utf8), chunkName: Array("=t".utf8))
        guard case .finished = lua.run(maxSteps: 1 << 30) else { Issue.record("run failed"); return }
        #expect(lua.output == Array("a;b;".utf8))
    }

    @Test func stderrCountsAgainstOutputBudget() {
        let lua = LuaInterpreter(options: LuaRunOptions(budgets: LuaBudgets(outputBytes: 10)))
        _ = lua.load(source: Array("io.write('12345') io.stderr:write('123456')".utf8), chunkName: Array("=t".utf8))
        guard case .failed(let f) = lua.run(maxSteps: 1 << 30) else { Issue.record("expected failure"); return }
        #expect(f.kind == .budget(.output))
        #expect(lua.output == Array("12345".utf8))
        #expect(lua.errorOutput.isEmpty)
    }
}
