-- Return events of pcall, xpcall, coroutine.resume and coroutine.wrap frames (ldo.c's
-- rethook fires for every function that returns, these included), normal and error exits.
local t = {}
local function hook(event)
  local info = debug.getinfo(2, "nS")
  t[#t + 1] = event .. " " .. tostring(info.name) .. " " .. info.what
end
local function f(x) return x end
local co = coroutine.create(function(a) local b = coroutine.yield(a) return b end)
local w = coroutine.wrap(function() coroutine.yield(1) return 2 end)
local bad = coroutine.create(function() error("in coroutine") end)
debug.sethook(hook, "cr")
pcall(f, 1)
pcall(error, "e")
xpcall(f, print, 2)
xpcall(error, function(m) return m end, "x")
coroutine.resume(co, 1)
coroutine.resume(co, 2)
coroutine.resume(co)
coroutine.resume(bad)
w()
w()
pcall(w)
debug.sethook()
for _, e in ipairs(t) do print(e) end
