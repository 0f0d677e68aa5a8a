// Differential tests of the package library (require, searchers, searchpath, loadfile,
// dofile), binary chunks (string.dump/load and their messages) and light userdata against
// lua5.4. Files the reference reads from its working folder are registered with Tandem.

import Testing
@testable import Lua

let mod = ("mod.lua", "local name, file = ... return {name = name, file = file}\n")
let sub = ("pkg/sub.lua", "return 'sub:' .. (...)\n")
let broken = ("broken.lua", "return +\n")
let failing = ("failing.lua", "error('module failed')\n")

let packageCases: [SnippetCase] = [
    SnippetCase(name: "require registered module", script: "local m, extra = require 'mod' print(m.name, m.file, extra, package.loaded.mod == m)", files: [mod]),
    SnippetCase(name: "require dotted name", script: "print(require 'pkg.sub')", files: [sub]),
    SnippetCase(name: "require twice", script: "local a = require 'mod' print(a == require 'mod', select('#', require 'mod'))", files: [mod]),
    SnippetCase(name: "require missing default path", script: "print(pcall(require, 'nosuchmodule'))"),
    SnippetCase(name: "require missing dotted", script: "print(pcall(require, 'a.b'))"),
    SnippetCase(name: "require syntax error", script: "print(pcall(require, 'broken'))", files: [broken]),
    SnippetCase(name: "require runtime error", script: "print(pcall(require, 'failing'))", files: [failing]),
    SnippetCase(name: "require message custom path", script: "package.path = '?.lua;?/?' package.cpath = '?.so;?/init' print(pcall(require, 'XXX'))"),
    SnippetCase(name: "package.path must be a string", script: "package.path = {} print(pcall(require, 'zz'))"),
    SnippetCase(name: "package.searchers must be a table", script: "package.searchers = nil print(pcall(require, 'zz'))"),
    SnippetCase(name: "preload", script: "package.preload.p = function(...) return {...} end local t, x = require 'p' print(t[1], t[2], x)"),
    SnippetCase(name: "custom searcher", script: "table.insert(package.searchers, 2, function(n) return 'custom says no' end) print(pcall(require, 'q'))"),
    SnippetCase(name: "searcher returning nothing", script: "package.searchers = {function() end} print(pcall(require, 'q'))"),
    SnippetCase(name: "loader returning nil sets true", script: "package.preload.t = function() end print(require 't', package.loaded.t)"),
    SnippetCase(name: "searchpath found", script: "print(package.searchpath('pkg.sub', './?.lua'))", files: [sub]),
    SnippetCase(name: "searchpath missing", script: "print(package.searchpath('a.b.c', '?.x;;/p/?/q'))"),
    SnippetCase(name: "searchpath separators", script: "print(package.searchpath('a_b', '?.z', '_', '+'))"),
    SnippetCase(name: "searchpath empty sep", script: "print(package.searchpath('a.b', '?', ''))"),
    SnippetCase(name: "package fields", script: "print(type(package.path), type(package.cpath), package.config == '/\\n;\\n?\\n!\\n-\\n', #package.searchers)"),
    SnippetCase(name: "require non-string", script: "print(pcall(require))"),
    SnippetCase(name: "loadfile missing", script: "print(loadfile('nofile.lua'))"),
    SnippetCase(name: "loadfile registered", script: "local f = loadfile('mod.lua') print(f('x', 'y').name)", files: [mod]),
    SnippetCase(name: "loadfile mode", script: "print(loadfile('mod.lua', 'b'))", files: [mod]),
    SnippetCase(name: "dofile", script: "print(dofile('pkg/sub.lua'))", files: [sub]),
    SnippetCase(name: "dofile missing", script: "print(pcall(dofile, 'nofile.lua'))"),
    SnippetCase(name: "dofile stdin", script: "print(dofile())", stdin: Array("return 1 + 2, 'from stdin'".utf8)),
    SnippetCase(name: "loadlib", script: "print(package.loadlib('./nolib.so', 'f'))"),
]

let chunkCases: [SnippetCase] = [
    SnippetCase(name: "dump round trip", script: "local f = load(string.dump(function(a, b) return a * b + 1 end)) print(f(6, 7))"),
    SnippetCase(name: "dump strip", script: "local f = load(string.dump(function(...) return select('#', ...) end, true)) print(f(1, nil, 3))"),
    SnippetCase(name: "dump header", script: "print(string.dump(function() end):sub(1, 12) == '\\27Lua\\x54\\0\\x19\\x93\\r\\n\\x1a\\n')"),
    SnippetCase(name: "dump native", script: "print(pcall(string.dump, print))"),
    SnippetCase(name: "dump non-function", script: "print(pcall(string.dump, 1))"),
    SnippetCase(name: "mode t refuses binary", script: "print(load(string.dump(function() end), 'x', 't'))"),
    SnippetCase(name: "mode b refuses text", script: "print(load('return 1', 'x', 'b'))"),
    SnippetCase(name: "mode bt", script: "print(load(string.dump(function() return 7 end), 'x', 'bt')())"),
    SnippetCase(name: "reader mode b", script: "local s = 'return 1' print(load(function() local r = s s = nil return r end, 'r', 'b'))"),
    SnippetCase(name: "reader default mode with GC", script: "local parts = {'return ', '4', '2'} print(load(function() collectgarbage() return table.remove(parts, 1) end)())"),
    SnippetCase(name: "bad version", script: "local s = string.dump(function() end) print(load(s:sub(1, 4) .. '\\x53' .. s:sub(6)))"),
    SnippetCase(name: "bad format byte", script: "local s = string.dump(function() end) print(load(s:sub(1, 5) .. '\\1' .. s:sub(7), '=n'))"),
    SnippetCase(name: "bad data", script: "local s = string.dump(function() end) print(load(s:sub(1, 6) .. 'X' .. s:sub(8), '@f'))"),
    SnippetCase(name: "bad sizes", script: "local s = string.dump(function() end) for i = 13, 15 do print(load(s:sub(1, i - 1) .. '\\9' .. s:sub(i + 1))) end"),
    SnippetCase(name: "bad check integer", script: "local s = string.dump(function() end) print(load(s:sub(1, 15) .. '\\0' .. s:sub(17)))"),
    SnippetCase(name: "bad check number", script: "local s = string.dump(function() end) print(load(s:sub(1, 30) .. '\\1' .. s:sub(32)))"),
    SnippetCase(name: "truncated", script: "local s = string.dump(function() end) for _, n in ipairs{1, 4, 5, 11, 12, 20, 30} do print(load(s:sub(1, n))) end"),
    SnippetCase(name: "binary with upvalues", script: "local a, b = 1, 2 local f = load(string.dump(function() return a, b end)) print(debug.getupvalue(f, 1), debug.getupvalue(f, 2))"),
    SnippetCase(name: "stripped upvalue names", script: "local a = 1 local f = load(string.dump(function() return a end, true)) print((debug.getupvalue(f, 1)))"),
    SnippetCase(name: "stripped error position", script: "local f = load(string.dump(function() local x x() end, true)) print(pcall(f))"),
    SnippetCase(name: "stripped source", script: "local f = load(string.dump(function() end, true)) local i = debug.getinfo(f, 'S') print(i.source, i.short_src)"),
    SnippetCase(name: "binary env", script: "local f = load(string.dump(function() return x end), 'b', 'b', {x = 5}) print(f())"),
]

let lightUserdataCases: [SnippetCase] = [
    SnippetCase(name: "upvalueid type", script: "local a local function f() return a end print(type(debug.upvalueid(f, 1)))"),
    SnippetCase(name: "upvalueid identity", script: "local a, b local function f() return a, b end local function g() return a end print(debug.upvalueid(f, 1) == debug.upvalueid(g, 1), debug.upvalueid(f, 2) == debug.upvalueid(g, 1), rawequal(debug.upvalueid(f, 1), debug.upvalueid(f, 1)))"),
    SnippetCase(name: "upvalueid tostring", script: "local a local function f() return a end print(tostring(debug.upvalueid(f, 1)):match('^userdata: 0x%x+$') ~= nil)"),
    SnippetCase(name: "upvalueid as key", script: "local a local function f() return a end local t = {[debug.upvalueid(f, 1)] = 'v'} print(t[debug.upvalueid(f, 1)])"),
    SnippetCase(name: "upvalueid arithmetic error", script: "local a local function f() return a end print(pcall(function() return debug.upvalueid(f, 1) + 1 end))"),
    SnippetCase(name: "upvalueid bad index", script: "local a local function f() return a end print(debug.upvalueid(f, 2), pcall(debug.upvalueid, f, 0))"),
    SnippetCase(name: "upvalueid native", script: "local g = string.gmatch('a', 'a') print(type(debug.upvalueid(g, 1)), debug.upvalueid(g, 1) == debug.upvalueid(g, 1))"),
]

@Suite("Differential: package, binary chunks, light userdata against lua5.4")
struct PackageChunkDifferentialTests {
    @Test("package case matches lua5.4", arguments: packageCases)
    func packageCase(_ c: SnippetCase) throws {
        try compareSnippet(c)
    }

    @Test("binary chunk case matches lua5.4", arguments: chunkCases)
    func chunkCase(_ c: SnippetCase) throws {
        try compareSnippet(c)
    }

    @Test("light userdata case matches lua5.4", arguments: lightUserdataCases)
    func lightUserdataCase(_ c: SnippetCase) throws {
        try compareSnippet(c)
    }
}

/// More binary chunk cases: names in stripped chunks, nesting, many constants, long strings,
/// chunks read in pieces, varargs.
let moreChunkCases: [SnippetCase] = [
    SnippetCase(name: "stripped global name", script: "local f = load(string.dump(function() undefinedglobal() end, true)) print(pcall(f))"),
    SnippetCase(name: "stripped field name", script: "local f = load(string.dump(function(t) t.x.y() end, true)) print(pcall(f, {}))"),
    SnippetCase(name: "unstripped names", script: "local f = load(string.dump(function(t) local z z() end)) print(pcall(f))"),
    SnippetCase(name: "nested closures", script: "local f = load(string.dump(function(a) return function(b) return function(c) return a .. b .. c end end end)) print(f('x')('y')('z'))"),
    SnippetCase(name: "many constants", script: "local src = {'return {'} for i = 1, 300 do src[#src + 1] = '\"k' .. i .. '\",' end src[#src + 1] = '}' local g = load(table.concat(src)) local f = load(string.dump(g)) local t = f() print(#t, t[1], t[300])"),
    SnippetCase(name: "long string constant", script: "local f = load(string.dump(function() return string.rep('ab', 3) .. '0123456789012345678901234567890123456789012345678901234567890123456789' end)) print(f())"),
    SnippetCase(name: "binary read in pieces", script: "local s = string.dump(function(...) return select('#', ...), ... end) local i = 0 local f = load(function() i = i + 1 return s:sub(i, i) end, 'pieces', 'b') print(f(1, nil, 3))"),
    SnippetCase(name: "dump of loaded binary", script: "local f = load(string.dump(function() return 42 end)) local g = load(string.dump(f)) print(g())"),
    SnippetCase(name: "binary line info", script: "local f = load(string.dump(function()\n\n error('here') end)) print(pcall(f))"),
    SnippetCase(name: "binary debug info", script: "local f = load(string.dump(function(a, b) local c = a end)) local i = debug.getinfo(f, 'Su') print(i.what, i.nparams, i.isvararg, i.linedefined, i.lastlinedefined, i.nups)"),
    SnippetCase(name: "binary in loadfile", script: "print(loadfile('nofile', 'b'))"),
    SnippetCase(name: "text chunk via reader mode t", script: "local s = 'return 5' print(load(function() local r = s s = nil return r end, 'r', 't')())"),
]

@Suite("Differential: more binary chunk cases against lua5.4")
struct MoreChunkDifferentialTests {
    @Test("binary chunk case matches lua5.4", arguments: moreChunkCases)
    func chunkCase(_ c: SnippetCase) throws {
        try compareSnippet(c)
    }
}
