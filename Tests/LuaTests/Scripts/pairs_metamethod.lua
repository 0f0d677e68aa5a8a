-- __pairs may yield (pairs calls it as the reference's lua_callk does); its results are
-- adjusted to three.
local t = setmetatable({}, {__pairs = function(o)
  local step = coroutine.yield("in __pairs")
  return function(_, i) if i < 3 then return i + step, o end end, o, 0, "extra"
end})
local co = coroutine.wrap(function()
  local r = {}
  for i in pairs(t) do r[#r + 1] = i end
  return table.concat(r, ",")
end)
print(co())
print(co(1))
print(select("#", pairs(t == t and setmetatable({}, {__pairs = function() return 1 end}))))
print(pcall(pairs))
print(pcall(pairs, setmetatable({}, {__pairs = function() error("boom") end})))
print(pcall(pairs, setmetatable({}, {__pairs = 42})))
print(select("#", pairs(setmetatable({}, {__pairs = rawlen}))))
print(pcall(pairs, setmetatable({}, {__pairs = rawlen})))
local function tailpairs(x) return pairs(x) end
print(select("#", tailpairs(setmetatable({}, {__pairs = function() return 1, 2, 3, 4 end}))))
print(coroutine.resume(coroutine.create(function() return pcall(pairs, t) end)))
