-- String building: concatenation, table.concat, tostring of numbers, string.rep/sub.
local n = tonumber(arg and arg[1]) or 300000
local parts = {}
for i = 1, n do parts[#parts + 1] = i .. ":" .. (i * 0.25) end
local s = table.concat(parts, ",")
local acc = ""
for i = 1, 20000 do acc = acc .. string.sub(s, i, i + 2) end
print(#s, #acc, string.rep("ab", 5, "-"))
