-- goto and labels.
for i = 1, 5 do
  if i % 2 == 0 then goto continue end
  io.write(i, " ")
  ::continue::
end
print()
local i = 1
::top::
if i <= 3 then io.write("i", i, " "); i = i + 1; goto top end
print()
for x = 1, 3 do
  for y = 1, 3 do
    if y == 2 then goto next_x end
    io.write(x, y, " ")
  end
  ::next_x::
end
print()
do
  local fns = {}
  local n = 0
  ::again::
  local v = n
  fns[#fns + 1] = function() return v end
  n = n + 1
  if n < 3 then goto again end
  print(fns[1](), fns[2](), fns[3]())
end
while true do
  goto out
end
::out::
print("out")
repeat
  local z = 1
  goto done
until true
::done::
print("done")
