-- Parity sweep (native vs wasm, compared by digest): numbers from every corner of the double
-- and integer ranges through tostring, string.format and the math library. There is no
-- reference output here on purpose: the transcendental functions are our own (accurate to
-- 1 ulp, not always bit-equal to the C library), so this file checks that both targets agree
-- to the bit; Tests/LuaTests compares the same functions with lua5.4 and with mpmath.
math.randomseed(20261203)

-- A double from 64 random bits: covers subnormals, huge values, infinities and NaN payloads.
local function anyDouble()
  return (string.unpack("<d", string.pack("<i8", math.random(math.mininteger, math.maxinteger))))
end

-- A double of moderate size, where formats and functions do their most varied work.
local function moderateDouble()
  return (math.random() - 0.5) * 10.0 ^ math.random(-12, 12)
end

local formats = { "%.17g", "%.14g", "%g", "%.3g", "%e", "%.0e", "%a", "%.3a", "%f", "%.0f",
                  "%12.4f", "%-10.2e|", "%+.6g", "% .1f", "%#.0f", "%#x" }
local unary = { "sin", "cos", "tan", "asin", "acos", "atan", "exp", "log", "sqrt",
                "floor", "ceil", "abs", "tointeger", "type" }

local function line(x)
  local out = { tostring(x), math.type(x) }
  for _, f in ipairs(formats) do
    local ok, s = pcall(string.format, f, x)
    out[#out + 1] = ok and s or "!"
  end
  for _, name in ipairs(unary) do
    local ok, r = pcall(math[name], x)
    out[#out + 1] = ok and string.format("%a", tonumber(r) or 0) .. tostring(r) or "!"
  end
  out[#out + 1] = string.format("%a %a %a", math.fmod(x, 3.5), x ^ 0.5, math.log(math.abs(x) + 1, 10))
  return table.concat(out, " ")
end

for i = 1, 300 do print(line(anyDouble())) end
for i = 1, 300 do print(line(moderateDouble())) end
for i = 1, 100 do
  local n = math.random(math.mininteger, math.maxinteger) >> math.random(0, 63)
  print(line(n), string.format("%d %5i %x %X %o %c", n, n % 1000, n, n, n, n % 256), n // 7, n % -7)
end
