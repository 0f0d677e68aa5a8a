-- Numeric for loops with integer and float arithmetic.
local n = tonumber(arg and arg[1]) or 14000000
local si, sf = 0, 0.0
for i = 1, n do si = si + (i % 7) * 3; sf = sf + i * 0.5 end
print(si, sf)
