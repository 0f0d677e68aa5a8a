// The parity harness's worker pool: the corpus split over one thread per core, each thread with
// its own module instance. WasmKit runs the module in a debug build at a small fraction of its
// native speed, so the parity runs are most of `make test`'s time; on two cores two workers
// halve it. Each case still runs whole on one instance, so sliced runs and stream sessions keep
// their state, and the outcomes come back in the corpus order whatever the schedule.

import Dispatch
import WasmKit
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How many threads the parity harness uses.
public enum ParityWorkers {
    /// One per online processor (at least one); `TANDEM_PARITY_WORKERS` overrides it.
    public static var count: Int {
        if let text = getenv("TANDEM_PARITY_WORKERS"), let n = Int(String(cString: text)), n > 0 { return n }
        return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }
}

/// Runs every case natively and through `runWasm` on a module instance of its worker, on
/// `workers` threads that take the next case as they finish one (the cases differ in cost by
/// orders of magnitude, so a fixed split would leave a core idle).
public func runParity(
    _ cases: [ParityCase], modulePath: String, workers: Int,
    runWasm: @escaping @Sendable (TandemWasmModule, ParityCase) throws -> [UInt8]
) throws -> [ParityOutcome] {
    guard let bytes = readFile(modulePath) else { throw WasmHostError("cannot read \(modulePath)") }
    _ = try parseWasm(bytes: bytes)  // a broken module fails once here, not once per case
    let next = Atomic<Int>(0)
    let outcomes = Mutex<[ParityOutcome?]>(Array(repeating: nil, count: cases.count))
    DispatchQueue.concurrentPerform(iterations: max(1, min(workers, cases.count))) { _ in
        let module = Result { try TandemWasmModule(bytes: bytes) }
        while true {
            let index = next.add(1, ordering: .relaxed).oldValue
            guard index < cases.count else { return }
            let outcome = runCase(cases[index], on: module, runWasm: runWasm)
            outcomes.withLock { $0[index] = outcome }
        }
    }
    return outcomes.withLock { $0.map { $0! } }
}

/// One case: the native document, and the wasm one or why there is none.
private func runCase(
    _ c: ParityCase, on module: Result<TandemWasmModule, any Error>,
    runWasm: (TandemWasmModule, ParityCase) throws -> [UInt8]
) -> ParityOutcome {
    let native = c.native(c.request)
    let wasm: Result<[UInt8], WasmHostError>
    do { wasm = .success(try runWasm(module.get(), c)) } catch {
        wasm = .failure(WasmHostError("\(error)"))
    }
    return ParityOutcome(name: c.name, native: native, wasm: wasm)
}
