do goto l1; local a; ::l1:: end
::top::
do
  local x = 1
  if x then goto top end
end
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto continue end
    print(i, j)
    ::continue::
  end
end
do
  local k = 0
  ::again::
  k = k + 1
  local function f() return k end
  if k < 3 then goto again end
end
goto done
print("skipped")
::done::
while true do
  local y
  goto out
  local z = function() return y end
end
::out::
