-- Parity sweep (native vs wasm, compared by digest) of LibM's exp, log, log2, log10 and pow
-- on the inputs that exercise each stage: the plain-double first stage (every table interval,
-- x near 1, exponents near overflow and underflow), exact results, and the inputs whose
-- results lie so close to a rounding boundary that the double-double and exact stages decide
-- (CORE-MATH's hard cases for exp, log and pow, from Tests/LuaTests/Math/hardcases.txt).
-- No reference output: Tests/LuaTests/Math compares the same functions with mpmath.
math.randomseed(20261206)

local function bits(x) return string.format("%a", x) end

-- exp over its whole range, and near its overflow and underflow thresholds
for i = 1, 200 do
  local x = (math.random() - 0.5) * 1490
  io.write(bits(math.exp(x)), " ", bits(math.exp(x / 1000)), "\n")
end
for _, x in ipairs({709.78, 709.7827128933840, 709.8, -708.3, -708.4, -745.13, -745.2, 1e-300, -1e-17, 0.5}) do
  print(x, bits(math.exp(x)))
end

-- log, log2 and log10: random exponents, every table interval, x near 1, exact powers
for i = 1, 200 do
  local x = math.random() * 2.0 ^ math.random(-1074, 1023)
  print(bits(math.log(x)), bits(math.log(x, 2)), bits(math.log(x, 10)))
end
for j = 0, 255 do
  local x = (1 + j / 256 + math.random() / 512) * 0.708
  print(j, bits(math.log(x)), bits(math.log(x * 2 ^ 300, 2)))
end
for i = 1, 100 do
  local x = 1 + (math.random() < 0.5 and -1 or 1) * 2.0 ^ -math.random(1, 52) * (1 + math.random())
  print(bits(math.log(x)), bits(math.log(x, 10)))
end
for k = -1074, 1023, 37 do print(k, math.log(2.0 ^ k, 2), bits(math.log(2.0 ^ k, 10))) end
for k = 0, 22 do print(k, math.log(10.0 ^ k, 10)) end

-- pow: moderate, exact, near 1 with large exponents, negative bases, overflow edges
for i = 1, 200 do
  local x, y = math.exp((math.random() - 0.5) * 20), (math.random() - 0.5) * 60
  io.write(bits(x ^ y), " ", bits(x ^ (y * 10)), "\n")
end
for i = 1, 100 do
  local x = 1 + (math.random() - 0.5) * 2.0 ^ -math.random(6, 40)
  local y = (math.random() - 0.5) * 2.0 ^ math.random(3, 40)
  print(bits(x ^ y))
end
for _, c in ipairs({{2, 0.5}, {10, 15}, {2, -1074}, {2, 1023}, {4, 0.5}, {9, 1.5}, {-2, 3}, {-8, 1/3},
                    {1.0000000000000002, 1e15}, {7, 1/3}, {10, -5}, {0.5, 1075}, {3, 646.5}}) do
  print(c[1], c[2], bits(c[1] ^ c[2]))
end

-- CORE-MATH hard cases (bits of x, and of y for pow)
local hard = {
  {"exp", 0x3fe0122ef37212eb},
  {"exp", 0x3fe00d48a707b93e},
  {"exp", 0x3fe00e0e33c8c3fd},
  {"exp", 0x3fe00bcc31ebded7},
  {"exp", 0x3fe012c061237773},
  {"exp", 0x3fe00c3594568d32},
  {"exp", 0x3fe005ae04256bab},
  {"exp", 0x3fe0036671ff87ef},
  {"log", 0x3ffa6ae5142326b5},
  {"log", 0x40255f0eaa1b2fc8},
  {"log", 0x4081fa88f4c78aeb},
  {"log", 0x41e3b9ea06de80f1},
  {"log", 0x46005518e08fbc1d},
  {"log", 0x5412f56b785aebd1},
  {"log", 0x7e647319eb62df64},
  {"log", 0x3fc97875085ab1a0},
  {"log2", 0x10000},
  {"log2", 0x200000000000},
  {"log2", 0x3ff9e1667e02c7fa},
  {"log2", 0x3ffa6dbf47e7ea97},
  {"log10", 0x449fb5c8a96e},
  {"log10", 0x26ca4020b84ea27},
  {"log10", 0x2a316b6c14bb83f},
  {"log10", 0x2dcaeee7ace4700},
  {"pow", 0x3feffffffffffffc, 0x3fdfffffffffffff},
  {"pow", 0x3feffffffffffffc, 0xbfdffffffffffffd},
  {"pow", 0x3feffffffffffff0, 0xbfcffffffffffff6},
  {"pow", 0x3feffffffffffff8, 0xbfcffffffffffffb},
}
local function double(b) return (string.unpack("<d", string.pack("<i8", b))) end
for _, h in ipairs(hard) do
  local x, r = double(h[2])
  if h[1] == "pow" then r = x ^ double(h[3])
  elseif h[1] == "log2" then r = math.log(x, 2)
  elseif h[1] == "log10" then r = math.log(x, 10)
  else r = math[h[1]](x) end
  print(h[1], bits(r))
end
