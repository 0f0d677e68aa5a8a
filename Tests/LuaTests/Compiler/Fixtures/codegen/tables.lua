local t = {}
local u = {1, 2, 3}
local v = {x = 1, y = 2, [3] = 4, ["z"] = 5, [u] = 6}
local w = {1, 2, x = 3, 4, f(), g()}
local z = {f()}
local q = {...}
local r = {..., 1}
local s = {[1] = 1, [2] = 2; 3; 4,}
t.a = 1; t["b"] = 2; t[1] = 3; t[300] = 4; t[-1] = 5; t[1.0] = 6; t[x] = 7; t.a.b.c = 8
t[true] = 1; t[nil] = 2; t["a long string key that is longer than forty characters"] = 1
print(t.a, t["b"], t[1], t[255], t[256], t[x], t.a.b.c)
print(t["a long string key that is longer than forty characters"])
local big = {1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60}
local h = {a=1,b=2,c=3,d=4,e=5,f=6,g=7,h=8,i=9}
local n = {{}, {{}}, {x = {y = {}}}}
function t.m(self, a) return self end
function t:m2(a) return self.x end
t:m2(1); t.m(t, 2); t:m2"s"; t:m2{1}
local o = t:m2(1):m2(2)
