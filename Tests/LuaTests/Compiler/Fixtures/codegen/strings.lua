local a = "hello\tworld\n"
local b = 'it\'s "quoted" \\ \a\b\f\v\r'
local c = "\x41\x42\65\066\0067\u{48}\u{7FF}\u{FFFF}\u{10FFFF}\u{7FFFFFFF}"
local d = [[long
string]]
local e = [==[
with ]] inside ]=] and ]==]
local f = "a\z
           b"
local g = "line\
break"
local h = "\0\1\2\127\128\255"
local i = [[]]
--[[ long
comment ]] local j = 1
--[==[ another ]==]
-- short comment
print(a, b, c, d, e, f, g, h, i, j)
