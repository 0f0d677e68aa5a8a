local function a(n) if n == 0 then error("deep") end return a(n - 1) end
local function b() return a(5) end
b()
