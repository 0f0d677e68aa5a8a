local x, y = ...
local a = x == y, x ~= y, x < y, x <= y, x > y, x >= y
local b = x == 1, x ~= 1, x < 1, x <= 1, x > 1, x >= 1
local c = 1 == x, 1 ~= x, 1 < x, 1 <= x, 1 > x, 1 >= x
local d = x == 1.0, x < 2.0, x > 2.5, 2.0 >= x, x == "s", x ~= nil, x == true, x == false
local e = x == 200, x < 200, 200 > x, x == -128, x < -129, x == 1e10
if x == nil then print(1) end
if x ~= nil and y then print(2) end
if not (x < y) then print(3) end
while x < 10 do x = x + 1 end
repeat y = y - 1 until y <= 0
local f = x and y or 3
local g = (x or y) and (y or x)
local h = x and 1 or 2
local i = not x and y
local j = x == y and "eq" or "ne"
local k = (x > 1) == (y > 2)
print(x and y, x or y, nil and x, false or x, 1 and x, 1 or x)
return x < y and y < 3
