// libFuzzer harness (b): arbitrary bytes as a Lua script, run with small budgets.
// Every input must end cleanly (returns, a Lua error, or a budget) — never a trap, and the
// result must not depend on how the run is sliced (the same output and status when run in
// one go and in small slices).

import Lua

/// The fuzzing budgets: small enough that one input takes milliseconds.
let fuzzBudgets = LuaBudgets(steps: 200_000, memoryBytes: 8 << 20, callDepth: 200_000, outputBytes: 64 << 10)

/// Runs `source` to the end in slices of `slice` steps; returns output and a status summary.
func runScript(_ source: [UInt8], slice: Int64) -> (output: [UInt8], status: [UInt8]) {
    let lua = LuaInterpreter(options: LuaRunOptions(seed: 7, budgets: fuzzBudgets, hostTime: 1_700_000_000))
    if case .syntaxError(let message) = lua.load(source: source, chunkName: Array("=fuzz".utf8)) {
        return ([], Array("syntax ".utf8) + message)
    }
    var status = lua.run(maxSteps: slice)
    while case .paused = status { status = lua.run(maxSteps: slice) }
    switch status {
    case .finished(let values): return (lua.output, Array("finished ".utf8) + Array(String(values.count).utf8))
    case .failed(let failure): return (lua.output, Array("failed ".utf8) + failure.message)
    case .paused: return (lua.output, Array("paused".utf8))
    }
}

/// libFuzzer's entry point: one input per call.
@_cdecl("LLVMFuzzerTestOneInput")
public func luaRunFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = runScript(source, slice: 1 << 40)
    // A slice length derived from the input, so pausing lands at varied instructions.
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in source { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    let sliced = runScript(source, slice: Int64(1 + h % 997))
    if whole.output != sliced.output || whole.status != sliced.status {
        fatalError("slicing changed the result: \(String(decoding: whole.status, as: UTF8.self)) vs \(String(decoding: sliced.status, as: UTF8.self))")
    }
    return 0
}
