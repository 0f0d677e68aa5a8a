-- __gc finalizers (lgc.c semantics): order, resurrection, weak tables, errors as warnings,
-- collectgarbage refused inside a finalizer, and finalizers run when the state closes.
local log = {}
local function note(s) log[#log + 1] = s end

-- Finalizers run in the reverse order of marking, after the cycle that found them dead.
collectgarbage("stop")
local mt = {__gc = function (o) note("gc " .. o.name) end}
for i = 1, 5 do setmetatable({name = "t" .. i}, mt) end
collectgarbage()
print(table.concat(log, " ")); log = {}

-- A __gc field added after setmetatable does not mark the object.
local late = setmetatable({name = "late"}, {})
getmetatable(late).__gc = function () note("late ran") end
late = nil
collectgarbage()
print("late:", #log)

-- Resurrection: the finalizer stores the object; it stays usable and is finalized once.
local saved
do
  local x = setmetatable({name = "phoenix", data = {1, 2, 3}}, {__gc = function (o) saved = o end})
end
collectgarbage()
print("resurrected:", saved.name, #saved.data)
saved = nil
collectgarbage()
print("gone once:", saved)

-- Marking again from the finalizer finalizes it again next cycle.
local count = 0
local again = {}
again.__gc = function (o) count = count + 1; if count < 3 then setmetatable(o, again) end end
setmetatable({}, again)
for _ = 1, 4 do collectgarbage() end
print("finalized times:", count)

-- Weak values to a finalized object are cleared before it runs; weak keys after.
local wv = setmetatable({}, {__mode = "v"})
local wk = setmetatable({}, {__mode = "k"})
do
  local o = setmetatable({}, {__gc = function (o)
    print("in __gc: weak value", wv[1], "weak key present", wk[o] ~= nil)
  end})
  wv[1] = o; wk[o] = true
end
collectgarbage()
collectgarbage()
print("after:", wv[1], next(wk))

-- collectgarbage inside a finalizer answers fail; errors become warnings, not errors.
setmetatable({}, {__gc = function () print("inside:", collectgarbage(), collectgarbage("count")) end})
collectgarbage()
setmetatable({}, {__gc = function () error("boom") end})
print(pcall(collectgarbage))
warn("@on")
setmetatable({}, {__gc = function () error({}) end})
collectgarbage()
warn("@off")

-- debug.getinfo names a finalizer "__gc", a metamethod.
setmetatable({}, {__gc = function ()
  local t = debug.getinfo(1, "n")
  print("name:", t.name, t.namewhat)
end})
collectgarbage()
collectgarbage("restart")

-- Allocation runs the collector, and the collector runs finalizers.
local done = false
setmetatable({}, {__gc = function () done = true end})
local n = 0
repeat n = n + 1; local t = {n} until done
print("automatic:", done)

io.stderr:write("to standard error\n")

-- Objects still alive when the state closes are finalized then, newest first.
keep = {}
for i = 1, 3 do keep[i] = setmetatable({i}, {__gc = function (o) print("closing", o[1]) end}) end
print("end of chunk")
