for i = 1, 10 do print(i) end
for i = 10, 1, -1 do print(i) end
for i = 1.0, 2, 0.5 do print(i) end
for i = x, y, z do print(i) end
for k, v in pairs(t) do print(k, v) end
for k in next, t do end
for a, b, c, d, e in f() do print(a, b, c, d, e) end
while true do if x then break end end
while x do local y = x; x = nil end
repeat local z = 1 until z
repeat local z = 1; local function g() return z end until z > 2
for i = 1, 3 do local function g() return i end end
while x do
  local a = 1
  if a then break end
  local function f() return a end
  if f then break end
end
do local a; local b; local c = nil; local d, e end
