-- Coroutine ping-pong: a producer/filter/consumer pipeline and generators, resumed and
-- yielded millions of times (values cross in both directions).
local n = tonumber(arg and arg[1]) or 1000000
local function producer()
  return coroutine.create(function()
    for i = 1, n do coroutine.yield(i) end
    return nil
  end)
end
local function filter(source)
  return coroutine.create(function()
    while true do
      local _, v = coroutine.resume(source)
      if v == nil then return nil end
      if v % 3 ~= 0 then coroutine.yield(v * 2) end
    end
  end)
end
local sum, count = 0, 0
local f = filter(producer())
while true do
  local _, v = coroutine.resume(f)
  if v == nil then break end
  sum = sum + v; count = count + 1
end
-- Ping-pong: each side passes a counter to the other through resume/yield.
local pong = coroutine.wrap(function(x)
  while true do x = coroutine.yield(x + 1) end
end)
local x = 0
for _ = 1, n do x = pong(x) end
-- Generators through coroutine.wrap in a for-in loop.
local function range(a, b)
  return coroutine.wrap(function() for i = a, b do coroutine.yield(i) end end)
end
local acc = 0
for _ = 1, 20 do for i in range(1, n // 20) do acc = acc + i end end
print(count, sum, x, acc)
