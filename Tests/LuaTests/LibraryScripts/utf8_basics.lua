-- utf8: char, charpattern, codepoint, codes, len, offset; strict and lax decoding, invalid
-- sequences, positions, errors.

local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end))
end

local function show(label, ...)
  local out = {}
  for i = 1, select("#", ...) do out[#out + 1] = tostring((select(i, ...))) end
  print(label, select("#", ...), table.concat(out, " "))
end

local function try(label, f, ...)
  local r = table.pack(pcall(f, ...))
  if r[1] then show(label, table.unpack(r, 2, r.n)) else print(label, "error", r[2]) end
end

-- char: boundaries of every sequence length, extended range up to 0x7FFFFFFF
for _, c in ipairs({0, 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0xD800, 0xDFFF, 0x10000, 0x10FFFF, 0x110000,
                    0x1FFFFF, 0x200000, 0x3FFFFFF, 0x4000000, 0x7FFFFFFF}) do
  print(string.format("%X", c), hex(utf8.char(c)))
end
print(hex(utf8.char()), hex(utf8.char(72, 228, 8364, 0x1F600)), utf8.char(72, 105))
try("char big", utf8.char, 0x80000000)
try("char neg", utf8.char, -1)
try("char min", utf8.char, math.mininteger)
try("char 2nd", utf8.char, 65, 0x80000000)
try("char float", utf8.char, 65.5)
try("char str", utf8.char, "66", "0x43")
try("char bad str", utf8.char, "x")
try("char nil", utf8.char, 65, nil)
print(hex(utf8.charpattern), #utf8.charpattern)
local chars = {}
for ch in ("aé€😀"):gmatch(utf8.charpattern) do chars[#chars + 1] = hex(ch) end
print(table.concat(chars, " "))

-- codepoint
local s = "aé€😀z"
show("cp all", utf8.codepoint(s, 1, -1))
show("cp default", utf8.codepoint(s))
show("cp 2", utf8.codepoint(s, 2))
show("cp 4..8", utf8.codepoint(s, 4, 8))
show("cp neg", utf8.codepoint(s, -1), utf8.codepoint(s, -5))
show("cp empty", utf8.codepoint(s, 3, 2))
show("cp empty str", utf8.codepoint("", 1, 0))
try("cp cont", utf8.codepoint, s, 3)
try("cp 0", utf8.codepoint, s, 0)
try("cp past", utf8.codepoint, s, 1, 100)
try("cp neg past", utf8.codepoint, s, -100)
try("cp past end", utf8.codepoint, s, #s + 1)
try("cp empty past", utf8.codepoint, "", 1)
try("cp min", utf8.codepoint, s, math.mininteger)
try("cp max", utf8.codepoint, s, math.maxinteger)
try("cp none", utf8.codepoint)
try("cp num", utf8.codepoint, 123, 1, 3)
try("cp float", utf8.codepoint, s, 1.5)

-- strict versus lax decoding
local cases = {
  "\xED\xA0\x80", "\xED\xBF\xBF", "\xF4\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF7\xBF\xBF\xBF",
  "\xF8\x88\x80\x80\x80", "\xFB\xBF\xBF\xBF\xBF", "\xFC\x84\x80\x80\x80\x80", "\xFD\xBF\xBF\xBF\xBF\xBF",
  "\xFE\x80\x80\x80\x80\x80\x80", "\xFF", "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xE0\x9F\xBF",
  "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF", "\xF8\x80\x80\x80\x80", "\xFC\x80\x80\x80\x80\x80",
  "\x80", "\xBF", "\xC2", "\xE2\x82", "\xF0\x9F\x98", "\xC2\x41", "\xE2\x41\x82", "a\x80", "\xC3\xA9\x80",
  "\0", "a\0b", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80",
}
for i, c in ipairs(cases) do
  local strict = table.pack(pcall(utf8.codepoint, c, 1, -1))
  local lax = table.pack(pcall(utf8.codepoint, c, 1, -1, true))
  local l1 = table.pack(utf8.len(c))
  local l2 = table.pack(utf8.len(c, 1, -1, true))
  print(i, hex(c), strict[1], tostring(strict[2]), strict[3], lax[1], tostring(lax[2]), lax[3],
        l1[1], l1[2], l2[1], l2[2])
end

-- len
print(utf8.len(""), utf8.len("abc"), utf8.len(s), utf8.len(s, 2), utf8.len(s, 3), utf8.len(s, -1), utf8.len(s, 1, 1))
print(utf8.len(s, #s + 1), utf8.len(s, 5, 4), utf8.len(s, 1, 0), utf8.len(s, -4), utf8.len(s, 1, -2))
print(utf8.len("\xFFabc"), utf8.len("abc\xFF"), utf8.len("ab\xE2\x82", 1, 2), utf8.len("ab\xE2\x82", 3))
print(utf8.len("\u{7FFFFFFF}"), utf8.len("\u{7FFFFFFF}", 1, -1, true), utf8.len("\u{D7FF}\u{E000}"))
try("len 0", utf8.len, s, 0)
try("len past", utf8.len, s, #s + 2)
try("len j past", utf8.len, s, 1, #s + 1)
try("len neg past", utf8.len, s, -100)
try("len j neg past", utf8.len, s, 1, -100)
try("len min", utf8.len, s, math.mininteger, math.mininteger)
try("len max", utf8.len, s, 1, math.maxinteger)
try("len none", utf8.len)
try("len table", utf8.len, {})
try("len num", utf8.len, 12345)

-- offset
local t = "aé€😀z"  -- bytes: a(1) é(2,3) €(4..6) 😀(7..10) z(11)
for _, n in ipairs({-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7}) do
  local row = {}
  for i = 1, #t + 1 do
    local ok, r = pcall(utf8.offset, t, n, i)
    row[#row + 1] = ok and tostring(r) or "E"
  end
  print("offset", n, table.concat(row, " "), tostring(utf8.offset(t, n)))
end
try("offset cont", utf8.offset, t, 1, 3)
try("offset cont neg", utf8.offset, t, -1, 5)
try("offset 0 pos", utf8.offset, t, 1, 0)
try("offset past", utf8.offset, t, 1, #t + 2)
try("offset neg past", utf8.offset, t, 1, -100)
try("offset neg i", utf8.offset, t, 1, -1)
try("offset none", utf8.offset, t)
try("offset float", utf8.offset, t, 1.5)
try("offset empty", utf8.offset, "", 1)
try("offset empty0", utf8.offset, "", 0)
try("offset empty-1", utf8.offset, "", -1)
try("offset huge", utf8.offset, t, math.maxinteger)
try("offset min", utf8.offset, t, math.mininteger)
try("offset bad bytes", utf8.offset, "\x80\x80\x80", 0, 3)
try("offset bad bytes2", utf8.offset, "\x80\x80\x80", -1)

-- codes
for p, c in utf8.codes(t) do io.write(p, ":", c, " ") end print()
for p, c in utf8.codes("") do io.write(p, ":", c, " ") end print("empty")
for p, c in utf8.codes("\u{10FFFF}\u{7FFFFFFF}", true) do io.write(p, ":", c, " ") end print()
print(pcall(function() for p, c in utf8.codes("ab\xFFcd") do io.write(p, ":", c, " ") end end))
print(pcall(function() for p, c in utf8.codes("a\u{D800}b") do io.write(p, ":", c, " ") end end))
print(pcall(function() for p, c in utf8.codes("a\u{D800}b", true) do io.write(p, ":", c, " ") end end))
print(pcall(function() for p, c in utf8.codes("a\xC3") do io.write(p, ":", c, " ") end end))
-- (5.4.4 silently skips stray continuation bytes after a character)
print(pcall(function() for p, c in utf8.codes("a\x80\x80b") do io.write(p, ":", c, " ") end end))
print(pcall(function() for p, c in utf8.codes("\x80b") do io.write(p, ":", c, " ") end end))
local f, str, ctl = utf8.codes("xyz")
print(type(f), str, ctl, f(str, ctl), f(str, 1), f(str, 3), f(str, 4), f(str, -1), f(str, "2"), f(str, 2.0))
print(utf8.codes("abc") == utf8.codes("def"), utf8.codes("abc") == utf8.codes("abc", true))
try("codes none", utf8.codes)
try("codes table", utf8.codes, {})
print(select(2, utf8.codes(42)), math.type(select(2, utf8.codes(42))))
try("iter bad", f, nil, 0)
try("iter float", f, "abc", 1.5)
print(pcall(function() for p, c in utf8.codes(nil) do end end))
