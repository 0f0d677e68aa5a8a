-- error levels, pcall and xpcall.
local function lvl1() error("level1", 1) end
local function lvl2() error("level2", 2) end
local function caller() lvl2() end
print(pcall(lvl1))
print(pcall(caller))
print(pcall(error, "direct"))
print(pcall(error, "zero", 0))
print(select("#", pcall(error, {code = 42})))
local ok, e = pcall(error, {code = 42})
print(ok, type(e), e.code)
print(pcall(error, 42))
print(pcall(error, 42, 2))
print(pcall(error, true))
print(select("#", pcall(error)))
-- nested pcall
print(pcall(pcall, error, "inner"))
print(pcall(function() local ok, err = pcall(error, "a"); error(err .. "b", 0) end))
-- xpcall with a handler that sees the original error
print(xpcall(function() error("oops") end, function(m) return "handled: " .. m end))
print(xpcall(function() return 1, 2, 3 end, print))
print(xpcall(function(a, b) return a + b end, print, 3, 4))
print(xpcall(function() local x = nil; return x.f end, function(m) return "H(" .. m .. ")" end))
print(pcall(xpcall))
print(pcall(xpcall, print))
-- handler that errors: error in error handling
print(xpcall(function() error("first") end, function(m) error("second") end))
-- error objects that are tables pass through unchanged
local obj = {}
local ok2, e2 = pcall(function() error(obj) end)
print(ok2, e2 == obj)
-- assert
print(pcall(assert, false))
print(pcall(assert, nil, "custom message"))
print(pcall(assert, 1, 2, 3))
print(select("#", assert(true, 1, nil)))
print(pcall(assert))
local ok3, e3 = pcall(assert, false, {1})
print(ok3, type(e3))
-- error position from a nested function with level 2
local function check(x) if type(x) ~= "number" then error("expected number", 2) end return x end
local function use() return check("s") end
print(pcall(use))
-- errors inside metamethods propagate with their positions
local mt = {__add = function() error("in add") end, __index = function() error("in index", 2) end}
local o = setmetatable({}, mt)
print(pcall(function() return o + 1 end))
print(pcall(function() return o.x end))
-- tostring of error values in pcall results
print(pcall(error, 1.5))
-- error with level pointing into C code gives no position
print(pcall(error, "msg", 3))
