-- math.random / math.randomseed: xoshiro256** sequences after explicit seeds must equal
-- lua5.4's bit for bit (floats printed with %.17g and %a).

local function line(...) print(table.concat({...}, " ")) end

local function draws(label)
  local out = {}
  for _ = 1, 4 do out[#out + 1] = string.format("%.17g", math.random()) end
  out[#out + 1] = string.format("%a", math.random())
  for _ = 1, 4 do out[#out + 1] = math.random(0) end
  for _, m in ipairs({1, 2, 3, 6, 7, 10, 100, 1000, 2^31, 2^53, math.maxinteger}) do
    out[#out + 1] = math.random(m)
  end
  for _, mn in ipairs({{1, 1}, {0, 1}, {-5, 5}, {-10, -3}, {1, 6}, {0, 2^40}, {math.mininteger, math.maxinteger},
                        {math.mininteger, -1}, {0, math.maxinteger}, {-1, math.maxinteger}, {math.mininteger, 0},
                        {math.maxinteger - 2, math.maxinteger}, {math.mininteger, math.mininteger + 5},
                        {1, 3 * 2^61}, {-(2^62), 2^62}, {100, 100 + 2^33 + 1}}) do
    out[#out + 1] = math.random(mn[1], mn[2])
  end
  print(label, table.concat(out, " "))
end

for _, seed in ipairs({0, 1, 2, 42, -1, 123456789, math.maxinteger, math.mininteger, 2^53, 7.0, "99"}) do
  line("seed", tostring(seed), tostring(select(1, math.randomseed(seed))), tostring(select(2, math.randomseed(seed))))
  math.randomseed(seed)
  draws("one " .. tostring(seed))
end

for _, pair in ipairs({{0, 0}, {1, 2}, {42, 42}, {-1, -1}, {math.mininteger, math.maxinteger}, {0, 0xff}, {7, -7},
                       {123, "456"}, {1.0, 2.0}}) do
  local a, b = math.randomseed(pair[1], pair[2])
  line("seeds", tostring(a), math.type(a), tostring(b), math.type(b))
  draws("two " .. tostring(pair[1]) .. "," .. tostring(pair[2]))
end

-- randomseed(n) equals randomseed(n, 0)
math.randomseed(5); local r1 = math.random(0)
math.randomseed(5, 0); local r2 = math.random(0)
print(r1 == r2)

-- long runs: distribution checks that only depend on the exact sequence
math.randomseed(2024)
local counts, sum = {0, 0, 0, 0, 0, 0}, 0
for _ = 1, 60000 do local d = math.random(6); counts[d] = counts[d] + 1 end
for _ = 1, 10000 do sum = sum + math.random() end
print(table.concat(counts, " "), string.format("%.17g", sum))
local acc = 0
for _ = 1, 20000 do acc = acc ~ math.random(0) ~ math.random(1, 1000003) ~ math.random(-7, 2^62 + 3) end
print(acc)

-- errors
print(pcall(math.random, 1, 2, 3))
print(pcall(math.random, 3, 1))
print(pcall(math.random, 0, -1))
print(pcall(math.random, math.maxinteger, math.mininteger))
print(pcall(math.random, -1))
print(pcall(math.random, 1.5))
print(pcall(math.random, 1, 2.5))
print(pcall(math.random, "x"))
print(pcall(math.random, {}))
print(pcall(math.random, nil))
print(pcall(math.random, 1, nil))
print(pcall(math.randomseed, nil))
print(pcall(math.randomseed, 1.5))
print(pcall(math.randomseed, 1, 2.5))
print(pcall(math.randomseed, "x"))
print(pcall(math.randomseed, {}))
print(pcall(function() math.random(1, 2, 3) end))
print(pcall(function() math.random(5, 4) end))
print(pcall(function() local r = math.random; r(2, 1) end))
print(math.random(3.0) <= 3, math.random("2") <= 2, math.random(2^53) >= 1)
print(math.type(math.random()), math.type(math.random(5)), math.type(math.random(0)))
