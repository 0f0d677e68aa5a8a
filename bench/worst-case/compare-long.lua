-- Equality and ordering of two distinct 16 MiB strings that differ only in the last byte.
local a = string.rep('x', 2^24) .. 'a'
local b = string.rep('x', 2^24) .. 'b'
local n = 0
for i = 1, 2000 do
  if a == b then n = n + 1 end
  if a < b then n = n + 1 end
  if a <= b then n = n + 1 end
end
return n
