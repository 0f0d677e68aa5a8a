-- Patterns over a large input: gsub, find, gmatch, string.format.
local words = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta" }
local lines = {}
for i = 1, 60000 do
  lines[i] = string.format("%05d %s=%d; %s=%.3f", i, words[i % 8 + 1], i * 7, words[(i * 3) % 8 + 1], i / 7)
end
local text = table.concat(lines, "\n")
local replaced, n = text:gsub("(%a+)=(%d+)", "%2:%1")
local count = 0
for key, value in text:gmatch("(%a+)=([%d%.]+)") do if #key > 4 then count = count + 1 end end
local pos, found = 1, 0
while true do
  local s, e = text:find("theta=%d+", pos)
  if not s then break end
  found = found + 1; pos = e + 1
end
print(#replaced, n, count, found, (text:gsub("%s+", " ")):len())
