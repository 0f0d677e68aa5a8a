-- Two hundred thousand values passed on by `...`, returned by `return ...`, stored by `{...}`.
local t = {} for i = 1, 200000 do t[i] = i end
local function pass(...) return ... end
local function f(...)
  local n = 0
  for i = 1, 1e7 do n = n + select('#', pass(...)) + #{...} end
  return n
end
return f(table.unpack(t))
