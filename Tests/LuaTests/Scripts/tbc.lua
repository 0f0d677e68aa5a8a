-- To-be-closed variables.
local log = {}
local function closable(name)
  return setmetatable({}, {__close = function(self, err) log[#log + 1] = name .. ":" .. tostring(err) end})
end
do
  local a <close> = closable("a")
  local b <close> = closable("b")
  local c <close> = nil
  local d <close> = false
end
print(table.concat(log, " ")); log = {}
local function f()
  local x <close> = closable("x")
  return "ret"
end
print(f(), table.concat(log, " ")); log = {}
print(pcall(function()
  local y <close> = closable("y")
  error("boom", 0)
end), table.concat(log, " ")); log = {}
for i = 1, 3 do
  local z <close> = closable("z" .. i)
  if i == 2 then break end
end
print(table.concat(log, " ")); log = {}
-- generic for closes its fourth value
local function iter()
  local closer = closable("iter")
  return function(s, i) if i < 2 then return i + 1 end end, nil, 0, closer
end
for i in iter() do end
print(table.concat(log, " ")); log = {}
for i in iter() do if i == 1 then break end end
print(table.concat(log, " ")); log = {}
-- errors inside __close replace the error
print(pcall(function()
  local e1 <close> = setmetatable({}, {__close = function() error("close error", 0) end})
  error("original", 0)
end))
-- close runs in reverse order even with errors in between
print(pcall(function()
  local p <close> = closable("p")
  local q <close> = setmetatable({}, {__close = function(_, e) log[#log + 1] = "q:" .. tostring(e); error("qerr", 0) end})
  local r <close> = closable("r")
  error("start", 0)
end), table.concat(log, " ")); log = {}
-- non-closable values
print(pcall(function() local bad <close> = {} end))
print(pcall(function() local bad <close> = 42 end))
-- const variables
local k <const> = 10
print(k * 2)
-- tbc in coroutines: closing a suspended coroutine closes its variables
local co = coroutine.create(function()
  local v <close> = closable("co")
  coroutine.yield(1)
end)
coroutine.resume(co)
print(coroutine.close(co), table.concat(log, " ")); log = {}
-- tbc with goto out of block
do
  local n = 0
  ::again::
  do
    local g <close> = closable("g" .. n)
    n = n + 1
    if n < 3 then goto again end
  end
end
print(table.concat(log, " ")); log = {}
-- __close may yield inside a coroutine
local co2 = coroutine.wrap(function()
  do
    local y <close> = setmetatable({}, {__close = function() coroutine.yield("closing") end})
  end
  return "after"
end)
print(co2(), co2())
-- return values survive closing
local function multi()
  local m <close> = closable("m")
  return 1, 2, 3
end
print(multi())
print(table.concat(log, " "))
-- A __close that fails during unwinding leaves no frames behind: the next __close sees
-- pcall as its caller.
do
  local function closer(f) return setmetatable({}, {__close = f}) end
  local function foo()
    local x <close> = closer(function (_, msg) print("x", debug.getinfo(2, "n").name, msg) end)
    local y <close> = closer(function (_, msg)
      print("y", debug.getinfo(2, "n").name, msg)
      error("@y")
    end)
    error(4)
  end
  print(pcall(foo))
end
-- After an error, __close metamethods run as frames of the loop: they may yield inside a
-- coroutine, an error in one replaces the error value (and goes to xpcall's handler), and
-- the next one still runs.
do
  local function closer(f) return setmetatable({}, {__close = f}) end
  local co = coroutine.wrap(function ()
    local function foo(err)
      local z <close> = closer(function(_, msg) coroutine.yield("z", msg) end)
      local y <close> = closer(function(_, msg) coroutine.yield("y", msg); error(err + 20, 0) end)
      if err == 10 then error(err) end
      return 10, 20
    end
    coroutine.yield(pcall(foo, 1))
    coroutine.yield(xpcall(foo, function(m) return "H" .. m end, 10))
    return "end"
  end)
  for _ = 1, 7 do print(pcall(co)) end
  print(xpcall(function()
    local z <close> = closer(function(_, msg) print("z got", msg) end)
    local n <close> = setmetatable({}, {__close = rawequal})
    local y <close> = closer(function(_, msg) print("y got", msg); error("from y", 0) end)
    error("orig", 0)
  end, function(m) print("handler", m); return "H:" .. m end))
end
