-- Full collections over a large live heap, again and again.
local t = {}
for i = 1, 4e5 do t[i] = {i} end
local n = 0
for i = 1, 1e7 do collectgarbage() n = n + 1 end
return n
