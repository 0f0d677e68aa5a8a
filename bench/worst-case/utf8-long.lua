-- utf8.len/codepoint/offset/codes over a long string.
local s = string.rep('\u{20AC}', 2^22)
local n = 0
for i = 1, 1e7 do
  n = n + utf8.len(s) + (utf8.offset(s, -1) or 0) + #utf8.char(table.unpack({utf8.codepoint(s, 1, 3 * 2^18)}))
end
return n
