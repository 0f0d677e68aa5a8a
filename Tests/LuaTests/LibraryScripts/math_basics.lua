-- The math library except random: integer/float results, special values, coercions, errors.

-- NaN is printed without its sign: Tandem always writes "-nan" (the sign of a NaN result is
-- not defined on wasm), lua5.4 writes the sign bit.
local function fmt(v)
  if v ~= v then return "float:NaN" end
  if math.type(v) == "float" then return string.format("float:%a", v) end
  if math.type(v) == "integer" then return "int:" .. v end
  return type(v) .. ":" .. tostring(v)
end

local function show(label, ...)
  local out = {}
  for i = 1, select("#", ...) do out[#out + 1] = fmt((select(i, ...))) end
  print(label, table.concat(out, " "))
end

local function try(label, f, ...)
  local r = table.pack(pcall(f, ...))
  if r[1] then show(label, table.unpack(r, 2, r.n)) else print(label, "error", r[2]) end
end

local nan = 0/0
local specials = {0, -0.0, 0.0, 1, -1, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 3.7, -3.7, 2^52 + 0.5, 2^53, -2^53,
                  2^63, -2^63, 2^64, 1e100, -1e100, 1e-310, -1e-310, math.huge, -math.huge, nan,
                  math.maxinteger, math.mininteger, math.maxinteger + 0.0, math.mininteger + 0.0,
                  "10", "-3.5", "0x10", " 7 ", "1e2", 123456789}

print(string.format("%.17g %a", math.pi, math.pi), math.huge, -math.huge, math.maxinteger, math.mininteger)
print(math.type(math.pi), math.type(math.huge), math.type(math.maxinteger), math.type(math.mininteger))

for i, v in ipairs(specials) do
  try("abs " .. i, math.abs, v)
  try("floor " .. i, math.floor, v)
  try("ceil " .. i, math.ceil, v)
  try("modf " .. i, math.modf, v)
  try("tointeger " .. i, math.tointeger, v)
  try("sqrt " .. i, math.sqrt, v)
  try("type " .. i, math.type, v)
  try("deg " .. i, math.deg, v)
  try("rad " .. i, math.rad, v)
end

-- fmod: integers (truncated remainder), floats, mixed, special divisors
local operands = {7, -7, 3, -3, 0, 1, -1, 2, math.maxinteger, math.mininteger, 7.5, -7.5, 0.0, -0.0,
                  math.huge, -math.huge, nan, 2^53, 1e-300, "5", "-2.5"}
for i, a in ipairs(operands) do
  for j, b in ipairs(operands) do
    local ok, r = pcall(math.fmod, a, b)
    io.write(i, ",", j, "=", ok and fmt(r) or ("error " .. r), " ")
  end
  print()
end
print(math.fmod(math.mininteger, -1), math.fmod(math.mininteger, 1), math.fmod(math.maxinteger, -1))
print(math.fmod(-6, 3), math.fmod(6, -3), math.fmod(-6.0, 3), math.fmod(6.0, -3))
try("fmod zero", math.fmod, 1, 0)
try("fmod zero2", math.fmod, math.mininteger, 0)
try("fmod float zero", math.fmod, 1, 0.0)
try("fmod none", math.fmod)
try("fmod one", math.fmod, 1)
try("fmod strs", math.fmod, "a", "b")
try("fmod str1", math.fmod, "a", 1)
try("fmod table", math.fmod, 1, {})

-- ult, type, tointeger
print(math.ult(1, 2), math.ult(-1, 2), math.ult(2, -1), math.ult(math.maxinteger, math.mininteger), math.ult(0, 0))
print(math.ult(1.0, 2), math.ult("1", "2"))
try("ult float", math.ult, 1.5, 2)
try("ult none", math.ult, 1)
try("ult str", math.ult, "x", 1)
try("type none", math.type)
print(math.type(nil), math.type("1"), math.type({}), math.type(true))
try("tointeger none", math.tointeger)
print(math.tointeger(nil), math.tointeger("abc"), math.tointeger("3.5"), math.tointeger("2^53"), math.tointeger({}))
print(math.tointeger("9223372036854775807"), math.tointeger("9223372036854775808"), math.tointeger("-9223372036854775808"))

-- min and max: first extreme wins, comparisons with <, no number check
print(math.max(1, 2.0, 2), math.min(1.0, 1), math.max(2, 2.0), math.min(-0.0, 0), math.max(0, -0.0))
print(math.max(3), math.min(-7.5), math.max(1, 5, 3, 5.0), math.min(4, 2, 2.0, 3))
print(math.max(math.mininteger, math.maxinteger), math.min(math.maxinteger + 0.0, math.maxinteger))
print(math.max(nan, 1), math.max(1, nan), math.min(nan, 1), math.min(1, nan))
print(math.max("10"), math.max("a", "b"), math.min("a", "b", "B"), math.max({}) ~= nil)
try("max none", math.max)
try("min none", math.min)
try("max mixed", math.max, "10", 9)
try("min mixed", math.min, 1, "x")
try("max tables", math.max, {}, {})
print(pcall(function() return math.max() end))
print(pcall(function() local m = math.min; return m() end))
local mt = {__lt = function(a, b) return a.v < b.v end}
local x, y = setmetatable({v = 1}, mt), setmetatable({v = 2}, mt)
print(math.max(x, y) == y, math.min(x, y) == x)

-- exp, log and trigonometry (printed with %.14g: all libms agree there)
local function g(v) return v ~= v and "NaN" or string.format("%.14g", v) end
for _, v in ipairs({0, 1, -1, 0.5, 2, 10, 100, 1e-5, -700, 709, 710, -746, math.huge, -math.huge}) do
  print("exp", v, g(math.exp(v)))
end
-- (no negative arguments: the sign of the NaN differs between glibc's functions)
for _, v in ipairs({1, 2, 8, 10, 1000, 0.5, 1e-300, 1e300, 0, -0.0, math.huge, 2^-1074, 3}) do
  print("log", v, g(math.log(v)), g(math.log(v, 2)), g(math.log(v, 10)), g(math.log(v, 3)), g(math.log(v, 0.5)),
        g(math.log(v, 1)), g(math.log(v, 0)), g(math.log(v, -2)), g(math.log(v, math.exp(1))))
end
print(math.log(8, 2), math.log(1024, 2), math.log(1000, 10), math.log(1e-5, 10), math.log(2^-1074, 2))
print(math.log(8, 2.0), math.log(100, "10"), math.log("100", 10))
for _, v in ipairs({0, -0.0, 0.5, -0.5, 1, -1, 2, 3, math.pi, math.pi / 2, math.pi / 4, 1e-10, 100, 1e6, 1e22, -1e22}) do
  print("trig", v, g(math.sin(v)), g(math.cos(v)), g(math.tan(v)), g(math.atan(v)))
end
for _, v in ipairs({0, -0.0, 0.5, -0.5, 1, -1, 0.25, 1e-10}) do
  print("arc", v, g(math.asin(v)), g(math.acos(v)))
end
print(math.asin(1.0000001) ~= math.asin(1.0000001), math.acos(-2) ~= math.acos(-2), math.log(-1) ~= math.log(-1))
for _, yx in ipairs({{0, 1}, {0, -1}, {-0.0, -1}, {1, 0}, {-1, 0}, {1, 1}, {-1, -1}, {1, -1}, {0, 0}, {-0.0, 0},
                     {0, -0.0}, {math.huge, math.huge}, {-math.huge, 1}, {1, math.huge}, {1, -math.huge}, {3, 4}}) do
  print("atan2", yx[1], yx[2], g(math.atan(yx[1], yx[2])))
end
print(math.atan(1) == math.pi / 4, math.atan(1, 1) == math.atan(1), math.atan(1, nil) == math.atan(1))
print(string.format("%a %a %a %a", math.sin(0), math.sin(-0.0), math.tan(-0.0), math.asin(-0.0)))
print(string.format("%a %a %a", math.exp(0), math.log(1), math.cos(0)))
print(math.sqrt(-1) ~= math.sqrt(-1), math.sqrt(4), math.sqrt(2), math.sqrt(-0.0), math.sqrt(math.huge))
print(string.format("%a %a", math.sqrt(2), math.sqrt(1e-310)))
try("sin none", math.sin)
try("cos str", math.cos, "x")
try("tan table", math.tan, {})
try("exp nil", math.exp, nil)
try("log none", math.log)
try("log strs", math.log, "x", "y")
try("log base str", math.log, 2, "y")
try("sqrt bool", math.sqrt, true)
try("deg none", math.deg)
try("floor none", math.floor)
try("floor table", math.floor, {})
try("ceil str", math.ceil, "x")
try("abs none", math.abs)
try("modf none", math.modf)
try("modf str", math.modf, "x")
print(pcall(function() return math.floor("a") end))
print(pcall(function() local f = math.floor; return f({}) end))
print(pcall(function() return math.sqrt() end))
print(math.sin("0"), math.cos("0"), math.floor(" 3 "), math.ceil("0x7fffffffffffffff"))

-- NaN against integers too large for a double (LTfloatint/LEfloatint): always false
do
  local NaN, big, small = 0/0, math.maxinteger, math.mininteger
  print(NaN < big, NaN <= big, NaN > small, NaN >= small, big < NaN, small <= NaN)
  print(-math.huge < small, math.huge <= big, -math.huge <= big, math.huge > small)
end

-- float modulo takes the divisor's sign, also when both are negative (runtime, not folded)
do
  local a, b = -5.5, -2
  print(a % b, 5.5 % b, a % 2, (-2.1 * 1e-300) % (-2 * 1e-300) < 0)
  for _, x in ipairs({-7.25, -0.5, 3.75}) do print(x % -1.5, x % 1.5) end
end
