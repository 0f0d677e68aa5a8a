-- string.byte of half a million bytes, string.char of half a million values.
local s = string.rep("x", 2^19)
local n = 0
for i = 1, 1e7 do n = n + #string.char(s:byte(1, -1)) end
return n
