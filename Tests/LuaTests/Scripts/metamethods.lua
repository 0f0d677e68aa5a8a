-- Every metamethod of Lua 5.4.
local V = {}
V.__index = V
local function vec(x, y) return setmetatable({x = x, y = y}, V) end
V.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b) if type(b) == "number" then return vec(a.x * b, a.y * b) end return a.x * b.x + a.y * b.y end
V.__div = function(a, b) return "div" end
V.__mod = function(a, b) return "mod" end
V.__pow = function(a, b) return "pow" end
V.__unm = function(a) return vec(-a.x, -a.y) end
V.__idiv = function(a, b) return "idiv" end
V.__band = function(a, b) return "band" end
V.__bor = function(a, b) return "bor" end
V.__bxor = function(a, b) return "bxor" end
V.__shl = function(a, b) return "shl" end
V.__shr = function(a, b) return "shr" end
V.__bnot = function(a) return "bnot" end
V.__concat = function(a, b)
  local function s(v) return type(v) == "table" and ("(" .. v.x .. "," .. v.y .. ")") or tostring(v) end
  return s(a) .. s(b)
end
V.__len = function(a) return 2 end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__call = function(self, a, b) return "called", a, b end
V.__tostring = function(a) return "vec(" .. a.x .. "," .. a.y .. ")" end
V.__name = "Vector"
function V:len2() return self.x * self.x + self.y * self.y end

local a, b = vec(1, 2), vec(3, 4)
print(tostring(a + b), tostring(a - b), a * b, tostring(a * 2), tostring(-a))
print(a / b, a % b, a ^ b, a // b, a & b, a | b, a ~ b, a << b, a >> b, ~a)
print(a / 1, 1 % a, 2 ^ a, a // 3, 1 & a, a | 1, 1 ~ a, a << 1, 1 >> a)
print(a .. b, a .. "!", "!" .. a, 1 .. a, a .. 1 .. b)
print(#a, a == vec(1, 2), a ~= vec(1, 2), a == b, a < b, a <= b, a > b, a >= b)
print(a(10, 20))
print(a:len2(), b:len2())
-- __index chain and functions
local base = {greet = function() return "hi" end}
local mid = setmetatable({}, {__index = base})
local top = setmetatable({}, {__index = mid})
print(top.greet(), top.missing)
local calls = 0
local proxy = setmetatable({}, {__index = function(t, k) calls = calls + 1; return k .. k end})
print(proxy.ab, proxy[1], calls)
-- __newindex to table and function
local store = {}
local w = setmetatable({}, {__newindex = store})
w.a = 1
print(rawget(w, "a"), store.a)
local log = {}
local w2 = setmetatable({}, {__newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v); rawset(t, k, v) end})
w2.x = 1; w2.x = 2; w2.y = 3
print(table.concat(log, " "), w2.x, w2.y)
-- __eq only for same types; rawequal
local e1 = setmetatable({}, {__eq = function() return true end})
local e2 = setmetatable({}, {__eq = function() return true end})
print(e1 == e2, e1 == {}, rawequal(e1, e2), e1 ~= e2)
-- __lt used for __le fallback (5.3 compatibility)
local L = {__lt = function(x, y) return x.v < y.v end}
local l1, l2 = setmetatable({v = 1}, L), setmetatable({v = 2}, L)
print(l1 < l2, l1 <= l2, l2 <= l1, l1 > l2, l1 >= l2)
-- __metatable protection
local prot = setmetatable({}, {__metatable = "locked"})
print(getmetatable(prot), pcall(setmetatable, prot, {}))
-- __tostring must return a string
local bad = setmetatable({}, {__tostring = function() return 42 end})
print(tostring(bad))
local bad2 = setmetatable({}, {__tostring = function() return {} end})
print(pcall(tostring, bad2))
-- __name in error messages
local named = setmetatable({}, {__name = "MyType"})
print(pcall(function() return named + 1 end))
print(pcall(function() return #named .. named end))
-- __call chains
local c2 = setmetatable({}, {__call = function(self, x) return x * 2 end})
print(c2(21), pcall(c2, "a"))
-- __len on strings does not apply; __index on strings
print(("abc"):upper(), #"abc")
-- __concat with numbers on the left
local cc = setmetatable({}, {__concat = function(x, y) return "C" end})
print(1 .. cc, cc .. 1, "s" .. cc .. "t")
-- __unm and __bnot receive the operand twice
local u = setmetatable({}, {__unm = function(x, y) return rawequal(x, y) end, __bnot = function(x, y) return rawequal(x, y) end})
print(-u, ~u)
-- __index on numbers via debug? no: index errors
print(pcall(function() local n = 5; return n.x end))
-- __close is covered in tbc.lua; __gc is accepted
setmetatable({}, {__gc = function() end})
print("done")
