-- Compiling one chunk whose compiled form outgrows the memory budget.
local src = string.rep('a=1 ', 1.5e7)
local f, err = load(src)
return f ~= nil, err
