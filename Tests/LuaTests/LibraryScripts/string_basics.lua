-- string.sub/rep/byte/char/upper/lower/len: negative and out-of-range indices, separators,
-- the string metatable (s:method()), and argument errors.
local s = "Hello, Lua"
print(s:len(), #s, s:upper(), s:lower())
for _, r in ipairs({{1, 5}, {-3, -1}, {0, 2}, {-100, 3}, {5, 1}, {8, 100}, {-1}, {11}}) do
  print(r[1], r[2], "[" .. s:sub(r[1], r[2]) .. "]")
end
print(("ab"):rep(3), ("ab"):rep(3, ","), ("x"):rep(0), ("x"):rep(-1), ("x"):rep(1, "SEP"))
print(s:byte(), s:byte(-1), s:byte(1, 3), s:byte(100), s:byte(3, 2))
print(string.char(), string.char(72, 105, 0, 255):len())
print(pcall(string.char, 256))
print(pcall(string.rep))
print(pcall(string.sub, "x", "a"))
print(pcall(string.upper, {}))
print(pcall(function() return (10):rep(2) end))
print(("%d"):len(), (""):upper() == "")
