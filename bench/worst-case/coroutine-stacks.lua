-- Many coroutines, each with a deep Lua stack.
local function deep(n) if n == 0 then coroutine.yield() return 0 end return 1 + deep(n - 1) end
local cos = {}
for i = 1, 1e6 do
  local co = coroutine.create(deep)
  coroutine.resume(co, 10000)
  cos[#cos + 1] = co
end
return #cos
