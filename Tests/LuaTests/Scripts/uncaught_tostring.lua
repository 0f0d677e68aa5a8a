-- An error object with __tostring.
local E = setmetatable({}, {__tostring = function() return "custom error object" end})
error(E)
