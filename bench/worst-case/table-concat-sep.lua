-- table.concat of short items with a 1 MiB separator (30 MiB per call).
local sep = string.rep(',', 2^20)
local t = {} for i = 1, 31 do t[i] = 'a' end
local n = 0
for i = 1, 1e7 do n = n + #table.concat(t, sep) end
return n
