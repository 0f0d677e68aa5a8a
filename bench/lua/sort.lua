-- table.sort of 100k elements: integers, strings, and a comparator.
local n = tonumber(arg and arg[1]) or 100000
local seed = 7
local function rand() seed = (seed * 16807) % 2147483647; return seed end
local ints, strs, recs = {}, {}, {}
for i = 1, n do
  local r = rand()
  ints[i] = r; strs[i] = string.format("%08x", r); recs[i] = { v = r % 1000, i = i }
end
table.sort(ints); table.sort(strs)
table.sort(recs, function(a, b) return a.v < b.v or (a.v == b.v and a.i < b.i) end)
print(ints[1], ints[n], strs[1], strs[n], recs[1].i, recs[n].i)
