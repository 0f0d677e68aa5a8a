-- table.sort: results, the exact sequence of comparator calls (small arrays, where lua5.4's
-- pivot choice is deterministic), invalid order functions, errors, metamethods.

local function dump(t, n)
  local out = {}
  for i = 1, n or #t do out[#out + 1] = tostring(t[i]) end
  return table.concat(out, ",")
end

local seed = 12345
local function rand(m)
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % m
end

local function isSorted(t, lt)
  lt = lt or function(a, b) return a < b end
  for i = 2, #t do if lt(t[i], t[i - 1]) then return false end end
  return true
end

-- basic sorts
local t = {5, 2, 8, 1, 9, 3, 7, 4, 6, 0}
table.sort(t); print(dump(t))
table.sort(t, function(a, b) return a > b end); print(dump(t))
t = {"banana", "apple", "Cherry", "apple", "", "b", "ba"}
table.sort(t); print(dump(t))
t = {3, 1.5, -2, 2^53, -0.0, 1e308, -math.huge, math.huge, math.mininteger, math.maxinteger, 0}
table.sort(t); print(dump(t))
t = {}; table.sort(t); print(#t)
t = {1}; table.sort(t, error); print(dump(t))
t = {2, 1}; table.sort(t); print(dump(t))
t = {1, 2, 3}; table.sort(t, function(a, b) return a > b end); print(dump(t))

-- the comparator's call sequence, for every size up to 40 and a few shuffles
for n = 2, 40 do
  for round = 1, 3 do
    local a = {}
    for i = 1, n do a[i] = rand(n) end
    local calls = {}
    table.sort(a, function(x, y) calls[#calls + 1] = x .. "<" .. y; return x < y end)
    assert(isSorted(a))
    if n <= 8 or n % 9 == 0 then print(n, round, #calls, table.concat(calls, " ")) else print(n, round, #calls) end
  end
end

-- larger arrays: structured inputs keep partitions balanced (no pivot randomization in
-- lua5.4), so even the comparison counts are deterministic
for _, n in ipairs({100, 127, 128, 129, 500, 1000, 5000}) do
  local asc, desc, same = {}, {}, {}
  for i = 1, n do asc[i] = i; desc[i] = n - i; same[i] = 7 end
  local count = 0
  local function lt(a, b) count = count + 1; return a < b end
  table.sort(asc, lt); local c1 = count; count = 0
  table.sort(desc, lt); local c2 = count; count = 0
  table.sort(same, lt); local c3 = count
  -- (reversed inputs of 1000 and more elements make lua5.4 randomize its pivots)
  print(n, c1, n <= 500 and c2 or "-", c3, isSorted(asc), isSorted(desc), desc[1], desc[n])
end

-- random large arrays: only the result is compared
for _, n in ipairs({100, 1000, 20000}) do
  local a, s = {}, {}
  for i = 1, n do a[i] = rand(1000000) - 500000; s[i] = tostring(rand(100000)) end
  table.sort(a); table.sort(s)
  local b = {}
  for i = 1, n do b[i] = a[i] end
  table.sort(b, function(x, y) return x > y end)
  print(n, isSorted(a), isSorted(s), isSorted(b, function(x, y) return x > y end), a[1], a[n], s[1], s[n], b[1])
end

-- floats and integers mixed, records with a two-key comparator (a strict weak order without
-- ties, so the result is unique)
local recs = {}
for i = 1, 3000 do recs[i] = {k = rand(50), i = i} end
table.sort(recs, function(a, b) return a.k < b.k or (a.k == b.k and a.i < b.i) end)
local sig = 0
for i = 1, #recs do sig = (sig * 31 + recs[i].i) % 1000000007 end
print(recs[1].k, recs[1].i, recs[3000].k, recs[3000].i, sig)
local mixed = {}
for i = 1, 1000 do mixed[i] = (i % 2 == 0) and rand(1000) or rand(1000) + 0.5 end
table.sort(mixed); print(isSorted(mixed), mixed[1], mixed[1000])

-- invalid order functions (small arrays: deterministic in lua5.4)
for n = 2, 30 do
  local a = {}
  for i = 1, n do a[i] = rand(5) end
  local ok1, e1 = pcall(table.sort, a, function(x, y) return true end)
  local b = {}
  for i = 1, n do b[i] = rand(5) end
  local ok2, e2 = pcall(table.sort, b, function(x, y) return x <= y end)
  print(n, ok1, e1, ok2, e2, dump(b))
end
print(pcall(table.sort, {1, 2, 3, 0/0, 5, 0/0, 4, 3, 2, 1, 0/0}))
local withNaN = {3, 0/0, 1, 2}
print(pcall(table.sort, withNaN))
print(pcall(function() table.sort({5, 4, 3, 2, 1, 0}, function() return true end) end))

-- errors
print(pcall(table.sort))
print(pcall(table.sort, nil))
print(pcall(table.sort, {3, 2, 1}, 42))
print(pcall(table.sort, {3, 2, 1}, "x"))
print(pcall(table.sort, {3, 2, 1}, false))
print(pcall(table.sort, {1, "x"}))
print(pcall(table.sort, {"x", 1}))
print(pcall(table.sort, {{}, {}}))
print(pcall(table.sort, {1, 2, nil, 4}))
print(pcall(table.sort, {1, true, 3}))
print(pcall(table.sort, {3, 2, 1}, function(a, b) error("cmp " .. a .. b) end))
print(select("#", pcall(table.sort, {3, 2, 1}, function(a, b) error({}) end)), type(select(2, pcall(table.sort, {3, 2, 1}, function(a, b) error({}) end))))
print(pcall(table.sort, setmetatable({}, {__len = function() return math.maxinteger end})))
print(pcall(table.sort, setmetatable({}, {__len = function() return 2^31 - 1 end})))
print(pcall(table.sort, setmetatable({}, {__len = function() return 1.5 end})))
print(pcall(table.sort, 42))
print(pcall(function() table.sort({3, 1, 2}, 1) end))
print(pcall(function() local s = table.sort; s(nil) end))
print(pcall(table.sort, {3, 2, 1}, nil))
local co = coroutine.wrap(function()
  table.sort({3, 2, 1}, function(a, b) coroutine.yield(); return a < b end)
end)
print(pcall(co))

-- __lt on tables
local mt = {__lt = function(a, b) return a.v < b.v end}
local objs = {}
for i = 1, 50 do objs[i] = setmetatable({v = rand(1000) * 1000 + i}, mt) end
table.sort(objs)
local vs = {}
for i = 1, 5 do vs[i] = objs[i].v end
print(table.concat(vs, " "), isSorted(objs))

-- proxy with __index/__newindex/__len: every access goes through the metamethods
local backing = {5, 3, 4, 1, 2}
local log = {}
local proxy = setmetatable({}, {
  __index = function(_, k) log[#log + 1] = "r" .. k; return backing[k] end,
  __newindex = function(_, k, v) log[#log + 1] = "w" .. k .. "=" .. v; backing[k] = v end,
  __len = function() return #backing end,
})
table.sort(proxy)
print(dump(backing)); print(table.concat(log, " "))
log = {}
table.sort(proxy, function(a, b) return a > b end)
print(dump(backing)); print(table.concat(log, " "))

-- a comparator that changes the table while sorting
local victim = {9, 8, 7, 6, 5, 4, 3, 2, 1}
local steps = 0
print(pcall(table.sort, victim, function(a, b)
  steps = steps + 1
  if steps == 5 then victim[1] = 100; victim[9] = -1 end
  return a < b
end))
print(dump(victim), steps)
victim = {4, 3, 2, 1, 0}
print(pcall(table.sort, victim, function(a, b)
  victim[3] = nil
  return a < b
end))
-- comparator results that are not booleans
local truthy = {3, 1, 2}
table.sort(truthy, function(a, b) if a < b then return 0 else return nil end end)
print(dump(truthy))
-- sorting a table of strings with numbers: no coercion
print(pcall(table.sort, {"10", 9}))
-- sort returns nothing
print(select("#", table.sort({2, 1})))
