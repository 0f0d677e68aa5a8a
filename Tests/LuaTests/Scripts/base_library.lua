-- The base library.
print(type(nil), type(true), type(1), type("s"), type({}), type(print), type(coroutine.create(print)))
print(pcall(type))
print(tostring(nil), tostring(false), tostring(123), tostring(-0.0), tostring(1e100), tostring("x"))
print(rawequal(1, 1.0), rawequal("a", "a"), rawequal({}, {}), rawlen({1, 2, 3}), rawlen("abcd"))
local t = setmetatable({}, {__index = function() return "meta" end, __newindex = function() error("no") end})
print(t.x, rawget(t, "x"), rawset(t, "x", 1) == t, rawget(t, "x"), t.x)
print(getmetatable("abc").__index == string, getmetatable({}), getmetatable(1))
print(select("#", nil, nil), select(2, 1, 2, 3))
print(next({}, nil), pcall(next))
local a = {10, 20, 30, x = 1}
local keys = {}
for k, v in pairs(a) do keys[#keys + 1] = tostring(k) .. "=" .. tostring(v) end
print(#keys)
for i, v in ipairs({1, 2, nil, 4}) do io.write(i, ":", v, " ") end print()
-- ipairs respects __index
local proxy = setmetatable({}, {__index = function(t, i) if i <= 3 then return i * 10 end end})
for i, v in ipairs(proxy) do io.write(i, "=", v, " ") end print()
-- __pairs
local pp = setmetatable({}, {__pairs = function(t) return function(_, k) if not k then return 1, "one" end end, t, nil end})
for k, v in pairs(pp) do print("pairs:", k, v) end
-- load
local f = load("return 1 + 2")
print(f())
print(load("syntax error here"))
print(load("return ...", "chunk")(4, 5))
local env = {x = 5}
local g = load("x = x + 1; return x", "envchunk", "t", env)
print(g(), env.x, x)
print(load("return 1", "=name", "b"))
local parts = {"return ", "'pieces'", nil}
local i = 0
print(load(function() i = i + 1; return parts[i] end)())
print(pcall(load, nil))
local fn, err = load("error('in loaded chunk')", "=loaded")
print(pcall(fn))
print(load("return _ENV", "e", "t", nil)() == nil)
-- _G and _VERSION
print(_G._G == _G, _VERSION)
-- print with __tostring and __name
print(setmetatable({}, {__tostring = function() return "TS" end}), tostring(setmetatable({}, {__name = "N"})):sub(1, 5))
-- select with negative
print(select(-2, "a", "b", "c"))
-- tostring/tonumber round trips
print(tonumber(tostring(1/3)) == 1/3, tostring(2^63), tonumber("9223372036854775807"), tonumber("9223372036854775808"))
print(math.type(tonumber("10")), math.type(tonumber("10.0")), math.type(tonumber("1e1")))
print(tonumber("0x7fffffffffffffff"), tonumber("0xffffffffffffffff"), tonumber("-0x1"))
print(tonumber("1e500"), tonumber("-1e500"), tonumber("0x1p4"), tonumber("  0x10  "))
print(tonumber(" 10 ", 10), tonumber("1010", 2), tonumber("7fffffffffffffff", 16), tonumber("ffffffffffffffff", 16))
print(tonumber("", 10), tonumber(" ", 10), tonumber("1 0", 10), tonumber("z", 36), tonumber("Z", 36))
-- require
package.preload.mymod = function(name, extra) return {name = name, extra = extra} end
local m = require("mymod")
print(m.name, m.extra, require("mymod") == m, package.loaded.mymod == m)
package.preload.truthy = function() end
print(require("truthy"), package.loaded.truthy)
print((pcall(require, "does.not.exist")))
print(require("string") == string, require("_G") == _G)
-- load runs its reader protected: an error in the reader is a fail result. (Under pcall:
-- lua.c's message handler would otherwise add a traceback to the reference's message.)
print(pcall(load, function () error("reader failed") end))
print(pcall(function () local f, e = load(function () error({}) end); return f, type(e) end))
print(pcall(load, function () error() end))
local parts = {"return ", 4, "2"}
print(load(function () return table.remove(parts, 1) end)())
print(pcall(load, function () return {} end))
print(pcall(load, function () local x <close> = setmetatable({}, {__close = function () print("closed") end}); error("in reader") end))
print(pcall(function () return select("#", load(function () error("x") end)) end))
