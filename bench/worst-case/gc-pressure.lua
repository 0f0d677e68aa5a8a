-- Automatic collections made frequent: a large live heap near the budget, then a lowered
-- pause, each with garbage allocated in a loop.
local keep = {}
for i = 1, 4e5 do keep[i] = {i} end
local n = 0
for i = 1, 5e6 do local g = {i} n = n + 1 end
collectgarbage('setpause', 1)
for i = 1, 1e8 do local g = {i} n = n + 1 end
return n
