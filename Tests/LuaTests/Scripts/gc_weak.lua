-- Garbage collection and weak tables.
print(type(collectgarbage("count")), collectgarbage("isrunning"))
print(collectgarbage(), collectgarbage("collect"))
local weakv = setmetatable({}, {__mode = "v"})
local weakk = setmetatable({}, {__mode = "k"})
local strong = {}
do
  local a, b = {}, {}
  weakv[1] = a; weakv[2] = {}; weakv[3] = "string stays"; weakv[4] = 42
  weakk[a] = "a"; weakk[{}] = "gone"; weakk["str"] = {}
  strong[1] = a
end
collectgarbage()
local n = 0
for k, v in pairs(weakk) do n = n + 1 end
print(weakv[1] == strong[1], weakv[2], weakv[3], weakv[4], n, weakk["str"] ~= nil)
-- ephemeron: value refers to its own key
local eph = setmetatable({}, {__mode = "k"})
do
  local key = {}
  eph[key] = {ref = key}
end
collectgarbage()
print(next(eph))
-- kv
local kv = setmetatable({}, {__mode = "kv"})
kv[1] = {}; kv[{}] = 1; kv.x = "y"
collectgarbage()
print(kv[1], kv.x)
-- cycles are collected: memory returns to its level
collectgarbage()
local before = collectgarbage("count")
for i = 1, 2000 do local a = {}; local b = {a = a}; a.b = b end
collectgarbage()
local after = collectgarbage("count")
print(after < before + 10)
-- stop/restart
collectgarbage("stop")
print(collectgarbage("isrunning"))
collectgarbage("restart")
print(collectgarbage("isrunning"))
print(collectgarbage("incremental"), collectgarbage("generational"), collectgarbage("incremental"))
print(pcall(collectgarbage, "bogus"))
-- weak table clearing during traversal
local t = {}
for i = 1, 10 do t["k" .. i] = i end
local cnt = 0
for k in pairs(t) do t[k] = nil; cnt = cnt + 1 end
print(cnt, next(t))
-- lots of garbage
local s = 0
for i = 1, 20000 do local x = {i, i * 2, tostring(i)}; s = s + #x end
print(s)
print(collectgarbage("step"), collectgarbage("step", 0))
collectgarbage("incremental")
local done = false
for i = 1, 100 do if collectgarbage("step", 100) then done = true break end end
print(done)
collectgarbage("generational")
