-- Numeric and generic for loops.
for i = 1, 3 do io.write(i, " ") end print()
for i = 3, 1, -1 do io.write(i, " ") end print()
for i = 1, 0 do io.write("never") end print("empty")
for i = 1.0, 2.0, 0.5 do io.write(i, " ") end print()
for i = 0.1, 0.35, 0.1 do io.write(i, " ") end print()
for i = math.maxinteger - 2, math.maxinteger do io.write(i, " ") end print()
for i = math.mininteger, math.mininteger + 2 do io.write(i, " ") end print()
for i = math.mininteger + 2, math.mininteger, -1 do io.write(i, " ") end print()
for i = 1, math.huge do if i > 3 then break end io.write(i, " ") end print()
for i = 1, -math.huge do io.write("never") end print("ok")
for i = -1, -math.huge, -1 do if i < -3 then break end io.write(i, " ") end print()
for i = 1, 3.5 do io.write(i, " ") end print()
for i = 3, 1.5, -1 do io.write(i, " ") end print()
for i = 1, 10, 4 do io.write(i, " ") end print()
for i = 10, 1, -4 do io.write(i, " ") end print()
for i = math.maxinteger, math.maxinteger - 10, -5 do io.write(i, " ") end print()
for i = 1, 3 do local j = i; i = i * 10; io.write(i, ":", j, " ") end print()
print(pcall(function() for i = 1, 10, 0 do end end))
print(pcall(function() for i = 1.0, 10, 0.0 do end end))
local t = {"a", "b", "c"}
for i, v in ipairs(t) do io.write(i, v, " ") end print()
for k, v in next, t do io.write(k, v, " ") end print()
local function range(n)
  return function(_, i) if i < n then return i + 1 end end, nil, 0
end
for i in range(4) do io.write(i, " ") end print()
for a, b, c in function(_, x) if x < 2 then return x + 1, "b", "c" end end, nil, 0 do io.write(a, b, c, " ") end print()
local callable = setmetatable({}, {__call = function(self, s, i) if i < 3 then return i + 1 end end})
for i in callable, nil, 0 do io.write(i, " ") end print()
print(pcall(function() for i in 42 do end end))
-- nested loops with break
for i = 1, 3 do for j = 1, 3 do if j > i then break end io.write(i, j, " ") end end print()
-- while / repeat
local n = 0
while n < 5 do n = n + 1 end
repeat n = n - 2 until n < 0
print(n)
local k = 0
repeat local stop = k >= 3; k = k + 1 until stop
print(k)
