-- Integer and float arithmetic, subtypes and conversions.
print(1 + 2, 1 + 2.0, 3 - 1.5, 2 * 3, 2 * 3.0)
print(7 / 2, 8 / 2, 7 // 2, -7 // 2, 7 // -2, 7.0 // 2, -7.5 // 2)
print(7 % 3, -7 % 3, 7 % -3, -7 % -3, 7.5 % 2, -7.5 % 2, 5 % -2.5)
print(2 ^ 10, 2 ^ 0.5 == math.sqrt and 0 or 1, 10 ^ -1)
print(math.maxinteger + 1 == math.mininteger, math.mininteger - 1 == math.maxinteger)
print(math.maxinteger * 2, math.mininteger // -1, math.mininteger % -1)
print(1 // 0.0, -1 // 0.0, 0.0 / 1, -0.0)
print(3 == 3.0, 3 < 3.5, 3.5 < 4, -0.0 == 0.0, 1/0 > math.maxinteger)
print(math.maxinteger + 0.0 == math.maxinteger, 2^53 == 2^53 + 1)
print(math.type(1), math.type(1.0), math.type("1"), math.type(nil))
print(5 & 3, 5 | 3, 5 ~ 3, ~5, 1 << 62, 1 << 63, 1 << 64, -1 >> 1, 3.0 & 1)
print(1 << -1, 2 >> -1, -1 >> 63, -1 << 0)
print(100000000000000, 1e15, 2^63, -2^63, 123456789012345678)
print(0x7fffffffffffffff, 0xffffffffffffffff, 0x10, 1e2, .5, 3.)
print(10 // 3 * 3 + 10 % 3, -10 // 3 * 3 + -10 % 3)
for i = -3, 3 do io.write(i // 2, " ", i % 2, " ") end print()
local x = 10
x = x + 1; x = x - 0.5; x = x * 2; print(x)
print(8 % 3.5, -8 % 3.5, 2^2, 2^-1, (-2)^2, -2^2)
print(math.floor(3.7), math.floor(-3.7), math.floor(2^62), math.tointeger(3.0), math.tointeger(3.5))
print(1e308 * 10, -1e308 * 10, math.huge // 1)
print(pcall(function() return 1 // 0 end))
print(pcall(function() return 1 % 0 end))
print(pcall(function() return 2^63 | 0 end))
print(pcall(function() return 1.5 & 1 end))
print(pcall(function() local a = "x" return a & 1 end))
print(3 // 0.0, -3 % math.huge, 3 % -math.huge)
for _, v in ipairs({1, -1, 0, 2.5, -2.5}) do io.write(tostring(v // 1), " ", tostring(v % 1), ";") end print()
-- Float modulo keeps the divisor's sign; two negatives need no adjustment. Run time and
-- constant folding must agree.
local m1, m2 = -5.0, -10
print(m1 % m2, -5.0 % -10, m1 % 10, 5.0 % m2, -5.5 % -2, 5.5 % -2, (-5.0) % -10000)
-- A NaN compared with an integer too large for a double is false both ways.
local maxint, minint, nan = math.maxinteger, math.mininteger, 0/0
print(nan < maxint, nan <= maxint, maxint < nan, maxint <= nan, nan < minint, nan <= minint, minint >= nan)
print(-1e300 < minint, -1e300 <= minint, 1e300 < maxint, 1e300 <= maxint, -math.huge < minint)
