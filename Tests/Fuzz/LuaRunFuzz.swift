// libFuzzer harness (b): arbitrary bytes as a Lua script, run with small budgets.
// Every input must end cleanly (returns, a Lua error, or a budget) — never a trap — and:
//
// - the result must not depend on how the run is sliced (the same output and status when run
//   in one go and in small slices);
// - the run's real cost must stay within the cost model (RELIABILITY.md, "The cost model"):
//   CPU time proportional to the steps charged, and real heap growth (every malloc, counted
//   through AddressSanitizer's allocator hooks) within twice the memory budget plus a fixed
//   allowance. An operation that does work without charging for it — the bug class the
//   cost model exists for — shows up here as a time or memory outlier, not as a crash.
//
// Modes (environment, read once): FUZZ_GC_STRESS=1 collects at every safe point (a missing
// GC root then turns into a use-after-free that AddressSanitizer reports); the cost checks
// stay on but time is not checked in that mode (full collections are charged, but their real
// cost grows with the heap, not the steps).

import Glibc
import Lua

/// The fuzzing budgets: small enough that one input takes milliseconds.
let fuzzBudgets = LuaBudgets(steps: 200_000, memoryBytes: 8 << 20, callDepth: 200_000, outputBytes: 64 << 10)

/// CPU time allowed per step charged, and a fixed allowance per run (compiling the input,
/// allocator warm-up). The cost model promises a few tens of nanoseconds per step in a release
/// build; AddressSanitizer and coverage instrumentation slow the core down 5–20×, so 2 µs per
/// step flags only work that is off the model by orders of magnitude (an uncharged 8 MiB
/// comparison costs about a millisecond, that is 10^5 steps' worth at the model's rate).
let nanosecondsPerStep: Int64 = 2_000
let fixedNanoseconds: Int64 = 50_000_000

/// Real heap growth allowed: twice the memory budget plus a fixed allowance for the
/// interpreter's own tables and allocator slack (the same rule as RealMemoryTests).
let memoryAllowance = 2 * fuzzBudgets.memoryBytes + (8 << 20)

let gcStress = getenv("FUZZ_GC_STRESS").map { String(cString: $0) == "1" } ?? false

// MARK: - The run

/// What one run produced and what it cost.
struct RunResult {
    var output: [UInt8]
    var status: [UInt8]
    var steps: Int64
    var cpu: Int64
    var heapGrowth: Int
}

/// Runs `source` to the end in slices of `slice` steps, measuring what it cost.
func runScript(_ source: [UInt8], slice: Int64) -> RunResult {
    let (run, cpu, heapGrowth) = measureCost { runMeasured(source, slice: slice) }
    return RunResult(output: run.0, status: run.1, steps: run.2, cpu: cpu, heapGrowth: heapGrowth)
}

func runMeasured(_ source: [UInt8], slice: Int64) -> ([UInt8], [UInt8], Int64) {
    let lua = LuaInterpreter(options: LuaRunOptions(seed: 7, budgets: fuzzBudgets, hostTime: 1_700_000_000))
    lua.collectAtEverySafePoint = gcStress
    if case .syntaxError(let message) = lua.load(source: source, chunkName: Array("=fuzz".utf8)) {
        return ([], Array("syntax ".utf8) + message, 0)
    }
    var status = lua.run(maxSteps: slice)
    while case .paused = status { status = lua.run(maxSteps: slice) }
    switch status {
    case .finished(let values): return (lua.output, Array("finished ".utf8) + Array(String(values.count).utf8), lua.stepsUsed)
    case .failed(let failure): return (lua.output, Array("failed ".utf8) + failure.message, lua.stepsUsed)
    case .paused: return (lua.output, Array("paused".utf8), lua.stepsUsed)
    }
}

/// Fails the input when its run cost more than the cost model allows.
func checkCost(_ run: RunResult, source: [UInt8]) {
    if run.heapGrowth > memoryAllowance {
        fatalError("real heap grew \(run.heapGrowth) bytes, over the allowance \(memoryAllowance) (budget \(fuzzBudgets.memoryBytes))")
    }
    // Compiling the input is charged nothing (it is the request itself), so its bytes buy time
    // at the `load` rate.
    let charged = run.steps + Int64(source.count) * CostModel.stepsPerSourceByte
    let allowed = fixedNanoseconds + charged * nanosecondsPerStep
    // An outlier must repeat: AddressSanitizer recycles its quarantine and the kernel maps
    // pages in the middle of whichever input happens to trigger them (tens of milliseconds
    // billed to a 66-byte syntax error once), while work the cost model misses costs the same
    // every time the input runs.
    if !gcStress && run.cpu > allowed && runScript(source, slice: 1 << 40).cpu > allowed {
        fatalError("run took \(run.cpu / 1_000_000) ms of CPU for \(run.steps) steps, twice: off the cost model")
    }
}

/// libFuzzer's entry point: one input per call.
@_cdecl("LLVMFuzzerTestOneInput")
public func luaRunFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = runScript(source, slice: 1 << 40)
    checkCost(whole, source: source)
    // A slice length derived from the input, so pausing lands at varied instructions.
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in source { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    let sliced = runScript(source, slice: Int64(1 + h % 997))
    if whole.output != sliced.output || whole.status != sliced.status {
        fatalError("slicing changed the result: \(String(decoding: whole.status, as: UTF8.self)) vs \(String(decoding: sliced.status, as: UTF8.self))")
    }
    return 0
}
