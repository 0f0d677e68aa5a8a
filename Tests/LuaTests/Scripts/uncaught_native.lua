local t = setmetatable({}, {__index = function(t, k) return string.rep(k, -1, {}) end})
print(t.x)
