// The VM-wide state and the handle native functions receive.
//
// All mutable VM state lives in one struct in VM-owned memory (`GlobalState`), reached through
// `LuaState`, a trivially copyable handle. Accesses through the handle are plain loads and
// stores: no reference counting and no dynamic exclusivity checks in the interpreter loop.

/// Limits for one run. Exceeding one ends the run with a `LuaRunFailure` naming the budget;
/// `pcall` cannot catch it.
public struct LuaBudgets: Sendable, Equatable {
    /// Maximum VM instructions executed (each native function call also counts one step).
    public var steps: Int64
    /// Maximum memory in the VM's platform-independent units (about bytes; see `MemoryCost`).
    public var memoryBytes: Int64
    /// Maximum call frames in one thread (Lua and native). The reference's catchable
    /// "stack overflow" (1,000,000 stack slots) usually comes first with the default.
    public var callDepth: Int32
    /// Maximum bytes written by `print`, `io.write` and friends.
    public var outputBytes: Int64

    /// Creates budgets. The defaults are *the* request defaults of Tandem: every host (server,
    /// worker, CLI `--json`, wasm) gives a request that names no budget exactly these, so the
    /// same script yields the same document everywhere — 100 million steps, 64 MiB of memory,
    /// 1,100,000 call frames and 4 MiB of output.
    public init(steps: Int64 = 100_000_000, memoryBytes: Int64 = 64 << 20,
                callDepth: Int32 = 1_100_000, outputBytes: Int64 = 4 << 20) {
        self.steps = steps
        self.memoryBytes = memoryBytes
        self.callDepth = callDepth
        self.outputBytes = outputBytes
    }

    /// No practical limit: what plain `tandem run` uses, like `lua5.4` at the shell.
    public static let unlimited = LuaBudgets(steps: 1 << 62, memoryBytes: 1 << 62, callDepth: 1_100_000, outputBytes: 1 << 62)
}

/// Which budget a run exhausted.
public enum LuaBudgetKind: UInt8, Sendable {
    case steps, memory, callDepth, output

    /// The budget's name as it appears in failure messages.
    public var name: StaticString {
        switch self {
        case .steps: "steps"
        case .memory: "memory"
        case .callDepth: "call depth"
        case .output: "output"
        }
    }
}

/// Options of one run.
public struct LuaRunOptions {
    /// Seed for `math.random` (the math library reads it from `LuaState.randomSeed`).
    public var seed: UInt64
    /// Limits of the run.
    public var budgets: LuaBudgets
    /// Unix time in seconds that `os.time()`/`os.date()` report; nil makes them report 0.
    public var hostTime: Int64?
    /// Script name (`arg[0]`) and arguments (`arg[1]`, … and `...` of the main chunk).
    public var scriptName: [UInt8]
    /// Arguments for `arg` and the main chunk's varargs.
    public var scriptArguments: [[UInt8]]
    /// What precedes the script on a command line (`arg[-n]...arg[-1]`, e.g. `["lua5.4"]`).
    public var interpreterArguments: [[UInt8]]
    /// What `io.read`, `io.lines` and `io.stdin` consume (a request's `input`): part of the
    /// request, so a run that reads input is as reproducible as one that does not.
    public var input: [UInt8]
    /// Whether `os.exit` exists (the shell, `tandem run`); the sandbox has none, a script
    /// cannot end its host.
    public var allowsExit = false
    /// What `os.getenv` finds: the shell passes its process's environment; the sandboxed
    /// hosts pass none, so a run does not depend on the machine that runs it.
    public var environment: [(name: [UInt8], value: [UInt8])] = []

    /// Creates options. The global `arg` table is created only if `scriptName` is not empty.
    public init(seed: UInt64 = 0, budgets: LuaBudgets = LuaBudgets(), hostTime: Int64? = nil,
                scriptName: [UInt8] = [], scriptArguments: [[UInt8]] = [], interpreterArguments: [[UInt8]] = [],
                input: [UInt8] = []) {
        self.seed = seed
        self.budgets = budgets
        self.hostTime = hostTime
        self.scriptName = scriptName
        self.scriptArguments = scriptArguments
        self.interpreterArguments = interpreterArguments
        self.input = input
    }
}

/// An error travelling through native code.
///
/// It is one byte on purpose: every throwing call hands its error back beside the result,
/// and a larger error (the Lua value of a runtime error is two words) goes through memory
/// after every such call — in the wasm module that was a store, two loads and a branch at
/// each of thousands of call sites. What an error carries beyond its kind waits in the
/// state instead: a runtime error's value in `GlobalState.pendingError` (a GC root, set by
/// `LuaState.error(value:)`, the one place a runtime error is made), `os.exit`'s status in
/// `GlobalState.exitRequest`. A handler reads them when it catches the error, before it
/// runs anything that could raise another.
public enum LuaError: Error {
    /// A Lua error; its value (any Lua value) is the state's pending error. Catchable by `pcall`.
    case runtime
    /// A budget was exhausted: ends the run, not catchable.
    case budget(LuaBudgetKind)
    /// Error while handling an error (the reference's LUA_ERRERR).
    case errorInHandler
    /// `os.exit(status, close)` (only where the host allows it, `LuaRunOptions.allowsExit`):
    /// ends the run like a budget, not catchable; the host exits with the state's
    /// `exitRequest` status.
    case exit

    /// Budgets and `os.exit` end the run: no protected call or handler takes them.
    var endsRun: Bool {
        switch self {
        case .budget, .exit: true
        case .runtime, .errorInHandler: false
        }
    }
}

/// Collector modes named by `collectgarbage`.
enum CollectorMode: UInt8 { case incremental, generational }

/// All VM-wide state.
struct GlobalState {
    // Heap
    var objects: UnsafeMutablePointer<HeapEntry>
    var objectCount: Int
    var objectCapacity: Int
    var totalBytes: Int64
    var memoryPeak: Int64
    var memoryLimit: Int64
    var gcThreshold: Int64
    var gcStopped: Bool
    var gcMode: CollectorMode
    var gcPause: Int64
    var gcStepMultiplier: Int64
    /// Testing aid: collect at every safe point.
    var gcStress: Bool
    var strings: StringTable
    /// Free lists of small blocks (GC/BlockPool.swift).
    var pool = BlockPool()
    var nextObjectID: Int64
    var nextUpvalueID: Int64

    // Roots
    var registry: LuaValue
    var globals: LuaValue
    var loaded: LuaValue
    var typeMetatables: UnsafeMutablePointer<UnsafeMutablePointer<TableObject>?>
    var metamethodNames: UnsafeMutablePointer<LuaValue>
    var mainThread: UnsafeMutablePointer<ThreadObject>
    var currentThread: UnsafeMutablePointer<ThreadObject>
    /// The value of the runtime error being raised or handled (`LuaError.runtime`).
    var pendingError: LuaValue
    /// What `os.exit` asked for (`LuaError.exit`).
    var exitRequest: (status: Int32, close: Bool) = (0, false)
    var hostAnchors: [LuaValue]
    /// Shared built-in functions (`next` as returned by `pairs`, the `ipairs` iterator).
    var nextFunction: LuaValue
    var ipairsIterator: LuaValue

    // Run control
    var budgets: LuaBudgets
    var options: LuaRunOptions
    var stepsUsed: Int64
    /// Step count at which the interpreter loop must stop and check (budget or slice end).
    var stepCheckpoint: Int64
    /// End of the current slice (`run(maxSteps:)`), in steps.
    var sliceEnd: Int64
    /// Nesting of `execute` invocations (native code calling back into Lua).
    var executeDepth: Int
    /// The pc the running frame had saved before a step checkpoint overwrote it with the pc
    /// to resume at (Interpreter.swift): restored when the loop resumes, so that an error
    /// which does not save the pc (integer division by zero) reports lua5.4's line however
    /// the run is sliced.
    var checkpointSavedPC: (thread: UnsafeMutablePointer<ThreadObject>?, frame: Int, pc: Int) = (nil, 0, 0)
    var output: [UInt8]
    /// Storage a finished `ResultBuffer` left for the next one (VM/CostModel.swift).
    var spareBytes: [UInt8] = []
    /// Scratch for numbers converted to strings (`numberToString`, VM/Arithmetic.swift).
    var numberText: [UInt8] = []

    // Collector work lists
    var gray: [HeapEntry]
    var weakTables: [UnsafeMutablePointer<TableObject>]
    var ephemerons: [UnsafeMutablePointer<TableObject>]
    var tablesWithNilNodes: [UnsafeMutablePointer<TableObject>]

    /// Stand-in for the standard `string` library's metatable fields, set by whoever
    /// registers the string library (see Library/).
    var stringLibraryLoaded: Bool

    /// Standard input and standard error of the run (Library/IO/IOInput.swift).
    var hostIO = HostIO()

    /// Objects marked for finalization, queued finalizers and warnings (GC/Finalizers.swift).
    var finalizers = FinalizerState()
}

/// The handle through which native functions (and the VM itself) use a Lua state.
///
/// A `LuaState` is a plain pointer: copying it is free. It is valid while its
/// `LuaInterpreter` exists.
public struct LuaState {
    let g: UnsafeMutablePointer<GlobalState>

    init(_ g: UnsafeMutablePointer<GlobalState>) { self.g = g }

    /// The running thread.
    @inline(__always) var thread: UnsafeMutablePointer<ThreadObject> { g.pointee.currentThread }

    /// The seed of this run (for `math.random`'s initial state).
    public var randomSeed: UInt64 { g.pointee.options.seed }

    /// The host-provided time (unix seconds) of this run, if any.
    public var hostTime: Int64? { g.pointee.options.hostTime }

    /// The table of global variables.
    public var globals: LuaValue { g.pointee.globals }

    /// The registry table (for libraries' private data).
    public var registry: LuaValue { g.pointee.registry }

    /// `package.loaded`.
    public var loadedModules: LuaValue { g.pointee.loaded }

    /// Appends bytes to the run's output, enforcing the output budget.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(LuaError) {
        // Standard error counts against the same budget (see IOInput.swift).
        if Int64(g.pointee.output.count) + Int64(g.pointee.hostIO.errorOutput.count) + Int64(bytes.count)
            > g.pointee.budgets.outputBytes {
            throw budgetExceeded(.output)
        }
        g.pointee.output.append(contentsOf: bytes)
    }

    /// Appends bytes to the run's output.
    public func write(_ bytes: [UInt8]) throws(LuaError) {
        var failure: LuaError? = nil
        bytes.withUnsafeBufferPointer { b in
            do throws(LuaError) { try write(b) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// An interned metatable field name.
    @inline(__always) func cachedName(_ n: CachedName) -> LuaValue {
        g.pointee.metamethodNames[Metamethod.count + n.rawValue]
    }

    /// The error for an exhausted budget.
    func budgetExceeded(_ kind: LuaBudgetKind) -> LuaError { .budget(kind) }

    /// The "error in error handling" condition.
    func errorInErrorHandling() -> LuaError { .errorInHandler }

    /// `os.exit(status, close)`: ends the run (see `LuaError.exit`).
    func exitRequested(status: Int32, close: Bool) -> LuaError {
        g.pointee.exitRequest = (status, close)
        return .exit
    }
}

/// Other metatable field names the runtime looks up often (kept interned, after the
/// metamethod names).
enum CachedName: Int {
    case name = 0, tostring, pairs, metatable
    static let count = 4
    var text: StaticString {
        switch self { case .name: "__name"; case .tostring: "__tostring"; case .pairs: "__pairs"; case .metatable: "__metatable" }
    }
}

/// Metamethod events, in the reference's order (ltm.h); the first six have a per-table
/// absence cache.
enum Metamethod: Int {
    case index = 0, newindex, gc, mode, len, eq
    case add, sub, mul, mod, pow, div, idiv, band, bor, bxor, shl, shr
    case unm, bnot, lt, le, concat, call, close
    static let count = 25

    /// The event's name ("__index", ...).
    var name: StaticString {
        switch self {
        case .index: "__index"; case .newindex: "__newindex"; case .gc: "__gc"; case .mode: "__mode"
        case .len: "__len"; case .eq: "__eq"; case .add: "__add"; case .sub: "__sub"; case .mul: "__mul"
        case .mod: "__mod"; case .pow: "__pow"; case .div: "__div"; case .idiv: "__idiv"
        case .band: "__band"; case .bor: "__bor"; case .bxor: "__bxor"; case .shl: "__shl"
        case .shr: "__shr"; case .unm: "__unm"; case .bnot: "__bnot"; case .lt: "__lt"; case .le: "__le"
        case .concat: "__concat"; case .call: "__call"; case .close: "__close"
        }
    }
}
