-- Tables: length, constructors, integer keys, float normalization.
local t = {1, 2, 3, nil, 5}
print(#t)
local t2 = {}
for i = 1, 10 do t2[#t2 + 1] = i end
print(#t2)
t2[#t2] = nil
print(#t2)
local t3 = {n = 1, [1] = "a", [2] = "b", [3.0] = "c"}
print(#t3, t3[3], t3[3.0], math.type(next({[2.0] = 1})))
local t4 = {}
t4[1.0] = "one"; t4[2^53] = "big"
print(t4[1], t4[2^53 | 0])
local t5 = {10, 20, 30}
table.insert(t5, 40); table.insert(t5, 1, 0)
print(#t5, table.concat(t5, ","))
print(table.remove(t5), table.remove(t5, 1), table.concat(t5, ","))
local t6 = {}
t6[1] = 1; t6[2] = 2; t6[4] = 4
print(#t6 == 2 or #t6 == 4)
local holes = {1, 2, 3}
holes[2] = nil
print(#holes == 3 or #holes == 1)
-- keys of all types
local keys = {}
keys[true] = "t"; keys[false] = "f"; keys[1.5] = "float"; keys["s"] = "str"; keys[print] = "fn"
print(keys[true], keys[false], keys[1.5], keys.s, keys[print])
-- next/pairs over arrays in order
local arr = {"a", "b", "c"}
for i, v in pairs(arr) do io.write(i, v, " ") end print()
print(next({}), next({10}))
print(pcall(next, {}, "nokey"))
print(rawlen({1, 2}), rawlen("abc"), rawequal(arr, arr), rawequal(arr, {}))
print(rawget(arr, 1), rawset(arr, 4, "d") == arr, arr[4])
-- big constructors and setlist with many items
local big = {}
for i = 1, 1000 do big[i] = i end
local sum = 0
for _, v in ipairs(big) do sum = sum + v end
print(#big, sum)
local c = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55}
print(#c, c[55])
-- sizes of tables built in various ways
local a = {}
for i = 1, 100 do a[i] = i end
for i = 1, 100, 2 do a[i] = nil end
local n = 0
for k in pairs(a) do n = n + 1 end
print(n)
local m = {}
m[3] = 3; m[2] = 2; m[1] = 1
print(#m)
local neg = {}
neg[-1] = 1; neg[0] = 0
print(#neg, neg[-1], neg[0])
-- integer keys vs string keys
local mix = {}
mix[1] = "int"; mix["1"] = "str"
print(mix[1], mix["1"])
-- table with nil assigned during construction
local tn = {nil, nil, 3}
print(#tn)
local function count(t) local c = 0 for _ in pairs(t) do c = c + 1 end return c end
print(count({1, nil, 3, x = 1, y = nil}))
