-- string.find and string.match: init (negative, zero, past the end), plain searches and the
-- special-free fast path, anchors, every class and its complement, sets and ranges, the
-- quantifiers, captures and position captures, back-references, %b and %f, and errors.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(table.concat(t, " | "))
end
local s = "hello world, hello Lua 5.4!"
for _, init in ipairs({1, 2, 7, 14, 27, 28, 29, 100, 0, -1, -5, -27, -28, -100, math.mininteger, math.maxinteger}) do
  show(init, s:find("hello", init), s:find("l+", init), s:match("%a+", init), s:find("", init), s:match("()", init))
end
show(s:find("o w"), s:find("5.4", 1, true), s:find("5.4"), s:find("%.4", 1, true), s:find("%.4"))
show(s:find("[", 1, true), s:find("(", 1, true), s:find("^hello"), s:find("^world"), s:find("!$"), s:find("^$"))
show(("a+b"):find("+", 1, true), ("a+b"):find("a+b"), ("a.b"):find(".", 2, true), ("a\0b"):find("\0", 1, true))
show(("a\0b\0c"):find("b\0"), ("a\0b"):find("%z"), ("a\0b"):match("[%z]"), ("a\0b"):find("[\0]"))
show(("abc"):find("b", 1, false), ("abc"):find("b", 1, nil), ("a.c"):find(".", 1, 0), ("x"):find("", 10))
show((""):find(""), (""):find("", 1), (""):find("", 2), (""):match(".*"), (""):find("^$"), (""):match("x*$"))
-- classes
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)
for _, c in ipairs({"a", "c", "d", "g", "l", "p", "s", "u", "w", "x", "A", "C", "D", "G", "L", "P", "S", "U", "W", "X"}) do
  local n = select(2, all:gsub("%" .. c, ""))
  local first, last = all:find("%" .. c), nil
  for i = 256, 1, -1 do if all:sub(i, i):match("%" .. c) then last = i; break end end
  show(c, n, first, last)
end
show(("x.y"):find("%."), ("%"):find("%%"), ("a]"):find("]"), ("a-b"):find("a%-b"), ("a^"):find("a^"))
-- sets
show(("hello"):find("[aeiou]+"), ("HELLO"):find("[^A-Z]"), ("a]b"):find("[]]"), ("a^b"):find("[b^]"), ("a-b"):find("[a-]+"))
show(("x5z"):find("[%d]"), ("abc-"):find("[%a-]+"), ("abc"):find("[^%a]"), ("b"):find("[a-c-e]"), ("]"):find("[^]]"))
show(("0x1F"):match("0[xX](%x+)"), ("tab\there"):match("%s(%a+)"), ("a.b"):match("[.]"), ("z"):match("[a-]"))
-- quantifiers
show(("aaab"):match("a*"), ("aaab"):match("a+"), ("aaab"):match("a-b"), ("aaab"):match("a?a?"), ("b"):match("a?b"))
show(("<<a>><<b>>"):match("<<(.-)>>"), ("<<a>><<b>>"):match("<<(.*)>>"), ("abc"):match(".-"), ("abc"):match(".-$"))
show(("  trim  "):match("^%s*(.-)%s*$"), ("key = value"):match("^(%w+)%s*=%s*(%w+)$"), ("2024-01-15"):match("(%d+)-(%d+)-(%d+)"))
-- captures, position captures, back-references
show(("hello"):find("(l)(l)"), ("hello"):match("()ll()"), ("hello"):find("()"), ("hello"):match("(h)(e)(l)(l)(o)"))
show(("abcabc"):find("(abc)%1"), ("xyzzy"):match("(z)%1"), ("a = 'b'"):match("(['\"])(.-)%1"), ("aa"):match("(a)%1"))
show(("hello world"):match("((%a+) (%a+))"), ("x"):match("()(x)()"), ("abab"):match("((a)(b))%1"))
show(("aaa"):match("(a*(.)%w(%s*))"), ("[[x]]"):match("%[(=*)%[(.-)%]%1%]"), ("f(a(b)c)"):match("%b()"))
-- %b and %f
show(("(foo(bar))baz"):find("%b()"), ("if x then y end"):match("%bie"), ("[[]]"):find("%b[]"), ("(("):find("%b()"))
show(("THE (quick) fox"):find("%f[%a]%a+"), ("THE (quick) fox"):match("%f[%l]%a+"), ("hello"):find("%f[%z]"))
for w in ("THE (quick) fox, jumps"):gmatch("%f[%a]%a+%f[%A]") do io.write(w, ";") end print()
show(("key=val"):find("%f[=]"), ("aXb"):match("%f[%u].%f[%l]"), (""):find("%f[%z]"), ("abc"):find("%f[^%z]"))
-- anchors only at the start; '$' only at the end
show(("a^b"):find("^b"), ("^a"):find("^^a"), ("a$b"):find("$b"), ("a$b"):find("a$"), ("ab$"):find("b$$"))
show(("abc"):find("^abc", 2), ("abc"):find("^bc", 2), ("abc"):match("^(b)", 2), ("aaa"):find("^a", -1))
-- numbers as subjects and patterns
show(string.find(12345, 34), string.match(3.25, "%d+"), string.find("a1", 1), string.match(2^53, "^%d+"))
-- errors
local function err(f, ...) show(pcall(f, ...)) end
err(string.find, "x", "%")
err(string.find, "x", "[a")
err(string.find, "x", "[a%")
err(string.find, "x", "(")
err(string.find, "x", ")")
err(string.find, "x", "%1")
err(string.find, "x", "(x)%2")
err(string.find, "x", "(x%1)")
err(string.find, "x", "%b")
err(string.find, "x", "%ba")
err(string.find, "x", "%f")
err(string.find, "x", "%fa")
err(string.match, "x", "%g%")
err(string.find, ("a"):rep(300), ("a?"):rep(300) .. ("a"):rep(300))
err(string.match, "x", string.rep("()", 33))
show(pcall(string.match, "x", string.rep("()", 32)))
err(string.find)
err(string.find, "x")
err(string.find, "x", {})
err(string.find, "x", "x", "y")
err(string.find, "x", "x", 1.5)
err(string.match, nil, "x")
err(string.match, "x", "x", {})
show(pcall(function() return ("x"):find() end))
show(pcall(function() return ("x"):match("(") end))
