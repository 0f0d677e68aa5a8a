-- string.sub copies of a 32 MiB string.
local s = string.rep('x', 2^25)
local n = 0
for i = 1, 1e7 do n = n + #s:sub(2) end
return n
