-- Method calls through metatables: a small class hierarchy (__index chains two levels
-- deep), metamethods for arithmetic, comparison and __call, and a virtual-dispatch loop.
local n = tonumber(arg and arg[1]) or 640000
local Vec = {}
Vec.__index = Vec
function Vec.new(x, y) return setmetatable({ x = x, y = y }, Vec) end
function Vec:dot(o) return self.x * o.x + self.y * o.y end
function Vec:scaled(k) return Vec.new(self.x * k, self.y * k) end
Vec.__add = function(a, b) return Vec.new(a.x + b.x, a.y + b.y) end
Vec.__eq = function(a, b) return a.x == b.x and a.y == b.y end
Vec.__lt = function(a, b) return a:dot(a) < b:dot(b) end

local Shape = {}
Shape.__index = Shape
function Shape.new(name) return setmetatable({ name = name, moves = 0 }, Shape) end
function Shape:move() self.moves = self.moves + 1; return self end
function Shape:area() return 0 end
function Shape:describe() return self.name end

local Rect = setmetatable({}, { __index = Shape })
Rect.__index = Rect
function Rect.new(w, h) local r = Shape.new("rect"); r.w = w; r.h = h; return setmetatable(r, Rect) end
function Rect:area() return self.w * self.h end

local Circle = setmetatable({}, { __index = Shape })
Circle.__index = Circle
function Circle.new(r) local c = Shape.new("circle"); c.r = r; return setmetatable(c, Circle) end
function Circle:area() return 3 * self.r * self.r end

local Counter = setmetatable({ count = 0 }, { __call = function(self, k) self.count = self.count + k; return self.count end })

local shapes = {}
for i = 1, 100 do shapes[i] = (i % 2 == 0) and Rect.new(i, i + 1) or Circle.new(i) end
local total, moves = 0, 0
for i = 1, n do
  local s = shapes[i % 100 + 1]
  total = total + s:area()
  moves = moves + s:move().moves % 7
  if s:describe() == "rect" then Counter(1) end
end
local v, smaller = Vec.new(0, 0), 0
for i = 1, n // 2 do
  local w = Vec.new(i % 10, i % 7)
  v = v + w:scaled(2)
  if w < v then smaller = smaller + 1 end
  if w == Vec.new(1, 1) then smaller = smaller + 1 end
end
print(total, moves, Counter.count, v.x, v.y, smaller)
