-- tonumber/tostring of long numerals.
local s = '0x' .. string.rep('f', 2^24)
local d = string.rep('9', 2^24) .. '.5'
local n = 0
for i = 1, 1e7 do n = n + (tonumber(s) or 0) + (tonumber(d) or 0) + #tostring(s) end
return n
