-- debug.sethook: call/return/line/count events per thread, as the reference fires them.
local co = coroutine.create(function ()
  coroutine.yield(10)
  return 20
end)
local trace = {}
debug.sethook(co, function (event, line) trace[#trace + 1] = event .. (line and (":" .. line) or "") end, "clr")
print(debug.gethook(co) ~= nil, select(2, debug.gethook(co)), select(3, debug.gethook(co)), debug.gethook())
repeat until not coroutine.resume(co)
print(table.concat(trace, " "))

local t = {}
local function hook(event) t[#t + 1] = event .. " " .. tostring(debug.getinfo(2, "n").name) end
local function closer(f) return setmetatable({}, {__close = f}) end
local function foo(...)
  local x <close> = closer(function () t[#t + 1] = "x" end)
  local y <close> = closer(function () debug.sethook(hook, "r") end)
  return ...
end
local r = {foo(10, 20, 30)}
debug.sethook()
print(#r, table.concat(t, ", "))

-- line and count events, tail calls, a vararg function, names inside the hook
local lines = {}
local function vf(...)
  local a = ...
  return a
end
local function tc(n) if n > 0 then return tc(n - 1) end return vf(n) end
debug.sethook(function (e, l)
  local info = debug.getinfo(1, "n")
  lines[#lines + 1] = e .. (l and (":" .. l) or "") .. "/" .. info.namewhat .. "/" .. tostring(info.name)
end, "crl")
tc(2)
debug.sethook()
print(table.concat(lines, " "))
local n = 0
debug.sethook(function (e) n = n + 1 end, "", 10)
for i = 1, 100 do end
debug.sethook()
print(n > 0)
print(pcall(debug.sethook, 1, "x"))
print(debug.gethook())
