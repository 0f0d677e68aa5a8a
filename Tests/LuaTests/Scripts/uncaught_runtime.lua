-- An uncaught runtime error ends the script with the reference's message.
local function level3(t) return t.field.sub end
local function level2(t) return level3(t) + 1 end
function level1() local r = level2({}) return r end
print("before")
level1()
print("not reached")
