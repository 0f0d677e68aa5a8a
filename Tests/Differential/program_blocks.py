# Generated Lua programs for the runtime differential of the Lua interpreter (Sources/Lua):
# the blocks that generated_programs.py strings together. lua5.4 (Debian's 5.4.4) is the
# reference; nothing here states an expected value, the programs only print what they compute.
#
# A program is a prelude (the `show` and `try` helpers), then independent blocks, then maybe
# an uncaught error or an os.exit. Each block is a list of source lines and only prints, so
# the minimizer can drop blocks while a difference persists. Blocks print through `show`,
# which prints the type name instead of tables, functions and threads: their addresses differ
# between any two interpreters (Tandem prints per-run object numbers, lua5.4 pointers).
#
# Known exclusions (each is documented in Sources/Lua/README.md or Sources/Lua/Number/README.md,
# or is a glibc artefact rather than Lua semantics):
# - The sign of NaN. Tandem prints a NaN's sign only where x86-64 fixes it (0/0 and operations
#   on the default NaN print "-nan"); wasm leaves NaN signs unspecified, so `-(0/0)` and
#   `math.abs(0/0)` are not printed. `show` prints every NaN as "nan"; 0/0 itself is printed
#   raw in the number-formatting block.
# - Transcendental functions (exp, log, sin, pow with non-integral exponents, ...): glibc's are
#   not correctly rounded, Tandem's LibM is (Tests/LuaTests/Differential/README.md lists the
#   one-ulp cases). Only + - * / // % and ^ with small integral exponents, sqrt, floor,
#   fmod and friends are used, which IEEE-754 makes exact.
# - `pairs` order over hash keys (Tandem: insertion order; lua5.4: its hash layout): keys are
#   sorted before printing. math.random, os.time/clock/date and addresses are never printed.
# - table.sort on more than 100 elements: lua5.4 picks pivots from clock() and time() there.

INTS = ["0", "1", "-1", "2", "3", "5", "-5", "7", "-7", "10", "-10", "100", "255", "256",
        "1000", "123456789", "-987654321", "2147483647", "-2147483648", "4294967296",
        "math.maxinteger", "math.mininteger", "0x7fffffffffffffff", "0xffffffffffffffff",
        "9007199254740993", "0x10", "-0x10"]
FLOATS = ["0.0", "-0.0", "0.5", "-0.5", "1.5", "-1.5", "2.5", "3.0", "-3.0", "0.1", "1e15",
          "1e16", "1e100", "-1e100", "1e-5", "1e308", "2^53", "2^63", "-2^63", "1/3",
          "math.huge", "-math.huge", "math.pi", "5e-324", "123456789012.0", "0.1 + 0.2",
          "2^24", "1e14 + 0.5", "7.0", "-7.25", "100.0"]
NUMSTRS = ['"10"', '"0x10"', '" 5 "', '"1e2"', '"3.0"', '"-2"', '"0x7fffffffffffffff"',
           '"9223372036854775808"', '"1e500"', '" 0x1p4 "', '"7"', '"  -0.5  "', '".5"', '"5."']
BADSTRS = ['"abc"', '""', '"1e"', '"0x"', '"1 2"', '"inf"', '"nan"', '"- 1"', '"0x1g"']
STRS = ['"hello world"', '"Hello, World!"', '"a,b,,c"', '""', '"x"', '"abc"', '"aaa"',
        '"The quick brown fox"', '"key=value; k2=v2"', '"(a(b)c)"', '"  trim me  "',
        '"line1\\nline2"', '"tab\\there"', '"\\0nul"', '"caf\\195\\169"', '"123abc456"',
        '"THE END"', '"a.b.c"', '"%d%%"', '"[x]"', '"one two  three"']
ARITH = ["+", "-", "*", "/", "//", "%"]
BITS = ["&", "|", "~", "<<", ">>"]
CMP = ["==", "~=", "<", "<=", ">", ">="]
PATTERNS = ['"l+"', '"%d+"', '"(%a+)"', '"(o)(.)"', '"^%a"', '"%s*$"', '"[,;]"', '"."',
            '"%f[%w]%w+"', '""', '"(%w+)=(%w+)"', '"%b()"', '"()a()"', '"[^%s]+"', '"%u"',
            '"^(.-)%s*$"', '"x*"', '"a-b"', '"[%a_][%w_]*"', '"%.%a"', '"(h)(e)(l)"', '"%p"',
            '"[a-c]+"', '"%x+"', '"o?"', '"(a*(.)%w(%s*))"', '"%f[%a]%a"', '"%d%d?"', '"$"']
BAD_PATTERNS = ['"%"', '"(a"', '"a)"', '"[a"', '"%f"', '"%b"', '"(()"', '"%1"', '"[%"']
NAMES = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta"]

PRELUDE = r"""-- generated program
local function show(...)
  local n = select('#', ...)
  local t = {...}
  for i = 1, n do
    local v = t[i]
    local ty = type(v)
    if ty == 'table' or ty == 'function' or ty == 'thread' or ty == 'userdata' then t[i] = ty
    elseif v ~= v then t[i] = 'nan'
    else t[i] = tostring(v) end
  end
  print(table.concat(t, ' ', 1, n))
end
local function try(f, ...)
  local r = table.pack(pcall(f, ...))
  show(table.unpack(r, 1, r.n))
end
local function sortedkeys(t)
  local ks = {}
  for k in pairs(t) do ks[#ks + 1] = k end
  table.sort(ks, function(a, b)
    if type(a) == type(b) and type(a) ~= 'boolean' then return a < b end
    return type(a) < type(b)
  end)
  return ks
end
"""


class Blocks:
    """Block generators over one random source; each returns a list of lines."""

    def __init__(self, r):
        self.r = r

    def pick(self, xs):
        return self.r.choice(xs)

    def picks(self, xs, lo, hi):
        return [self.r.choice(xs) for _ in range(self.r.randint(lo, hi))]

    def small(self, lo=-9, hi=9):
        return str(self.r.randint(lo, hi))

    def number(self):
        k = self.r.random()
        if k < 0.4:
            return self.pick(INTS)
        if k < 0.75:
            return self.pick(FLOATS)
        if k < 0.9:
            return self.small(-20, 20)
        return repr(round(self.r.uniform(-1000, 1000), self.r.randint(0, 6)))

    def operand(self):
        return self.number() if self.r.random() < 0.85 else self.pick(NUMSTRS)

    def expr(self, depth):
        if depth <= 0 or self.r.random() < 0.3:
            return self.operand()
        k = self.r.random()
        if k < 0.55:
            return "(%s %s %s)" % (self.expr(depth - 1), self.pick(ARITH), self.expr(depth - 1))
        if k < 0.65:
            return "(%s ^ %s)" % (self.expr(depth - 1), self.pick(["2", "3", "0", "-1", "0.5", "10"]))
        if k < 0.8:
            return "(%s %s %s)" % (self.pick(INTS + ['"3"', "2.0", "1.5"]), self.pick(BITS),
                                   self.pick(["0", "1", "3", "63", "64", "-1", "7", "-65"]))
        if k < 0.9:
            return "(%s %s)" % (self.pick(["-", "~"]), self.expr(depth - 1))  # ("- -1", never "--1")
        return "%s(%s)" % (self.pick(["math.floor", "math.ceil", "math.abs", "math.tointeger", "math.type"]),
                           self.expr(depth - 1))

    # --- numbers ---------------------------------------------------------------------------
    def arith_literals(self):
        # Literal operands: the compiler folds what it may (never division by zero or errors).
        es = [self.expr(3) for _ in range(self.r.randint(1, 4))]
        return ["try(function() return %s end)" % ", ".join(es)]

    def arith_locals(self):
        # The same operators on locals and upvalues, so nothing is folded.
        a, b = self.operand(), self.operand()
        ops = self.picks(ARITH + ["^"] + BITS, 2, 5)
        lines = ["local a, b = %s, %s" % (a, b)]
        for op in ops:
            lines.append("try(function() local r = a %s b; return r, math.type(r) end)" % op)
        lines.append("try(function() return -a, a == b, a < b, a <= b end)")
        return lines

    def int_edges(self):
        # Wraparound and the integer division/modulo rules for signs and zero.
        a = self.pick(["math.maxinteger", "math.mininteger", "7", "-7", "0", "1", "-1", "3"])
        b = self.pick(["-1", "1", "2", "-2", "0", "3", "-3", "math.maxinteger", "math.mininteger", "0.0", "-0.0"])
        return ["local x, y = %s, %s" % (a, b),
                "show(x + 1, x - 1, x * 2, x * y)",
                "try(function() return x // y, x % y end)",
                "try(function() return x / y, x // (y + 0.0), x % (y + 0.0) end)",
                "show(math.abs(x), -x, x == x + 0.0, x < x + 0.0, math.ult(x, y + 0 | 0))"
                if b not in ("0.0", "-0.0") else "show(math.abs(x), -x)"]

    def number_format(self):
        # How print, tostring, .. and string.format show floats and integers.
        vals = self.picks(FLOATS + INTS, 2, 6) + [self.rand_float()]
        lines = ["for _, v in ipairs({%s}) do" % ", ".join(vals),
                 "  show(v, tostring(v) .. '', v .. '', math.type(v), string.format('%.17g', v), "
                 "string.format('%s', v))",
                 "end"]
        if self.r.random() < 0.3:
            lines.append("print(0/0, tostring(0/0), (0/0) .. '', math.huge - math.huge, 0/0 * 2)")
        if self.r.random() < 0.3:
            lines.append("print(-0.0, 0.0, -0.0 == 0.0, 1/-0.0, 1/0, -1/0, 2^63, -2^63 == math.mininteger)")
        return lines

    def rand_float(self):
        m = self.r.uniform(-10, 10)
        return "%.*g" % (self.r.randint(1, 17), m * 10 ** self.r.randint(-20, 20))

    def string_format_numbers(self):
        specs = ['"%d"', '"%5d"', '"%-5d|"', '"%+d"', '"%05d"', '"%x"', '"%X"', '"%#x"', '"%o"',
                 '"%5.2f"', '"%.3f"', '"%f"', '"%10.4f"', '"%-10.1f|"', '"%g"', '"%.3g"', '"%10g"',
                 '"%e"', '"%.2e"', '"%E"', '"%G"', '"%i"', '"%c"', '"%s"', '"%10s|"', '"%-10s|"',
                 '"%.20f"', '"%#g"', '"%+.1e"', '"% d"', '"%.0f"', '"%5.1s"', '"%%"', '"%.14g"']
        lines = []
        for _ in range(self.r.randint(1, 4)):
            spec = self.pick(specs)
            arg = self.pick(INTS + FLOATS + NUMSTRS + ["65", "nil", "{}", '"text"', "true"])
            if arg == "{}" and "s" in spec:
                arg = "nil"  # ("%s" of a table shows its address)
            lines.append("try(string.format, %s, %s)" % (spec, arg))
        return lines

    def coercions(self):
        # String <-> number coercions in arithmetic, concatenation and bitwise operators.
        lines = []
        for _ in range(self.r.randint(2, 5)):
            s = self.pick(NUMSTRS + BADSTRS)
            other = self.pick(["1", "1.0", "-2", '"3"', "0", "2^53"])
            op = self.pick(["+", "*", "//", "%", "-", "/", "^", "|", "&", "..", "<<"])
            lines.append("try(function() local r = %s %s %s; return r, math.type(r) end)" % (s, op, other))
        lines.append("show(tonumber(%s), tonumber(%s), math.tointeger(%s))" % (
            self.pick(NUMSTRS + BADSTRS), self.pick(NUMSTRS + BADSTRS), self.pick(NUMSTRS + ["3.0", "3.5", "2^63"])))
        lines.append("try(tonumber, %s, %s)" % (self.pick(['"ff"', '"zz"', '"777"', '"-101"', '"1.5"', '" 10 "', "10", '"8"']),
                                                self.pick(["16", "36", "8", "2", "10", "1", "37"])))
        return lines

    def compare(self):
        lines = []
        for _ in range(self.r.randint(2, 5)):
            a = self.pick(INTS + FLOATS + STRS[:6] + NUMSTRS[:3] + ["nil", "true", "{}"])
            b = self.pick(INTS + FLOATS + STRS[:6] + NUMSTRS[:3] + ["nil", "false", "{}"])
            op = self.pick(CMP)
            lines.append("try(function() return %s %s %s end)" % (a, op, b))
        lines.append("show(math.maxinteger < 2^63, math.maxinteger + 0.0 == 2^63, 2^53 == 2^53 + 1, "
                     "math.mininteger == -2^63, 1 == 1.0, '1' == 1, 'a' < 'b', 'Z' < 'a', '10' < '9', '' < 'a')")
        return lines

    def math_lib(self):
        lines = []
        fns = [("math.floor", 1), ("math.ceil", 1), ("math.abs", 1), ("math.tointeger", 1), ("math.type", 1),
               ("math.fmod", 2), ("math.modf", 1), ("math.max", 3), ("math.min", 3), ("math.ult", 2),
               ("math.sqrt", 1)]
        for _ in range(self.r.randint(2, 5)):
            f, n = self.pick(fns)
            args = ", ".join(self.pick(INTS + FLOATS + ['"7"', "nil"]) for _ in range(self.r.randint(max(1, n - 1), n)))
            lines.append("try(%s, %s)" % (f, args))
        lines.append("show(math.pi, math.huge, -math.huge, math.maxinteger, math.mininteger)")
        return lines

    # --- strings ---------------------------------------------------------------------------
    def string_basic(self):
        s = self.pick(STRS)
        i, j = self.small(-8, 8), self.small(-8, 8)
        ops = [
            "s:sub(%s, %s)" % (i, j), "s:sub(%s)" % i, "string.sub(s, %s, -1)" % i,
            "s:rep(%d, %s)" % (self.r.randint(-1, 4), self.pick(['"-"', '""', '", "'])), "s:rep(%d)" % self.r.randint(0, 3),
            "s:byte(%s, %s)" % (i, j), "s:byte()", "string.char(%s)" % ", ".join(self.small(32, 126) for _ in range(3)),
            "s:upper(), s:lower(), #s, s:len()", "s:reverse()", "(s .. %s):len()" % self.pick(INTS + FLOATS),
            "('x'):rep(3, ','), ('%%d'):format(%s)" % self.pick(INTS), "string.char()",
            "s == %s, s < %s, s .. s" % (self.pick(STRS), self.pick(STRS)),
        ]
        lines = ["local s = %s" % s]
        for op in self.picks(ops, 2, 5):
            lines.append("try(function() return %s end)" % op)
        if self.r.random() < 0.3:
            lines.append("try(string.char, %s)" % self.pick(["256", "-1", '"a"', "65.5", "65.0"]))
        return lines

    def string_quote(self):
        vals = self.picks(STRS + INTS + ["1/3", "0.1", "math.huge", "-math.huge", "2^63", "1.5", "nil", "true"], 1, 4)
        return ["try(string.format, %s, %s)" % ('"%q"', v) for v in vals] + \
               ["print(string.format('%q', '\\r\\n\\t\\0\\1\\0012\\255\"\\\\'))"]

    def patterns(self):
        s = self.pick(STRS)
        lines = ["local s = %s" % s]
        for _ in range(self.r.randint(2, 5)):
            p = self.pick(PATTERNS + (BAD_PATTERNS if self.r.random() < 0.2 else []))
            k = self.r.random()
            if k < 0.25:
                lines.append("try(string.find, s, %s, %s, %s)" % (p, self.small(-6, 8), self.pick(["nil", "true", "false"])))
            elif k < 0.45:
                lines.append("try(string.match, s, %s, %s)" % (p, self.small(-4, 6)))
            elif k < 0.65:
                lines.append("try(function() local r = {} for a, b in s:gmatch(%s) do r[#r + 1] = tostring(a) .. ':' .. tostring(b) "
                             "if #r > 20 then break end end return #r, table.concat(r, '|') end)" % p)
            else:
                repl = self.pick(['"<%0>"', '"%1-%1"', '"%%"', '""', "string.upper", '{l = "L", o = 0, a = true}',
                                  "function(x, y) if x == 'l' then return nil end return '[' .. x .. tostring(y) .. ']' end",
                                  '"%2"', '"%9"', "false", '"x%"', "function() return {} end"])
                n = self.pick(["", ", 1", ", 2", ", 0", ", -1"])
                lines.append("try(string.gsub, s, %s, %s%s)" % (p, repl, n))
        return lines

    def split_join(self):
        # What real scripts do with patterns: split, trim, word counts, key=value parsing.
        s = self.pick(STRS)
        return ["local s = %s" % s,
                "local parts = {}",
                "for w in (s .. ','):gmatch('([^,]*),') do parts[#parts + 1] = w end",
                "show(#parts, table.concat(parts, '|'))",
                "show((s:gsub('^%s+', ''):gsub('%s+$', '')))",
                "local counts = {}",
                "for w in s:gmatch('%a+') do counts[w:lower()] = (counts[w:lower()] or 0) + 1 end",
                "for _, k in ipairs(sortedkeys(counts)) do io.write(k, '=', counts[k], ' ') end print()",
                "show(s:find('%s'), s:find('.', 1, true), s:match('^(%w+)'), select('#', s:byte(1, -1)))"]

    # --- tables ----------------------------------------------------------------------------
    def table_lib(self):
        items = ", ".join(self.picks(INTS[:14] + ['"x"', '"y"', "2.5", '"10"'], 0, 7))
        ops = [
            "table.insert(t, %s); return #t, table.concat(t, ' ')" % self.small(),
            "table.insert(t, 1, %s); return #t, t[1]" % self.small(),
            "table.insert(t, %s, 'p'); return #t, table.concat(t, ',')" % self.small(-1, 9),
            "table.insert(t, 1, 2, 3)", "return table.remove(t), #t", "return table.remove(t, 1), #t, t[1]",
            "return table.remove(t, %s), #t" % self.small(-1, 9), "return table.unpack(t)",
            "return table.unpack(t, %s, %s)" % (self.small(-2, 4), self.small(0, 8)),
            "return select('#', table.unpack(t)), select(-1, 1, 2, 3), select(2, 'a', 'b', 'c')",
            "return select(%s, 'a', 'b')" % self.pick(["0", "-3", "3", "'#'", "1.0", "1.5"]),
            "local u = table.move(t, 1, #t, %s, {}); return #u, u[2]" % self.small(-1, 4),
            "local p = table.pack(table.unpack(t)); return p.n, #p",
            "table.sort(t); return table.concat(t, ',')",
            "table.sort(t, function(a, b) return tostring(a) > tostring(b) end); return table.concat(t, ',')",
            "return table.concat(t, %s, %s, %s)" % (self.pick(['", "', '""', "1", "nil"]), self.small(0, 3), self.small(-1, 8)),
            "return rawlen(t), rawget(t, 1), next({}), #t",
            "t[#t + 1] = 'end'; t[#t + 1] = nil; return #t",
            "t[1.0] = 'one'; t[2^53] = 'big'; return t[1], t[2^53 | 0], math.type(next({[3.0] = 1}))",
        ]
        return ["local t = {%s}" % items] + ["try(function() %s end)" % op for op in self.picks(ops, 1, 4)]

    def sort_records(self):
        # Records sorted by a key with ties: the order of equal keys is the algorithm's own
        # (lua5.4's quicksort, deterministic up to 100 elements), so it must be replicated.
        n = self.r.randint(2, 40)
        recs = ", ".join("{k = %d, id = %d}" % (self.r.randint(0, 5), i) for i in range(n))
        cmp = self.pick(["a.k < b.k", "a.k > b.k", "a.k < b.k or (a.k == b.k and a.id < b.id)"])
        return ["local r = {%s}" % recs,
                "table.sort(r, function(a, b) return %s end)" % cmp,
                "local out = {} for i, v in ipairs(r) do out[i] = v.k .. ':' .. v.id end",
                "print(table.concat(out, ' '))",
                "try(table.sort, {3, 'a', 1})",
                "try(table.sort, {3, 2, 1}, function(a, b) return true end)"]

    def table_keys(self):
        keys = self.picks(['"a"', '"b"', "1", "2", "3", "10", "1.5", "-1", "true", '"10"'], 2, 7)
        return ["local t = {}"] + ["t[%s] = %d" % (k, i) for i, k in enumerate(keys)] + [
                "for _, k in ipairs(sortedkeys(t)) do io.write(tostring(k), ':', type(k), '=', t[k], ' ') end print()",
                "show(#t, t[1], t['1'], t[1.0], rawequal(t, t), next(t) ~= nil)",
                "try(function() t[nil] = 1 end)", "try(function() t[0/0] = 1 end)", "show(t[nil], t[0/0])"]

    def length(self):
        seq = self.picks(["1", "nil", "'x'", "false"], 0, 8)
        return ["local t = {%s}" % ", ".join(seq), "show(#t, select('#', table.unpack(t)))",
                "local u = {n = 1} for i = 1, %d do u[i] = i end u[%d] = nil show(#u)" % (self.r.randint(1, 20), self.r.randint(1, 20))]

    # --- functions -------------------------------------------------------------------------
    def closures(self):
        n = self.r.randint(1, 5)
        return ["local fs = {}",
                "for i = 1, %d do fs[i] = function() return i end end" % n,
                "local j = 0",
                "while j < %d do j = j + 1 local k = j * 10 fs[#fs + 1] = function() k = k + 1 return k end end" % n,
                "local out = {} for i, f in ipairs(fs) do out[i] = f() .. ',' .. f() end",
                "print(table.concat(out, ' '))",
                "local function counter() local c = %s return function(d) c = c + (d or 1) return c end, function() return c end end" % self.small(),
                "local inc, get = counter() inc() inc(%s) show(get(), inc(), get())" % self.small()]

    def varargs(self):
        args = ", ".join(self.picks(INTS[:8] + ["nil", '"s"', "2.5"], 0, 6))
        return ["local function f(...) local a, b = ... return select('#', ...), a, b, ... end",
                "local function g(...) return ... end",
                "show(f(%s))" % args, "show((f(%s)))" % args, "show(f(g(%s)), 'last')" % args,
                "show(({g(%s)})[1], #{g(%s), nil}, table.pack(g(%s)).n)" % (args, args, args),
                "local a, b, c, d = g(%s) show(a, b, c, d)" % args,
                "local x, y = 1 show(x, y) x, y = y, x show(x, y)",
                "local t = {} local i = 1 i, t[i] = i + 1, 20 show(i, t[1], t[2])"]

    def recursion(self):
        return ["local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end",
                "show(fib(%d))" % self.r.randint(0, 20),
                "local function sum(n, acc) if n == 0 then return acc end return sum(n - 1, acc + n) end",
                "show(sum(%d, 0))" % self.r.randint(0, 20000),
                "local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end",
                "show(fact(%d), fact(%d.0))" % (self.r.randint(0, 25), self.r.randint(0, 25))]

    # --- metatables --------------------------------------------------------------------------
    def metatables(self):
        a, b = self.small(), self.small()
        name = self.pick(["Vec", "Point", "My.Type"])
        lines = ["local V = {__name = %r}" % name, "V.__index = V",
                 "V.__add = function(p, q) return setmetatable({x = (type(p) == 'table' and p.x or p) + (type(q) == 'table' and q.x or q)}, V) end",
                 "V.__eq = function(p, q) return p.x == q.x end",
                 "V.__lt = function(p, q) return p.x < q.x end",
                 "V.__le = function(p, q) return p.x <= q.x end",
                 "V.__unm = function(p) return setmetatable({x = -p.x}, V) end",
                 "V.__len = function(p) return p.x end",
                 "V.__call = function(self, y, ...) return self.x + y, select('#', ...) end",
                 "V.__concat = function(p, q) return (type(p) == 'table' and 'V' .. p.x or tostring(p)) .. '&' .. (type(q) == 'table' and 'V' .. q.x or tostring(q)) end",
                 "V.__tostring = function(p) return 'V(' .. p.x .. ')' end",
                 "function V:get() return self.x end",
                 "local p, q = setmetatable({x = %s}, V), setmetatable({x = %s}, V)" % (a, b)]
        ops = ["tostring(p + q), tostring(p + 1), tostring(2 + q)", "p == q, p ~= q, p < q, p <= q, p > q, p >= q",
               "#p, p(10, 'a', 'b'), p:get()", "p .. q, p .. 'z', 1 .. q, p .. 2.5", "tostring(-p), rawlen(p), rawequal(p, p)",
               "p * q", "p < 1", "p.missing, V.missing", "getmetatable(p) == V, getmetatable('x').__index == string",
               "#setmetatable({1, 2, 3}, {__len = function() return 'len' end})",
               "p & q", "p // 2", "q()", "-setmetatable({}, {})", "p.x.y.z"]
        lines += ["try(function() return %s end)" % op for op in self.picks(ops, 2, 6)]
        return lines

    def meta_index(self):
        return ["local log = {}",
                "local base = {greet = function(self) return 'hi ' .. self.name end, kind = 'base'}",
                "local mid = setmetatable({kind = 'mid'}, {__index = base})",
                "local obj = setmetatable({name = %r}, {__index = mid, __newindex = function(t, k, v) log[#log + 1] = k rawset(t, k, v) end})" % self.pick(NAMES),
                "show(obj:greet(), obj.kind, obj.nothing, rawget(obj, 'kind'))",
                "obj.extra = %s obj.name = 'x' show(obj.extra, obj.name, table.concat(log, ','))" % self.small(),
                "local dflt = setmetatable({}, {__index = function(t, k) return k * 2 end})",
                "show(dflt[21], dflt[1.5], rawget(dflt, 21))",
                "local ro = setmetatable({}, {__newindex = function() error('read-only table', 2) end, __metatable = 'locked'})",
                "try(function() ro.x = 1 end)",
                "show(getmetatable(ro))",
                "try(setmetatable, ro, {})",
                "try(setmetatable, {}, 1)"]

    def tbc(self):
        # To-be-closed variables: closing order, error values passed to __close, const locals.
        err = self.pick(["nil", "'inside'", "{}"])
        return ["local log = {}",
                "local function closer(name) return setmetatable({}, {__close = function(o, e) log[#log + 1] = name .. ':' .. (type(e) == 'table' and 'table' or tostring(e)) end}) end",
                "do local a <close> = closer('a') local b <close> = closer('b') local c <const> = %s log[#log + 1] = 'body' .. c end" % self.small(),
                "try(function() local x <close> = closer('x') local y <close> = nil if %s ~= nil then error(%s) end return 'ok' end)" % (err, err),
                "try(function() local z <close> = {} end)",
                "try(function() local w <close> = 42 end)",
                "for i = 1, 2 do local c <close> = closer('loop' .. i) if i == 2 then break end end",
                "print(table.concat(log, ' '))"]

    # --- control flow ------------------------------------------------------------------------
    def for_loops(self):
        starts = ["1", "0", "-3", "1.5", "10", "math.maxinteger - 2", "math.mininteger", "3", "1.0", "'2'", "nil"]
        stops = ["5", "0", "-3", "2.5", "1", "math.maxinteger", "math.mininteger + 2", "1e100", "-math.huge", "3.7", "2^53"]
        steps = ["1", "-1", "2", "0.5", "-0.25", "3", "0", "0.0", "math.maxinteger", "math.mininteger", "1e308", "0.1"]
        a, b, c = self.pick(starts), self.pick(stops), self.pick(steps)
        return ["try(function() local out, n = {}, 0",
                "  for i = %s, %s, %s do n = n + 1 out[n] = i if n >= 12 then break end end" % (a, b, c),
                "  return n, table.concat(out, ' ') end)",
                "try(function() local s = 0 for i = %s, %s do s = s + i if s > 1e6 then break end end return s end)" % (
                    self.pick(starts[:5]), self.pick(stops[:5]))]

    def while_repeat(self):
        n = self.r.randint(0, 15)
        return ["local i, out = 0, {}",
                "while true do i = i + 1 if i > %d then break end if i %% 3 == 0 then goto continue end out[#out + 1] = i ::continue:: end" % n,
                "show(i, table.concat(out, ','))",
                "local k = %d repeat local half = k // 2 k = k - 1 until half < 1" % n,
                "show(k)",
                "local depth = 0 for a = 1, 3 do for b = 1, 3 do if a * b > %d then goto done end depth = depth + 1 end end ::done:: show(depth)" % self.r.randint(0, 9),
                "do local j = 1 ::top:: j = j * 2 if j < %d then goto top end show(j) end" % self.r.randint(1, 1000)]

    # --- errors ------------------------------------------------------------------------------
    def errors(self):
        lines = []
        for _ in range(self.r.randint(2, 5)):
            k = self.r.random()
            if k < 0.2:
                lines.append("try(error, %s, %s)" % (self.pick(['"msg"', "{code = 1}", "42", "nil", "true", "3.5"]), self.pick(["0", "1", "2", "nil"])))
            elif k < 0.4:
                lv = self.pick(["", ", 1", ", 2", ", 0", ", 3"])
                lines += ["local function inner() error(%s%s) end" % (self.pick(['"boom"', "'x' .. 1", "{}", "nil"]), lv),
                          "local function outer() inner() end",
                          "try(outer)"]
            elif k < 0.55:
                lines.append("show(xpcall(function() local t = nil return t.field end, function(m) return 'handled: ' .. tostring(m) end))")
            elif k < 0.7:
                lines.append("try(function() %s end)" % self.pick(["assert(false)", "assert(nil, 'custom message')", "assert(1 == 2, 42)",
                                                                 "return assert(1, 2, 3)", "assert()", "error()", "error('a', 'b')"]))
            elif k < 0.85:
                lines.append("show(select('#', pcall(error)), pcall(pcall, error, 'e'))")
            else:
                lines.append("try(function() local ok, e = pcall(error, {msg = 'inner'}) error(e.msg .. '!', 0) end)")
        return lines

    def error_names(self):
        # Runtime errors naming the culprit: global, local, field, upvalue, method, constant.
        up = self.pick(["nil", "{}", "'str'", "5", "true"])
        cases = ["return undefined_global + 1", "local x return x * 2", "local t = {} return t.y.z",
                 "local t = {y = {}} return t.y.z.w", "return up_value .. 'x'", "return up_value()",
                 "local t = {} t:method()", "return ('abc') + 1", "return #nothing", "local n = 5 return n.field",
                 "local s = 'x' return s:nomethod()", "return math.floor('x')", "return ('x'):rep(1e10, 1)",
                 "local t = {} t[nil] = 1", "return -{}", "return {} .. 'x'", "return 1 < 'x'", "return {} < {}",
                 "return nil > 1", "return true <= false", "local a = {} return a.b.c.d", "undefined_fn()",
                 "local t = setmetatable({}, {__index = function(t, k) return k + 1 end}) return t.key",
                 "return string.rep()", "return ('x'):bad()", "return (1)()", "return 1 & 1.5", "return 'a' | 1",
                 "return math.huge | 0", "return 2^63 // 1 | 0", "local t = {} t.x.y = 1", "return next({}, 'nope')",
                 "return ipairs()", "return setmetatable(1, {})", "return string.sub()", "return ('x'):sub({})",
                 "return tostring()", "return rawset({}, nil, 1)", "return select()"]
        lines = ["local up_value = %s" % up]
        for c in self.picks(cases, 2, 6):
            lines.append("try(function() %s end)" % c)
        return lines

    def coroutines(self):
        k = self.r.random()
        n = self.r.randint(0, 4)
        if k < 0.35:
            return ["local gen = coroutine.wrap(function(a) for i = 1, %d do a = coroutine.yield(a * i) end return 'done', a end)" % n,
                    "show(gen(%s))" % self.small(1, 5)] + ["try(gen, %d)" % i for i in range(n + 2)]
        if k < 0.7:
            return ["local co = coroutine.create(function(a, b)",
                    "  show(coroutine.isyieldable(), coroutine.status(coroutine.running()))",
                    "  local c = coroutine.yield(a + b)",
                    "  local d, e = coroutine.yield(c * 2)",
                    "  %s" % self.pick(["error('fail ' .. tostring(d))", "error({d})", "return d, e", "error(d, 0)", "local x = nil; return x.y"]),
                    "end)",
                    "show(coroutine.status(co), coroutine.isyieldable())",
                    "show(coroutine.resume(co, %s, %s))" % (self.small(), self.small()),
                    "show(coroutine.resume(co, %s))" % self.small(),
                    "show(coroutine.resume(co, 'd', 'e'))",
                    "show(coroutine.status(co), coroutine.resume(co))",
                    "show(coroutine.close(co), coroutine.status(co))"]
        return ["local log = {}",
                "local co = coroutine.create(function() local x <close> = setmetatable({}, {__close = function() log[#log + 1] = 'closed' end}) coroutine.yield(1) end)",
                "show(coroutine.resume(co))", "show(coroutine.close(co), coroutine.status(co), table.concat(log))",
                "try(coroutine.yield, 1)", "show(coroutine.running())",
                "local w = coroutine.wrap(function() error('in wrap') end) try(w)",
                "local w2 = coroutine.wrap(function() error({}) end) try(w2)",
                "try(coroutine.resume, coroutine.running())",
                "local co2 = coroutine.create(function() return coroutine.resume(coroutine.running()) end) show(coroutine.resume(co2))",
                "try(coroutine.wrap, 1)", "try(coroutine.status, nil)"]

    # --- libraries ---------------------------------------------------------------------------
    def pack_unpack(self):
        fmts = [('"i4"', ["1", "-2", "2147483647", "-2147483648", "2147483648"]), ('">i2"', ["1", "-1", "32767", "40000"]),
                ('"<I2"', ["65535", "0", "-1"]), ('"b"', ["-128", "127", "128"]), ('"B"', ["255", "0", "256"]),
                ('"<j"', ["math.maxinteger", "math.mininteger", "1"]), ('">J"', ["-1", "0"]), ('"<d"', ["1.5", "-0.0", "1e308"]),
                ('"<f"', ["0.5", "3.14"]), ('"z"', ['"hello"', '""']), ('"s1"', ['"abc"', '""']), ('">s2"', ['"xy"']),
                ('"<i3"', ["-1", "8388607", "8388608"]), ('"<h"', ["-2", "1.0", "1.5"]), ('"<n"', ["2.5", "7"]), ('"c5"', ['"ab"', '"abcde"', '"abcdef"'])]
        lines = []
        for _ in range(self.r.randint(1, 4)):
            f, vals = self.pick(fmts)
            v = self.pick(vals)
            lines.append("try(function() local s = string.pack(%s, %s) return #s, s:byte(1, -1) end)" % (f, v))
            lines.append("try(function() return string.unpack(%s, string.pack(%s, %s)) end)" % (f, f, v))
        lines.append("show(string.packsize('i4i8'), string.packsize('<i2 d'), string.unpack('<i2', '\\1\\2\\3\\4', 3))")
        lines.append("try(string.unpack, '<i4', 'abc')")
        return lines

    def utf8_lib(self):
        s = self.pick(['"héllo"', '"añb€"', '"abc"', '""', '"\\xff\\xfe"', '"日本語"', '"a\\u{10FFFF}b"', '"\\xe4\\xbd"'])
        return ["local s = %s" % s,
                "try(utf8.len, s)", "try(utf8.len, s, %s, %s)" % (self.small(-3, 4), self.small(-3, 6)),
                "try(utf8.codepoint, s, 1, -1)", "try(utf8.offset, s, %s)" % self.small(-3, 5),
                "try(utf8.offset, s, %s, %s)" % (self.small(-2, 3), self.small(1, 4)),
                "try(function() local r = {} for p, c in utf8.codes(s) do r[#r + 1] = p .. '=' .. c end return table.concat(r, ',') end)",
                "try(utf8.char, %s)" % ", ".join(self.pick(["72", "233", "8364", "0x10FFFF", "0", "0x7FFFFFFF", "-1"]) for _ in range(3)),
                "show(#utf8.charpattern, s:match(utf8.charpattern))"]

    def conversions(self):
        vals = self.picks(INTS + FLOATS + NUMSTRS + BADSTRS + ["nil", "true"], 2, 5)
        return ["for _, v in ipairs({%s}) do" % ", ".join(v for v in vals if v not in ("nil",)),
                "  show(tostring(v), tonumber(v), math.type(tonumber(v)), type(v))",
                "end",
                "io.write(%s, ' ', %s, ' ', %s, '\\n')" % (self.pick(FLOATS + INTS), self.pick(FLOATS + INTS), self.pick(STRS)),
                "try(io.write, {})"]

    def load_chunks(self):
        srcs = ['"return 1 +"', '"x ="', '"return \'abc"', '"for"', '"return 2^10"', '"local a <const> = 1; a = 2"',
                '"goto nowhere"', '"return ..."', '"break"', '"::a:: ::a::"', '"return 0x"', '"x = }"', '"return 1e"',
                '"return \\"\\\\q\\""', '"local t = {} t.x = 1 return t.x"', '"return function() end end"', '"--[[ unfinished"',
                '"return [[long]]"', '"local x <foo> = 1"', '"return 3 // 0"']
        src = self.pick(srcs)
        return ["local f, err = load(%s, %s)" % (src, self.pick(['"=chunk"', '"@file.lua"', "nil", '"chunk"'])),
                "show(type(f), err)",
                "if f then try(f, 1, 2) end",
                "try(load, function() return nil end)",
                "show(pcall(load(%s)))" % self.pick(['"return 1, 2, 3"', '"error(\'in loaded\')"', '"return select(\'#\', ...)"'])]

    def string_methods_chain(self):
        w = self.pick(NAMES)
        return ["local w = %r" % w,
                "show(w:upper():lower():rep(2, '-'):sub(2, -2):len())",
                "show(('%%s=%%d'):format(w, #w), ('x'):byte(), #(w .. w))",
                "local acc = {} for i = 1, #w do acc[#acc + 1] = w:sub(i, i):byte() end show(table.concat(acc, ','))",
                "show(w:find(w:sub(2, 3), 1, true), w:gsub('%a', function(c) return c:upper() end, 2))"]

    # --- endings: uncaught errors and os.exit --------------------------------------------------
    def ending(self):
        # What lua.c prints for an error nobody catches: "lua5.4: " + message + traceback.
        k = self.r.random()
        if k < 0.15:
            return ["local function level3() local t = nil return t.x end",
                    "local function level2() return level3() + 1 end",
                    "function global_fn() level2() end",
                    "global_fn()"]
        if k < 0.25:
            # lua.c's msghandler: strings and numbers get a traceback, a __tostring string is
            # the whole report, anything else is "(error object is a T value)"; the message is
            # printed as a C string (up to a NUL byte).
            return ["error(%s)" % self.pick(['"top-level error"', "{}", "42", "2.5", "nil", "true", '"with level", 2', '"no position", 0',
                                              '"nul\\0byte"', "setmetatable({}, {__tostring = function() return 'custom error' end})",
                                              "setmetatable({}, {__tostring = function() return 42 end})",
                                              "setmetatable({}, {__tostring = function() error('tostring fails') end})",
                                              "setmetatable({}, {__tostring = function(s) return s.x.y end})",
                                              "setmetatable({}, {__tostring = 'not a function'})"])]
        if k < 0.35:
            return ["local x = %s" % self.pick(INTS[:6]), "print(x // 0)"]
        if k < 0.45:
            return ["local t = {}", "t.a.b = 1"]
        if k < 0.55:
            return ["string.rep()"]
        if k < 0.65:
            return ["local co = coroutine.wrap(function() error('inside coroutine') end)", "co()"]
        if k < 0.72:
            return ["assert(false, %s)" % self.pick(['"assertion message"', "nil", "{}"])]
        if k < 0.8:
            return ["local obj = setmetatable({}, {__index = function(t, k) error('no field ' .. k) end})", "print(obj.missing)"]
        if k < 0.9:
            return ["io.stderr:write('to stderr\\n')", "os.exit(%s)" % self.pick(["0", "1", "3", "true", "false", "255"])]
        return ["local function f() return undefined_function() end", "f()"]

    # --- more of what scripts do ---------------------------------------------------------------
    def tracebacks(self):
        # debug.traceback names functions as lua5.4 does: global, local, upvalue, method, field.
        kind = self.pick(["global", "local", "method", "field", "anon"])
        lines = ["local M = {}",
                 "function M.field_fn(n) return debug.traceback('at field', n) end",
                 "function M:method_fn(n) return M.field_fn(n) end",
                 "local function local_fn(n) return M:method_fn(n) end",
                 "function global_tb(n) return local_fn(n) end"]
        level = self.pick(["1", "2", "3", "nil", "0"])
        call = {"global": "global_tb(%s)", "local": "local_fn(%s)", "method": "M:method_fn(%s)",
                "field": "M.field_fn(%s)", "anon": "(function(n) return global_tb(n) end)(%s)"}[kind] % level
        lines.append("print(%s)" % call)
        lines.append("print(xpcall(function() local x = nil; return x.y end, debug.traceback))")
        lines.append("print(select(2, xpcall(global_tb, function(m) return 'handler: ' .. m end, %s)))" % level)
        return lines

    def meta_extra(self):
        cases = [
            "local t = setmetatable({}, {}) getmetatable(t).__index = t return t.x",
            "return tostring(setmetatable({}, {__tostring = function() return 1 end}))",
            "local m = {__lt = function(a, b) return true end} local a, b = setmetatable({}, m), setmetatable({}, m) return a < b, pcall(function() return a <= b end)",
            "return setmetatable({}, {__add = 5}) + 1",
            "for k in 5 do end",
            "local m = {__concat = function(a, b) return 'cat' end} return 1 .. setmetatable({}, m), setmetatable({}, m) .. nil",
            "local store = {} local p = setmetatable({}, {__newindex = store}) p.a = 1 return rawget(p, 'a'), store.a",
            "local m = {__unm = function() return 'neg' end, __bnot = function() return 'bnot' end, __shl = function(a, b) return 'shl' end, __idiv = function() return 'idiv' end, __mod = function() return 'mod' end} local o = setmetatable({}, m) return -o, ~o, o << 1, 1 << o, o // 2, 3 % o",
            "local e1 = setmetatable({}, {__eq = function() return true end}) local e2 = setmetatable({}, {__eq = function() return false end}) return e1 == e2, e2 == e1, e1 == {}, e1 ~= 1",
            "return #setmetatable({}, {__len = function() return 2.5 end})",
            "local c = setmetatable({}, {__call = setmetatable({}, {__call = function() return 'inner' end})}) return c()",
            "local t = setmetatable({}, {__index = 'abc'}) return t.len, t.x",
            "return ('abc').len, ('abc'):len(), ('%d'):rep(2)",
            "local m = {__div = function(a, b) return 'div' end} return setmetatable({}, m) / 0, 0 / setmetatable({}, m)",
            "local m = {__le = function() return nil end} local a = setmetatable({}, m) return a <= a, a >= a, not (a <= a)",
            "local mt = {__index = function(t, k) return k end} local s = setmetatable({}, mt) return s[1], s[true], s[2.0]",
            "return getmetatable(setmetatable({}, {__metatable = false}))",
            "local n = 0 local t = setmetatable({}, {__newindex = function(t, k, v) n = n + 1 rawset(t, k, v) end}) t.a = 1 t.a = 2 t.b = nil return n, t.a",
            "local t = setmetatable({}, {__close = 1}) do local x <close> = t end",
        ]
        return ["try(function() %s end)" % c for c in self.picks(cases, 2, 5)]

    def gc_finalizers(self):
        # Finalizers run by a full collection and, for what is left, when lua.c closes the state.
        # One finalizable object per collection: lua5.4 orders several by its generational
        # collector's history (old/young lists), Tandem's full collection by creation.
        n = 1
        return ["for i = 1, %d do setmetatable({}, {__gc = function() print('collected', i) end}) end" % n,
                "collectgarbage() collectgarbage()",
                "keep = keep or {} keep[#keep + 1] = setmetatable({}, {__gc = function() print('finalized at exit') end})",
                "local weak = setmetatable({}, {__mode = 'k'}) weak[{}] = 1 local strong = {} weak[strong] = 2",
                "collectgarbage() local n = 0 for k, v in pairs(weak) do n = n + v end show(n)",
                "show(collectgarbage('isrunning'), type(collectgarbage('count')))"]

    def assignments(self):
        return ["local a a, a = 1, 2 show(a)",
                "local t = {1, 2, 3} local i = 1 i, t[i] = i + 1, 'x' show(i, t[1], t[2])",
                "local x, y, z = %s show(x, y, z)" % ", ".join(self.picks(INTS[:6], 1, 4)),
                "local p, q = 1, 2 p, q = q, p show(p, q)",
                "local u = {} u.x, u.y = (function() return 1, 2, 3 end)() show(u.x, u.y)",
                "local function mr() return 1, 2 end local v = {mr(), mr()} show(#v, v[3])",
                "local w = {mr(), nil} show(#w) local w2 = {(mr())} show(#w2)",
                "local c = {[1] = 'a', 'b', n = 1, [2] = 'c', 'd'} show(c[1], c[2], c.n)"]

    def stack_overflow(self):
        k = self.r.random()
        if k < 0.5:
            return ["local function f(n) return 1 + f(n + 1) end", "local ok, e = pcall(f, 1) show(ok, e)"]
        return ["local depth = 0",
                "local function g() depth = depth + 1 return pcall(g) end",
                "show(select('#', g()), depth > 100)",
                "local function s(str) return str:gsub('.', function(c) return s(c) end) end",
                "show(pcall(s, 'ab'))"]

    def iteration(self):
        return ["local proxy = setmetatable({}, {__index = function(t, i) if i <= %d then return i * 10 end end})" % self.r.randint(0, 5),
                "for i, v in ipairs(proxy) do io.write(i, '=', v, ' ') end print()",
                "local pp = setmetatable({}, {__pairs = function(t) return function(_, k) if (k or 0) < 3 then return (k or 0) + 1, 'v' end end, t, nil end})",
                "for k, v in pairs(pp) do io.write(k, v, ' ') end print()",
                "local seq = {%s}" % ", ".join(self.picks(['"a"', '"b"', "1", "2.5", "true"], 0, 6)),
                "for i, v in ipairs(seq) do io.write(i, ':', tostring(v), ' ') end print()",
                "local k, v = next(seq) show(k, v, next(seq, #seq), rawlen(seq))",
                "try(next, {}, 1)", "try(ipairs)", "try(pairs, nil)",
                "local function iter(s, c) if c < s then return c + 1, c * c end end",
                "for i, sq in iter, %d, 0 do io.write(i, '^2=', sq, ' ') end print()" % self.r.randint(0, 5)]

    def require_missing(self):
        return ["local ok, e = pcall(require, %r) show(ok, e)" % self.pick(["nosuch", "a.b.c", "m_" + self.pick(NAMES)]),
                "package.preload.virt = function(name, extra) return {name = name, extra = extra} end",
                "local m = require('virt') show(m.name, m.extra, package.loaded.virt == m, require('virt') == m)",
                "show(type(package.path), type(package.searchers), #package.searchers, package.config:sub(1, 1))"]

    def random_seeded(self):
        # math.random after math.randomseed(n) is xoshiro256** in both (not the unseeded start).
        return ["math.randomseed(%d)" % self.r.randint(0, 10 ** 6),
                "show(math.random(%d), math.random(%d, %d), math.random(0), math.random() < 1)" % (
                    self.r.randint(1, 1000), self.r.randint(-100, 0), self.r.randint(1, 100)),
                "local t = {} for i = 1, 5 do t[i] = math.random(6) end show(table.concat(t, ','))",
                "try(math.random, 0, -1)", "try(math.random, 1, 2, 3)", "show(math.random(3, 3))",
                "try(math.random, math.mininteger, math.maxinteger)"]

    def string_extra(self):
        return ["show('a\\0b' < 'a\\0c', 'a\\0' > 'a', #'a\\0b', ('a\\0b'):byte(1, -1))",
                "print('nul:\\0:end', ('x'):rep(3, '\\0'))",
                "try(string.format, '%%q', %s)" % self.pick(['"\\0\\1\\2"', '"\\r\\n"', '"\\127\\128\\255"', '"a\\u{7FF}"']),
                "try(string.format, %s, %s)" % (self.pick(['"%.99f"', '"%100d"', '"%-#5x"', '"%5c"', '"%.3q"', '"%y"', '"%"', '"%10.5s|"', '"%099d"']), self.pick(["1/3", "65", '"str"', "2^60"])),
                "try(string.sub, 'hello', %s, %s)" % (self.pick(["math.mininteger", "math.maxinteger", "0", "-100", "2.0", "1.5"]), self.pick(["math.maxinteger", "-1", "100", "math.mininteger"])),
                "try(string.byte, 'hello', %s, %s)" % (self.small(-7, 7), self.small(-7, 7)),
                "try(string.find, 'hello', '', %s)" % self.pick(["6", "7", "-10", "100"]),
                "try(string.rep, 'ab', %s, %s)" % (self.pick(["3", "0", "-1", "2.0", "'2'"]), self.pick(["'|'", "nil", "1"])),
                "show(('%d items'):format(3), ('x'):rep(0) == '', ('abc'):upper():lower())"]

    def io_misc(self):
        # Standard input is empty here (/dev/null) under both.
        return ["show(io.write('a', 1, 2.0, ' ') == io.stdout)",
                "io.write(1e100, ' ', -0.0, ' ', 2^63, ' ', math.mininteger, '\\n')",
                "show(io.read(), io.read('a'), io.read('n'), io.read(0))",
                "show(arg[0], #arg, select('#', ...))",
                "io.stdout:write('via stdout\\n')",
                "show(io.type(io.stdout), io.type(42), type(io.stderr))"]

    # --- sweeps: many values through one operation, for the number formatter and parser ----------
    def rand_numeral(self):
        k = self.r.random()
        digits = "".join(self.pick("0123456789") for _ in range(self.r.randint(1, 25)))
        if k < 0.25:
            return digits
        if k < 0.45:
            return "%s.%s" % (digits[:self.r.randint(0, len(digits))], digits[::-1][:self.r.randint(0, 8)]) + \
                   self.pick(["", "e%d" % self.r.randint(-330, 330), "E+%d" % self.r.randint(0, 30)])
        if k < 0.65:
            hexd = "".join(self.pick("0123456789abcdefABCDEF") for _ in range(self.r.randint(1, 20)))
            return self.pick(["0x", "0X", "-0x", " 0x"]) + hexd + self.pick(["", ".8", "p%d" % self.r.randint(-1080, 1030), ".fp-3"])
        if k < 0.8:
            return self.pick(["1e", "0x", ".", "e5", "1..2", "0x.p1", "1e+-2", "--1", "1_000", "0b101", "1f", "٣", "infinity", "0x1P+1024"])
        return "%s%s%s" % (self.pick(["", " ", "\\t", "\\n"]), self.pick(["", "-", "+"]), digits[:18])

    def parse_sweep(self):
        nums = ", ".join('"%s"' % self.rand_numeral() for _ in range(self.r.randint(3, 10)))
        return ["for _, s in ipairs({%s}) do" % nums,
                "  local n = tonumber(s)",
                "  show(s, n, math.type(n), n and string.format('%.17g', n), n and s + 0)",
                "end",
                "for _, s in ipairs({%s}) do show(s, tonumber(s, %d)) end" % (
                    ", ".join('"%s"' % "".join(self.pick("0123456789abcxyzABZ-") for _ in range(self.r.randint(1, 14))) for _ in range(3)),
                    self.r.randint(2, 36))]

    def format_sweep(self):
        vals = [self.rand_float() for _ in range(self.r.randint(3, 8))] + self.picks(FLOATS, 1, 3)
        specs = ["%%%s%s%s%s" % (self.pick(["", "-", "+", " ", "#", "0"]), self.pick(["", str(self.r.randint(1, 30))]),
                                 self.pick(["", "." + str(self.r.randint(0, 25))]), self.pick("eEfgG"))
                 for _ in range(self.r.randint(1, 4))]
        ints = self.picks(INTS, 2, 5) + [str(self.r.randint(-10 ** 6, 10 ** 6))]
        ispecs = ["%%%s%s%s%s" % (self.pick(["", "-", "+", " ", "#", "0"]), self.pick(["", str(self.r.randint(1, 25))]),
                                  self.pick(["", "." + str(self.r.randint(0, 20))]), self.pick("dixXo"))
                  for _ in range(self.r.randint(1, 3))]
        return ["for _, v in ipairs({%s}) do" % ", ".join(vals),
                "  show(v, %s)" % ", ".join("string.format(%r, v)" % s for s in specs),
                "end",
                "for _, v in ipairs({%s}) do" % ", ".join(ints),
                "  show(v, %s)" % ", ".join("string.format(%r, v)" % s for s in ispecs),
                "end"]

    def int_sweep(self):
        vals = [str(self.r.choice([self.r.randint(-10, 10), self.r.randint(-2 ** 63, 2 ** 63 - 1), self.r.randint(-2 ** 31, 2 ** 31)]))
                for _ in range(self.r.randint(2, 5))]
        vals = [v if v != str(-2 ** 63) else "math.mininteger" for v in vals]
        return ["local vs = {%s}" % ", ".join(vals),
                "for _, a in ipairs(vs) do for _, b in ipairs(vs) do",
                "  show(a + b, a - b, a * b, a // (b ~= 0 and b or 1), a % (b ~= 0 and b or 1), a / b, a & b, a | b, a ~ b, a << (b % 70), a >> (b % 70), a < b, math.ult(a, b))",
                "end end",
                "for _, a in ipairs(vs) do show(a + 0.0, a * 1.0 == a, string.format('%d %x %5.1f', a, a, a), tostring(-a), math.tointeger(a + 0.0)) end"]

    # --- random code: values of every type through every operator, so that runtime errors name
    # their operands (local, upvalue, global, field, method, constant) as lua5.4's ldebug.c does.
    VALUES = ["nil", "true", "false", "0", "1", "(-3)", "2.5", "1e300", '"s"', '"10"', '"0x1F"', '"x y"',
              "{}", "{1, 2}", "type", "math.huge", "math.mininteger", "(0/0 ~= 0/0)"]
    # (No print or tostring among them: called on a table or a function they show its address.)
    VARS = ["a", "b", "c", "u1", "u2", "g1", "t.x", "t.y.z", "t[1]", "t[a]", "t.y", "t", "s"]

    def rc_value(self):
        return self.pick(self.VALUES)

    def rc_expr(self, depth):
        if depth <= 0 or self.r.random() < 0.3:
            return self.pick(self.VARS) if self.r.random() < 0.7 else self.rc_value()
        k = self.r.random()
        if k < 0.45:
            op = self.pick(ARITH + ["^", "..", "..", "&", "|", "<<", "==", "<", "<=", ">", "and", "or"])
            return "(%s %s %s)" % (self.rc_expr(depth - 1), op, self.rc_expr(depth - 1))
        if k < 0.6:
            return "(%s%s)" % (self.pick(["-", "not ", "#", "~", "- "]), self.rc_expr(depth - 1))
        if k < 0.75:
            return "%s(%s)" % (self.pick(["t:m", "t.f", "s:upper", "s:rep", "string.len", "math.type", "type", "math.floor",
                                          "u2", "a", "t.y.g", "select('#', %s)" % self.rc_expr(0)]), self.rc_expr(depth - 1))
        if k < 0.9:
            return "%s.%s" % (self.pick(["t", "t.y", "a", "u1", "g1", "s", "(%s)" % self.rc_expr(depth - 1)]), self.pick(["x", "y", "z", "len", "w"]))
        return "%s[%s]" % (self.pick(["t", "t.y", "b", "u2", "s"]), self.rc_expr(depth - 1))

    def rc_statement(self, depth):
        k = self.r.random()
        target = self.pick(["a", "b", "c", "u1", "g1", "t.x", "t.y.z", "t[1]", "t[b]", "t.w.v", "s.k"])
        if depth <= 0 or k < 0.4:
            return "%s = %s" % (target, self.rc_expr(2))
        if k < 0.55:
            return "if %s then %s else %s end" % (self.rc_expr(2), self.rc_statement(depth - 1), self.rc_statement(depth - 1))
        if k < 0.65:
            return "for i = 1, 2 do %s end" % self.rc_statement(depth - 1)
        if k < 0.75:
            return "local %s = %s" % (self.pick(["a", "b", "d"]), self.rc_expr(2))
        if k < 0.85:
            return "%s(%s)" % (self.pick(["t:m", "t.f", "u2", "g1", "a", "t.y.g", "s:sub", "undefined_name"]), self.rc_expr(1))
        # (one pass at most: `type` as the iterator never returns nil, so the loop would not end)
        return "for k, v in %s do %s break end" % (self.pick(["pairs(t)", "ipairs(t)", "a", "next, t", "pairs(a)"]), self.rc_statement(depth - 1))

    def random_code(self):
        lines = ["local u1, u2 = %s, %s" % (self.rc_value(), self.pick(["function(x) return x end", "nil", "1"])),
                 "g1 = %s" % self.rc_value(),
                 "local s = %s" % self.pick(['"str"', '"10"', "nil", "5"]),
                 "local t = {x = %s, y = {z = %s, g = rawlen}, [1] = %s, m = function(self, v) return v end, f = %s}" % (
                     self.rc_value(), self.rc_value(), self.rc_value(), self.pick(["type", "nil", "2"]))]
        for _ in range(self.r.randint(1, 4)):
            body = "; ".join(self.rc_statement(2) for _ in range(self.r.randint(1, 4)))
            lines.append("try(function(a, b) local c = %s; %s; return %s, %s end, %s, %s)" % (
                self.rc_value(), body, self.rc_expr(2), self.rc_expr(1), self.rc_value(), self.rc_value()))
        return lines
