-- Sorting a million elements, with and without a Lua comparator, again and again.
local N = 1000000
local t = {}
for i = 1, N do t[i] = (i * 7919) % N end
for r = 1, 100 do
  table.sort(t)
  table.sort(t, function(a, b) return a > b end)
end
return t[1]
