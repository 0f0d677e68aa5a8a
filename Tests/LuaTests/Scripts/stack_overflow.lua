-- Runaway recursion is a catchable "stack overflow" error.
local function rec() return 1 + rec() end
local ok, e = pcall(rec)
print(ok, e)
local depth = 0
local function rec2() depth = depth + 1; rec2() end
print(pcall(rec2))
print(depth)
-- after the overflow the stack works again
local function sum(n) if n == 0 then return 0 end return n + sum(n - 1) end
print(sum(10000))
print(pcall(rec))
-- C stack overflow through metamethods
local t = setmetatable({}, {__index = function(t, k) return t[k + 1] end})
print(pcall(function() return t[1] end))
-- and through nested pcall
local function nest(n) return pcall(nest, n + 1) end
print(nest(1))
-- nested coroutines
local function deep(n)
  local co = coroutine.create(function() return deep(n + 1) end)
  local ok, v = coroutine.resume(co)
  return v or n
end
print(pcall(deep, 1))
