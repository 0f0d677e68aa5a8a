local a <const> = 10
local b <const> = "str"
local c <const> = a * 2
local d <const> = nil
local e <const> = true
local f <const> = {}
local g <const>, h = 1, 2
local i, j <const> = 1, 2
local k <const> = 2.5
local l <const> = a + c + k
print(a, b, c, d, e, f, g, h, i, j, k, l)
local function fn() return a, b, l end
do
  local m <close> = setmetatable({}, {__close = print})
  local n <close> = nil
  print(m)
end
local o <const> = -a
local p <const> = 1 // 0
print(o, p, 2^53 + a)
local q <const> = "a long string constant that is more than forty chars long"
print(q, q .. b)
