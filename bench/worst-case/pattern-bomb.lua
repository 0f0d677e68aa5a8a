-- Backtracking: the reference can take hours on this pattern.
local s = string.rep('a', 1e6)
local n = 0
for i = 1, 1e6 do if string.find(s, '.-.-.-.-.-b') then n = n + 1 end end
return n
