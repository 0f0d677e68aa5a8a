-- Table inserts, field access, table.sort with and without a comparator.
local n = tonumber(arg and arg[1]) or 300000
local t = {}
local seed = 42
for i = 1, n do seed = (seed * 1103515245 + 12345) % 2147483648; t[#t + 1] = seed end
table.sort(t)
local u = {}
for i = 1, n do u[i] = { key = t[i] % 1000, id = i } end
table.sort(u, function(a, b) if a.key ~= b.key then return a.key < b.key end return a.id < b.id end)
local h = {}
for i = 1, n do h["k" .. (i % 5000)] = (h["k" .. (i % 5000)] or 0) + 1 end
print(t[1], t[n], u[1].id, u[n].id, h.k1)
