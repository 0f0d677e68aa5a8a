-- A small interpreter written in Lua: a tokenizer, a recursive-descent parser to an AST and
-- a tree-walking evaluator with environments, running a program with loops, functions and
-- recursion (the kind of script an embedded Lua runs: dispatch on tables and strings).
local source = [[
fn fib(n) { if n < 2 { return n } return fib(n - 1) + fib(n - 2) }
fn sum(n) { let s = 0; let i = 0; while i < n { s = s + i * i % 7; i = i + 1 } return s }
fn gcd(a, b) { while b != 0 { let t = b; b = a % b; a = t } return a }
let total = 0;
let k = 0;
while k < 400 { total = total + gcd(k * 7919, 104729 - k) + sum(500); k = k + 1 }
return fib(20) + total
]]

local function tokenize(src)
  local tokens, pos = {}, 1
  while pos <= #src do
    local s, e = src:find("^%s+", pos)
    if s then pos = e + 1 else
      local num = src:match("^%d+", pos)
      if num then tokens[#tokens + 1] = { kind = "num", value = tonumber(num) }; pos = pos + #num else
        local id = src:match("^[%a_][%w_]*", pos)
        if id then tokens[#tokens + 1] = { kind = "id", value = id }; pos = pos + #id else
          local op = src:match("^[=!<>]=", pos) or src:sub(pos, pos)
          tokens[#tokens + 1] = { kind = "op", value = op }; pos = pos + #op
        end
      end
    end
  end
  tokens[#tokens + 1] = { kind = "eof", value = "<eof>" }
  return tokens
end

local Parser = {}
Parser.__index = Parser
function Parser.new(tokens) return setmetatable({ tokens = tokens, i = 1 }, Parser) end
function Parser:peek() return self.tokens[self.i] end
function Parser:next() local t = self.tokens[self.i]; self.i = self.i + 1; return t end
function Parser:accept(v) if self:peek().value == v then self.i = self.i + 1; return true end return false end
function Parser:expect(v) local t = self:next(); assert(t.value == v, "expected " .. v .. " got " .. t.value); return t end

local precedence = { ["=="] = 1, ["!="] = 1, ["<"] = 2, [">"] = 2, ["<="] = 2, [">="] = 2,
                     ["+"] = 3, ["-"] = 3, ["*"] = 4, ["/"] = 4, ["%"] = 4 }
function Parser:primary()
  local t = self:next()
  if t.kind == "num" then return { "num", t.value } end
  if t.value == "(" then local e = self:expression(0); self:expect(")"); return e end
  if self:accept("(") then
    local args = {}
    if not self:accept(")") then
      repeat args[#args + 1] = self:expression(0) until not self:accept(",")
      self:expect(")")
    end
    return { "call", t.value, args }
  end
  return { "var", t.value }
end
function Parser:expression(minPrec)
  local left = self:primary()
  while true do
    local op = self:peek().value
    local p = precedence[op]
    if not p or p <= minPrec then return left end
    self:next()
    left = { "bin", op, left, self:expression(p) }
  end
end
function Parser:block()
  self:expect("{")
  local body = {}
  while not self:accept("}") do body[#body + 1] = self:statement() end
  return body
end
function Parser:statement()
  local t = self:peek()
  if self:accept("let") then
    local name = self:next().value; self:expect("=")
    local e = self:expression(0); self:accept(";"); return { "let", name, e }
  elseif self:accept("while") then
    local cond = self:expression(0); return { "while", cond, self:block() }
  elseif self:accept("if") then
    local cond = self:expression(0); return { "if", cond, self:block() }
  elseif self:accept("return") then
    local e = self:expression(0); self:accept(";"); return { "return", e }
  elseif self:accept("fn") then
    local name = self:next().value; self:expect("(")
    local params = {}
    if not self:accept(")") then
      repeat params[#params + 1] = self:next().value until not self:accept(",")
      self:expect(")")
    end
    return { "fn", name, params, self:block() }
  elseif t.kind == "id" and self.tokens[self.i + 1].value == "=" then
    self:next(); self:next()
    local e = self:expression(0); self:accept(";"); return { "set", t.value, e }
  end
  local e = self:expression(0); self:accept(";"); return { "expr", e }
end

local binary = {
  ["+"] = function(a, b) return a + b end, ["-"] = function(a, b) return a - b end,
  ["*"] = function(a, b) return a * b end, ["/"] = function(a, b) return a // b end,
  ["%"] = function(a, b) return a % b end,
  ["<"] = function(a, b) return a < b end, [">"] = function(a, b) return a > b end,
  ["<="] = function(a, b) return a <= b end, [">="] = function(a, b) return a >= b end,
  ["=="] = function(a, b) return a == b end, ["!="] = function(a, b) return a ~= b end,
}
local functions = {}
local function lookup(env, name)
  while env do
    local v = env.vars[name]
    if v ~= nil then return env end
    env = env.parent
  end
  error("undefined " .. name)
end
local eval, exec
function eval(e, env)
  local kind = e[1]
  if kind == "num" then return e[2]
  elseif kind == "var" then return lookup(env, e[2]).vars[e[2]]
  elseif kind == "bin" then return binary[e[2]](eval(e[3], env), eval(e[4], env))
  else
    local f = functions[e[2]]
    local frame = { vars = {}, parent = nil }
    for i, p in ipairs(f.params) do frame.vars[p] = eval(e[3][i], env) end
    local _, value = exec(f.body, frame)
    return value
  end
end
function exec(body, env)
  for _, s in ipairs(body) do
    local kind = s[1]
    if kind == "let" then env.vars[s[2]] = eval(s[3], env)
    elseif kind == "set" then lookup(env, s[2]).vars[s[2]] = eval(s[3], env)
    elseif kind == "while" then
      while eval(s[2], env) do
        local done, value = exec(s[3], env)
        if done then return done, value end
      end
    elseif kind == "if" then
      if eval(s[2], env) then
        local done, value = exec(s[3], env)
        if done then return done, value end
      end
    elseif kind == "return" then return true, eval(s[2], env)
    elseif kind == "fn" then functions[s[2]] = { params = s[3], body = s[4] }
    else eval(s[2], env) end
  end
  return false, nil
end

local tokens = tokenize(source)
local program = {}
local parser = Parser.new(tokens)
while parser:peek().kind ~= "eof" do program[#program + 1] = parser:statement() end
local _, result = exec(program, { vars = {} })
print(#tokens, #program, result)
