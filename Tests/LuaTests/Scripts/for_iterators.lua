-- The generic for's iterator calls (OP_TFORCALL): `next` and `ipairs` over tables, native and
-- Lua iterators, with every number of loop variables; the C-level accounting of iterator
-- frames ("C stack overflow" at the reference's depth), errors raised inside iterators,
-- yields across Lua iterators, and keys removed during a traversal.
local t = {10, 20, 30, x = "a", y = "b"}
local function show(...) io.write(table.concat({...}, ","), ";") end
-- (lua5.4 seeds its string hashes per process, so the order of string keys is sorted here.)
local function sorted(list) table.sort(list) return table.concat(list, " ") end
local keys, entries = {}, {}
for k in pairs(t) do keys[#keys + 1] = tostring(k) end
for k, v in pairs(t) do entries[#entries + 1] = tostring(k) .. "=" .. tostring(v) end
print(sorted(keys), sorted(entries))
for k, v, extra in next, t do io.write(tostring(extra), " ") end print()
for i, v in ipairs(t) do io.write(i, v, " ") end print()
for i, v, w in ipairs({1, 2}) do io.write(i, v, tostring(w), " ") end print()
for k, v in next, {} do io.write("never") end print("empty")
-- Removing entries while traversing is allowed; adding is not.
local big = {}
for i = 1, 50 do big["k" .. i] = i end
local n = 0
for k in pairs(big) do big[k] = nil; n = n + 1 end
print(n, next(big))
print(pcall(function() for k in next, {a = 1}, "nope" do end end))
print(pcall(function() for k in next, 42 do end end))
-- A Lua iterator returning 1, 2 and 3 values; one that ends with no value at all.
local function upto(n) local i = 0 return function() i = i + 1 if i <= n then return i end end end
for i in upto(3) do io.write(i, " ") end print()
local function pairs2(n) return function(_, i) if i < n then return i + 1, i * i end end, nil, 0 end
for i, sq in pairs2(4) do io.write(i, ":", sq, " ") end print()
for a, b, c, d in function(_, x) if x < 2 then return x + 1, "b", "c" end end, nil, 0 do show(a, b, c, tostring(d)) end print()
for a in function(_, x) if x < 3 then return x + 1 end return end, nil, 0 do io.write(a, " ") end print()
-- Iterators that tail-call, natively and in Lua.
for k in function(s, c) return next(s, c) end, {p = 1} do io.write(k, " ") end print()
local function step(_, i) if i < 3 then return i + 1 end end
for i in function(s, i) return step(s, i) end, nil, 0 do io.write(i, " ") end print()
-- An error inside an iterator, caught and uncaught positions.
print(pcall(function() for i in function() error("in iterator") end do end end))
print(pcall(function() for i in function() local x = nil; return x.y end do end end))
-- Nested for loops whose iterators recurse: every level is one C level, as in lua5.4.
local function deep(d)
  for _ in function(_, c) if c == nil then return deep(d + 1) end end do end
  return d
end
local ok, msg = pcall(deep, 1)
print(ok, (tostring(msg):gsub("^.-:%d+: ", "")))
local depth = 0
local function count(d)
  depth = d
  for _ in function(_, c) if c == nil then count(d + 1) return 1 end end do break end
end
pcall(count, 1)
print(depth)
-- Yields across a Lua iterator inside a coroutine.
local co = coroutine.wrap(function()
  local s = 0
  for i in function(_, i) if i < 4 then coroutine.yield(i) return i + 1 end end, nil, 0 do s = s + i end
  return "sum " .. s
end)
print(co(), co(), co(), co(), co())
-- The loop after many iterator calls still counts C levels right (no leak).
local total = 0
for r = 1, 300 do for i in upto(2) do total = total + i end for k, v in pairs({a = 1}) do total = total + v end end
print(total, select("#", pcall(string.rep, "x", 2)))
local function nest(d) if d == 0 then return 0 end for i in upto(1) do return nest(d - 1) + i end end
print(pcall(nest, 150))
