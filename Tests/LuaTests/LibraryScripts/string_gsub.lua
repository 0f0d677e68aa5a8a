-- string.gmatch and string.gsub: empty matches and the "not where the last match ended" rule,
-- gmatch's init argument, anchors, replacement strings (%0-%9, %%, position captures),
-- tables and functions (nil/false keep the match), the max count, the count result, errors.
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(table.concat(t, " | "))
end
local function collect(s, p, init)
  local out = {}
  for a, b in string.gmatch(s, p, init) do out[#out + 1] = tostring(a) .. (b ~= nil and "/" .. tostring(b) or "") end
  return "{" .. table.concat(out, ",") .. "}"
end
-- gmatch
show(collect("hello world from Lua", "%a+"), collect("k1=v1, k2=v2", "(%w+)=(%w+)"), collect("abc", ""))
show(collect("abc", ".-"), collect("abc", "x*"), collect("a,b,,c", "([^,]*)"), collect("aaa", "a*"), collect("", ""))
show(collect("abc", "()"), collect("hello", "()ll()"), collect("one two", "%a+", 4), collect("one two", "%a+", -3))
show(collect("abc", ".", 0), collect("abc", ".", 10), collect("abc", "", 4), collect("abc", "", 5), collect("abc", ".", -100))
show(collect("^a^a", "^a"), collect("xax", "a$"), collect("a$", "a$"), collect("12 345 6", "%d+"), collect(12345, "%d%d"))
show(collect("THE (quick) fox", "%f[%a]%a+"), collect("[a][b]", "%b[]"), collect("abab", "(a)(b)"))
do
  local it = ("a b"):gmatch("%a")
  show(it(), it(), it(), it())
  local it2 = string.gmatch("x", "(")
  show(pcall(it2))
end
show(pcall(string.gmatch))
show(pcall(string.gmatch, "x"))
show(pcall(string.gmatch, "x", "x", "y"))
-- gsub with strings
show(("hello world"):gsub("o", "0"), ("hello world"):gsub("o", "0", 1), ("hello"):gsub("", "-"))
show(("abc"):gsub(".-", "-"), ("abc"):gsub("x*", "-"), ("abc"):gsub("b*", "X"), ("a,b,,c"):gsub(",*", "|"))
show(("hello world"):gsub("(%w+)", "<%1>"), ("hello world"):gsub("%w+", "%0 %0"), ("abc"):gsub("%w", "%%%0"))
show(("hello world"):gsub("(%w+) (%w+)", "%2 %1"), ("abc"):gsub("()", "%1"), ("abc"):gsub("b()", "[%1]"))
show(("abc"):gsub("(b)", "%1%1"), ("abc"):gsub("b", "%1"), ("x = 1"):gsub("%s*=%s*", "="), ("abc"):gsub("", ""))
show(("hello"):gsub("^h", "H"), ("hello"):gsub("^l", "L"), ("hello"):gsub("o$", "O"), ("aaa"):gsub("^a", "b"))
show(("hello"):gsub("l", "L", 0), ("hello"):gsub("l", "L", -1), ("hello"):gsub("l", "L", 1.0), ("hello"):gsub("l", "L", "1"))
show(("hello"):gsub("l+", 12), ("hello"):gsub("l", 1.5), string.gsub(12345, 3, 9), ("a.b.c"):gsub("%.", "%%"))
show(("abc"):gsub("", "x", 2), ("abc"):gsub(".", "%0", 100), ("a\0b"):gsub("\0", "%%0"), ("x"):gsub("x", "a\0b"))
-- tables
local t = {hello = "HI", world = false, lua = 54, x = 1.5}
show(("hello world lua x y"):gsub("%w+", t))
show(("hello world"):gsub("(%w+) (%w+)", t), ("abc"):gsub("()", {"one", "two", [4] = "four"}))
show(("abc"):gsub("%w", setmetatable({}, {__index = function(_, k) return k:upper() end})))
show(pcall(string.gsub, "abc", "%w", {a = {}}))
show(pcall(string.gsub, "abc", "%w", {a = true}))
-- functions
show(("hello world"):gsub("%w+", function(w) return w:upper() end))
show(("hello world"):gsub("(%w)(%w*)", function(a, b) return b .. a end))
show(("abc"):gsub("%w", function() end), ("abc"):gsub("%w", function() return false end))
show(("abc"):gsub("%w", function(c) if c == "b" then return nil end return 7 end))
show(("abc"):gsub("()%w()", function(a, b) return a * 10 + b end))
show(("abc"):gsub("", function(x) return "[" .. x .. "]" end))
show(pcall(string.gsub, "abc", "%w", function() return {} end))
show(pcall(string.gsub, "abc", "%w", function() return print end))
show(pcall(string.gsub, "abc", "%w", function() error("boom") end))
do local ok, e = pcall(string.gsub, "abc", "%w", function(c) error({c}) end); show(ok, type(e), e[1]) end
do
  local n = 0
  local r, k = ("a b c d"):gsub("%a", function(c) n = n + 1; return n % 2 == 0 and c:upper() or nil end, 3)
  show(r, k, n)
end
-- errors
show(pcall(string.gsub, "abc", "b", "%2"))
show(pcall(string.gsub, "abc", "(b)", "%2"))
show(pcall(string.gsub, "abc", "b", "%"))
show(pcall(string.gsub, "abc", "b", "%x"))
show(pcall(string.gsub, "abc", "b", "%%%"))
show(pcall(string.gsub, "abc", "(", "x"))
show(pcall(string.gsub, "abc", "b"))
show(pcall(string.gsub, "abc", "b", true))
show(pcall(string.gsub, "abc", "b", nil, 1))
show(pcall(string.gsub, "abc", "b", "x", "y"))
show(pcall(string.gsub, "abc", "b", "x", 2.5))
show(pcall(string.gsub, "abc"))
show(pcall(string.gsub))
show(pcall(function() return ("x"):gsub("x", {}, {}) end))
show(pcall(function() return ("x"):gsub("(x)", "%9") end))
-- big input, many matches
local big = ("ab "):rep(10000)
local r, n = big:gsub("%a+", "%0%0")
show(#r, n, (big:gsub(" ", "")):len(), select(2, big:gsub("b", "")), select(2, big:gsub("", "")))
local count = 0
for w in big:gmatch("%a+") do count = count + #w end
show(count)
