-- string.len/sub/byte/char/rep/reverse/upper/lower/dump: positions at and beyond both ends,
-- extreme integers, coercions, embedded zeros, and every argument error.
local maxi, mini = math.maxinteger, math.mininteger
local s = "abc\0def"
print(#s, s:len(), string.len(""), string.len(123), string.len(1.5))
local cases = {
  {1}, {0}, {-1}, {-7}, {-8}, {-100}, {8}, {7}, {100},
  {2, 4}, {4, 2}, {-3, -2}, {0, 0}, {1, 0}, {3, -1}, {-2, 100}, {mini, maxi}, {maxi, mini},
  {maxi}, {mini}, {1, mini}, {1, maxi}, {-1, -8}, {2.0, 3.0}, {"2", "3"},
}
for _, c in ipairs(cases) do
  local a, b = c[1], c[2]
  io.write(tostring(a), " ", tostring(b), " [", s:sub(a, b), "] ")
  print(s:byte(a, b))
end
print(("x"):sub(2), ("x"):sub(1, 1), (""):sub(1), (""):sub(0, -1), (""):byte(), ("a"):byte(-1))
print(pcall(string.sub, "x"))
print(pcall(string.sub, "x", 1.5))
print(pcall(string.sub, "x", 1, "y"))
print(pcall(string.sub, nil, 1))
print(pcall(string.byte, "x", {}))
print(pcall(string.byte, "abc", 2^63))
print(string.char(), string.char(0, 255, 65):byte(1, -1))
print(string.char("65", 66.0))
print(pcall(string.char, 256))
print(pcall(string.char, 65, -1))
print(pcall(string.char, 65, 66, mini))
print(pcall(string.char, 65, 1.5))
print(pcall(string.char, 65, "x"))
print(pcall(string.char, nil))
-- rep
print(("ab"):rep(3), ("ab"):rep(3, ", "), ("ab"):rep(1, ","), ("ab"):rep(0, ","), ("ab"):rep(mini))
print(("a\0b"):rep(2, "\0"):byte(1, -1))
print((""):rep(100000), #(""):rep(5, "x"), ("x"):rep(1e3):len(), string.rep(7, 3))
print(pcall(string.rep, "aa", 1 << 30))
print(pcall(string.rep, "a", 1 << 30, ","))
print(pcall(string.rep, "a", maxi))
print(pcall(string.rep, "", maxi, "x"))
print(pcall(string.rep, "", 1000, ""))
print(pcall(string.rep, "x"))
print(pcall(string.rep, "x", 2.5))
print(pcall(string.rep, "x", 2, {}))
-- reverse, upper, lower
print(("hello"):reverse(), (""):reverse(), ("a\0b"):reverse():byte(1, -1))
print(string.reverse(123), string.upper(12.5), string.lower("ÀÉ aBc 123 \0 Z"):byte(1, -1))
print(("MiXeD cAsE 09 @[`{"):upper(), ("MiXeD cAsE 09 @[`{"):lower())
local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
all = table.concat(all)
print(all:upper():byte(90, 130))
print(all:lower():byte(60, 100))
print(all:reverse():byte(1, 5), #all:upper())
print(pcall(string.reverse), pcall(string.upper, true), pcall(string.lower, print))
-- dump is refused
print(pcall(string.dump, print))
print(pcall(string.dump, string.len, true))
print(pcall(string.dump))
print(pcall(string.dump, "x"))
-- methods through the string metatable, and errors reported for them
print(("abc"):len(), ("%d"):rep(2), pcall(function() return (5):rep(2) end))
print(pcall(function() return ("x"):rep() end))
print(pcall(function() return ("x"):sub() end))
print(pcall(function() local t = {f = string.sub}; return t.f() end))
print(pcall(function() return string.sub() end))
print(getmetatable("").__index == string, string.len == ("").len)
