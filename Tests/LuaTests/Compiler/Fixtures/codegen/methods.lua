local obj = {}
function obj.new() return setmetatable({}, {__index = obj}) end
function obj:get() return self.v end
function obj.a.b.c:d() end
local o = obj.new()
print(o:get(), o.get(o))
string.format("%d", 1):upper()
("x"):rep(3)
