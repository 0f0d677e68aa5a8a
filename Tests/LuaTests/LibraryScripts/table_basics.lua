-- table.insert, remove, move, concat, pack, unpack: results, errors, metamethods.

local function show(...)
  local n = select("#", ...)
  local out = {}
  for i = 1, n do
    local v = select(i, ...)
    out[#out + 1] = type(v) == "number" and (math.type(v) .. ":" .. tostring(v)) or tostring(v)
  end
  print(n, table.concat(out, " "))
end

local function dump(t, n)
  local out = {}
  for i = 1, n or #t do out[#out + 1] = tostring(t[i]) end
  return "{" .. table.concat(out, ",") .. "}"
end

-- insert
local t = {}
table.insert(t, "a"); table.insert(t, 1, "b"); table.insert(t, 2, "c"); table.insert(t, #t + 1, "d")
print(dump(t))
show(pcall(table.insert, t, 0, "x"))
show(pcall(table.insert, t, 6, "x"))
show(pcall(table.insert, t, -1, "x"))
show(pcall(table.insert, t, math.mininteger, "x"))
show(pcall(table.insert, t, 1.5, "x"))
show(pcall(table.insert, t, "2", "x"))
print(dump(t))
show(pcall(table.insert, t, "x", "y"))
show(pcall(table.insert, t))
show(pcall(table.insert, t, 1, 2, 3))
show(pcall(table.insert))
show(pcall(table.insert, nil, 1))
show(pcall(table.insert, 42, 1))
show(pcall(table.insert, "str", 1))
table.insert(t, nil); print(#t, dump(t))
table.insert(t, 1, nil); print(dump(t, 6))
print(pcall(function() table.insert(nil, 1) end))
print(pcall(function() local ins = table.insert; ins(nil, 1) end))
print(pcall(function() local tt = {insert = table.insert}; tt.insert(1) end))
print(pcall(function() local o = {ins = table.insert}; o:ins() end))
print(pcall(function() local o = {ins = table.insert}; o:ins(1, 2, 3) end))

-- remove
t = {1, 2, 3, 4, 5}
show(table.remove(t)); print(dump(t))
show(table.remove(t, 1)); print(dump(t))
show(table.remove(t, 2)); print(dump(t))
show(table.remove(t, #t + 1)); print(dump(t))
show(pcall(table.remove, t, #t + 2))
show(pcall(table.remove, t, 0))
show(pcall(table.remove, t, -1))
local e = {}
show(table.remove(e)); show(table.remove(e, 0)); show(table.remove(e, 1))
show(pcall(table.remove, e, 2)); show(pcall(table.remove, e, -1))
local z = {[0] = "zero"}
show(table.remove(z, 0)); print(z[0])
show(pcall(table.remove, nil))
show(pcall(table.remove, {}, "a"))
t = {n = 1}; t[1] = "only"; show(table.remove(t)); show(#t, t[1])

-- move
local a = {1, 2, 3, 4, 5}
print(dump(table.move(a, 1, 3, 3)))
a = {1, 2, 3, 4, 5}
print(dump(table.move(a, 2, 5, 1)))
a = {1, 2, 3, 4, 5}
print(dump(table.move(a, 1, 5, 2), 6))
a = {1, 2, 3}
local b = table.move(a, 1, 3, 1, {})
print(dump(b), a ~= b)
print(dump(table.move({1, 2, 3}, 1, 0, 1, {9})))
print(dump(table.move({1, 2, 3}, 3, 1, 1)))
print(dump(table.move({1, 2, 3}, -1, 1, 1), 3))
show(pcall(table.move, {}, 1, math.maxinteger, 2))
show(pcall(table.move, {}, 0, math.maxinteger, 1))
show(pcall(table.move, {}, -1, math.maxinteger - 1, 1))
show(pcall(table.move, {}, 1, 2, math.maxinteger))
print(pcall(table.move, {}, 1, 1, math.maxinteger) == true)
show(pcall(table.move, {}, math.mininteger, -1, 1))
show(pcall(table.move, {}))
show(pcall(table.move, {}, 1))
show(pcall(table.move, {}, 1, 2))
show(pcall(table.move, {}, 1, 2, 3, 4))
show(pcall(table.move, 1, 1, 2, 3))
show(pcall(table.move, {}, 1.5, 2, 3))
local mt = setmetatable({}, {__index = function(_, k) return k * 10 end})
print(dump(table.move(mt, 1, 4, 1, {})))
local log = {}
local dst = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. v; rawset(t, k, v) end})
table.move({1, 2, 3}, 1, 3, 5, dst)
print(table.concat(log, " "))
-- same table with __eq: overlapping, copies backwards only when it is the same table
local eqmt = {__eq = function() return true end}
local p, q = setmetatable({1, 2, 3}, eqmt), setmetatable({}, eqmt)
print(dump(table.move(p, 1, 3, 2, q), 4))

-- concat
print(table.concat({}), table.concat({}, "x"), table.concat({1, 2, 3}))
print(table.concat({1, 2, 3}, ", "), table.concat({"a", "b"}, "", 2), table.concat({"a", "b", "c"}, "-", 2, 3))
print(table.concat({1, 2.5, -0.0, 1e100, 2^63, math.mininteger}, " "))
print(table.concat({"a", "b"}, 1), table.concat({"a", "b"}, 2.5))
print(table.concat({"a", "b", "c"}, ",", 3, 2), table.concat({"a"}, ",", 1, 1))
show(pcall(table.concat, {1, 2, {}}))
show(pcall(table.concat, {1, nil, 3}, ",", 1, 3))
show(pcall(table.concat, {true}))
show(pcall(table.concat, {print}))
show(pcall(table.concat, {1}, {}))
show(pcall(table.concat, {}, ",", 1, 2))
show(pcall(table.concat, nil))
show(pcall(table.concat, {}, nil, "a"))
show(pcall(table.concat, {}, nil, 1, 2.5))
show(pcall(table.concat, {[math.maxinteger] = "m"}, ",", math.maxinteger))
show(pcall(table.concat, {[math.mininteger] = "m"}, ",", math.mininteger, math.mininteger))
print(table.concat(setmetatable({}, {__index = function(_, i) return "v" .. i end, __len = function() return 4 end}), "|"))
show(pcall(table.concat, setmetatable({}, {__len = function() return 2.5 end})))
show(pcall(table.concat, setmetatable({}, {__len = function() return "3" end})))
show(pcall(table.concat, setmetatable({}, {__len = function() return "x" end})))

-- pack / unpack
local pk = table.pack()
print(pk.n, #pk)
pk = table.pack(1, nil, 3, nil)
print(pk.n, pk[1], pk[2], pk[3], pk[4])
show(table.unpack({1, 2, 3}))
show(table.unpack({1, 2, 3}, 2))
show(table.unpack({1, 2, 3}, 2, 5))
show(table.unpack({1, 2, 3}, -1, 1))
show(table.unpack({1, 2, 3}, 3, 2))
show(table.unpack({}, math.maxinteger, math.maxinteger))
show(table.unpack({}, math.mininteger, math.mininteger))
show(pcall(table.unpack, {}, 1, 1e7))
show(pcall(table.unpack, {}, math.mininteger, math.maxinteger))
show(pcall(table.unpack, {}, 0, math.maxinteger))
show(pcall(table.unpack, {}, 1, math.maxinteger))
show(pcall(table.unpack))
show(pcall(table.unpack, nil, 1, 2))
show(pcall(table.unpack, nil))
show(pcall(table.unpack, 42))
show(table.unpack("abc", 1, 2))
show(table.unpack(setmetatable({}, {__index = function(_, i) return i * i end}), 1, 4))
show(table.unpack(setmetatable({}, {__len = function() return 2 end, __index = function(_, i) return -i end})))
show(pcall(table.unpack, {}, "a"))
show(pcall(table.unpack, {}, 1, 2.5))
show(select("#", table.unpack({}, 1, 100)))

-- proxies: non-tables with the needed metamethods are accepted (checktab)
local store = {}
local proxy = setmetatable({}, {__index = store, __newindex = store, __len = function() return #store end})
table.insert(proxy, "x"); table.insert(proxy, 1, "y")
print(dump(store), rawlen(proxy))
show(table.remove(proxy, 1)); print(dump(store))
print(pcall(table.insert, setmetatable({}, {}), 1))
print(pcall(table.concat, setmetatable({}, {__len = function() return 1 end, __index = function() return "i" end})))
-- string values with a metatable lacking __newindex are rejected
print(pcall(table.insert, "abc", "d"))
print(pcall(table.concat, "abc"))
print(pcall(table.unpack, "abc"))
-- __index and __newindex tracing for insert/remove shifting
local trace = {}
local backing = {10, 20, 30}
local tr = setmetatable({}, {
  __index = function(_, k) trace[#trace + 1] = "get" .. k; return backing[k] end,
  __newindex = function(_, k, v) trace[#trace + 1] = "set" .. k .. "=" .. tostring(v); backing[k] = v end,
  __len = function() trace[#trace + 1] = "len"; return #backing end,
})
table.insert(tr, 2, 15); print(table.concat(trace, " ")); trace = {}
table.remove(tr, 1); print(table.concat(trace, " ")); trace = {}
table.remove(tr); print(table.concat(trace, " ")); trace = {}
print(table.concat(tr, ",")); print(table.concat(trace, " ")); trace = {}
print(dump(table.move(tr, 1, 2, 2))); print(table.concat(trace, " ")); trace = {}
print(table.unpack(tr)); print(table.concat(trace, " "))
-- errors inside metamethods propagate
print(pcall(table.insert, setmetatable({}, {__len = function() error("len!") end}), 1))
print(pcall(table.insert, setmetatable({}, {__newindex = function() error("ni!") end}), 1))
print(pcall(table.remove, setmetatable({1}, {__len = function() return 2^53 end})))
