-- Compiling a large chunk (about 20 MB of source) again and again.
local src = string.rep('a = a + 1\n', 2e6)
local n = 0
for i = 1, 1e6 do n = n + (load(src) and 1 or 0) end
return n
