-- 40 references to one 32 MiB string returned at once (the returns count toward output).
local s = string.rep('x', 2^25) local t = {} for i = 1, 40 do t[i] = s end return table.unpack(t)
