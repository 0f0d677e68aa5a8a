-- To-be-closed variables at an uncaught error. lua.c runs the chunk under lua_pcall with a
-- message handler, so every pending __close of the main chunk runs, innermost first, and
-- receives what the handler made of the error (message and traceback); a __close that raises
-- replaces the error, and the handler sees that one too.
local function closer(name)
  return setmetatable({}, {__close = function(_, e) print(name, e) end})
end

local a <close> = closer("a")
do local inner <close> = closer("inner (closed at the end of its block)") end
local co = coroutine.wrap(function()
  local c <close> = closer("in a coroutine (closed when it fails)")
  error("coroutine fails")
end)
print(pcall(co))
local b <close> = setmetatable({}, {__close = function(_, e)
  print("b", e)
  error("b raises", 0)
end})
local c <close> = closer("c")

local function deep(n)
  if n == 0 then error({code = 7}) end  -- an error object that is not a string
  return deep(n - 1) + 1
end
deep(3)
