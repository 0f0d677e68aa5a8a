local function a() return end
local function b() return 1 end
local function c(x) return x end
local function d(x, y) return x, y end
local function e(...) return ... end
local function f(x) return x() end
local function g(x) return (x()) end
local function h(x) return x(), 1 end
local function i(x) return 1, x() end
local function j(x) do local y <close> = x; return x() end end
local function k(x) local t = {} return t.y end
local function l() return; end
return a, b, c, d, e, f, g, h, i, j, k, l
