// table.sort and friends under stress, compared with lua5.4: inconsistent comparators with
// random answers (where lua5.4's pivot choice is deterministic: fewer than 100 elements),
// comparators that allocate and mutate while the collector runs at every safe point, and
// native loops that script-controlled lengths make endless, which the step budget must stop.

import Foundation
import Testing
@testable import Lua

@Suite struct TableLibraryTests {
    /// Sorts with comparators answering at random (from a Lua-side generator, so both
    /// interpreters see the same answers), printing the final arrays, errors and call counts.
    static let randomComparators = """
    local seed = 99
    local function rnd(m) seed = (seed * 1103515245 + 12345) % 2147483648; return seed % m end
    for n = 2, 99 do
      for round = 1, 4 do
        local a = {}
        for i = 1, n do a[i] = rnd(n) end
        local calls = 0
        local mode = round
        local ok, e = pcall(table.sort, a, function(x, y)
          calls = calls + 1
          if mode == 1 then return rnd(2) == 0
          elseif mode == 2 then return x <= y
          elseif mode == 3 then return rnd(10) > 0 and x < y
          else return x > y or rnd(50) == 0 end
        end)
        print(n, round, ok, e, calls, table.concat(a, ","))
      end
    end
    """

    @Test("comparators with random answers: same calls, results and errors as lua5.4")
    func randomComparatorsMatch() throws {
        let reference = try LibraryReference.runLua54(Self.randomComparators, name: "sortrandom.lua")
        #expect(reference.error == nil)
        #expect(LibraryReference.runTandem(Self.randomComparators, name: "sortrandom.lua") == reference)
    }

    /// A comparator that allocates garbage and rewrites the array while sorting (values are
    /// kept only by the sort's own stack slots), plus `__index`/`__newindex` proxies.
    static let collectorStress = """
    local garbage = {}
    local a = {}
    for i = 1, 60 do a[i] = {v = (i * 37) % 61, s = string.rep("x", i % 7)} end
    local calls = 0
    table.sort(a, function(x, y)
      calls = calls + 1
      garbage[calls % 5] = {string.rep("g", calls % 13), {}}
      if calls % 7 == 0 then local k = calls % 60 + 1; a[k] = {v = a[k].v, s = a[k].s .. "!"} end
      return x.v < y.v
    end)
    local out = {}
    for i = 1, #a do out[i] = a[i].v .. a[i].s end
    print(calls, table.concat(out, " "))
    local backing = {}
    for i = 1, 80 do backing[i] = tostring((i * 53) % 83) end
    local proxy = setmetatable({}, {
      __index = function(_, k) return backing[k] end,
      __newindex = function(_, k, v) garbage[#garbage % 3 + 1] = {v}; backing[k] = v end,
      __len = function() return #backing end,
    })
    table.sort(proxy)
    print(table.concat(backing, " "))
    print(table.concat(table.pack(table.unpack(backing, 1, 10)), ","), table.remove(proxy, 1), table.concat(backing, "|", 1, 5))
    table.insert(proxy, 1, "first"); table.move(backing, 1, 10, 5, proxy)
    print(table.concat(backing, " "))
    """

    @Test("sorting while the collector runs at every safe point matches lua5.4")
    func collectorStressMatches() throws {
        let reference = try LibraryReference.runLua54(Self.collectorStress, name: "sortgc.lua")
        #expect(reference.error == nil)
        #expect(LibraryReference.runTandem(Self.collectorStress, name: "sortgc.lua", gcStress: true) == reference)
        #expect(LibraryReference.runTandem(Self.collectorStress, name: "sortgc.lua") == reference)
    }

    @Test("native loops over script-chosen lengths are bounded by the step budget", arguments: [
        "table.insert(setmetatable({}, {__len = function() return math.maxinteger - 1 end, __index = {}, __newindex = {}}), 1, 0)",
        "table.remove(setmetatable({}, {__len = function() return math.maxinteger end, __index = {}, __newindex = {}}), 1)",
        "table.move({}, 1, math.maxinteger - 1, 2)",
        "table.concat(setmetatable({}, {__len = function() return math.maxinteger end, __index = function() return '' end}))",
        "table.sort(setmetatable({}, {__len = function() return 2^31 - 2 end, __index = function(_, i) return i % 3 end, __newindex = function() end}))",
        "for i = 1, 1e9 do utf8.len(string.rep('a', 1e6)) end",
    ])
    func stepBudget(_ source: String) {
        let result = LibraryReference.runTandem(source, steps: 200_000)
        #expect(result.error == "steps budget exceeded", "\(result)")
    }

    @Test("concat results count against the memory budget")
    func concatMemory() {
        let lua = LuaInterpreter(options: LuaRunOptions(budgets: LuaBudgets(memoryBytes: 4 << 20)))
        _ = lua.load(source: Array("local t = {string.rep('x', 1 << 20)} for i = 2, 64 do t[i] = t[1] end print(#table.concat(t))".utf8),
                     chunkName: Array("=mem".utf8))
        let status = lua.run(maxSteps: 1 << 40)
        guard case .failed(let f) = status else { Issue.record("expected a failure, got \(status)"); return }
        #expect(f.kind == .budget(.memory))
    }
}
