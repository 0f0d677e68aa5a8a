# Generated Lua programs for the differential of the standard library's argument checks
# (Sources/Lua/Library) against lua5.4 (Debian's 5.4.4: lauxlib.c's luaL_argerror/typeerror,
# lbaselib.c, lstrlib.c, ltablib.c, lmathlib.c, lutf8lib.c, lcorolib.c, loslib.c, liolib.c):
# library functions called with random arguments of every type, too few and too many, in every
# calling form that changes the message: through pcall (the name comes from package.loaded,
# "bad argument #1 to 'string.rep'"), called by field, local, upvalue or method (the call site
# names it, "bad argument #1 to 'rep'", and a bad self is "calling 'rep' on bad self"), as a
# metamethod ('index') and as a for iterator. Nothing here states an expected value.
#
# Kept out, as in program_blocks.py: addresses (no table, function, thread or userdata reaches
# tostring, print, "%s" or "%p"; `show` prints results), NaN signs (`show`), transcendental
# results (only their errors are printed), os.date without "!", os.time's value (local time),
# math.random before math.randomseed, collectgarbage's options that change the collector.
# Kept small so the reference never allocates or loops for long: string.rep counts are at
# most 256 or overflow lua5.4's 2^31 limit, table.move ranges are short unless they are errors.

# Argument values: (Lua expression, Python integer value if it converts to one, else None).
VALUES = [("nil", None), ("true", None), ("false", None), ("0", 0), ("1", 1), ("-1", -1), ("3", 3), ("255", 255),
          ("256", 256), ("math.maxinteger", 2 ** 63 - 1), ("math.mininteger", -2 ** 63), ("2^53", 2 ** 53),
          ("2^63", None), ("1.5", None), ("-0.0", 0), ("math.huge", None), ("-math.huge", None), ("0/0", None),
          ('"10"', 10), ('"0x10"', 16), ('" 3 "', 3), ('"1e2"', 100), ('"abc"', None), ('""', None), ('"%d"', None),
          ('"%s %s"', None), ('"a\\0b"', None), ('"%"', None), ('"[%a"', None), ('"h\\195\\169!"', None),
          ("{}", None), ("{1, 2, 3}", None), ("{'a', 'b'}", None), ("function() end", None), ("co", None),
          ("io.stdout", None), ("named", None), ("2.0", 2), ('"-2"', -2), ("-3", -3), ("2^31", 2 ** 31),
          ("-2^63", -2 ** 63), ('"9223372036854775808"', None), ('"0x7fffffffffffffff"', 2 ** 63 - 1), ("1e308", None),
          ("5e-324", None), ('" 0x1p4 "', 16), ('"5 x"', None)]
REFS = ("{", "function", "co", "io.", "named")  # expressions whose tostring shows an address
STRS = ['"abc"', '""', '"x"', '"hello world"', '"a\\0b"', '"%d"', '"h\\195\\169"', '"10"', '"\\255\\254"', '"aaa"']

# (function, most arguments it reads): the generic calls pass 0 to most + 1 arguments.
FUNCTIONS = [
    ("string.len", 1), ("string.sub", 3), ("string.upper", 1), ("string.lower", 1), ("string.rep", 3),
    ("string.reverse", 1), ("string.byte", 3), ("string.char", 3), ("string.format", 3), ("string.find", 4),
    ("string.match", 3), ("string.gmatch", 3), ("string.gsub", 4), ("string.pack", 3), ("string.unpack", 3),
    ("string.packsize", 1), ("table.insert", 3), ("table.remove", 2), ("table.concat", 4), ("table.unpack", 3),
    ("table.pack", 2), ("table.sort", 2), ("math.abs", 1), ("math.ceil", 1), ("math.floor", 1), ("math.fmod", 2),
    ("math.max", 3), ("math.min", 3), ("math.modf", 1), ("math.sqrt", 1), ("math.tointeger", 1), ("math.type", 1),
    ("math.ult", 2), ("math.random", 3), ("math.randomseed", 2), ("utf8.char", 3), ("utf8.codepoint", 4),
    ("utf8.len", 4), ("utf8.offset", 3), ("coroutine.create", 1), ("coroutine.resume", 2), ("coroutine.status", 1),
    ("coroutine.wrap", 1), ("coroutine.isyieldable", 1), ("coroutine.close", 1), ("select", 3), ("tonumber", 2),
    ("tostring", 1), ("type", 1), ("setmetatable", 2), ("getmetatable", 1), ("rawget", 2), ("rawset", 3),
    ("rawequal", 2), ("rawlen", 1), ("ipairs", 1), ("next", 2), ("pairs", 1), ("load", 4), ("error", 2),
    ("assert", 2), ("pcall", 2), ("xpcall", 3), ("io.write", 2), ("io.read", 1), ("os.difftime", 2),
    ("string.dump", 1), ("collectgarbage", 2), ("utf8.codes", 2), ("io.lines", 2), ("io.type", 1)]
# Those whose successful results depend on libm (printed as their type only), or which must
# not see some arguments (see the calls below).
# (Not math.atan: Debian's lua5.4 also has the compat alias math.atan2, which Tandem leaves out
# (Sources/Lua/Library/MathLibrary.swift), and under pcall lua5.4 may name the function by it.)
TRANSCENDENTAL = ["math.exp", "math.log", "math.sin", "math.cos", "math.tan", "math.asin", "math.acos"]
STRING_METHODS = ["len", "sub", "upper", "lower", "rep", "reverse", "byte", "format", "find", "match", "gmatch",
                  "gsub", "unpack", "pack"]

SETUP = ["local co = coroutine.create(function(...) coroutine.yield(...) return 'done' end)",
         "local named = setmetatable({}, {__name = 'My.Type'})",
         "math.randomseed(%d)"]


class LibArgBlocks:
    """Mixin for program_blocks.Blocks: needs `self.r` and `self.pick`."""

    def arg_values(self, fn, n):
        """`n` argument expressions suitable for `fn` (avoiding addresses and huge work)."""
        out = []
        for i in range(n):
            e, _ = self.pick(VALUES)
            if fn in ("collectgarbage",) and e in ("nil", "true", "false") + tuple(x for x, v in VALUES if v is not None):
                e = self.pick(['"abc"', '"%d"', "{}", "true"])  # (no option that changes the collector)
            if fn == "string.dump" and (e.startswith("function") or i > 0):
                e = self.pick(["print", "1", '"f"', "nil"])  # (a dump's bytes are Tandem's own format)
            if fn in ("io.lines",) and i == 0:
                e = self.pick(["nil", '"no/such/file"', "{}", "1"])  # (never a real file)
            if fn == "string.format" and i == 0:
                e = self.format_spec()
            if fn in ("io.read", "io.lines") and i > 0 or fn == "io.read":
                e = self.pick(['"n"', '"l"', '"L"', '"a"', '"x"', '"*l"', "0", "-1", "1.5", "{}", "nil", '"*"'])
            out.append(e)
        if fn == "string.format" and out and any(x.startswith(REFS) for x in out[1:]) and ("s" in out[0] or "p" in out[0]):
            out = out[:1] + [x for x in out[1:] if not x.startswith(REFS)]
        if fn == "string.format" and out and "p" in out[0]:
            out = out[:1] + [x for x in out[1:] if not x.startswith('"')]  # (%p of a string: an address)
        if fn == "tostring":
            out = [x for x in out if not x.startswith(REFS)]
        return out

    def format_spec(self):
        conv = self.pick("dicouxXeEfFgGaAqsp%yb")
        spec = "%" + "".join(self.pick("-+ #0") for _ in range(self.r.choice([0, 0, 1, 2]))) + \
               self.pick(["", "", "5", "10", "99", "100", "0"]) + self.pick(["", "", ".", ".0", ".3", ".99", ".100"]) + conv
        return '"%s"' % self.pick([spec, spec, "x=" + spec + "|", spec + spec, "%" + spec, spec + "%"]).replace('"', '\\"')

    def call_lines(self, fn, args):
        """A call of `fn` in one of the forms that name it differently in messages."""
        a = ", ".join(args)
        k = self.r.random()
        if k < 0.4:
            return ["try(%s%s)" % (fn, ", " + a if a else "")]
        if k < 0.6:
            return ["try(function() local r = table.pack(%s(%s)) return table.unpack(r, 1, r.n) end)" % (fn, a)]
        if k < 0.7:
            return ["try(function() return %s(%s) end)" % (fn, a)]
        if k < 0.8:
            alias = self.pick(["f", "lib_fn"])
            return ["local %s = %s" % (alias, fn),
                    "try(function() local r = table.pack(%s(%s)) return table.unpack(r, 1, r.n) end)" % (alias, a)]
        if k < 0.9 and len(args) >= 1 and fn != "tostring":  # (tostring of the table: its address)
            # as a metamethod: __index gets (table, key), __add (a, b); as a for iterator (s, c)
            return [self.pick(["try(function() return setmetatable({}, {__index = %s}).key end)" % fn,
                               "try(function() return setmetatable({}, {__add = %s}) + %s end)" % (fn, args[0]),
                               "try(function() for a, b in %s, %s do return a, b end end)" % (fn, a)])]
        return ["try(function() local m = {fn = %s} local r = table.pack(m.fn(%s)) return table.unpack(r, 1, r.n) end)" % (fn, a)]

    # --- blocks ------------------------------------------------------------------------------
    def libarg_calls(self):
        lines = [SETUP[0], SETUP[1], SETUP[2] % self.r.randint(0, 999)]
        for _ in range(self.r.randint(3, 7)):
            fn, most = self.pick(FUNCTIONS)
            # (math.randomseed() seeds from the clock in lua5.4: never without an argument)
            args = self.arg_values(fn, self.r.randint(1 if fn == "math.randomseed" else 0, most + 1))
            if fn in ("string.rep", "table.move", "table.concat", "table.unpack") and not self.bounded(fn, args):
                continue
            lines += self.call_lines(fn, args)
        if self.r.random() < 0.3:
            fn = self.pick(TRANSCENDENTAL)
            lines.append("do local ok, e = pcall(%s) show(ok, ok and math.type(e) or e) end" % (
                ", ".join([fn] + self.arg_values(fn, self.r.randint(0, 3)))))
        lines.append("io.write('\\n')")  # (after io.write calls)
        return lines

    def bounded(self, fn, args):
        """False for the calls that would make lua5.4 allocate or loop for long."""
        ints = [dict(VALUES).get(x) for x in args]
        if fn == "string.rep" and len(args) >= 2 and ints[1] is not None:
            if ints[1] > 256 and args[0] == '""':
                return False  # (with an empty separator lua5.4 copies zero bytes n times: endless for n = 2^63 - 1)
            return ints[1] <= 256 or ints[1] * max(1, len(args[0]) - 2) >= 2 ** 31
        if fn == "table.unpack" and len(args) >= 3 and None not in ints[1:3]:
            return ints[2] - ints[1] <= 300 or ints[2] - ints[1] >= 10 ** 6
        return True

    def libarg_methods(self):
        # String methods: arguments count from after self ("bad argument #1 to 'rep'"), and a
        # bad self through a table whose __index is the string library.
        lines = SETUP[:2]
        for _ in range(self.r.randint(2, 5)):
            m = self.pick(STRING_METHODS)
            args = self.arg_values("string." + m, self.r.randint(0, 3))
            if m == "format":  # (the spec and its arguments drawn together: see arg_values)
                spec_args = self.arg_values("string.format", self.r.randint(1, 3))
                recv, args = spec_args[0], spec_args[1:]
            else:
                recv = self.pick(STRS)
            if m == "rep" and not self.bounded("string.rep", [recv] + args):
                continue
            k = self.r.random()
            if k < 0.7:
                lines.append("try(function() local r = table.pack((%s):%s(%s)) return table.unpack(r, 1, r.n) end)" % (recv, m, ", ".join(args)))
            elif k < 0.85:
                lines.append("try(function() local o = setmetatable({}, {__index = string}) return o:%s(%s) end)" % (m, ", ".join(args)))
            else:
                lines.append("try(function() local o = {%s = string.%s} return o:%s(%s) end)" % (m, m, m, ", ".join(args)))
        return lines

    def libarg_tables(self):
        # table.move's five arguments and its range checks, with ranges short when valid.
        lines = ["local src, dst = {1, 2, 3, 'x'}, {}"]
        pool = [("1", 1), ("2", 2), ("0", 0), ("-1", -1), ("3", 3), ("5", 5), ("math.maxinteger", 2 ** 63 - 1),
                ("math.mininteger", -2 ** 63), ("math.maxinteger - 1", 2 ** 63 - 2), ("'2'", 2), ("1.5", None), ("nil", None)]
        for _ in range(self.r.randint(2, 4)):
            (f, fv), (e, ev), (t, tv) = self.pick(pool), self.pick(pool), self.pick(pool)
            if None not in (fv, ev) and (fv > 0 or ev < 2 ** 63 - 1 + fv) and ev - fv >= 300:
                continue  # (a valid move of that many elements)
            tail = self.pick(["", ", dst", ", {}", ", 1", ", nil"])
            lines.append("try(function() local r = table.move(src, %s, %s, %s%s) return r == src, #r, r[1], r[2], r[3] end)" % (f, e, t, tail))
        lines.append("try(table.insert, {1, 2}, %s, 'v')" % self.pick([x for x, _ in pool]))
        lines.append("try(table.remove, {1, 2}, %s)" % self.pick([x for x, _ in pool]))
        lines.append("try(table.concat, {1, 2.5, 'x', %s}, %s)" % (self.pick(["true", "{}", "nil", "4"]), self.pick(['", "', "1", "{}", "nil"])))
        return lines

    def libarg_os(self):
        # os.date with "!" (UTC in both), os.time's table checks (its value is local time:
        # only its type is printed), os.difftime.
        convs = list("aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%") + ["Ec", "EC", "Ex", "EX", "Ey", "EY", "Od", "Oe", "OH",
                                                                "OI", "Om", "OM", "OS", "Ou", "OU", "OV", "Ow", "OW", "Oy"]
        bad = ["Q", "E", "O", "Ez", "Oa", "5d", "", "#c", "-d", "i", "k", "l", "s", "+", "P", "v", "EE"]
        times = ["0", "1", "-1", "86399", "951782400", "1e9", "2^31", "-2^31", "2^40", "-62167219200", "-62167219201",
                 "253402300799", "253402300800", "67767976233532799", "67767976233532800", "-67768040609740800",
                 "-67768040609740801", "math.maxinteger", "math.mininteger", "1.5", '"100"', "{}", "2^63"]  # (no nil: now)
        lines = []
        for _ in range(self.r.randint(1, 3)):
            fmt = "!" + "".join("%" + self.pick(convs if self.r.random() < 0.85 else bad) + self.pick(["", " ", "|"])
                                for _ in range(self.r.randint(1, 4)))
            fmt = self.pick([fmt, fmt, "!*t", "!", "!%", "!%Y-%m-%dT%H:%M:%S"])
            t = self.pick(times)
            if fmt == "!*t":
                lines.append("try(function() local d = os.date('!*t', %s) return d.year, d.month, d.day, d.hour, d.min, d.sec, d.wday, d.yday, d.isdst end)" % t)
            else:
                lines.append("try(os.date, %r, %s)" % (fmt, t))
        fields = ["year", "month", "day", "hour", "min", "sec", "isdst"]
        vals = ["2000", "1", "0", "-1", "12", "31", "60", "1.5", "'7'", "'x'", "true", "2^31", "-2^31", "2^31 + 1899",
                "2^31 + 1900", "math.maxinteger", "math.mininteger", "{}", "nil", "1e100"]
        for _ in range(self.r.randint(1, 3)):
            t = ", ".join("%s = %s" % (f, self.pick(vals)) for f in self.r.sample(fields, self.r.randint(0, 7)))
            lines.append("try(function() local r = os.time({%s}) return math.type(r) end)" % t)
        lines.append("try(os.time, %s)" % self.pick(["1", "'x'", "{}", "true"]))  # (not nil: the current time)
        lines.append("try(os.difftime, %s, %s)" % (self.pick(times), self.pick(times)))
        return lines

    def libarg_pack(self):
        # string.pack/unpack/packsize formats: sizes, alignment, limits and wrong values.
        opts = ["b", "B", "h", "H", "i", "I", "l", "L", "j", "J", "T", "f", "d", "n", "s", "z", "x", "X", "<", ">", "=",
                "!", " ", "i3", "i16", "i17", "i0", "I9", "s1", "s2", "s9", "s17", "c", "c0", "c3", "!4", "!3", "!16",
                "!17", "Xi4", "Xi3", "X", "Xz", "c99999999999", "i99999999999", "w", "<i4>", "%", "!1"]
        lines = []
        for _ in range(self.r.randint(2, 4)):
            fmt = "".join(self.pick(opts) for _ in range(self.r.randint(1, 4)))
            k = self.r.random()
            if k < 0.3:
                lines.append("try(string.packsize, %r)" % fmt)
            elif k < 0.55 and "c9999" not in fmt:
                vals = ", ".join(self.pick(["1", "-1", "255", "256", "65536", "2^31", "math.maxinteger", "math.mininteger",
                                            "1.5", "'abc'", "('x'):rep(300)", "'a\\0b'", "nil", "{}", "-0.0", "1e300"])
                                 for _ in range(self.r.randint(0, 4)))
                lines.append("try(function() local s = string.pack(%r%s) return #s, s:byte(1, 40) end)" % (fmt, ", " + vals if vals else ""))
            else:
                data = self.pick(["''", "'\\1\\2\\3\\4\\5\\6\\7\\8'", "('\\255'):rep(20)", "'abc\\0def'", "('\\0'):rep(17)",
                                  "'\\3abc'", "'\\0\\0\\0\\0\\0\\0\\0\\1\\0'"])
                pos = self.pick(["", ", 1", ", 0", ", -1", ", 9", ", 100", ", math.mininteger", ", 1.5"])
                lines.append("try(string.unpack, %r, %s%s)" % (fmt, data, pos))
        return lines

    def libarg_utf8(self):
        # utf8's ranges: char's limit, codepoint/len/offset positions, lax mode, codes errors.
        s = self.pick(['"héllo"', '"\\xff"', '"a\\xe4\\xbd"', '"\\u{7FFFFFFF}"', '"\\xed\\xa0\\x80"', '"\\xc0\\x80"',
                       '"\\xf4\\x90\\x80\\x80"', '"abc"', '""', '"\\u{10FFFF}\\u{110000}"', '"\\x80abc"'])
        pos = ["1", "0", "-1", "2", "-10", "10", "math.maxinteger", "math.mininteger", "1.5", "'2'", "nil"]
        lax = self.pick(["", ", true", ", false", ", nil"])
        lines = ["local s = %s" % s,
                 "try(utf8.len, s, %s, %s%s)" % (self.pick(pos), self.pick(pos), lax),
                 "try(utf8.codepoint, s, %s, %s%s)" % (self.pick(pos), self.pick(pos), lax),
                 "try(utf8.offset, s, %s, %s)" % (self.pick(pos), self.pick(pos)),
                 "try(function() local r = {} for p, c in utf8.codes(s%s) do r[#r + 1] = p .. ':' .. c end return table.concat(r, ' ') end)" % lax,
                 "try(%s)" % ", ".join(["utf8.char"] + [self.pick(["0", "0x7FFFFFFF", "0x80000000", "-1", "0x10FFFF", "0x110000",
                                                                  "65.0", "65.5", "'66'", "math.maxinteger"]) for _ in range(self.r.randint(0, 3))])]
        return lines
