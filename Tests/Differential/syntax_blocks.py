# Generated Lua programs for the differential of the Lua compiler's errors (Sources/Lua/Compiler)
# against lua5.4 (Debian's 5.4.4, llex.c, lparser.c, lcode.c, lobject.c's luaO_chunkid): blocks
# that hand `load` mutated or deliberately broken sources and print what it returns. Nothing
# here states an expected message; the programs only print what `load` says.
#
# A source is a valid snippet from SNIPPETS (every statement and expression form), mutated at
# the token or character level (delete, duplicate, swap, insert, replace, truncate, unbalance),
# or a template aimed at one error (escapes, numerals, long brackets, goto and labels, break,
# const and close variables, limits on locals, upvalues, registers and nesting). Sources are
# byte strings (Python str of code points below 256) and are always embedded in the program as
# an escaped Lua string (or, when plain, a long string), so the outer program always compiles.
#
# `load` is called through `try` (so under pcall: lua.c's message handler is not installed
# while the parser runs; at top level it would append a traceback to "C stack overflow"), with
# a chunk name of every form luaO_chunkid formats: "=name", "@file", a plain string, long and
# multi-line ones, and the source itself as the default `[string "..."]`.

KEYWORDS = ["and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
            "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while"]
SYMBOLS = ["+", "-", "*", "/", "//", "%", "^", "#", "&", "~", "|", "<<", ">>", "==", "~=", "<=", ">=", "<",
           ">", "=", "(", ")", "{", "}", "[", "]", "::", ";", ":", ",", ".", "..", "...", "<const>", "<close>"]
ODD = ["$", "@", "!", "?", "`", "\\", "[=", "[==[", "]]", "]=]", "--[[", "[[", "'", '"', "\x00", "\x01", "\x7f",
       "\x80", "\xff", "\xc3\xa9", "\t", "\n", "\r", "\x0b", "\x0c", "0x", "1e", "3..2", "..=", "=="]
TOKENS = KEYWORDS + SYMBOLS + ODD + ["x", "y", "self", "_ENV", "1", "0", "2.5", "'s'", '"q"', "[[l]]", "0xff", "1e3"]
CHARS = "()[]{}<>=~+-*/%^#&|:;,.'\"\\ \n\tabxz0179_eEpP\x00\x80\xff"

# Valid chunks covering the grammar; each compiles under lua5.4 as it stands.
SNIPPETS = [
    "local function f(a, b, ...) return a + b, ... end",
    "local t = {1, 2; x = 3, ['y'] = 4, [5] = {}, f = function() end,}",
    "function obj.m.n:method(x) return self, x end",
    "for i = 1, 10, 2 do print(i) end",
    "for k, v in pairs(t) do t[k] = nil end",
    "while x < 10 do x = x + 1 end",
    "repeat local y = x until y > 3",
    "if a then b() elseif c then d() else e() end",
    "goto skip; print(1) ::skip:: print(2)",
    "do local a <const> = 10; local b <close> = nil end",
    "local s = [==[long ]] string]==] .. [[\nx]]",
    "--[[ block\ncomment ]] x = 1 -- line comment\ny = 2",
    "local n = 0x1p4 + 3.5e-2 + 0xA.8 + 1E10 + .5 + 5. + 0x.1P-2",
    "local s = 'a\\u{48}\\x41\\z   \n  \\65\\n\\\"\\u{7FFFFFFF}'",
    "x = a or b and not c == d ~= e < f <= g > h >= i | j ~ k & l << m >> n .. o .. p + q - r * s / t // u % v ^ -w ^ #z",
    "local a, b, c = f(...)",
    "x, y.z, w[1] = 1, 2",
    "return function(...) local a <const>, b = ... return select('#', ...) end",
    "obj:method{1, 2} obj:method'str' f[[long]] f{} f''",
    "local t = {[1]=1, [2]=2, [f()]=3, g(), ...}",
    "return ~x, -x, not x, #x, x.y.z, x[y][z], x:y(z)",
    "::top:: do goto top end",
    "while true do if x then break end end",
    "local function rec(n) if n == 0 then return 0 end return rec(n - 1) end",
    "return 'esc: \\a\\b\\f\\n\\r\\t\\v\\\\\\'\\\"\\0\\255\\\n'",
    "x = 9007199254740993 + 0xffffffffffffffff + 1e308 * 10 + 9223372036854775808",
    "local x <close> = setmetatable({}, {__close = print})",
    "for i = 1, 3 do local j <const> = i * 2 ; ; end",
    "return (f)(), (g)[1], ('s'):len(), #{...}",
    "local function outer() local u = 1 return function() u = u + 1 return u end end",
    "do local x = 1; goto done; ::done:: end",
    "return 1 // 0.0, -2 ^ 2, 2 ^ 3 ^ 2, 'a' .. 'b' .. 'c', 1 < 2 == true",
    "local a = {f = function(self, ...) return ... end} return a:f(1, 2, 3)",
    "t.x.y.z = (a)",
    "return \"\\x7a\\u{10FFFF}\\u{0}\\122\\0012\"",
    "for _ in next, {} do end",
]


def lua_quote(src):
    """An escaped Lua string literal whose value is exactly `src` (its code points as bytes)."""
    out = []
    for ch in src:
        c = ord(ch)
        if ch in '\\"':
            out.append("\\" + ch)
        elif 32 <= c < 127:
            out.append(ch)
        else:
            out.append("\\%03d" % c)
    return '"' + "".join(out) + '"'


def lua_literal(src, r):
    """`src` as a long string when that is exact (printable ASCII, no leading newline), else escaped."""
    plain = all(32 <= ord(c) < 127 or c in "\n\t" for c in src) and not src.startswith("\n")
    if plain and r.random() < 0.3:
        level = 0
        while "]" + "=" * level + "]" in src or src.endswith("]" + "=" * level):
            level += 1
        return "[%s[%s]%s]" % ("=" * level, src, "=" * level)
    return lua_quote(src)


def tokens(src):
    """Splits `src` into tokens and the spaces between them (rough, but joining gives `src` back)."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        j = i + 1
        if c.isspace():
            while j < n and src[j].isspace():
                j += 1
        elif src.startswith("--", i) or c in "'\"" or (c == "[" and src[i + 1:i + 2] in ("[", "=")):
            j = literal_end(src, i)
        elif c.isalnum() or c == "_" or (c == "." and src[i + 1:i + 2].isdigit()):
            while j < n and (src[j].isalnum() or src[j] in "_.") and not src.startswith("..", j):
                j += 1
        else:
            for sym in ("...", "..", "::", "<<", ">>", "//", "==", "~=", "<=", ">="):
                if src.startswith(sym, i):
                    j = i + len(sym)
                    break
        out.append(src[i:j])
        i = j
    return out


def literal_end(src, i):
    """The end of the comment, string or long bracket starting at `i` (or the end of `src`)."""
    if src.startswith("--", i) and not src.startswith("--[", i):
        k = src.find("\n", i)
        return len(src) if k < 0 else k
    k = i + 2 if src.startswith("--", i) else i
    if src[k:k + 1] == "[":
        level = 0
        while src[k + 1 + level:k + 2 + level] == "=":
            level += 1
        if src[k + 1 + level:k + 2 + level] == "[":
            close = src.find("]" + "=" * level + "]", k)
            return len(src) if close < 0 else close + level + 2
        return k + 1
    if src[k:k + 1] not in ("'", '"'):
        k = src.find("\n", i)
        return len(src) if k < 0 else k
    q, j = src[k], k + 1
    while j < len(src) and src[j] != q:
        j += 2 if src[j] == "\\" else 1
    return min(j + 1, len(src))


class SyntaxBlocks:
    """Mixin for program_blocks.Blocks: needs `self.r` and `self.pick`."""

    def mutate(self, src):
        ts = tokens(src)
        for _ in range(self.r.randint(1, 3)):
            k = self.r.random()
            i = self.r.randrange(len(ts)) if ts else 0
            if not ts or k < 0.15:
                ts.insert(i, self.pick([" ", ""]) + self.pick(TOKENS) + self.pick([" ", ""]))
            elif k < 0.3:
                del ts[i]
            elif k < 0.4:
                ts.insert(i, ts[i])
            elif k < 0.5 and i + 1 < len(ts):
                ts[i], ts[i + 1] = ts[i + 1], ts[i]
            elif k < 0.6:
                ts[i] = self.pick(TOKENS)
            elif k < 0.7:
                closers = [j for j, t in enumerate(ts) if t in (")", "]", "}", "end", "until") or t.endswith("]")]
                if closers:
                    del ts[self.pick(closers)]
            else:  # character level: inside strings, numerals and comments too
                s = "".join(ts)
                p = self.r.randrange(len(s) + 1)
                q = self.r.random()
                if q < 0.35:
                    s = s[:p] + s[p + 1:]
                elif q < 0.7:
                    s = s[:p] + self.pick(CHARS) + s[p:]
                elif q < 0.85:
                    s = s[:p] + self.pick(CHARS) + s[p + 1:]
                else:
                    s = s[:p]
                ts = tokens(s)
        return "".join(ts)

    def chunkname(self):
        """A chunk name argument of each form luaO_chunkid formats (an expression), or None."""
        return self.pick([None, None, '"=name"', '"@file.lua"', '"plain"', '""', '"="', '"@"',
                          '"=" .. string.rep("n", %d)' % self.r.randint(55, 70),
                          '"@" .. string.rep("d/", %d) .. "f.lua"' % self.r.randint(25, 40),
                          'string.rep("s", %d)' % self.r.randint(30, 60), '"two\\nlines"', '"tab\\there"'])

    def load_lines(self, src):
        """Lines printing what load says about `src`, under a random chunk name or calling form."""
        lit = lua_literal(src, self.r)
        name = self.chunkname()
        k = self.r.random()
        if k < 0.12 and len(src) > 1:  # a reader function returning pieces: chunk name "=(load)"
            cuts = sorted(self.r.sample(range(1, len(src)), min(len(src) - 1, self.r.randint(1, 3))))
            pieces = [src[a:b] for a, b in zip([0] + cuts, cuts + [len(src)])]
            return ["do local ps, i = {%s}, 0" % ", ".join(lua_quote(p) for p in pieces),
                    "  try(load, function() i = i + 1 return ps[i] end) end"]
        if k < 0.2:  # also mode "b": a text chunk is refused before any parsing
            return ["try(load, %s, %s, %s)" % (lit, name or "nil", self.pick(['"t"', '"b"', '"bt"', '"x"']))]
        if name is None:
            return ["try(load, %s)" % lit]
        return ["try(load, %s, %s)" % (lit, name)]

    # --- blocks ------------------------------------------------------------------------------
    def syntax_mutations(self):
        lines = []
        for _ in range(self.r.randint(2, 5)):
            src = self.pick(SNIPPETS)
            if self.r.random() < 0.3:
                src = src + self.pick(["\n", " ", ";\n"]) + self.pick(SNIPPETS)
            lines += self.load_lines(self.mutate(src))
        return lines

    def syntax_lexical(self):
        # Escapes, numerals and long brackets llex.c rejects (or accepts at the edge).
        escapes = ["\\q", "\\x", "\\xg", "\\x4", "\\x41", "\\x4G", "\\u", "\\u{", "\\u{}", "\\u{110000}", "\\u{7FFFFFFF}",
                   "\\u{80000000}", "\\u{0000000041}", "\\u41", "\\u{41", "\\u{4g}", "\\256", "\\255", "\\999", "\\1000",
                   "\\z\n  ", "\\\n", "\\\r\n", "\\", "\n", "\r", "\\0", "\\00a", "\\9", "\\u{FFFFFFFFF}", "\\x\xff",
                   "\\\xc3\xa9", "\\\x00", "\x00"]
        numerals = ["3..2", "0x", "1e", "1e+", "0x1p", "0x.p1", "1.2.3", "08", "0xg", "1f", "3...4", ".e1", "0x1e+1",
                    "1ee2", "2.", "0b101", "1_000", "..5", "1e5000", "0x" + "f" * 20, "9223372036854775808", "0x1P+",
                    "1e-", ".", "0.x", "5a", "0xep1", "1e1.5", "00012", "0x10.", "12..", "1.e", "3 .. 2", "0X1p-1076"]
        longs = ["[==[ unfinished ]=]", "[=", "[= [", "--[==[ unfinished comment", "[[", "[[a]] ]]", "--[=[ x ]=] y",
                 "[=[ ]] ]=]", "[==[\r\nline]==]", "]=]", "--[\n[ not long", "[[\n\n", "--[[]]--[["]
        k = self.r.random()
        if k < 0.45:
            q = self.pick(["'", '"'])
            src = "x = %sab%scd%s%s" % (q, self.pick(escapes), self.pick([q, "", q + " y", q + q]), self.pick(["", "\nz = 1"]))
        elif k < 0.8:
            src = self.pick(["x = %s", "return %s", "local n = %s + 1", "t[%s] = 1", "f(%s)", "x = -%s"]) % self.pick(numerals)
        else:
            src = self.pick(["x = %s", "%s", "return %s .. 'z'", "f %s"]) % self.pick(longs)
        return self.load_lines(src)

    def syntax_scoping(self):
        # goto and labels, break, const and close variables, attributes, varargs.
        cases = ["goto nowhere", "goto l local a ::l:: print(a)", "do goto l local a ::l:: end",
                 "::a:: ::a::", "::a:: do ::a:: end", "do ::a:: end ::a::", "goto l; do ::l:: end",
                 "repeat local x goto cont ::cont:: until x", "repeat goto cont local x ::cont:: until x",
                 "for i = 1, 2 do goto continue local z = i ::continue:: end",
                 "local function f() goto out end ::out::", "break", "if x then break end",
                 "for i = 1, 2 do local f = function() break end end", "while 1 do end break",
                 "local x <const> = 1 x = 2", "local x <close> = nil x = 1", "local x <const> = 1 function f() x = 2 end",
                 "local a, b <const> = 1, 2 a, b = 3, 4", "local x <foo> = 1", "local x <const", "local x <> = 1",
                 "local a <close>, b <close> = nil, nil", "local function f <const>() end", "local x < const > = 1",
                 "function f() return ... end", "local f = function(a, ...) return function() return ... end end",
                 "function f(..., a) end", "function f(a,) end", "local t <const> = {} t.x = 1",
                 "local x <const> = 1; local function g() local y <const> = x; y = 1 end",
                 "goto 1", "::1::", ":: a ::", "::a", "goto", "local x <const> = 1 local function x() end x = 2",
                 "for i = 1, 2 do i = 3 end", "local x <close> = 1 goto e ::e::", "do end ::e:: goto e"]
        lines = []
        for _ in range(self.r.randint(2, 4)):
            src = self.pick(cases)
            if self.r.random() < 0.3:  # on a later line, inside a function
                src = "local q = 1\n\nlocal function w()\n  " + src.replace(" ", self.pick([" ", "\n  "]), 2) + "\nend"
            lines += self.load_lines(src)
        return lines

    def syntax_limits(self):
        # lparser.c's limits: 200 locals, 255 upvalues, 255 registers, and the C levels the
        # recursive descent may use ("C stack overflow" from luaE_checkcstack).
        k = self.r.random()
        n = self.r.randint(195, 205)
        if k < 0.2:
            sep = self.pick(["\n", " ", "; "])
            body = sep.join("local a%d" % i for i in range(n))
            src = self.pick(["%s", "local function f()\n%s\nend", "for i = 1, 2 do %s end"]) % body
        elif k < 0.3:
            src = "local " + ", ".join("a%d" % i for i in range(n)) + self.pick(["", " = 1"])
        elif k < 0.45:
            m = self.r.randint(250, 260)
            outer = "local " + ", ".join("o%d" % i for i in range(150))
            mid = "local " + ", ".join("m%d" % i for i in range(m - 150))
            # (one register: each upvalue is read into x in turn)
            uses = " ".join("x = %s" % v for v in ["o%d" % i for i in range(150)] + ["m%d" % i for i in range(m - 150)])
            src = "%s\nlocal function mid()\n%s\nreturn function() local x %s end end" % (outer, mid, uses)
        elif k < 0.55:
            m = self.r.randint(245, 260)
            src = self.pick(["f(%s)", "return %s", "local t = {%s}", "x = {f(%s)}"]) % ", ".join(
                self.pick(["1", "x", "'s'", "{}"]) for _ in range(m))
        else:
            d = self.r.randint(150, 230)
            opener, middle, closer = self.pick([
                ("(", "1", ")"), ("{", "", "}"), ("- ", "x", ""), ("not ", "x", ""), ("x .. ", "x", ""),
                ("function() return ", "1", " end"), ("do ", "", " end"), ("if x then ", "", " end"),
                ("while x do ", "", " end"), ("f(", "", ")"), ("t[", "1", "]"), ("{x = ", "1", "}"),
                ("2 ^ ", "2", ""), ("#", "t", ""), ("(function() ", "", " end)()")])
            prefix = "" if opener in ("do ", "if x then ", "while x do ") else self.pick(["return ", "x = "])
            src = prefix + opener * d + middle + closer * d
        lines = self.load_lines(src)
        if self.r.random() < 0.3:  # from inside a coroutine and a nested pcall: other C levels
            lines.append("show(coroutine.wrap(function() return pcall(pcall, load, %s) end)())" % lua_quote(src))
        return lines

    def syntax_chunknames(self):
        # Sources of every length and shape under the default chunk name `[string "..."]`.
        lines = []
        for _ in range(self.r.randint(2, 4)):
            first = self.pick(["x = ", "", "local long_variable_name_%d = " % self.r.randint(0, 9), "\n", "-- c\n",
                               "return " + "a" * self.r.randint(20, 60) + " + "])
            rest = self.pick(["=", ")", "1 2", "'open", "end", "\n\n  ]]", "%s\n@" % ("y" * self.r.randint(0, 70))])
            lines += self.load_lines(first + rest)
        return lines
