-- A plain find whose needle almost matches everywhere: a naive search is O(n·m).
local h = string.rep('a', 2^24)
local needle = string.rep('a', 2^20) .. 'b'
local n = 0
for i = 1, 1e6 do if h:find(needle, 1, true) then n = n + 1 end end
return n
