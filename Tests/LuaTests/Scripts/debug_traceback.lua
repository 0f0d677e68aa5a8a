-- debug.traceback and xpcall with it as message handler.
local function inner() error("deep error") end
local function middle() inner() end
print(xpcall(middle, debug.traceback))
print(debug.traceback("msg"))
print(debug.traceback("msg", 2))
local function t2() return debug.traceback() end
print(t2())
print(debug.traceback(12))
print(type(debug.traceback({})))
local co = coroutine.create(function() coroutine.yield() end)
coroutine.resume(co)
print(debug.traceback(co))
print(debug.traceback(co, "comsg"))
local info = debug.getinfo(1, "Sl")
print(info.short_src, info.currentline, info.what, info.source)
local function named() return debug.getinfo(1, "n") end
local n = named()
print(n.name, n.namewhat)
print(debug.getinfo(print).what, debug.getinfo(print, "S").short_src)
local f = function(a, b, ...) end
local fi = debug.getinfo(f, "u")
print(fi.nparams, fi.isvararg, fi.nups)
local up1, up2 = 1, 2
local function uses() return up1 + up2 end
print(debug.getupvalue(uses, 1), debug.getupvalue(uses, 2), debug.getupvalue(uses, 3))
print(debug.setupvalue(uses, 1, 10), uses())
print(debug.getmetatable("x").__index == string)
local function locs(a, b) local c = 3; return debug.getlocal(1, 1), debug.getlocal(1, 3) end
print(locs(7, 8))
