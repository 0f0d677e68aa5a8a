-- Closure creation, upvalue access and calls through closures.
local n = tonumber(arg and arg[1]) or 3000000
local function counter() local c = 0; return function(d) c = c + d; return c end end
local total = 0
for i = 1, n do
  local f = counter()
  f(i); total = total + f(1)
end
print(total)
