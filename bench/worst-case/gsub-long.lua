-- gsub with a 1 MiB replacement: 30 MiB per call.
local r = string.rep('y', 2^20)
local s = string.rep('x', 30)
local n = 0
for i = 1, 1e7 do n = n + #s:gsub('x', r) end
return n
