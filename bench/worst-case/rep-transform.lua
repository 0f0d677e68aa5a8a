-- string.rep, upper, lower, reverse of 32 MiB strings.
local n = 0
for i = 1, 1e7 do
  local s = string.rep('ab', 2^24)
  n = n + #s:upper() + #s:lower() + #s:reverse()
end
return n
