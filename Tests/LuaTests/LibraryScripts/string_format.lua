-- string.format: every conversion with flags, width and precision (up to the two-digit
-- limits), integer and float corner values, %a, %q literals, %s with __tostring and
-- precision, %c, %%, and the errors (bad specs, missing values, wrong types).
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(table.concat(t, " | "))
end
local function try(...)
  local ok, r = pcall(string.format, ...)
  print(ok and ("[" .. r .. "]") or ("error: " .. r))
end
local maxi, mini = math.maxinteger, math.mininteger
-- integers
for _, v in ipairs({0, 1, -1, 42, -42, 255, 65535, maxi, mini, 3.0, -0.0, "17", " 0x10 ", 2^53}) do
  try("%d|%i|%5d|%-5d|%05d|%+d|% d|%.3d|%8.3d|%-+8.3d|%u|%o|%#o|%x|%X|%#x|%#X|%08.3x|%.0d", v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v)
end
try("%.0x|%#.0x|%#.0o|%5.0d|%-#10x|%-010d|% 05d|%+05d", 0, 0, 0, 0, 255, 7, 7, 7)
try("%99d|%-99d|%.99d", 1, -1, 12345)
try("%99.99d", mini)
-- %c
try("%c%c%c", 72, 105, 0)
try("[%5c][%-5c][%c]", 65, 66, 256 + 67)
try("%c", -1)
-- floats: fixed, exponent, general
local floats = {0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.5, 1/3, 2/3, 100, 1e15, 1e16, 1e17, 123456789012345678,
  1e-5, 1e-4, 1e300, 1e-300, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 2^63, -2^63,
  0.000123456789, 123.456, 9.9999999, 0.95, 0.05, 1e21, 12345.6789, 1/0, -1/0}
for _, v in ipairs(floats) do
  try("%f|%.0f|%.1f|%.3f|%10.2f|%-10.2f|%+.2f|% .2f|%010.3f|%#.0f", v, v, v, v, v, v, v, v, v, v)
  try("%e|%.0e|%.3e|%E|%12.4e|%-+12.2e|%#.0e|%012.3E", v, v, v, v, v, v, v, v)
  try("%g|%.0g|%.1g|%.3g|%.10g|%.17g|%G|%#g|%#.3g|%12.5g|%-12g|%+g|%012g", v, v, v, v, v, v, v, v, v, v, v, v, v)
  try("%a|%A|%.0a|%.1a|%.3a|%.13a|%.20a|%#a|%20a|%-20a|%+a|%020a", v, v, v, v, v, v, v, v, v, v, v, v)
end
try("%.99f", 1/3)
try("%99.99f", -1e-10)
try("%.99f", 1e300)
try("%.99e", 2/3)
try("%.99g", 0.1)
try("%99.2f|%-99.2e", math.pi, math.pi)
try("%5.1f|%5.0f|%5.3g", 9.96, 0.5, 1e-10)
try("%.14g|%.15g|%.16g|%.17g", 0.1, 0.1, 0.1, 0.1)
try("%g|%g|%g|%g|%g|%g", 1e-4, 1e-5, 123456, 1234567, 0.0001234, 1e100)
try("%f|%e|%g|%a", 3, maxi, mini, 1)
try("%f", "1.5")
try("%d", "0x7fffffffffffffff")
-- strings
try("%s|%s|%s|%s|%s", "x", 12, 1.5, true, nil)
try("[%5s][%-5s][%.2s][%5.2s][%-5.1s][%.0s][%.99s]", "abc", "abc", "abc", "abc", "abc", "abc", "abc")
try("%s", "a\0b")
try("[%10s]", ("x"):rep(99))
try("[%-3s]", ("y"):rep(100))
try("[%.3s]", ("z"):rep(200))
try("%s|%s", setmetatable({}, {__tostring = function() return "OBJ" end}), setmetatable({}, {__name = "MyType"}) ~= nil)
try("%5s|%-8s", setmetatable({}, {__tostring = function() return "T" end}), 3.0)
try("%s", setmetatable({}, {__tostring = function() return 1 end}))
try("%s", setmetatable({}, {__tostring = function() return {} end}))
try("%10s", "a\0b")
try("%s %s", 1, 2, 3)
try("no specs", 1, 2)
try("")
try("%%|%5%")
-- %q
try("%q", "hello")
try("%q", 'quote " backslash \\ newline \n cr \r tab \t nul \0 bell \a del \127 digit\0001 \0019 \200\255')
try("%q", "\1\2\3a\0049\31\32")
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
try("%q", table.concat(all))
try("%q|%q|%q|%q|%q", 0, -1, maxi, mini, 1e100)
try("%q|%q|%q|%q|%q|%q", 0.0, -0.0, 0.5, 1/3, -1e-300, 2^63)
try("%q|%q|%q", 1/0, -1/0, 5e-324)
try("%q|%q|%q", nil, true, false)
try("%q", {})
try("%q", print)
try("%5q", "x")
try("%-q", "x")
show(load("return " .. string.format("%q", 1/3))() == 1/3, load("return " .. string.format("%q", mini))() == mini)
show(load("return " .. string.format("%q", table.concat(all)))() == table.concat(all))
-- %p for non-objects
try("%p|%p|%p|%10p|%-10p|", nil, true, 1, 2.5, false)
-- errors
try("%d", 1.5)
try("%d", "1.5")
try("%d", "x")
try("%x", 2^63)
try("%d")
try("%d %d", 1)
try("%s")
try("%q")
try("%y", 1)
try("%", 1)
try("abc%", 1)
try("%F", 1)
try("%ld", 1)
try("%hd", 1)
try("%n", 1)
try("%10.3q", 1)
try("%100d", 1)
try("%.100f", 1)
try("%0100d", 1)
try("%1.2.3f", 1)
try("%123", 1)
try("%------------------------d", 1)
try("%-----------------d", 1)
try("%#d", 1)
try("%+s", "x")
try("%#c", 65)
try("%.3c", 65)
try("% u", 1)
try("%+x", 1)
try("%05s", "x")
try("%.3p", 1)
try("%#i", "x")
try("%#f", "x")
try("%#s", setmetatable({}, {__tostring = function() return "T" end}))
try("%.3s", "a\0b")
try("%#.3a", "x")
try("%d", {})
try("%f", nil)
try("%c", "x")
try("%a", true)
try(nil)
try({})
show(pcall(function() return ("%d"):format() end))
show(pcall(function() return ("%d"):format("x") end))

-- %p: "(null)" for non-objects; the text itself differs from lua5.4 (object numbers, not
-- addresses), so only identities and widths are printed.
do
  local function p(v) return string.format("%p", v) end
  print(p(4), p(1.5), p(true), p(nil), string.format("[%8p|%-8p]", false, nil))
  local t1, t2 = {}, {}
  print(p(t1) ~= "(null)", p(t1) == p(t1), p(t1) ~= p(t2), p(print) == p(print), p(print) ~= p(assert))
  print(p(coroutine.running()) == p(coroutine.running()), p(function() end) ~= "(null)")
  print(#string.format("%40p", t1), #string.format("%-30p", print), string.format("%-30p", t1):sub(1, 2))
  -- short strings are interned: equal ones are one object
  print(p(string.rep("a", 10)) == p(string.rep("aa", 5)), p("x" .. 1) == p("x1"), p("a") ~= p("b"))
  -- long strings are separate objects, except equal long literals of one chunk
  local long1, long2 = string.rep("a", 300), string.rep("a", 300)
  print(long1 == long2, p(long1) ~= p(long2), p(long1) == p(long1))
  local lit = "0123456789012345678901234567890123456789+123456789"
  local function other() return "0123456789012345678901234567890123456789+123456789" end
  local made = "0123456789" .. "012345678901234567890123456789+123456789"
  print(p(lit) == p(other()), made == lit, p(made) ~= p(lit))
  print(p(load("return '0123456789012345678901234567890123456789+123456789'")()) ~= p(lit))
  -- gsub without a substitution returns its subject itself
  local s = string.rep("b", 100)
  print(p(string.gsub(s, "x", "y")) == p(s), p(string.gsub(s, ".", {})) == p(s))
  print(p(string.gsub(s, ".", function() end)) == p(s), p(string.gsub(s, ".", "%0")) ~= p(s))
end
