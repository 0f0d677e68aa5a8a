local function r(n) if n == 0 then local t = nil; t.x = 1 end r(n - 1) end
r(40)
