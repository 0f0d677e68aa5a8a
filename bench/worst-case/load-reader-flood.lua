-- A `load` reader that never ends, returning a 32 MiB piece each time.
local s = string.rep('-', 2^25)
return load(function() return s end)
