#!/usr/bin/env python3
# Shell test of `tandem run` against Debian's lua5.4 (lua.c 5.4.4), differential: each case runs
# under both interpreters with the same arguments, the same working directory (a fresh folder
# holding the case's files) and the same standard input, and stdout, stderr and the exit status
# must agree byte for byte. The reference is the lua5.4 binary run here, never an expected value
# written down by hand (one documented sandbox decision excepted, see DELIBERATE below).
#
#   python3 Tests/Shell/shell_differential.py [--binary .build/debug/tandem] [--lua lua5.4] [-v] [NAME…]
#
# The binary also comes from TANDEM_BINARY. One line per case, a summary, exit 1 on any difference.
# Python 3 standard library only.

import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# ---------------------------------------------------------------------------------------------
# Cases. Each is (name, arguments after the program, files {path: text}, stdin bytes). The name
# says what lua5.4 does; the comparison checks that Tandem does the same.

CASES = []


def case(name, args, stdin=b"", files=None, env=None):
    CASES.append(dict(name=name, args=args, stdin=stdin, files=files or {}, env=env or {}))


def script(name, source, stdin=b"", files=None, args=()):
    """A case running `main.lua` (with `source`) and `args`."""
    files = dict(files or {})
    files["main.lua"] = source
    case(name, ["main.lua", *args], stdin, files)


class Endless:
    """Standard input that never ends (like `yes LINE |`): written until the program exits."""

    def __init__(self, line):
        self.line = line

    def __getitem__(self, index):  # (for the report: the first bytes of what is fed)
        return (b"endless " + self.line)[index]


# --- io.read over piped standard input -----------------------------------------------------
script("io.read('n') reads decimal, hex, float and exponent numerals, nil at text, text stays",
       'print(io.read("n","n","n","n","n","n","n")) print(io.read("a"))',
       b"12 0x1F -3.5e2 .5 0x.8p1 0XAp-1 abc\n")
script("io.read('n') takes a numeral followed by text and leaves the text",
       'print(io.read("n")) print(io.read("a"))', b"42abc")
script("io.read('n') fails on a broken exponent and consumes what it read",
       'print(io.read("n")) print(io.read("a"))', b"1e+x rest")
script("io.read('n') skips whitespace and newlines and reads a hex integer as an integer",
       'local a, b = io.read("n", "n") print(a, math.type(a), b, math.type(b))', b"\n\t  0x10\n\n  7.0")
script("io.read('n') edge numerals: '+' sign, '0x' alone, '1..2', 'inf', a dot alone",
       'for i = 1, 6 do print(io.read("n"), io.read(1)) end', b"+7;0x;1..2;inf;.;-.5e+1;")
script("io.read('n') gives up after 200 characters",
       'print(io.read("n")) print(#io.read("a"))', b"1" * 250 + b" 5")
script("io.read reads standard input as it needs it: one line of an endless pipe, then exit",
       'print(io.read()) print(io.read("L")) print(io.read(3))', Endless(b"yes\n"))
script("io.lines over an endless pipe stops when the script breaks out",
       'local n = 0 for l in io.lines() do n = n + #l if n > 100000 then break end end print(n)', Endless(b"abc\n"))
case("-e reads one line of an endless pipe", ["-e", "print(io.read('n'), io.read('l'))"], Endless(b"12 y\n"))
script("io.read('l') keeps a carriage return", 'print(#io.read("l"), #io.read("l"))', b"ab\r\ncd\r\n")
script("io.read('n') at end of input is nil",
       'print(io.read("n")) print(io.read("n"))', b"  ")
script("io.read('l') drops the newline and reads a last line without one, then nil",
       'print(io.read("l")) print(io.read("l")) print(io.read("l"))', b"first\nsecond")
script("io.read('L') keeps the newline; empty lines are read as '\\n'",
       'for i = 1, 4 do print(string.format("%q", tostring(io.read("L")))) end', b"a\n\nb")
script("io.read() with no format reads a line",
       'print(io.read()) print(io.read())', b"x y\nz\n")
script("io.read('a') on empty input is '' (twice), 'l' and 'n' are nil, 0 is nil",
       'print(io.read("a")) print(io.read("a")) print(io.read("l")) print(io.read("n")) print(io.read(0))')
script("io.read(count) reads bytes; 0 is '' before the end and nil at it",
       'print(io.read(3, 0, 5, 100)) print(io.read(0)) print(io.read(1))', b"hello world")
script("io.read with several formats returns each, and nil stops the rest",
       'print(io.read("n", "n", "l", "L", "a"))', b"10 20 rest of line\nnext\nlast")
script("io.read stops at the first failing format",
       'print(io.read("l", "n", "l")) print(io.read("a"))', b"one\nnot a number\n")
script("io.read accepts the 5.3 '*' prefix ('*l', '*a', '*n')",
       'print(io.read("*n")) print(io.read("*l")) print(io.read("*a"))', b"5 tail\nmore")
script("io.read with an invalid format is a bad argument error",
       'print(pcall(io.read, "x")) print(pcall(io.read, {}))', b"abc")
script("io.read keeps binary bytes, NUL and CR included",
       'local s = io.read("a") print(#s, s:byte(1, -1))', b"a\x00b\r\n\xff")

# --- io.lines and io.stdin:lines --------------------------------------------------------------
script("io.lines() iterates over stdin's lines, an empty line included",
       'for l in io.lines() do print(#l, l) end', b"a\nb\n\nc")
script("io.lines(nil, formats) reads stdin with those formats",
       'for a, b in io.lines(nil, 1, "l") do print(a, b) end', b"xyz\n12\n")
script("io.stdin:lines('L') keeps the newlines",
       'for l in io.stdin:lines("L") do io.write("[", l, "]") end print()', b"1\n2\n3")
script("io.stdin:lines('n') reads numbers until one fails",
       'for n in io.stdin:lines("n") do print(n, math.type(n)) end print(io.read("a"))', b"1 2.5 0x10 x 9")
script("io.stdin:read after end of input: 'a' is '', 'l' and 0 are nil",
       'io.read("a") print(io.stdin:read("a")) print(io.stdin:read("l")) print(io.stdin:read(0)) print(io.stdin:read(5))',
       b"data")
script("io.input() is io.stdin and io.read reads it",
       'print(io.input() == io.stdin, io.type(io.stdin), io.input():read("l"))', b"line\n")

# --- stdout and stderr ----------------------------------------------------------------------
script("io.stderr:write goes to stderr and returns the file",
       'print(io.stderr:write("to stderr ", 1, " ", 2.5, "\\n") == io.stderr) io.write("out\\n")')
script("io.stdout:write and print share stdout in order",
       'io.stdout:write("a") print("b") io.write("c", "\\n") io.stdout:write(1, 2, "\\n")')
script("output without a final newline is written as is", 'io.write("no newline")')

# --- runtime errors --------------------------------------------------------------------------
script("a runtime error prints 'prog: message' and the traceback on stderr, exit 1",
       'io.write("before\\n")\nlocal function inner(t)\n  return t.x.y\nend\nlocal function outer()\n  inner({})\nend\nouter()\nprint("never")\n')
script("error() with a string shows the position and the traceback",
       'local function f() error("boom") end\nf()\n')
script("an uncaught error's message ends at its first NUL byte (lua.c prints it as a C string)",
       'io.write("x\\0y\\n")\nerror("before\\0after")\n')
script("an uncaught error whose __tostring returns a string with a NUL byte is cut there too",
       'error(setmetatable({}, {__tostring = function() return "a\\0b" end}))\n')
script("error(msg, 0) has no position", 'error("plain", 0)')
script("error(msg, 2) blames the caller", 'local function f() error("caller", 2) end\nf()\n')
script("an error object that is a table without __tostring is '(error object is a table value)'",
       'error({code = 1})')
script("an error object with __tostring is printed with it and no traceback",
       'error(setmetatable({}, {__tostring = function() return "custom error" end}))')
script("error(nil) is '(error object is a nil value)'", 'error(nil)')
script("an error with a number object is converted to a string", 'error(42)')
script("a call of a nil global names it", 'undefinedfunction()')

# --- exit status -----------------------------------------------------------------------------
script("os.exit(3) exits with 3 after flushing output", 'io.write("out") os.exit(3)')
script("os.exit(false) exits with 1", 'print("x") os.exit(false)')
script("os.exit(true) exits with 0", 'os.exit(true)')
script("os.exit() exits with 0", 'os.exit()')
script("os.exit cannot be caught by pcall", 'print(pcall(os.exit, 5)) print("not reached")')
script("os.exit inside a coroutine ends the program", 'coroutine.wrap(function() os.exit(4) end)() print("no")')
script("os.exit without close skips pending finalizers",
       'X = setmetatable({}, {__gc = function() print("gc") end}) os.exit(0)')
script("os.exit(0, true) closes the state: pending finalizers run",
       'setmetatable({}, {__gc = function() print("gc") end}) os.exit(0, true)')
script("finalizers run when the state closes at the end",
       'X = setmetatable({}, {__gc = function() print("closing") end}) print("end")')

script("os.exit(0, true) closes the main chunk's pending to-be-closed variables first",
       'local x <close> = setmetatable({}, {__close = function(_, e) print("closed", e) end})\n'
       'setmetatable({}, {__gc = function() print("gc") end}) os.exit(3, true)')
script("os.exit without close leaves to-be-closed variables open",
       'local x <close> = setmetatable({}, {__close = function() print("closed") end}) os.exit(2)')
script("an uncaught error closes pending variables with the message and its traceback",
       'local x <close> = setmetatable({}, {__close = function(_, e) print("closed", e) end})\n'
       'local function f() error("boom") end f()')
script("an error in a __close replaces the error, with its own traceback",
       'local a <close> = setmetatable({}, {__close = function(_, e) print("a", e) end})\n'
       'local b <close> = setmetatable({}, {__close = function(_, e) print("b", e) error("in b", 0) end})\n'
       'local t <close> = setmetatable({}, {__close = function(_, e) print("t", type(e)) end})\n'
       'error(setmetatable({}, {__tostring = function() return "custom" end}))')

# --- require, loadfile, dofile from disk ----------------------------------------------------
MODULES = {
    "mod.lua": 'print("loading mod", ...)\nreturn {name = "mod"}\n',
    "dir/mod.lua": 'print("loading dir.mod", ...)\nreturn {name = "dir.mod"}\n',
    "pkg/init.lua": 'print("loading pkg", ...)\nreturn {name = "pkg"}\n',
    "failing.lua": 'local x = nil\nreturn x.field\n',
    "broken.lua": 'return {\n',
    "nothing.lua": 'x_loaded = true\n',
    "chunk.lua": 'local a, b = ...\nprint("chunk args", a, b)\nreturn a, b, "done"\n',
    "syntax.lua": 'print("x"\nprint("y")\n',
}
case("package.path is 5.4.4's default (./?.lua and ./?/init.lua last)",
     ["-e", "print(package.path) print(package.cpath) print(package.config)"])
script("require('mod') loads ./mod.lua with its name and path and returns both",
       'local m, where = require("mod") print(m.name, where) print(require("mod") == m)', files=MODULES)
script("require('dir.mod') loads ./dir/mod.lua",
       'local m, where = require("dir.mod") print(m.name, where)', files=MODULES)
script("require('pkg') loads ./pkg/init.lua through ./?/init.lua",
       'local m, where = require("pkg") print(m.name, where)', files=MODULES)
script("require of a module returning nothing stores true",
       'print(require("nothing"), x_loaded, package.loaded.nothing)', files=MODULES)
script("require of a missing module lists every path tried",
       'require("nope")', files=MODULES)
script("require of a missing module under pcall returns the message",
       'print(pcall(require, "dir.nope"))', files=MODULES)
script("a module that errors while loading propagates the error with require in the traceback",
       'require("failing")', files=MODULES)
script("a module with a syntax error is 'error loading module'",
       'print(pcall(require, "broken"))', files=MODULES)
script("package.searchpath finds dir.mod and lists the misses",
       'print(package.searchpath("dir.mod", package.path)) print(package.searchpath("x.y", "./?.lua;./?.luac"))',
       files=MODULES)
script("package.preload is consulted before the file system",
       'package.preload.mod = function(...) print("preload", ...) return "pre" end print(require("mod"))',
       files=MODULES)
script("loadfile returns a function that takes arguments",
       'local f = assert(loadfile("chunk.lua")) print(f(1, 2))', files=MODULES)
script("loadfile with an environment", 'local f = loadfile("nothing.lua", "t", {}) f() print(x_loaded)',
       files=MODULES)
script("loadfile of a missing file returns nil and the message",
       'print(loadfile("missing.lua"))', files=MODULES)
script("loadfile of a file with a syntax error returns nil and the message",
       'print(loadfile("syntax.lua"))', files=MODULES)
script("dofile runs a file and returns its values", 'print(dofile("chunk.lua"))', files=MODULES)
script("dofile of a file with a syntax error raises it", 'dofile("syntax.lua")', files=MODULES)
script("dofile() runs standard input", 'print(dofile())', stdin=b'return 1 + 1, "from stdin"')
script("a script in a subfolder is named by its path in messages",
       'dofile("dir/err.lua")', files={"dir/err.lua": 'error("in dir")\n'})

# --- files: io.open, seek, setvbuf, lines, os.remove/rename/tmpname --------------------------
# Each case works in its own fresh folder; names are relative to it.
SHOW = ('local function show(...) local t = table.pack(...) for i = 1, t.n do local v = t[i] '
        't[i] = type(v) == "string" and string.format("%q", v) or io.type(v) or tostring(v) end '
        'print(t.n, table.concat(t, "|")) end\n')
script("io.open writes a file that reads back with every format",
       SHOW + 'local f = assert(io.open("data.txt", "w")) show(f:write("one\\n", 2, " ", 3.5, "\\n", "tail"))\n'
       'show(f:close()) f = assert(io.open("data.txt")) show(f:read("l", "n", "n", "L", "a", "a", 1, 0))\n'
       'f:close() f = io.open("data.txt", "rb") show(f:read(2), f:read("*l"), f:read("*a")) f:close()')
script("io.open of a missing file and a bad mode: nil, message, errno and 'invalid mode'",
       SHOW + 'show(io.open("missing.txt")) show(io.open("no/such/dir/x.txt", "w"))\n'
       'for _, m in ipairs{"rw", "rb+", "r+bk", "", "+", "b", "x"} do show(pcall(io.open, "data.txt", m)) end\n'
       'for _, m in ipairs{"w+", "r+b", "ab", "a+b", "rb"} do local f = io.open("m.txt", m) show(io.type(f)) f:close() end')
script("file:seek set, cur and end positions while writing and reading",
       SHOW + 'local f = assert(io.open("s.txt", "w+")) show(f:seek()) f:write("alo alo") show(f:seek())\n'
       'show(f:seek("cur", -3)) f:write("joao") show(f:seek("end")) show(f:seek("set")) show(f:read("a"))\n'
       'show(f:seek("set", 4)) show(f:read(3)) show(f:seek("cur")) show(f:seek("set", -1)) show(f:seek("end", -2), f:read("a"))\n'
       'show(pcall(f.seek, f, "bad")) show(pcall(f.seek, f, "set", 1.5)) f:close()')
script("setvbuf: 'full' hides writes from another handle until close, 'no' shows them, 'line' at newlines",
       SHOW + 'local f = assert(io.open("b.txt", "w")) local fr = assert(io.open("b.txt", "r"))\n'
       'show(f:setvbuf("full", 2000)) f:write("x") show(fr:read("a")) f:close() fr:seek("set") show(fr:read("a"))\n'
       'f = assert(io.open("b.txt", "w")) show(f:setvbuf("no")) f:write("y") fr:seek("set") show(fr:read("a")) f:close()\n'
       'f = assert(io.open("b.txt", "a")) show(f:setvbuf("line")) f:write("z") fr:seek("set", 1) show(fr:read("a"))\n'
       'f:write("a\\nb") fr:seek("set", 1) show(fr:read("a")) f:flush() fr:seek("set") show(fr:read("a"))\n'
       'f:close() fr:close() show(pcall(io.stdout.setvbuf, io.stdout, "bad"))')
script("a 'full' buffer reaches the file once 4096 bytes are written, flush shows the rest",
       SHOW + 'local f = assert(io.open("big.txt", "w")) local fr = assert(io.open("big.txt"))\n'
       'f:write(string.rep("a", 4000)) show(#fr:read("a")) f:write(string.rep("b", 200)) fr:seek("set") show(#fr:read("a"))\n'
       'f:write(string.rep("c", 10000)) fr:seek("set") show(#fr:read("a")) f:flush() fr:seek("set") show(#fr:read("a"))\n'
       'f:close() fr:close()')
script("io.lines over a file: lines, formats, closing at the end, 'file is already closed'",
       SHOW + 'local f = io.open("l.txt", "w") f:write("a line\\nanother\\n1 2 3\\nlast") f:close()\n'
       'for l in io.lines("l.txt") do show(l) end for l in io.lines("l.txt", "L") do show(l) end\n'
       'for a, b in io.lines("l.txt", 1, 2) do show(a, b) end\n'
       'local it = io.lines("l.txt") while it() do end show(pcall(it))\n'
       'show(pcall(io.lines, "missing.txt")) local g = io.open("l.txt") for l in g:lines("n") do show(l) end show(io.type(g)) g:close()\n'
       'show(select("#", io.lines("l.txt")))')
script("io.input and io.output with names, io.read/io.write on them, closed default files",
       SHOW + 'io.output("o.txt") io.write("hello ", 42, "\\n", 1.5, "\\n") show(io.output() ~= io.stdout) io.close()\n'
       'show(pcall(io.write, "x")) io.output(io.stdout) io.input("o.txt") show(io.read("L", "n", "l"))\n'
       'show(io.read()) io.close(io.input()) show(pcall(io.read)) show(pcall(io.input, "missing.txt"))\n'
       'show(pcall(io.lines)) io.input(io.stdin) show(pcall(io.close, io.stdin))')
script("closed files: tostring, io.type, methods and io.close on them",
       SHOW + 'local f = io.open("c.txt", "w") show(tostring(f):sub(1, 8)) show(f:close()) show(tostring(f), io.type(f))\n'
       'show(pcall(f.write, f, "x")) show(pcall(f.read, f)) show(pcall(io.close, f)) show(pcall(f.seek, f))\n'
       'do local g <close> = io.open("c.txt") show(io.type(g)) F = g end show(io.type(F))')
script("read errors on a write-only file and write errors on a read-only one",
       SHOW + 'local f = io.open("e.txt", "w") show(f:read()) show(f:read("a", 1)) show(pcall(f:lines())) f:close()\n'
       'f = io.open("e.txt", "r") show(f:write("whatever")) show(f:write(1, 2)) f:close()\n'
       'show(io.open(".", "w")) local d = io.open(".") show(d:read(1)) d:close()')
script("os.rename and os.remove: results and messages",
       SHOW + 'io.open("r1.txt", "w"):close() show(os.rename("r1.txt", "r2.txt")) show(os.rename("r1.txt", "r2.txt"))\n'
       'show(io.open("r2.txt") ~= nil) show(os.remove("r2.txt")) show(os.remove("r2.txt")) show(os.remove("nodir/x"))\n'
       'os.execute = nil show(pcall(os.remove)) show(pcall(os.rename, "a"))')
script("os.tmpname names a file that exists, can be written and removed; io.tmpfile",
       SHOW + 'local n = os.tmpname() show(type(n), n:sub(1, 9)) local f = assert(io.open(n, "w")) f:write("t") f:close()\n'
       'show(io.open(n):read("a")) show(os.remove(n)) show(os.tmpname() ~= os.tmpname())\n'
       'local t = io.tmpfile() show(io.type(t)) t:write("alo") t:seek("set") show(t:read("a")) t:close()')
script("numbers read from a file: integers, hex, floats, limits and bad numerals",
       SHOW + 'local f = io.open("n.txt", "w") f:write(math.maxinteger, "\\n", string.format("0X%x\\n", math.maxinteger))\n'
       'f:write("0xABCp-3\\n-12.3-\\t-0xffff+  .3|5.E-3X  +234e+13E 0xDEADBEEFDEADBEEFx\\n.e+\\t0.e;\\t--;  0xX;\\n") f:close()\n'
       'f = io.open("n.txt") for i = 1, 12 do show(f:read("n"), f:read(1)) end f:close()')
script("loadfile and dofile read files the script wrote; a removed file is gone",
       SHOW + 'local f = io.open("w.lua", "w") f:write("return 1 + (... or 0), \'w\'") f:close() show(loadfile("w.lua")(2))\n'
       'show(dofile("w.lua", 5)) os.remove("w.lua") show(loadfile("w.lua")) show(pcall(dofile, "w.lua"))\n'
       'io.open("m2.lua", "w"):write("return \'module m2\'"):close() show(require("m2"))\n'
       'local co = coroutine.wrap(dofile) io.open("y.lua", "w"):write("local x = coroutine.yield(10) return x * 2"):close()\n'
       'show(co("y.lua")) show(co(21))')
case("writes stay in a 'full' buffer across chunks until close; collecting a file closes it",
     ["-e", 'f = io.open("p.txt", "w") f:write("pending") g = io.open("q.txt", "w") g:write("collected")',
      "-e", 'print(io.open("p.txt"):read("a")) f:close() print(io.open("p.txt"):read("a"))',
      "-e", 'print(io.open("q.txt"):read("a")) g = nil collectgarbage() print(io.open("q.txt"):read("a"))'])
script("large files: reads across the 4096-byte buffer, a huge line, seek back",
       SHOW + 'local f = io.open("L.txt", "w") for i = 1, 5001 do f:write("0123456789123") end f:write("\\n12346") f:close()\n'
       'f = io.open("L.txt") local x = f:read("a") f:seek("set", 0)\n'
       'local y = f:read(30001) .. f:read(1005) .. f:read(0) .. f:read(1) .. f:read(100003)\n'
       'show(x == y, #x) f:seek("set", 0) y = f:read() show(#y, f:read(), f:read()) f:close()')

# --- the command line ------------------------------------------------------------------------
case("-e runs statements in order, each its own chunk",
     ["-e", "x = 1", "-e", "print(x + 1)", "-eprint('attached')"])
case("-e with a syntax error reports it with (command line) and exits 1", ["-e", "x = = 1"])
case("-e with a runtime error stops the rest", ["-e", "error('first')", "-e", "print('not run')"])
case("-l mod requires mod into the global mod", ["-l", "mod", "-e", "print(mod.name)"], files=MODULES)
case("-l g=mod requires mod into the global g", ["-l", "g=dir.mod", "-e", "print(g.name, mod)"], files=MODULES)
case("-lmod works attached", ["-lmod", "-e", "print(mod.name)"], files=MODULES)
case("-l of a missing module fails with the search list", ["-l", "nope", "-e", "print('not run')"], files=MODULES)
case("-v prints the version banner and runs nothing else", ["-v"])
case("-v with a script prints the banner then runs it", ["-v", "main.lua"], files={"main.lua": 'print("ran")'})
case("-W turns warnings on: warn writes 'Lua warning: ' to stderr",
     ["-W", "-e", "warn('hello', ' ', 'world') warn('@off') warn('hidden') warn('@on') warn('again')"])
case("without -W warnings are off until warn('@on')",
     ["-e", "warn('hidden') warn('@on') warn('shown')"])
case("-E ignores LUA_INIT", ["-E", "-e", "print(x)"],
     env={"LUA_INIT": "x = 'init ran'"})
case("- runs standard input as the script, with arguments", ["-", "a", "b"],
     stdin=b"print(..., select('#', ...)) print(arg[0], arg[1], arg[2])")
case("-- stops handling options", ["--", "main.lua", "-e"], files={"main.lua": "print(...)"})
case("no script and piped stdin: stdin runs as a chunk", [],
     stdin=b"print('from stdin', ...)\nprint(arg and #arg)\n")
case("no script, piped stdin with an error: 'stdin:' in the message", [], stdin=b"local x\nerror('in stdin')\n")
case("an unrecognized option prints the usage and exits 1", ["-x"])
case("an option with extra letters is unrecognized", ["-ix"])
case("-e followed by an option is '-e' needs argument", ["-e", "-v"])
case("-e chunks get no arguments, the script gets its own", ["-e", "print(select('#', ...))", "main.lua", "a"],
     files={"main.lua": "print(...)"})
case("with no script arg[0] is the program and the options are above it",
     ["-e", "print(#arg, arg[1], arg[2], arg[3], arg[-1])", "-W"])
case("LUA_INIT runs before the options", ["-e", "print(x)"], env={"LUA_INIT": "x = 'from LUA_INIT'"})
case("LUA_INIT_5_4 wins over LUA_INIT", ["-e", "print(x)"],
     env={"LUA_INIT": "x = 'plain'", "LUA_INIT_5_4": "x = 'versioned'"})
case("LUA_INIT=@file runs the file", ["-e", "print(x)"], files={"init.lua": "x = 'init file'"},
     env={"LUA_INIT": "@init.lua"})
case("an error in LUA_INIT stops the run, exit 1", ["-e", "print('not run')"], env={"LUA_INIT": "error('init failed')"})
case("-W takes effect in order with -e", ["-e", "warn('before')", "-W", "-e", "warn('after')"])
case("the collector runs in generational mode (lua.c sets it)", ["-e", "print(collectgarbage('incremental'))"])
case("-l with piped stdin and no script still runs stdin", ["-l", "mod"], stdin=b"print(mod.name)", files=MODULES)
case("-l of a module that errors shows require called from C", ["-l", "failing"], files=MODULES)
case("-e without its statement prints the usage and exits 1", ["-e"])
case("-l without its name prints the usage and exits 1", ["-l"])
script("arg holds the script at 0, options below, arguments above; ... is the arguments",
       'local lo = 0 while arg[lo - 1] do lo = lo - 1 end\n'
       'print(lo, type(arg[lo])) for i = lo + 1, #arg do print(i, arg[i]) end\n'
       'print(select("#", ...), ...)\n', args=("one", "", "three four"))
case("arg with -e before the script", ["-e", "x=1", "main.lua", "p"],
     files={"main.lua": 'local lo = 0 while arg[lo - 1] do lo = lo - 1 end\n'
                        'for i = lo + 1, #arg do print(i, arg[i]) end print(...)\n'})
script("a syntax error in the script file is reported with its name, exit 1",
       'local x = 1\nif x then\n  print(x\nend\n')
script("a shebang line is skipped and line numbers stay", '#!/usr/bin/env lua5.4\nprint("ok")\nerror("line 3")\n')
case("a missing script file is 'cannot open'", ["missing.lua"])
case("a folder as script file is 'cannot read'", ["dir"], files={"dir/x.lua": ""})

# --- the REPL with a piped (non-terminal) standard input --------------------------------------
REPL_LINES = (b"x = 1\n"
              b"x\n"
              b"=x + 1\n"
              b"1, nil, 'three'\n"
              b"local y = 5\n"
              b"y\n"
              b"for i = 1, 2 do\n"
              b"print(i)\n"
              b"end\n"
              b"s = [[long\n"
              b"string]] print(s)\n"
              b"error('boom')\n"
              b"error({})\n"
              b"1 +\n"
              b"2\n"
              b"x = = 2\n"
              b"'unfinished\n"
              b"print('after errors')\n"
              b"\n"
              b"function f() return\n"
              b"42 end\n"
              b"f()\n"
              b"return 'last'")
case("-i with piped stdin: prompts, echoed lines, values, continuation, errors, and the loop goes on",
     ["-i"], stdin=REPL_LINES)
case("-i after -e: the REPL sees the same state", ["-e", "z = 7", "-i"], stdin=b"z * 6\n")
case("-i after a script", ["-i", "main.lua"], files={"main.lua": 'w = "from script"'}, stdin=b"w\n")
case("-i with empty stdin prints the banner and a prompt", ["-i"])
case("os.exit in the REPL ends it with its status", ["-i"], stdin=b"print(1)\nos.exit(6)\nprint(2)\n")
case("REPL error objects: __tostring alone, numbers with traceback", ["-i"],
     stdin=b"error(setmetatable({}, {__tostring = function() return 'TS' end}))\nerror(12)\nerror(true)\n")
case("a runtime error in a REPL function shows its traceback", ["-i"],
     stdin=b"function g() local t = nil return t.k end\ng()\nprint('still here')\n")

# ---------------------------------------------------------------------------------------------
# Normalization: only what must differ.
#
# 1. The program name. lua.c prefixes its messages with progname, which is argv[0] as the
#    program was started ("lua5.4: …"); `tandem run` does the same with its own argv[0] (the
#    binary's path here). Both become PROG. The usage line of lua.c is "usage: PROG [options]…";
#    Tandem's names its subcommand too ("usage: PROG run [options]…"), since `PROG [options]`
#    would not run it.
# 2. The version banner (-v, -i): lua5.4 says "Lua 5.4.4  Copyright …", Tandem names itself.
#    Both become BANNER; the banner's position and line are still compared.

BANNER = re.compile(rb"^Lua 5\.4[^\n]*Copyright \(C\) 1994-2022 Lua\.org, PUC-Rio$", re.M)


def normalize(data, progname, usage_prefix):
    data = BANNER.sub(b"BANNER", data)
    data = data.replace(b"usage: " + usage_prefix + b" ", b"usage: PROG ")
    data = re.sub(rb"(?m)^" + re.escape(progname) + rb": ", b"PROG: ", data)
    return data


# Where Tandem deliberately differs (a sandbox decision documented in README.md or
# Sources/Lua/README.md), the case's name maps to what Tandem must do instead, with the reason.
DELIBERATE = {}


def run_endless(argv, folder, stdin, env, started):
    out_file, err_file = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    p = subprocess.Popen(argv, cwd=folder, stdin=subprocess.PIPE, stdout=out_file, stderr=err_file, env=env)

    def feed():
        try:
            while p.poll() is None:
                p.stdin.write(stdin.line * 512)
                p.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            pass

    import threading
    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        p.wait(timeout=20)  # (communicate would close the pipe the writer feeds)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
        return b"", b"(timed out after 20 s)", -1, time.monotonic() - started
    out_file.seek(0)
    err_file.seek(0)
    return out_file.read(), err_file.read(), p.returncode, time.monotonic() - started


def run(argv, folder, stdin, env):
    started = time.monotonic()
    if isinstance(stdin, Endless):
        return run_endless(argv, folder, stdin, env, started)
    try:
        p = subprocess.run(argv, cwd=folder, input=stdin, capture_output=True, env=env, timeout=20)
        return p.stdout, p.stderr, p.returncode, time.monotonic() - started
    except subprocess.TimeoutExpired:
        return b"", b"(timed out after 20 s)", -1, time.monotonic() - started


def materialize(root, files):
    os.makedirs(root)
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)


def show(label, data):
    return f"    {label}: {data!r}"


def run_case(number, c, opts, binary, base_env, tmp):
    """Runs one case under both interpreters; returns (agrees, report lines)."""
    env = dict(base_env, **c["env"])
    sides = []
    for label, argv, progname, usage in (
            ("lua5.4", [opts.lua, *c["args"]], opts.lua.encode(), opts.lua.encode()),
            ("tandem", [binary, "run", *c["args"]], binary.encode(), binary.encode() + b" run")):
        folder = os.path.join(tmp, f"{number}-{label}")
        materialize(folder, c["files"])
        out, err, status, _ = run(argv, folder, c["stdin"], env)
        sides.append((normalize(out, progname, usage), normalize(err, progname, usage), status))
    expected, actual = sides
    if c["name"] in DELIBERATE:
        expected = DELIBERATE[c["name"]]
    if expected == actual:
        return True, [f"ok    {c['name']}"]
    lines = [f"DIFF  {c['name']}", f"    args: {c['args']!r} stdin: {c['stdin'][:60]!r}"]
    for what, e, a in zip(("stdout", "stderr", "status"), expected, actual):
        if e == a:
            continue
        if opts.verbose or not isinstance(e, bytes):
            lines += [show(f"{what} lua5.4", e), show(f"{what} tandem", a)]
        else:
            i = next((k for k in range(min(len(e), len(a))) if e[k] != a[k]), min(len(e), len(a)))
            start = max(0, i - 40)
            lines += [f"    {what} differs at byte {i}:", show("lua5.4", e[start:i + 60]), show("tandem", a[start:i + 60])]
    return False, lines


# --- --json: standard input recorded in the document ----------------------------------------
# `tandem run --json` prints a result document instead of running like lua5.4. Its printed
# output must still be lua5.4's for the same standard input, and the request must record that
# input (its length and SHA-256, computed here from the bytes fed).
DOCUMENT_CASES = [
    ("io.read lines and a number", 'print(io.read("l"), io.read("n"), io.read("a"))', b"first line\n  42 rest\nlast"),
    ("io.lines counts lines", 'local n = 0 for _ in io.lines() do n = n + 1 end print(n)', b"a\nb\n\nc"),
    ("no input", 'print(io.read())', b""),
]


def check_document(name, source, stdin, opts, binary, env):
    import hashlib
    import json
    ref = subprocess.run([opts.lua, "-e", source], input=stdin, capture_output=True, env=env, timeout=20)
    ours = subprocess.run([binary, "run", "--json", "-e", source], input=stdin, capture_output=True, env=env, timeout=20)
    problems = []
    try:
        doc = json.loads(ours.stdout)
        if doc["output"].encode("utf-8", "surrogateescape") != ref.stdout:
            problems.append(f"output {doc['output']!r} vs lua5.4 {ref.stdout!r}")
        if doc["request"]["input_bytes"] != len(stdin):
            problems.append(f"input_bytes {doc['request']['input_bytes']} vs {len(stdin)} fed")
        if doc["request"]["input_sha256"] != hashlib.sha256(stdin).hexdigest():
            problems.append("input_sha256 is not the SHA-256 of what was fed")
    except (ValueError, KeyError) as e:
        problems.append(f"no document ({e}): {ours.stdout[:200]!r} {ours.stderr[:200]!r}")
    label = f"--json records standard input: {name}"
    return not problems, [("ok    " if not problems else "DIFF  ") + label] + ["    " + p for p in problems]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--binary", default=os.environ.get("TANDEM_BINARY", ".build/debug/tandem"))
    ap.add_argument("--lua", default="lua5.4")
    ap.add_argument("--jobs", type=int, default=4, help="cases run at once (default 4)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print both sides of every difference in full")
    ap.add_argument("names", nargs="*", help="run only cases whose name contains one of these")
    opts = ap.parse_args()
    binary = os.path.abspath(opts.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"no tandem binary at {binary} (swift build --product tandem)")
    if shutil.which(opts.lua) is None:
        sys.exit(f"no {opts.lua} (apt-get install lua5.4)")
    # A clean environment: no LUA_INIT or LUA_PATH from the caller's shell.
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("LUA_")}
    cases = [c for c in CASES if not opts.names or any(n in c["name"] for n in opts.names)]
    tmp = tempfile.mkdtemp(prefix="tandem-shell-")
    failures = 0
    started = time.monotonic()
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
            futures = [pool.submit(run_case, n, c, opts, binary, base_env, tmp) for n, c in enumerate(cases, 1)]
            for f in futures:  # in the cases' order
                agrees, lines = f.result()
                failures += not agrees
                print("\n".join(lines), flush=True)
        documents = [d for d in DOCUMENT_CASES if not opts.names or any(n in d[0] for n in opts.names)]
        for name, source, stdin in documents:
            agrees, lines = check_document(name, source, stdin, opts, binary, base_env)
            failures += not agrees
            print("\n".join(lines), flush=True)
        cases = cases + documents
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(cases)} cases, {len(cases) - failures} agree with lua5.4, {failures} differ "
          f"({time.monotonic() - started:.1f} s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
