local a = 1
local function f()
  local b = 2
  local function g()
    local c = 3
    return function() return a + b + c end
  end
  a = a + 1
  return g
end
local x, y = 1, 2
local function h() x, y = y, x end
local t = {}
local i = 1
i, t[i] = i + 1, 20
local u = function() return t, i end
t, t.x = 1, 2
local up = {}
local function k() up, up.x = nil, 1 end
local function m() local l; l, up[l] = 1, 2 end
print(f, h, u, k, m)
