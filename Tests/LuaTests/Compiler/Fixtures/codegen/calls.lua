local f = ...
f()
f(1, 2, 3)
f(f())
f(1, f())
f(...)
local a = f()
local b, c = f()
local d, e, g = f(), f()
local h = {f(1), f(2)}
return f(1)
