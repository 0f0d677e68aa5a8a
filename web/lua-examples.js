// The Lua playground's examples menu: each one shows a part of Lua 5.4 or of Tandem (budgets,
// replayable input, policies). An example may set budgets or input along with its source.

const example = (id, title, source, extra = {}) => ({ id, title, source: source.trim() + '\n', ...extra });

export const examples = [
  example('welcome', 'Welcome: same script, same result', `
-- Tandem runs Lua 5.4: the same script gives the same document in the browser and on the server.
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local t = {}
for i = 1, 10 do t[#t + 1] = fib(i) end
print(table.concat(t, " "))
print(math.random(1, 100), math.random(1, 100))  -- seeded from the request: change the seed
return fib(25)
`),
  example('closures', 'Closures and upvalues', `
-- Each call of counter() makes a new local n; the returned functions keep it alive (upvalues).
local function counter(step)
  local n = 0
  return function() n = n + step; return n end
end
local a, b = counter(1), counter(10)
print(a(), a(), a())   --> 1 2 3
print(b(), b())        --> 10 20
-- Closures made in a loop capture a fresh variable per iteration.
local fs = {}
for i = 1, 3 do fs[i] = function() return i * i end end
print(fs[1](), fs[2](), fs[3]())
`),
  example('coroutines', 'Coroutines as generators', `
-- A generator: coroutine.wrap turns a function that yields into an iterator.
local function primes(limit)
  return coroutine.wrap(function()
    local found = {}
    for n = 2, limit do
      local prime = true
      for _, p in ipairs(found) do
        if p * p > n then break end
        if n % p == 0 then prime = false; break end
      end
      if prime then found[#found + 1] = n; coroutine.yield(n) end
    end
  end)
end
local list = {}
for p in primes(60) do list[#list + 1] = p end
print(table.concat(list, " "))
-- Generators compose: take the first k values of any generator.
local function take(k, gen)
  return coroutine.wrap(function()
    for _ = 1, k do local v = gen(); if v == nil then return end; coroutine.yield(v) end
  end)
end
for p in take(5, primes(1000)) do io.write(p, " ") end
print()
`),
  example('patterns', 'String patterns', `
local text = "2024-03-15 error disk full; 2024-03-16 warn cpu 93%; 2024-03-17 error fan"
for date, level, what in text:gmatch("(%d+%-%d+%-%d+) (%a+) ([^;]+)") do
  print(date, level:upper(), what)
end
print((text:gsub("%d+%%", function(p) return "<" .. p .. ">" end)))
print(("hello world from lua"):gsub("(%w+)", "%1!"))
print(string.find("key = value", "^(%w+)%s*=%s*(%w+)$"))
print(("  trim me  "):match("^%s*(.-)%s*$") .. "|")
print(("%bxy"):len(), ("f(a(b)c)d"):match("%b()"))
`),
  example('oop', 'Metatables and objects', `
-- A class with metamethods, and a subclass through __index chaining.
local Vector = {}
Vector.__index = Vector
function Vector.new(x, y) return setmetatable({x = x, y = y}, Vector) end
function Vector.__add(a, b) return Vector.new(a.x + b.x, a.y + b.y) end
function Vector.__eq(a, b) return a.x == b.x and a.y == b.y end
function Vector:__tostring() return ("(%g, %g)"):format(self.x, self.y) end
function Vector:length() return math.sqrt(self.x ^ 2 + self.y ^ 2) end

local Point = setmetatable({}, {__index = Vector})
Point.__index = Point
Point.__add, Point.__eq, Point.__tostring = Vector.__add, Vector.__eq, Vector.__tostring
function Point.new(x, y, name)
  local p = setmetatable(Vector.new(x, y), Point)
  p.name = name
  return p
end
function Point:describe() return self.name .. " at " .. tostring(self) end

local v = Vector.new(3, 4) + Vector.new(1, 1)
print(v, v:length(), v == Vector.new(4, 5))
local p = Point.new(6, 8, "P")
print(p:describe(), p:length())
`),
  example('format', 'string.format and string.pack', `
print(string.format("%5.2f|%-6s|%x|%q", math.pi, "lua", 255, "tab\\t"))
print(string.format("%g %g %.3e %a", 0.1, 1e20, 12345.678, 1.0))
print(string.format("%10.4s|%-+5d|%05.1f", "truncated", 42, 2.25))
-- Binary data: pack little-endian int32, double and a length-prefixed string.
local packed = string.pack("<i4 d s1", 42, 0.5, "hi")
print(#packed, string.unpack("<i4 d s1", packed))
print((("%02x "):rep(#packed)):format(packed:byte(1, -1)))
`),
  example('runaway', 'A runaway loop meets its budget', `
-- This loop never ends. Budgets end it cleanly at the same step on every target:
-- this example sets the steps budget to 5 million (open "Budgets" to change it).
local n = 0
while true do n = n + 1 end
`, { budgets: { steps: 5_000_000 } }),
  example('error', 'An error with a traceback', `
-- Errors are marked in the gutter; click a traceback line to jump to it.
local function divide(a, b)
  if b == 0 then error("division by zero") end
  return a // b
end
local function average(list)
  local sum = 0
  for _, v in ipairs(list) do sum = sum + v end
  local result = divide(sum, #list)
  return result
end
print(average({4, 8, 15}))
print(average({}))
`),
  example('game', 'Game replay: 2048 with recorded moves', `
-- 2048: the rules are this script; the page records your moves (arrow buttons) as input, one
-- per line. The same moves and seed replay to the same board, so the server can check a score.
local N, score, board = 4, 0, {}
for r = 1, N do board[r] = {0, 0, 0, 0} end

local function spawn()
  local empty = {}
  for r = 1, N do for c = 1, N do
    if board[r][c] == 0 then empty[#empty + 1] = {r, c} end
  end end
  if #empty == 0 then return end
  local cell = empty[math.random(#empty)]
  board[cell[1]][cell[2]] = math.random(10) == 1 and 4 or 2
end

-- Slides one line toward its first cell, merging equal neighbours once.
local function slide(line)
  local out, merged = {}, false
  for _, v in ipairs(line) do
    if v ~= 0 then
      if not merged and out[#out] == v then
        out[#out] = v * 2; score = score + v * 2; merged = true
      else
        out[#out + 1] = v; merged = false
      end
    end
  end
  for i = #out + 1, N do out[i] = 0 end
  return out
end

-- The cells of line i, starting at the edge the tiles move toward.
local function cells(dir, i)
  local t = {}
  for j = 1, N do
    if dir == "L" then t[j] = {i, j} elseif dir == "R" then t[j] = {i, N + 1 - j}
    elseif dir == "U" then t[j] = {j, i} else t[j] = {N + 1 - j, i} end
  end
  return t
end

local function move(dir)
  local moved = false
  for i = 1, N do
    local cs, line = cells(dir, i), {}
    for j, p in ipairs(cs) do line[j] = board[p[1]][p[2]] end
    for j, v in ipairs(slide(line)) do
      local p = cs[j]
      if board[p[1]][p[2]] ~= v then moved = true end
      board[p[1]][p[2]] = v
    end
  end
  return moved
end

spawn(); spawn()
local moves = 0
for m in (io.read("a") or ""):gmatch("[UDLR]") do
  if move(m) then spawn(); moves = moves + 1 end
end
for r = 1, N do
  local row = {}
  for c = 1, N do row[c] = board[r][c] == 0 and "    ." or ("%5d"):format(board[r][c]) end
  print(table.concat(row))
end
print(("moves %d  score %d"):format(moves, score))
return score
`),
  example('policy', 'A stream ingest policy', `
-- An ingest policy reads a stream report and decides: accept, review or reject.
-- Run here, it decides on the sample report below. "Use as the stream panel's policy"
-- hands this very script to the stream analyzer, where \`...\` is the report of the file
-- you drop: the browser decides before uploading, the server again at ingest (receipted).
local report = ... or {
  verdict = "degraded",
  error_counts = {priority_1 = 0, priority_2 = 3, priority_3 = 0, extra = 0},
  indicators = {
    {id = "2.3a", name = "PCR_repetition_error", priority = 2, status = "error", count = 3},
    {id = "1.4", name = "Continuity_count_error", priority = 1, status = "ok", count = 0},
  },
  programs = {{program_number = 1, service_name = "Tandem test", streams = {
    {pid = 256, codec = "h264", kind = "video"},
    {pid = 257, codec = "aac", kind = "audio", language = "eng"},
  }}},
}

local messages = {}
local function note(fmt, ...) messages[#messages + 1] = fmt:format(...) end

if report.error_counts.priority_1 > 0 then
  return "reject", ("%d priority-1 errors"):format(report.error_counts.priority_1)
end
local audio = false
for _, program in ipairs(report.programs) do
  for _, s in ipairs(program.streams) do
    if s.kind == "audio" then audio = true end
  end
end
if not audio then return "reject", "no audio stream" end
for _, indicator in ipairs(report.indicators) do
  if indicator.status == "error" and indicator.priority == 2 then
    note("%s %s: %d times", indicator.id, indicator.name, indicator.count)
  end
end
local decision = #messages > 0 and "review" or "accept"
print(decision, table.concat(messages, "; "))
return decision, table.unpack(messages)
`),
];
