#!/usr/bin/env python3
"""Random Lua 5.4 programs for differential runs against lua5.4, deterministic by seed.

Each program is a sequence of independent blocks; every block runs under pcall and prints
what it computed (or its error message), so one difference pinpoints its block. The blocks
cover the language (arithmetic on integers and floats with every operator, comparisons,
strings and coercions, closures and upvalues, varargs, multiple assignment, numeric and
generic for, while/repeat, goto, integer/float loops, metatables and metamethods, to-be-closed
variables, coroutines, errors with values and levels) and the libraries (string with
patterns, format and pack; table; math including the transcendental functions, random with a
seed; utf8). Output never depends on addresses or on the order of `pairs`.

Three known divergences are kept out of the comparison, not hidden in it:
- NaN's sign: Tandem prints every NaN as "-nan" (wasm does not define NaN signs; see
  Sources/Lua/Number/README.md), glibc's functions return NaNs of either sign; `show` prints "nan".
- `math.log(x, 10)` and `math.log(x, 2)` use glibc's log10/log2 under lua5.4, which are not
  correctly rounded (ours are; mpmath decides): the bases used here are others.
- Integer division or modulo by zero: lua5.4 5.4.4 raises it without saving the pc, so its
  message carries the line of the last instruction that did; the position is cut off there.

    generate_programs.py SEED COUNT OUTDIR     writes OUTDIR/prog_SEED+i.lua
"""
import os
import random
import sys

INTS = ["0", "1", "-1", "2", "3", "7", "-7", "10", "255", "256", "1000", "-1000", "2^31",
        "math.maxinteger", "math.mininteger", "0x7fffffff", "0xff", "-0x10", "12345678901"]
FLOATS = ["0.0", "-0.0", "0.5", "-0.5", "1.5", "2.5", "3.25", "1e10", "1e-10", "1e300", "-1e300",
          "math.pi", "math.huge", "-math.huge", "0.1", "1/3", "2^53", "2^63", "-2^63", "3.0", "1e15"]
STRS = ['"10"', '"0x10"', '" 5 "', '"1e2"', '"abc"', '"hello world"', '""', '"a,b,,c"', '"x"',
        '"3.5"', '"-2"', '"Lua 5.4"', '"%d"', '"\\0z"', '"ÿé"']
ARITH = ["+", "-", "*", "/", "//", "%", "^"]
BITS = ["&", "|", "~", "<<", ">>"]
CMP = ["==", "~=", "<", "<=", ">", ">="]
MATH1 = ["math.floor", "math.ceil", "math.abs", "math.tointeger", "math.type", "math.sqrt",
         "math.exp", "math.log", "math.sin", "math.cos", "math.tan", "math.asin", "math.acos",
         "math.atan", "math.fmod", "math.modf", "tostring", "tonumber", "string.format"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.n = 0

    def pick(self, xs):
        return self.r.choice(xs)

    def num(self):
        return self.pick(INTS if self.r.random() < 0.55 else FLOATS)

    def small(self):
        return str(self.r.randint(-20, 20))

    def arith(self, depth):
        if depth <= 0 or self.r.random() < 0.3:
            return self.num() if self.r.random() < 0.85 else self.pick(STRS[:5])
        k = self.r.random()
        if k < 0.6:
            return "(%s %s %s)" % (self.arith(depth - 1), self.pick(ARITH), self.arith(depth - 1))
        if k < 0.75:
            return "(%s %s %s)" % (self.pick(INTS), self.pick(BITS), self.r.choice(["0", "1", "3", "63", "64", "-1", "7"]))
        if k < 0.85:
            return "-" + self.arith(depth - 1)
        f = self.pick(["math.floor", "math.ceil", "math.abs", "math.max", "math.min", "math.fmod"])
        if f in ("math.max", "math.min", "math.fmod"):
            return "%s(%s, %s)" % (f, self.arith(depth - 1), self.arith(depth - 1))
        return "%s(%s)" % (f, self.arith(depth - 1))

    def block_arith(self):
        es = [self.arith(3) for _ in range(self.r.randint(1, 4))]
        return "show(%s)" % ", ".join(es)

    def block_compare(self):
        a, b = self.num(), self.num()
        ops = " , ".join("%s %s %s" % (a, op, b) for op in CMP)
        return "show(%s, math.ult(%s, %s))" % (ops, self.pick(INTS), self.pick(INTS))

    def block_math(self):
        f = self.pick(MATH1)
        x = self.arith(2)
        if f == "math.fmod":
            return "show(math.fmod(%s, %s))" % (x, self.arith(1))
        if f == "string.format":
            fmt = self.pick(['"%d"', '"%5.2f"', '"%g"', '"%.14g"', '"%x"', '"%a"', '"%q"', '"%e"', '"%10.3s"', '"%i"'])
            return "show(string.format(%s, %s))" % (fmt, x)
        if f in ("tostring", "tonumber"):
            return "show(%s(%s))" % (f, self.pick(STRS + INTS + FLOATS))
        return "show(%s(%s))" % (f, x)

    def block_pow(self):
        return "show(%s ^ %s, math.exp(%s), math.log(%s, %s))" % (
            self.pick(FLOATS + INTS), self.pick(["0.5", "2", "-1", "1/3", "10", "-0.5", "3"]),
            self.r.uniform(-50, 50), self.r.uniform(0.001, 1000), self.pick(["3", "0.5", "7", "nil"]))

    def block_string(self):
        s = self.pick(STRS)
        ops = [
            "string.rep(%s, %d, %s)" % (s, self.r.randint(0, 4), self.pick(['"-"', '""', "nil"])),
            "string.sub(%s, %s, %s)" % (s, self.small(), self.small()),
            "(%s):upper(), (%s):lower(), #%s" % (s, s, s),
            "string.byte(%s, 1, -1)" % s,
            "string.char(%d, %d)" % (self.r.randint(0, 255), self.r.randint(0, 255)),
            "string.find(%s, %s, %s, %s)" % (s, self.pick(['"l+"', '"%d+"', '"(o)(.)"', '"^%a"', '"[,%s]"', '"."', '"%f[%w]%w+"', '""']), self.small(), self.pick(["true", "nil"])),
            "string.match(%s, %s)" % (s, self.pick(['"(%w+) (%w+)"', '"%d*"', '"()b()"', '"(.-),"', '"[^,]*$"'])),
            "string.gsub(%s, %s, %s)" % (s, self.pick(['"%w"', '"(%w+)"', '","', '"l"', '"%s*"']), self.pick(['"<%0>"', '"%1%1"', "string.upper", '{l = "L", a = 1}', '"%%"'])),
            "string.reverse(%s), %s .. %s" % (s, s, self.pick(INTS + FLOATS)),
            "string.format('%%q', %s)" % s,
            "string.len(%s), %s < %s" % (s, s, self.pick(STRS)),
            "string.pack(%s, %s):byte(1, -1)" % (self.pick(['"i4"', '">i2"', '"<d"', '"z"', '"s1"', '"B"', '"j"']),
                                                   self.pick(["1", "-2", "255", '"ab"', "3.5"])),
            "string.unpack('<i4', string.pack('<i4', %s))" % self.pick(INTS),
            "table.concat({string.byte(%s, 1, 3)}, ',')" % s,
        ]
        return "show(%s)" % self.pick(ops)

    def block_table(self):
        n = self.r.randint(0, 6)
        items = ", ".join(self.pick(INTS[:12] + ['"x"', '"y"', "2.5"]) for _ in range(n))
        op = self.pick([
            "table.insert(t, %s); show(#t, table.concat(t, ' '))" % self.pick(INTS[:8]),
            "table.insert(t, 1, %s); show(#t, t[1])" % self.pick(INTS[:8]),
            "show(table.remove(t), #t)",
            "show(table.remove(t, 1), #t)",
            "show(table.unpack(t))",
            "show(table.unpack(t, 2, 4))",
            "show(select('#', table.unpack(t)), select(-1, 1, 2, 3))",
            "local u = table.move(t, 1, #t, 2, {}); show(#u, u[2])",
            "local p = table.pack(table.unpack(t)); show(p.n, #p)",
            "show(pcall(table.sort, t)); show(table.concat(t, ','))",
            "table.sort(t, function(a, b) return tostring(a) > tostring(b) end); show(table.concat(t, ','))",
            "for i, v in ipairs(t) do show(i, v) end",
            "show(rawlen(t), rawget(t, 1), next({}))",
        ])
        return "local t = {%s}\n  %s" % (items, op)

    def block_control(self):
        k = self.r.random()
        a, b, c = self.pick(["1", "3", "0", "-2", "1.5", "10"]), self.pick(["5", "0", "-3", "2.5", "10"]), self.pick(["1", "-1", "2", "0.5", "-0.25", "3"])
        if k < 0.3:
            return "local s = 0\n  for i = %s, %s, %s do s = s + i end\n  show(s)" % (a, b, c)
        if k < 0.45:
            return "local i, s = 0, ''\n  while i < %d do i = i + 1; if i %% 3 == 0 then goto continue end; s = s .. i\n  ::continue:: end\n  show(s)" % self.r.randint(0, 12)
        if k < 0.6:
            return "local n = %s\n  repeat local m = n * 2; n = n - 1 until m < 3\n  show(n)" % self.pick(["5", "2", "10", "1.5"])
        if k < 0.75:
            return "local x = %s\n  if x > 3 then show('big') elseif x == 3 then show('three') else show('small', x) end" % self.arith(2)
        return "local r = {}\n  for k, v in ipairs({%s}) do r[#r + 1] = k * 10 + v end\n  show(table.concat(r, ','))" % ", ".join(self.small() for _ in range(self.r.randint(0, 5)))

    def block_function(self):
        k = self.r.random()
        if k < 0.25:
            return ("local function f(...) local a, b = ...; return select('#', ...), a, b, ... end\n"
                    "  show(f(%s))" % ", ".join(self.pick(INTS[:6] + ["nil", '"s"']) for _ in range(self.r.randint(0, 5))))
        if k < 0.5:
            return ("local function counter() local c = %s; return function(d) c = c + (d or 1); return c end end\n"
                    "  local f, g = counter(), counter(); f(); f(%s); g(); show(f(), g())" % (self.small(), self.small()))
        if k < 0.7:
            return ("local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end\n"
                    "  show(fib(%d))" % self.r.randint(0, 18))
        if k < 0.85:
            return ("local function tail(n, acc) if n == 0 then return acc end return tail(n - 1, acc + n) end\n"
                    "  show(tail(%d, 0))" % self.r.randint(0, 5000))
        return "local a, b, c = (function() return %s, %s end)()\n  show(a, b, c)" % (self.num(), self.num())

    def block_error(self):
        k = self.r.random()
        if k < 0.2:
            return "show(pcall(error, %s, %d))" % (self.pick(['"msg"', "{code = 1}", "42", "nil"]), self.r.randint(0, 2))
        if k < 0.4:
            return "show(select(2, pcall(function() local x = %s; return x %s %s end)))" % (
                self.pick(["nil", "{}", '"a"', "true", "print"]), self.pick(ARITH + BITS + ["..", "<"]), self.pick(["1", "{}", "nil", '"b"']))
        if k < 0.55:
            return "show(select(2, pcall(function() local t = nil; return t.%s end)))" % self.pick(["x", "y.z"])
        if k < 0.7:
            return "show(xpcall(function() error('deep', 2) end, function(m) return 'handled: ' .. tostring(m) end))"
        if k < 0.85:
            return "show(pcall(%s, %s))" % (self.pick(["string.rep", "math.floor", "string.sub", "table.concat", "setmetatable", "math.tointeger", "utf8.char", "string.char"]),
                                           self.pick(["nil", "{}", '"x"', "-1", "1e100", "2^63"]))
        return "local ok, e = pcall(function() return 1 // 0 end); show(ok, e)"

    def block_meta(self):
        k = self.r.random()
        if k < 0.3:
            return ("local V = {}\n  V.__index = V\n"
                    "  V.__add = function(a, b) return setmetatable({x = a.x + b.x}, V) end\n"
                    "  V.__eq = function(a, b) return a.x == b.x end\n"
                    "  V.__lt = function(a, b) return a.x < b.x end\n"
                    "  V.__le = function(a, b) return a.x <= b.x end\n"
                    "  V.__tostring = function(a) return 'V(' .. a.x .. ')' end\n"
                    "  V.__len = function(a) return a.x end\n"
                    "  V.__concat = function(a, b) return tostring(a) .. '|' .. tostring(b) end\n"
                    "  local a, b = setmetatable({x = %s}, V), setmetatable({x = %s}, V)\n"
                    "  show(tostring(a + b), a == b, a < b, a <= b, #a, a .. b, a .. 'z')" % (self.small(), self.small()))
        if k < 0.5:
            return ("local t = setmetatable({}, {__index = function(t, k) return k .. '!' end, __newindex = function(t, k, v) rawset(t, k, v * 2) end})\n"
                    "  t.a = %s; show(t.a, t.b, rawget(t, 'b'))" % self.pick(INTS[:8]))
        if k < 0.65:
            return "local c = setmetatable({}, {__call = function(self, a, b) return a + b end}); show(c(%s, %s))" % (self.pick(INTS[:6]), self.pick(INTS[:6]))
        if k < 0.8:
            return ("local log = {}\n  do\n    local a <close> = setmetatable({}, {__close = function(o, e) log[#log + 1] = 'a:' .. tostring(e) end})\n"
                    "    local b <close> = setmetatable({}, {__close = function(o, e) log[#log + 1] = 'b' end})\n"
                    "    log[#log + 1] = 'body'\n  end\n  show(table.concat(log, ' '))")
        return "local t = setmetatable({}, {__index = {%s = %s}}); show(t.k, t.%s)" % ("k", self.num(), self.pick(["k", "z"]))

    def block_coroutine(self):
        k = self.r.random()
        if k < 0.5:
            return ("local gen = coroutine.wrap(function(n) for i = 1, n do coroutine.yield(i * i) end return 'done' end)\n"
                    "  show(gen(%d), gen(), gen(), gen())" % self.r.randint(1, 4))
        return ("local co = coroutine.create(function(a, b) local c = coroutine.yield(a + b); error(c) end)\n"
                "  show(coroutine.resume(co, %s, %s)); show(coroutine.resume(co, 'oops')); show(coroutine.status(co), coroutine.resume(co))"
                % (self.pick(INTS[:6]), self.pick(INTS[:6])))

    def block_utf8(self):
        return self.pick([
            "show(utf8.char(%d, %d, %d))" % (self.r.randint(0, 0x7ff), self.r.randint(0, 0xffff), self.r.randint(0, 0x10ffff)),
            "show(utf8.len(%s), utf8.codepoint('héllo', 1, -1))" % self.pick(STRS),
            "for p, c in utf8.codes('añb€') do show(p, c) end",
            "show(utf8.offset('añb€', %d), utf8.charpattern)" % self.r.randint(-3, 5),
        ])

    def block_random(self):
        return "math.randomseed(%d); show(math.random(%d), math.random(%d, %d), math.random(0) ~= nil)" % (
            self.r.randint(0, 1000), self.r.randint(1, 100), self.r.randint(-50, 0), self.r.randint(1, 50))

    def program(self):
        blocks = [self.block_arith, self.block_compare, self.block_math, self.block_pow, self.block_string,
                  self.block_table, self.block_control, self.block_function, self.block_error, self.block_meta,
                  self.block_coroutine, self.block_utf8, self.block_random]
        out = ["-- generated program", "local function show(...)",
               "  local t = table.pack(...)",
               "  for i = 1, t.n do local v = t[i]",
               "    if type(v) == 'table' or type(v) == 'function' or type(v) == 'thread' then t[i] = type(v)",
               "    elseif v ~= v then t[i] = 'nan'",
               "    elseif math.type(v) == 'float' then t[i] = string.format('%.17g', v) .. '/' .. tostring(v)",
               "    else t[i] = tostring(v) end",
               "  end",
               "  print(table.concat(t, '\\t', 1, t.n))",
               "end",
               "local function report(e)",
               "  if type(e) == 'string' and (e:find('divide by zero') or e:find(\"'n%%0'\")) then e = e:gsub('^[^:]*:%d+: ', '') end",
               "  print('error', type(e) == 'string' and e or type(e))",
               "end"]
        for i in range(self.r.randint(5, 20)):
            body = self.pick(blocks)()
            out.append("do local ok, e = pcall(function()\n  %s\nend) if not ok then report(e) end end" % body)
        return "\n".join(out) + "\n"


def main():
    seed, count, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    os.makedirs(outdir, exist_ok=True)
    for i in range(count):
        with open(os.path.join(outdir, "prog_%d.lua" % (seed + i)), "w") as f:
            f.write(Gen(seed + i).program())


if __name__ == "__main__":
    main()
