-- Pattern-heavy text processing: word frequencies, a CSV-like parser, a template expander
-- with gsub and a function/table replacement, a tokenizer on frontier patterns, and plain
-- finds.
local n = tonumber(arg and arg[1]) or 80000
local words = { "the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "Lorem", "ipsum" }
local lines = {}
for i = 1, n do
  local w1, w2, w3 = words[i % 10 + 1], words[(i * 7) % 10 + 1], words[(i * 3) % 10 + 1]
  lines[i] = string.format("%d,%s %s,\"%s, %s\",%d.%02d", i, w1, w2, w3, w1, i % 97, i % 100)
end
local text = table.concat(lines, "\n")
-- Word frequencies (case-folded).
local freq = {}
for w in text:gmatch("%a+") do w = w:lower(); freq[w] = (freq[w] or 0) + 1 end
local keys = {}
for k in pairs(freq) do keys[#keys + 1] = k end
table.sort(keys, function(a, b) return freq[a] > freq[b] or (freq[a] == freq[b] and a < b) end)
-- CSV fields, quoted fields included.
local fields, sum = 0, 0
for line in text:gmatch("[^\n]+") do
  local pos = 1
  while pos <= #line do
    local value, nextPos
    if line:sub(pos, pos) == '"' then
      local close = line:find('"', pos + 1, true)
      value, nextPos = line:sub(pos + 1, close - 1), close + 2
    else
      local comma = line:find(",", pos, true) or #line + 1
      value, nextPos = line:sub(pos, comma - 1), comma + 1
    end
    fields = fields + 1
    local num = tonumber(value)
    if num then sum = sum + num end
    pos = nextPos
  end
end
-- Templates.
local vars = { name = "world", count = "42", what = "templates" }
local expanded = 0
for i = 1, n // 2 do
  local s = ("Hello ${name}, you have ${count} ${what} (#" .. i .. ")"):gsub("%${(%w+)}", vars)
  s = s:gsub("%d+", function(d) return "<" .. d .. ">" end)
  expanded = expanded + #s
end
-- Tokens on frontiers, trimming, plain search.
local tokens = 0
for w in text:sub(1, 200000):gmatch("%f[%w]%w+%f[%W]") do tokens = tokens + 1 end
local trimmed = 0
for i = 1, n // 2 do trimmed = trimmed + #(("   padded " .. i .. "   "):match("^%s*(.-)%s*$")) end
local plain, at = 0, 1
while true do
  local s = text:find("fox,", at, true)
  if not s then break end
  plain = plain + 1; at = s + 1
end
print(keys[1], freq[keys[1]], keys[#keys], fields, sum, expanded, tokens, trimmed, plain)
