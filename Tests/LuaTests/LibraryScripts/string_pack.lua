-- string.pack, string.unpack, string.packsize: every option, both byte orders, alignment
-- with "!" and "X", sizes 1-16 with their overflow checks, strings (c, s, z), positions,
-- and the format and data errors.
local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end
local function show(...)
  local t = table.pack(...)
  for i = 1, t.n do t[i] = tostring(t[i]) end
  print(table.concat(t, " | "))
end
local function try(f, ...)
  local r = table.pack(pcall(f, ...))
  if r[1] and type(r[2]) == "string" and f == string.pack then r[2] = hex(r[2]) end
  show(table.unpack(r, 1, r.n))
end
local maxi, mini = math.maxinteger, math.mininteger
-- integers of every size, both orders
for _, fmt in ipairs({"b", "B", "h", "H", "i", "I", "l", "L", "j", "J", "T", "i1", "i2", "i3", "i5", "i7", "i8", "i9", "i16", "I3", "I9", "I16"}) do
  for _, order in ipairs({"<", ">", "="}) do
    local f = order .. fmt
    local v = fmt:lower():sub(1, 1) == fmt:sub(1, 1) and -2 or 200
    local p = string.pack(f, v)
    show(f, string.packsize(f), hex(p), string.unpack(f, p))
  end
end
show(hex(string.pack("<i16", mini)), hex(string.pack(">i16", maxi)), hex(string.pack("<I16", -1)), hex(string.pack(">I12", -2)))
show(string.unpack("<i16", string.pack("<i16", -3)), string.unpack(">I9", ("\0"):rep(8) .. "\5"), string.unpack("<i9", ("\255"):rep(9)))
try(string.unpack, "<i9", ("\0"):rep(8) .. "\1")
try(string.unpack, "<I9", ("\255"):rep(9))
try(string.unpack, ">i16", "\1" .. ("\0"):rep(15))
try(string.unpack, "<i12", ("\255"):rep(8) .. "\0\0\0\0")
-- range checks
for _, c in ipairs({{"b", 127}, {"b", 128}, {"b", -128}, {"b", -129}, {"B", 255}, {"B", 256}, {"B", -1},
                    {"h", 32767}, {"h", -32769}, {"H", 65536}, {"i3", 8388607}, {"i3", 8388608}, {"I3", -1},
                    {"i7", 1 << 55}, {"i7", -(1 << 55) - 1}, {"I7", 1 << 56}, {"i8", mini}, {"I8", -1}, {"j", 1.0}, {"j", 1.5}, {"j", "12"}, {"j", "x"}}) do
  try(string.pack, c[1], c[2])
end
-- floats
for _, v in ipairs({0.0, -0.0, 1.5, -2.25, 1/3, 1e300, 1e-45, 1/0, -1/0, 3, 2^24 + 1, 16777217.0, 3.4028235677973366e38, 1e39}) do
  local f, d, n = string.pack("<f", v), string.pack(">d", v), string.pack("=n", v)
  show(v, hex(f), hex(d), hex(n), string.unpack("<f", f), string.unpack(">d", d), string.unpack("n", n))
end
try(string.pack, "f", "x")
try(string.pack, "d")
-- strings
show(hex(string.pack("z", "hello")), hex(string.pack("s", "hi")), hex(string.pack(">s2", "hi")), hex(string.pack("s1", "")))
show(hex(string.pack("c5", "abc")), hex(string.pack("c3", "abc")), hex(string.pack("c0", "")), string.packsize("c10"))
show(string.unpack("z", "hello\0world\0"), string.unpack("zz", "a\0bc\0"), string.unpack("s1", "\3abcde"), string.unpack("c2c3", "abcde"))
show(string.unpack("<s4", "\2\0\0\0xy"), string.unpack(">s2", "\0\1z"), string.unpack("c0", ""), string.unpack("z", "\0"))
try(string.pack, "c2", "abc")
try(string.pack, "s1", ("x"):rep(256))
try(string.pack, "z", "a\0b")
try(string.pack, "c", "a")
try(string.pack, "s", {})
try(string.unpack, "z", "abc")
try(string.unpack, "s1", "\5abc")
try(string.unpack, "c4", "abc")
try(string.unpack, "<s8", "\255\255\255\255\255\255\255\255x")
-- alignment
for _, fmt in ipairs({"!bi", "!4bi8", "!2bi8", "!8bd", "!bXi", "bXi", "!4bXh", "!bXj", "!16bXi16", "!8i3Xi8",
                      "b!2h", "!4 b h", "!xi", "bx", "!8xXd", "<!4bi2>i4", "!4c3i", "!8z", "Xb"}) do
  local ok, size = pcall(string.packsize, fmt)
  show(fmt, ok, size)
end
show(hex(string.pack("!4bi", 1, 2)), hex(string.pack("!2>bh", 1, 2)), hex(string.pack("!8<bXjb", 1, 2)), hex(string.pack("!bxXi4", 7)))
show(string.unpack("!4bi", string.pack("!4bi", 1, 2)), string.unpack("!8bXdd", string.pack("!8bXdd", 5, 0.5)))
show(hex(string.pack("!4 i2 Xi4 b", 1, 2)), string.unpack("!4 i2 Xi4 b", string.pack("!4 i2 Xi4 b", 1, 2)))
try(string.packsize, "!3i4")
try(string.packsize, "!17")
try(string.packsize, "!4i3")
try(string.pack, "!4i3", 1)
try(string.packsize, "X")
try(string.packsize, "Xc1")
try(string.packsize, "X<")
try(string.packsize, "Xz")
try(string.packsize, "!4Xi3")
try(string.packsize, "i0")
try(string.packsize, "i17")
try(string.packsize, "I100")
try(string.packsize, "s0")
try(string.packsize, "y")
try(string.packsize, "c")
try(string.packsize, "s")
try(string.packsize, "z")
try(string.packsize, "c2147483647")
try(string.packsize, "c2147483647c1")
try(string.packsize, "c99999999999")
try(string.packsize, "i4c2147483644")
try(string.packsize, "i4c2147483645")
show(string.packsize(""), string.packsize("i4\0garbage"), string.packsize("  "), string.packsize("<>=!"))
-- positions
local data = string.pack("<i4i4i4", 10, 20, 30)
show(string.unpack("<i4", data, 5), string.unpack("<i4", data, -4), string.unpack("<i4", data, 0), string.unpack("", data, 13))
show(string.unpack("<i4i4", data, 1), string.unpack("", ""), string.unpack("", "", 1), string.unpack("", "abc", -1))
try(string.unpack, "<i4", data, 10)
try(string.unpack, "<i4", data, 14)
try(string.unpack, "<i4", data, 100)
try(string.unpack, "<i4", data, -100)
try(string.unpack, "<i4", data, 1.5)
try(string.unpack, "b", "")
-- argument errors
try(string.pack)
try(string.pack, "i")
try(string.pack, "i", nil)
try(string.pack, "i i", 1)
try(string.pack, 1, 2)
try(string.unpack)
try(string.unpack, "i")
try(string.unpack, "i", {})
try(string.packsize)
try(string.packsize, {})
show(pcall(function() return ("i"):pack("x") end))
show(string.pack("i", 1):len(), #string.pack("!8bd", 1, 2), hex(string.pack(" < i2 > i2 = i2 ", 1, 2, 3)))
show(hex(string.pack("xbxxb", 1, 2)), string.unpack("xbxxb", "\0\1\0\0\2"))
print(pcall(string.pack, "i"))
print(pcall(string.pack, "ii", 1))
print(pcall(string.pack, "iii", 1))
print(pcall(string.pack, "iiii", 1))
print(pcall(string.pack, "iiiii", 1))
print(pcall(string.pack, "c300i", ("x"):rep(300)))
print(pcall(string.pack, "c300ii", ("x"):rep(300)))
print(pcall(string.pack, "c300iii", ("x"):rep(300)))
print(pcall(string.pack, "c300iiii", ("x"):rep(300)))
print(pcall(string.pack, "ic300ii", 1, ("x"):rep(300)))
print(pcall(string.pack, "z", nil))
print(pcall(string.pack, "s"))
print(pcall(string.pack, "ss", "a"))
print(pcall(string.pack, "d"))
print(pcall(string.pack, "fd", 1))
try(string.packsize, ("c214748364"):rep(10))
try(string.packsize, ("c214748364"):rep(10) .. "b")
try(string.packsize, ("c214748364"):rep(10) .. "c7c1")
try(string.packsize, "c1000000000c1000000000c1000000000")
try(string.packsize, "!8" .. ("c214748364"):rep(10) .. "i8")
