-- Plain finds that scan a 32 MiB subject to the end.
local s = string.rep('a', 2^25)
local n = 0
for i = 1, 1e7 do if s:find('b', 1, true) or s:find('ab') then n = n + 1 end end
return n
