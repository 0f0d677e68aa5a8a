-- Closures and shared upvalues.
local function counter()
  local n = 0
  return function() n = n + 1; return n end, function() return n end
end
local inc, get = counter()
inc(); inc()
print(get(), inc(), get())
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
local j = 0
while j < 3 do j = j + 1; local k = j; gs[j] = function() k = k + 10; return k end end
print(gs[1](), gs[1](), gs[2]())
local function outer()
  local a = 1
  local function mid()
    local b = 2
    return function() a = a + 1; b = b + 1; return a + b end
  end
  return mid(), mid(), function() return a end
end
local m1, m2, ga = outer()
print(m1(), m2(), m1(), ga())
-- upvalue shared between closures created in the same scope
local function pair()
  local v = 0
  local function set(x) v = x end
  local function read() return v end
  return set, read
end
local s1, r1 = pair()
local s2, r2 = pair()
s1(5); s2(7)
print(r1(), r2())
-- recursion through upvalue
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10), fact(20))
-- closures capturing loop variables of generic for
local t = {}
for k, v in ipairs({"a", "b", "c"}) do t[#t + 1] = function() return k .. v end end
print(t[1](), t[2](), t[3]())
-- a closure outliving several block scopes
local f
do
  local x = "captured"
  do
    local y = "!"
    f = function() return x .. y end
  end
end
print(f())
-- upvalues of upvalues
local function level1()
  local u = "u"
  return function()
    return function()
      return function() return u end
    end
  end
end
print(level1()()()())
-- upvalueid: fail (not an error) for an index that names no upvalue; upvaluejoin checks
-- each (function, index) pair before the kind of function.
local ua, ub = 1, 2
local function uf() return ua + ub end
local function ug() return ub end
print(debug.upvalueid(uf, 3), debug.upvalueid(uf, 0), debug.upvalueid(print, 1))
print(debug.upvalueid(uf, 2) == debug.upvalueid(ug, 1), debug.upvalueid(uf, 1) == debug.upvalueid(ug, 1))
print(pcall(debug.upvalueid, 1, 1))
print(pcall(debug.upvaluejoin, uf, 3, ug, 1))
print(pcall(debug.upvaluejoin, uf, 1, ug, 2))
print(pcall(debug.upvaluejoin, print, 1, ug, 1))
print(pcall(debug.upvaluejoin, uf, 1, string.gmatch("x", "x"), 1))
debug.upvaluejoin(uf, 1, ug, 1)
print(uf(), debug.upvalueid(uf, 1) == debug.upvalueid(ug, 1))
