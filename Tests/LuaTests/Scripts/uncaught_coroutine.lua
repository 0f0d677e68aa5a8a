-- An error propagating out of a wrapped coroutine.
local gen = coroutine.wrap(function() coroutine.yield(1); local x = nil; return x + 1 end)
print(gen())
print(gen())
