// The error message audit: runtime and syntax errors of lvm.c, ldebug.c, ldo.c, lapi.c,
// lauxlib.c, lbaselib.c, ltable.c, lstrlib.c, ltablib.c, lcorolib.c and the parser, each
// provoked and compared with lua5.4's wording (5.4.4).

import Testing
@testable import Lua

/// A case printing what pcall returns for `expr` (a function body).
func errorCase(_ name: String, _ body: String) -> SnippetCase {
    SnippetCase(name: name, script: "print(pcall(function(...) \(body) end))")
}

/// A case printing what `load` says about `source`.
func syntaxCase(_ name: String, _ source: String) -> SnippetCase {
    SnippetCase(name: name, script: "print(load(\(ChunkFuzzTests.luaQuoted(source)), '=src'))")
}

let errorMessageCases: [SnippetCase] = [
    // lvm.c / ldebug.c
    errorCase("index chain too long", "local t = setmetatable({}, {}) getmetatable(t).__index = t return t.x"),
    errorCase("newindex chain too long", "local t = setmetatable({}, {}) getmetatable(t).__newindex = t t.x = 1"),
    errorCase("call nil global", "undefinedfn()"),
    errorCase("call nil local", "local f f()"),
    errorCase("call nil field", "local t = {} t.x.y()"),
    errorCase("call nil method", "local t = {} t:m()"),
    errorCase("call nil upvalue", "local u local function g() u() end g()"),
    errorCase("call number constant", "local t = {} t[1]()"),
    errorCase("index nil local", "local a return a.b"),
    errorCase("index nil upvalue", "local a return (function() return a.b end)()"),
    errorCase("index number field", "local t = {x = 1} return t.x.y"),
    errorCase("index string key", "local t = {} return t.a.b.c"),
    errorCase("arith on nil", "local a return a + 1"),
    errorCase("arith on table field", "local t = {} return t.x * 2"),
    errorCase("arith on string", "return ('abc') + 1"),
    errorCase("concat table", "return 'a' .. {}"),
    errorCase("concat nil local", "local x return 'a' .. x"),
    errorCase("compare two tables", "return {} < {}"),
    errorCase("compare number with nil", "return 1 < nil"),
    errorCase("compare string with number", "return 'a' <= 1"),
    errorCase("bitwise on float", "return 1.5 | 0"),
    errorCase("bitwise on string float", "return '1.5' | 0"),
    errorCase("bitwise on table", "return {} & 1"),
    errorCase("mod by zero", "local z = 0 return 1 % z"),
    errorCase("idiv by zero", "local z = 0 return 1 // z"),
    errorCase("length of nil", "local n return #n"),
    errorCase("unary minus table", "return -{}"),
    errorCase("for initial value", "for i = 'a', 2 do end"),
    errorCase("for limit", "for i = 1, {} do end"),
    errorCase("for step", "for i = 1, 2, nil do end"),
    errorCase("for step zero", "for i = 1, 2, 0 do end"),
    errorCase("table index nil", "local t = {} t[nil] = 1"),
    errorCase("table index NaN", "local t = {} t[0/0] = 1"),
    errorCase("next invalid key", "return next({}, 'nokey')"),
    errorCase("setmetatable protected", "local t = setmetatable({}, {__metatable = 1}) setmetatable(t, {})"),
    errorCase("tostring non-string", "return tostring(setmetatable({}, {__tostring = function() return {} end}))"),
    errorCase("close non-closable", "local x <close> = {}"),
    errorCase("integer overflow in for", "for i = math.maxinteger - 1, math.maxinteger, 0.0 do end"),
    errorCase("number no integer repr", "return ('x'):rep(1.5)"),
    errorCase("string to integer conversion", "return 1 << 1.5"),
    errorCase("error with table value", "error(setmetatable({}, {__tostring = function() return 'E' end}))"),
    errorCase("error level 2", "local function g() error('lvl', 2) end g()"),
    errorCase("error no position", "error('plain', 0)"),
    errorCase("stack overflow", "local function r() return 1 + r() end return r()"),
    errorCase("C stack overflow", "local t = setmetatable({}, {}) getmetatable(t).__index = function(t, k) return t[k] end return t.x"),
    errorCase("yield outside coroutine", "coroutine.yield(1)"),
    errorCase("resume dead", "local co = coroutine.create(function() end) coroutine.resume(co) return coroutine.resume(co)"),
    errorCase("resume non-suspended", "local co co = coroutine.create(function() return coroutine.resume(co) end) return coroutine.resume(co)"),
    errorCase("wrap dead", "local w = coroutine.wrap(function() end) w() w()"),
    errorCase("close running", "return coroutine.close(coroutine.running())"),
    // lauxlib.c / libraries
    errorCase("bad argument type", "return ('x'):rep()"),
    errorCase("bad argument no value", "return math.floor()"),
    errorCase("bad self", "return ('x').rep({})"),
    errorCase("invalid option", "return collectgarbage('nope')"),
    errorCase("insert wrong number", "table.insert({}, 1, 2, 3)"),
    errorCase("insert position", "table.insert({}, 5, 1)"),
    errorCase("concat invalid value", "return table.concat({1, {}, 3})"),
    errorCase("string.rep too large", "return string.rep('x', 1 << 40)"),
    errorCase("format bad conversion", "return string.format('%y', 1)"),
    errorCase("format no value", "return string.format('%d')"),
    errorCase("char out of range", "return string.char(256)"),
    errorCase("select negative", "return select(-5, 1)"),
    errorCase("setmetatable nil", "return setmetatable(1, {})"),
    errorCase("rawset non-table", "return rawset(1, 1, 1)"),
    errorCase("ipairs nil", "for _ in ipairs(nil) do end"),
    errorCase("tonumber base", "return tonumber('10', 99)"),
    errorCase("unpack too many", "return table.unpack({}, 1, 1e8)"),
    errorCase("utf8 invalid", "return utf8.codepoint('\\xff')"),
    errorCase("pattern malformed", "return string.find('a', '[a')"),
    errorCase("pattern too complex", "return string.find('a', '%')"),
    errorCase("gsub invalid replacement", "return string.gsub('a', 'a', '%2')"),
    errorCase("load reader error", "return load(function() error('reader') end)"),
    errorCase("getmetatable __metatable", "return getmetatable(setmetatable({}, {__metatable = 'locked'}))"),
    errorCase("assert message", "assert(false, 'custom')"),
    errorCase("assert no message", "assert(nil)"),
    // Found by Tests/Differential/generated_programs.py (libarg_blocks.py, syntax_blocks.py)
    errorCase("os.date invalid conversion names the rest of the format", "return os.date('!%Y %Q|%d', 0)"),
    errorCase("os.date invalid modifier names the rest of the format", "return os.date('!%Ez %Y', 0)"),
    errorCase("os.date invalid conversion stops at a NUL byte", "return os.date('!%q|\\0|x', 0)"),
    errorCase("os.date *t is the whole format", "return os.date('!*tx', 0), os.date('!*t\\0x', 0).year"),
    errorCase("os.date time before format", "return os.date('!%Q', math.maxinteger)"),
    errorCase("os.date date not representable", "return os.date('!%Y', -67768040609740801)"),
    SnippetCase(name: "os.date years as glibc's int arithmetic", script: """
        for _, t in ipairs{67767976233532799, 67767976233532800, 67767976202110000, 67767976170570000, 67768036191676799,
                           -67768040609740800, -62167219200, -62167219201, -62135596800, -59011459200, -59042995201,
                           -2208988800, -2240524800, 0, 1e9, 253402300799} do
          print(t, pcall(os.date, '!%Y|%C|%y|%G|%g|%V|%c|%x|%D|%F|%EC|%Ey|%U|%W|%j', t))
        end
        """),
    errorCase("os.difftime needs two arguments", "return os.difftime(5)"),
    SnippetCase(name: "os.time fails where mktime cannot represent the normalized date", script: """
        for _, y in ipairs{2^31 + 1899, 2^31 + 1898, -2^31 + 1900, -2^31 + 1901, 1970} do
          for _, m in ipairs{1, 12, 13, 0, -11, -13} do
            local t = {year = y, month = m, day = 1, hour = 0}
            local ok, r = pcall(os.time, t)  -- (the value is local time under lua5.4: only its type)
            print(y, m, ok, ok and math.type(r) or r)
          end
        end
        """),
    errorCase("os.difftime rounds the exact difference", "return os.difftime(67767976233532800, 67767976233532799), os.difftime(math.maxinteger, math.mininteger), os.difftime(math.mininteger, 9007199254740993), os.difftime(3, 5)"),
    errorCase("invalid option stops at a NUL byte", "return collectgarbage('a\\0b')"),
    errorCase("option compared up to a NUL byte", "return collectgarbage('isrunning\\0junk')"),
    SnippetCase(name: "strings used as C strings stop at a NUL byte", script: """
        local named = setmetatable({}, {__name = 'My\\0Type'})
        print(pcall(string.rep, named))
        print(pcall(function() return named + 1 end))
        print(pcall(function() return named .. 'x' end))
        print(load('return 1', '=n', 'a\\0t'))
        print(select('#', load('return 1', '=n', 't\\0b')))
        print(os.setlocale('C\\0x'))
        print(pcall(require, 'nomodule\\0b'))
        print(package.searchpath('a\\0b', './?.lua\\0;x'))
        print(pcall(loadfile, 'nonexist\\0'))
        print(pcall(dofile, 'nonexist\\0x'))
        print(debug.getinfo(1, 'l\\0n').currentline)
        """),
    SnippetCase(name: "a type error names any type's __name", script: """
        getmetatable('').__name = 'Str'
        print(pcall(math.floor, 'x'))
        print(pcall(math.floor))
        """),
    errorCase("io.read negative count is a memory error without position", "local s = io.read(-1) return s"),
    errorCase("coroutine.isyieldable checks a nil argument", "local r = coroutine.isyieldable(nil) return r"),
    SnippetCase(name: "a 'not enough memory' error skips message handlers", script: """
        print(xpcall(io.read, function(m) return 'h ' .. m end, -1))
        print(xpcall(error, function(m) return 'h ' .. m end, 'not enough memory'))
        print(xpcall(error, function(m) return 'h ' .. m end, 'not enough memory!'))
        print(xpcall(coroutine.wrap(function() error('not enough memory', 0) end), debug.traceback))
        print(pcall(coroutine.wrap(function() local s = io.read(-1) return s end)))
        error('not enough memory', 0)
        """),
    // The parser (llex.c, lparser.c, lcode.c)
    syntaxCase("unexpected symbol", "x = = 1"),
    syntaxCase("unfinished string", "x = 'abc"),
    syntaxCase("unfinished long string", "x = [[abc"),
    syntaxCase("malformed number", "x = 3e"),
    syntaxCase("expected end", "if x then"),
    syntaxCase("expected then", "if x x = 1 end"),
    syntaxCase("goto undefined", "goto nowhere"),
    syntaxCase("goto into local scope", "goto l local a ::l:: print(a)"),
    syntaxCase("label repeated", "::a:: ::a::"),
    syntaxCase("break outside loop", "break"),
    syntaxCase("assign to const", "local x <const> = 1 x = 2"),
    syntaxCase("unknown attribute", "local x <foo> = 1"),
    syntaxCase("multiple to-be-closed", "local a <close>, b <close> = nil, nil"),
    syntaxCase("vararg outside vararg function", "function f() return ... end"),
    syntaxCase("invalid escape", "x = '\\q'"),
    syntaxCase("decimal escape too large", "x = '\\300'"),
    syntaxCase("utf8 escape", "x = '\\u{110000000}'"),
    syntaxCase("too many locals", (1...201).map { "local a\($0)" }.joined(separator: " ")),
    // Under pcall: at the top level lua.c's message handler would run inside the parser
    // (the reference raises "C stack overflow" with luaG_runerror) and append a traceback.
    SnippetCase(name: "chunk has too many syntax levels", script: "print(pcall(load, string.rep('(', 300) .. '1' .. string.rep(')', 300)))"),
    syntaxCase("eof expected", "return 1 x"),
    syntaxCase("function arguments expected", "x = a:b"),
    syntaxCase("near eof", "x ="),
]

@Suite("Differential: error messages against lua5.4")
struct ErrorMessageDifferentialTests {
    @Test("error message matches lua5.4", arguments: errorMessageCases)
    func message(_ c: SnippetCase) throws {
        try compareSnippet(c)
    }
}
