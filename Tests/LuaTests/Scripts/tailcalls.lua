-- Proper tail calls: no stack growth.
local function loop(n) if n == 0 then return "done" end return loop(n - 1) end
print(loop(1000000))
local function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(100001))
local callable = setmetatable({}, {__call = function(self, n) if n == 0 then return "called" end return self(n - 1) end})
print(callable(100000))
local function tail_native(t) return table.unpack(t) end
print(tail_native({1, 2, 3}))
local function tail_select(...) return select(2, ...) end
print(tail_select("a", "b", "c"))
local function vtail(...) if select("#", ...) > 3 then return ... end return vtail(0, ...) end
print(vtail(1))
local function acc(n, s) if n == 0 then return s end return acc(n - 1, s + n) end
print(acc(100000, 0))
local function pc(n) if n == 0 then return error("bottom") end return pc(n - 1) end
print(pcall(pc, 10000))
local function tailpcall() return pcall(error, "x", 0) end
print(tailpcall())
