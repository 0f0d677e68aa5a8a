-- One OP_CONCAT of many long operands, repeated.
local s = string.rep('x', 2^21)
local n = 0
for i = 1, 1e7 do local t = s..s..s..s..s..s..s..s..s..s..s..s..s..s..s..s n = n + #t end
return n
