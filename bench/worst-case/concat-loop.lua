-- `..` of long strings in a loop (each result is 32 MiB, then garbage).
local s = string.rep('x', 2^24)
local n = 0
for i = 1, 1e7 do local t = s .. s n = n + #t end
return n
