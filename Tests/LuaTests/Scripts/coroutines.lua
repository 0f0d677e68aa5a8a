-- Coroutines: create, resume, yield, status, wrap, isyieldable, running, close.
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return "end", 99
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, "x", "y"))
print(coroutine.status(co))
print(coroutine.resume(co))
-- generators with wrap
local function range(n) return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end) end
for i in range(4) do io.write(i, " ") end print()
-- yield across pcall
local co2 = coroutine.create(function()
  local ok, v = pcall(function()
    local x = coroutine.yield("in pcall")
    error("after " .. x)
  end)
  coroutine.yield(ok, v)
  return "finished"
end)
print(coroutine.resume(co2))
print(coroutine.resume(co2, "resume"))
print(coroutine.resume(co2))
-- yield inside metamethods
local mt = {
  __index = function(t, k) return coroutine.yield("index " .. k) end,
  __add = function(a, b) return coroutine.yield("add") end,
  __lt = function(a, b) return coroutine.yield("lt") end,
  __concat = function(a, b) return coroutine.yield("concat") end,
  __eq = function(a, b) return coroutine.yield("eq") end,
  __len = function(a) return coroutine.yield("len") end,
  __newindex = function(t, k, v) coroutine.yield("newindex " .. k) end,
  __call = function(self, x) return coroutine.yield("call " .. x) end,
}
local obj = setmetatable({}, mt)
local obj2 = setmetatable({}, mt)
local co3 = coroutine.wrap(function()
  local r = {}
  r[1] = obj.foo
  r[2] = obj + 1
  r[3] = obj < obj2
  r[4] = obj .. "x"
  r[5] = obj == obj2
  r[6] = #obj
  obj.bar = 1
  r[7] = obj("arg")
  if obj < obj2 then r[8] = "lt-true" else r[8] = "lt-false" end
  r[9] = "a" .. obj .. "b" .. obj
  return table.concat({tostring(r[1]), tostring(r[2]), tostring(r[3]), tostring(r[4]), tostring(r[5]),
    tostring(r[6]), tostring(r[7]), tostring(r[8]), tostring(r[9])}, ",")
end)
print(co3())
print(co3("V1"))
print(co3("V2"))
print(co3(true))
print(co3("V4"))
print(co3(false))
print(co3(3))
print(co3())
print(co3("V7"))
print(co3(nil))
print(co3("C1"))
print(co3("C2"))
-- yield inside a generic for iterator
local co4 = coroutine.wrap(function()
  local function iter(s, i) if i < 3 then coroutine.yield("iter " .. i) return i + 1 end end
  local n = 0
  for i in iter, nil, 0 do n = n + i end
  return "sum " .. n
end)
print(co4(), co4(), co4(), co4())
-- status, running, isyieldable
local main, ismain = coroutine.running()
print(type(main), ismain, coroutine.isyieldable())
local co5
co5 = coroutine.create(function()
  local me, im = coroutine.running()
  print(me == co5, im, coroutine.isyieldable(), coroutine.status(co5))
  local inner = coroutine.create(function() print("outer is", coroutine.status(co5)) end)
  coroutine.resume(inner)
end)
coroutine.resume(co5)
print(coroutine.status(co5))
-- errors inside coroutines
local co6 = coroutine.create(function() local x = nil; return x.y end)
print(coroutine.resume(co6))
print(coroutine.status(co6), coroutine.resume(co6))
local w = coroutine.wrap(function() error("wrapped error") end)
print(pcall(w))
local w2 = coroutine.wrap(function() error({}) end)
print(type(select(2, pcall(w2))))
local w3 = coroutine.wrap(function() return 1 end)
w3()
print(pcall(w3))
-- yield outside a coroutine, resume running, resume non-coroutine
print(pcall(coroutine.yield, 1))
print(coroutine.resume(coroutine.running()))
print(pcall(coroutine.resume, 1))
print(pcall(coroutine.status, nil))
-- yield across a C boundary (table.sort comparator would be the classic; use tostring)
local co7 = coroutine.create(function()
  local t = setmetatable({}, {__tostring = function() coroutine.yield("no") return "t" end})
  return tostring(t)
end)
print(coroutine.resume(co7))
-- close
local co8 = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co8)
print(coroutine.close(co8), coroutine.status(co8))
local co9 = coroutine.create(function() error("dead") end)
coroutine.resume(co9)
print(coroutine.close(co9))
print(pcall(coroutine.close, coroutine.running()))
-- many coroutines alive at once
local cs = {}
for i = 1, 100 do cs[i] = coroutine.wrap(function() local s = 0; while true do s = s + i; coroutine.yield(s) end end) end
local total = 0
for round = 1, 3 do for i = 1, 100 do total = total + cs[i]() end end
print(total)
-- deep recursion inside a coroutine
local co10 = coroutine.wrap(function() local function r(n) if n == 0 then return 0 end return 1 + r(n - 1) end return r(10000) end)
print(co10())
-- passing values in and out
local echo = coroutine.wrap(function(...) local args = {...}; while true do args = {coroutine.yield(table.unpack(args))} end end)
print(echo(1, 2, 3))
print(echo())
print(echo(nil, "x"))
