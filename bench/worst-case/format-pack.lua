-- string.format and string.pack/unpack of long strings.
local s = string.rep('x', 2^24)
local n = 0
for i = 1, 1e7 do
  n = n + #string.format('%s%s', s, s)
  local p = string.pack('s4', s)
  n = n + #string.unpack('s4', p)
end
return n
