local a, b = ...
local c = select('#', ...)
local t = {...}
local function f(...) local x, y, z = ... return ... end
local function g(a, b, ...) return a, b, ... end
print(...)
print(..., 1)
local d = (...)
return ...
