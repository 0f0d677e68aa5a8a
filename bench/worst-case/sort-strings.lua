-- Sorting long strings that share a long prefix (each comparison reads the prefix).
local p = string.rep('x', 2^20)
local t = {}
for i = 1, 40 do t[i] = p .. string.char(65 + (i * 7) % 40) end
for r = 1, 1e6 do table.sort(t, r % 2 == 0 and function(a, b) return a > b end or nil) end
return #t
