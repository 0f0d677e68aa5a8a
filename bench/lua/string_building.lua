-- String building as scripts do it: a JSON-like serializer over nested tables (table.concat
-- of parts, string.format, escapes with gsub), report lines with string.rep padding, and a
-- buffer grown by repeated `..`.
local n = tonumber(arg and arg[1]) or 6400
local function escape(s)
  return (s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end))
end
local function serialize(v, out)
  local t = type(v)
  if t == "table" then
    if #v > 0 then
      out[#out + 1] = "["
      for i = 1, #v do
        if i > 1 then out[#out + 1] = "," end
        serialize(v[i], out)
      end
      out[#out + 1] = "]"
    else
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = k end
      table.sort(keys)
      out[#out + 1] = "{"
      for i, k in ipairs(keys) do
        if i > 1 then out[#out + 1] = "," end
        out[#out + 1] = '"' .. escape(k) .. '":'
        serialize(v[k], out)
      end
      out[#out + 1] = "}"
    end
  elseif t == "string" then
    out[#out + 1] = '"' .. escape(v) .. '"'
  else
    out[#out + 1] = tostring(v)
  end
end
local records = {}
for i = 1, n do
  records[i] = { id = i, name = "item\t" .. i, price = i * 1.25, tags = { "a" .. i % 5, "b" .. i % 3 },
                 ok = i % 2 == 0, note = 'say "hi"' }
end
local total = 0
for _ = 1, 5 do
  local out = {}
  serialize(records, out)
  total = total + #table.concat(out)
end
local report = {}
for i = 1, n * 5 do
  local name = "row" .. i
  report[#report + 1] = name .. string.rep(".", 20 - #name) .. string.format("%8.2f|%-6d|%x", i / 3, i, i)
end
local doc = table.concat(report, "\n")
local buf = ""
for i = 1, 3000 do buf = buf .. (i % 10) .. ";" end
print(total, #doc, #buf, doc:sub(1, 40))
