// Budgets: every kind of runaway script ends cleanly with the right, uncatchable error.

import Testing
@testable import Lua

/// Runs `source` with `budgets` to completion (in slices) and returns the final status.
func runScript(_ source: String, budgets: LuaBudgets = LuaBudgets(), slice: Int64 = 1 << 40) -> (LuaRunStatus, LuaInterpreter) {
    let lua = LuaInterpreter(options: LuaRunOptions(budgets: budgets))
    if case .syntaxError(let m) = lua.load(source: Array(source.utf8), chunkName: Array("=input".utf8)) {
        Issue.record("syntax error: \(String(decoding: m, as: UTF8.self))")
    }
    var status = lua.run(maxSteps: slice)
    while case .paused = status { status = lua.run(maxSteps: slice) }
    return (status, lua)
}

/// The failure kind of a status, if it failed.
func failureKind(_ s: LuaRunStatus) -> LuaFailureKind? {
    if case .failed(let f) = s { return f.kind }
    return nil
}

@Suite("Budgets")
struct BudgetTests {
    @Test func infiniteLoopHitsStepBudget() {
        let (s, lua) = runScript("while true do end", budgets: LuaBudgets(steps: 100_000))
        #expect(failureKind(s) == .budget(.steps))
        #expect(lua.stepsUsed == 100_000)
    }

    @Test func stepBudgetIsNotCatchable() {
        let (s, _) = runScript("print(pcall(function() while true do end end)) print('after')",
                               budgets: LuaBudgets(steps: 50_000))
        #expect(failureKind(s) == .budget(.steps))
    }

    @Test func stepBudgetIsExactAcrossSlices() {
        let src = "local n = 0 for i = 1, 1e9 do n = n + i end"
        let (a, l1) = runScript(src, budgets: LuaBudgets(steps: 12_345))
        let (b, l2) = runScript(src, budgets: LuaBudgets(steps: 12_345), slice: 17)
        #expect(failureKind(a) == .budget(.steps) && failureKind(b) == .budget(.steps))
        #expect(l1.stepsUsed == l2.stepsUsed)
    }

    @Test func runawayRecursionIsCatchableStackOverflow() {
        let (s, lua) = runScript("local function f() return 1 + f() end print(pcall(f))", budgets: LuaBudgets(memoryBytes: 256 << 20))
        guard case .finished = s else { Issue.record("unexpected \(s)"); return }
        #expect(String(decoding: lua.output, as: UTF8.self) == "false\tinput:1: stack overflow\n")
    }

    @Test func callDepthBudget() {
        let (s, _) = runScript("local function f(n) return 1 + f(n + 1) end print(pcall(f, 1))",
                               budgets: LuaBudgets(callDepth: 1000))
        #expect(failureKind(s) == .budget(.callDepth))
    }

    @Test func stringBombHitsMemoryBudget() {
        let (s, lua) = runScript("local s = 'x' while true do s = s .. s end", budgets: LuaBudgets(memoryBytes: 8 << 20))
        #expect(failureKind(s) == .budget(.memory))
        #expect(lua.memoryPeak <= 8 << 20)
    }

    @Test func stringRepBombHitsMemoryBudget() {
        let (s, _) = runScript("print(pcall(string.rep, 'x', 1 << 30))", budgets: LuaBudgets(memoryBytes: 8 << 20))
        #expect(failureKind(s) == .budget(.memory))
    }

    @Test func tableBombHitsMemoryBudget() {
        let (s, lua) = runScript("local t = {} local i = 0 while true do i = i + 1 t[i] = {i} end",
                                 budgets: LuaBudgets(memoryBytes: 4 << 20))
        #expect(failureKind(s) == .budget(.memory))
        #expect(lua.memoryPeak <= 4 << 20)
    }

    @Test func hashTableBombHitsMemoryBudget() {
        let (s, _) = runScript("local t = {} local i = 0 while true do i = i + 1 t['k' .. i] = true end",
                               budgets: LuaBudgets(memoryBytes: 4 << 20))
        #expect(failureKind(s) == .budget(.memory))
    }

    @Test func garbageDoesNotExhaustMemory() {
        // Lots of short-lived garbage must be collected, not counted against the budget.
        let (s, _) = runScript("for i = 1, 200000 do local t = {i, tostring(i), {}} end",
                               budgets: LuaBudgets(memoryBytes: 2 << 20))
        guard case .finished = s else { Issue.record("unexpected \(s)"); return }
    }

    @Test func outputBomb() {
        let (s, lua) = runScript("while true do print('spam spam spam') end", budgets: LuaBudgets(outputBytes: 1000))
        #expect(failureKind(s) == .budget(.output))
        #expect(lua.output.count <= 1000)
    }

    @Test func coroutineBombHitsMemoryBudget() {
        let (s, _) = runScript("""
            local t = {}
            while true do local co = coroutine.create(function() coroutine.yield() end) coroutine.resume(co) t[#t + 1] = co end
            """, budgets: LuaBudgets(memoryBytes: 4 << 20))
        #expect(failureKind(s) == .budget(.memory))
    }

    @Test func budgetMessageNamesTheBudget() {
        let (s, _) = runScript("while true do end", budgets: LuaBudgets(steps: 10))
        guard case .failed(let f) = s else { Issue.record("not failed"); return }
        #expect(String(decoding: f.message, as: UTF8.self) == "steps budget exceeded")
    }
}
