-- Varargs, multiple results and their adjustment.
local function f(...) return select("#", ...), ... end
print(f())
print(f(nil))
print(f(1, nil, 3))
print(f(nil, nil))
local function g(a, b, ...) return a, b, select("#", ...) end
print(g(1), g(1, 2, 3, 4))
local function h(...) local a, b = ... return a, b end
print(h(1), h(1, 2, 3))
local function k(...) return ... end
print(k(1, 2, 3), k(4, 5))
print((k(1, 2, 3)))
local t = {k(1, 2, 3), k(4, 5)}
print(#t, t[1], t[2], t[3], t[4])
local t2 = {k(1, 2), 10}
print(#t2, t2[1], t2[2], t2[3])
print(select(2, "a", "b", "c"), select(-1, "a", "b", "c"), select(-3, "a", "b", "c"))
print(pcall(select, -4, "a", "b", "c"))
print(select("#"), select("#", nil, nil, nil))
local packed = table.pack(1, nil, 3)
print(packed.n, packed[1], packed[2], packed[3])
print(table.unpack({1, 2, 3}), table.unpack({1, 2, 3}, 2), table.unpack({1, 2, 3}, 2, 3))
print(table.unpack({}, 1, 3))
local function count(...) return select("#", ...) end
print(count(table.unpack({1, 2, nil, 4}, 1, 4)))
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
print(sum(1, 2, 3, 4, 5))
local function varpass(...) return count(...) end
print(varpass(1, 2, 3), varpass())
local function tailvar(...) return k(...) end
print(tailvar("x", "y"))
-- varargs in the main chunk
print(select("#", ...))
-- many values
local big = {}
for i = 1, 200 do big[i] = i end
print(count(table.unpack(big)), sum(table.unpack(big)))
local function ret(...) return ... end
local r = {ret(table.unpack(big))}
print(#r, r[200])
-- string.byte style multiple results into calls
print(string.byte("abc", 1, 3))
print(math.type((k(1.5, 2))))
