-- table.move over a huge range, table.insert/remove at the front of a long array, unpack.
local n = 0
local ok, err = pcall(table.move, {}, 1, 2^40, 1)
local t = {} for i = 1, 1e6 do t[i] = i end
for i = 1, 1e7 do
  table.insert(t, 1, i)
  table.remove(t, 1)
  n = n + select('#', table.unpack(t, 1, 1e5))
  table.move(t, 1, #t, 1, {})
end
return n, err
