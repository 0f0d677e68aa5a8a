// The cost model: what every operation charges to the step and memory budgets (DESIGN.md,
// "Budgets"). The reference interpreter has no such model (lua.c trusts its user and the OS);
// Tandem runs untrusted scripts, so each operation whose work grows with its operands pays for
// that work here, and each buffer a script can grow is counted against the memory budget.
//
// Rates are integers applied to operand sizes only (never to timing or addresses), so a
// script is charged the same steps on every target and stops at the same point. They are
// calibrated so that a step costs at most a few tens of nanoseconds natively whatever
// operation buys it: 10^8 steps (the default budget) then stay within a few seconds
// (bench/worst-case.sh measures the worst cases; RELIABILITY.md records the figures).
//
// Everything charges through `addSteps` (steps) and `chargeScratch`/`releaseScratch`
// (transient buffers); objects in the heap are charged by the allocators (GC/Heap.swift,
// `MemoryCost` in Value/Objects.swift).

/// The step rates. Each names the work one step buys; sizes below one unit cost nothing
/// beyond the instruction or call that does the work (itself one step).
public enum CostModel {
    /// Bytes *copied* per step: concatenation (`..`, OP_CONCAT), `string.sub`, `rep`,
    /// `table.concat` and `gsub` results, `format` and `pack` output, `load` reader pieces,
    /// error messages with a position, values moved in bulk (`CostModel.valueBytes` each).
    /// Block copies run at several GB/s, but results that grow by appending (and the fresh
    /// pages they touch) reach about 2 GB/s here, hence 32.
    public static let bytesCopiedPerStep: Int64 = 32

    /// Bytes *examined one at a time* per step: string comparison (`==`, `<`, `<=` up to
    /// the first difference), `upper`/`lower`/`reverse`, `byte`/`char`, `unpack`,
    /// `tonumber` of long numerals, `utf8.*` decoding, plain `find` scans.
    public static let bytesScannedPerStep: Int64 = 16

    /// Bytes of a numeral parsed per step (`tonumber`, string→number coercion): the parser
    /// copies the text and reads it digit by digit, and a long decimal numeral goes through
    /// exact big-number conversion — about 2.5 ns per byte here.
    public static let numeralBytesPerStep: Int64 = 4

    /// Steps per source byte compiled by `load`: lexing, parsing and code generation take
    /// up to about 400 ns per byte of dense code here (`a=1 a=1 …`), the most expensive
    /// per-byte work in the VM, so a byte costs several steps.
    public static let stepsPerSourceByte: Int64 = 16

    /// Entries examined per step by the compiler's searches whose cost is not proportional
    /// to the source (a name among up to 200 active locals and 255 upvalues, a label among
    /// the function's labels, pending gotos): counted in `Parser.work`, stopped at the
    /// remaining steps, charged after the compile.
    public static let compilerWorkPerStep: Int64 = 8

    /// Steps per table element read or written by `table.insert/remove/unpack/concat/pack`,
    /// per comparison of `table.sort` (which also moves elements), and per value pushed or
    /// read by `string.byte/char` and `utf8.char/codepoint`: these go through the general
    /// get/set paths (10–40 ns each here).
    public static let stepsPerElement: Int64 = 2

    /// Steps per element of `table.move`: moving into a table that grows makes it rehash
    /// repeatedly, and reading absent elements takes the metamethod-checking path; measured
    /// up to about 125 ns per element here.
    public static let stepsPerMovedElement: Int64 = 4

    /// Pattern-matcher work units per step: one unit per recursive match call, per pattern item
    /// it examines and per subject byte a repetition or `%b` scans while backtracking (see
    /// PatternMatcher.swift); each
    /// match attempt (a start position tried) also costs a step. A unit takes up to about
    /// 20 ns in backtracking patterns such as '.-.-.-.-.-b', hence one unit per step.
    public static let matchWorkPerStep: Int64 = 1

    /// Collector work units per step: one unit per object the sweep visits plus one per 16
    /// bytes of counted memory, which bounds the slots marking reads (see `fullCollection`).
    /// A full collection of a 64 MiB heap of small tables is then a few million steps (it
    /// takes tens of milliseconds), and `collectgarbage()` in a loop pays for every cycle.
    public static let collectorUnitsPerStep: Int64 = 1

    /// Collector work units per step for an automatic cycle under normal pacing (pause at
    /// least 200 and a threshold below 7/8 of the memory budget): the heap doubled since the
    /// last cycle, and allocating it cost at least a step per 64 bytes or so, so a cheaper
    /// rate keeps ordinary allocation-heavy scripts near their former step counts while the
    /// cycles stay paid for. Forced cycles (`collectgarbage`), a lowered pause and a heap
    /// near the budget pay the full rate.
    public static let pacedCollectorUnitsPerStep: Int64 = 16

    /// Bytes a value is counted as when values are copied in bulk (varargs, many results,
    /// `{...}`, values passed between coroutines): a fixed 16, the size of `LuaValue` on
    /// both targets, so the charge never depends on the target.
    public static let valueBytes = 16

    /// Steps for `units` of work at `perStep` units per step (rounded down: a short operand
    /// costs nothing beyond the instruction that handles it).
    @inline(__always)
    static func steps(_ units: Int, per perStep: Int64) -> Int64 {
        units <= 0 ? 0 : Int64(units) / perStep
    }
}

extension LuaState {
    /// The one place steps are added outside the interpreter loop's local counter: charges
    /// `n` steps and fails with the step budget error once the budget is exceeded (the same
    /// error the dispatch loop raises). Code inside `executeLoop` that calls something that
    /// may charge re-reads `stepsUsed` afterwards (see Interpreter.swift).
    @inline(__always)
    public func addSteps(_ n: Int64) throws(LuaError) {
        if n <= 0 { return }
        g.pointee.stepsUsed &+= n
        if g.pointee.stepsUsed > g.pointee.budgets.steps {
            // The work is refused, not done: the run used its budget, no more.
            g.pointee.stepsUsed = max(g.pointee.budgets.steps, g.pointee.stepsUsed &- n)
            throw budgetExceeded(.steps)
        }
    }

    /// Charges `n` steps from code that cannot throw (string-to-number conversions inside
    /// `toNumber`, `toInteger`…): the count grows now, and the step budget error comes at the
    /// next check — the interpreter's next checkpoint or the next `addSteps` — which is never
    /// more than one such conversion later.
    @inline(__always)
    func addStepsDeferred(_ n: Int64) {
        if n > 0 { g.pointee.stepsUsed &+= n }
    }

    /// Charges copying `bytes` bytes (`CostModel.bytesCopiedPerStep`).
    @inline(__always)
    public func chargeCopy(_ bytes: Int) throws(LuaError) {
        if bytes >= CostModel.bytesCopiedPerStep { try addSteps(CostModel.steps(bytes, per: CostModel.bytesCopiedPerStep)) }
    }

    /// Charges examining `bytes` bytes one at a time (`CostModel.bytesScannedPerStep`).
    @inline(__always)
    public func chargeScan(_ bytes: Int) throws(LuaError) {
        if bytes >= CostModel.bytesScannedPerStep { try addSteps(CostModel.steps(bytes, per: CostModel.bytesScannedPerStep)) }
    }

    /// Charges handling `n` table elements or stack values (`CostModel.stepsPerElement`).
    @inline(__always)
    public func chargeElements(_ n: Int) throws(LuaError) {
        if n > 0 { try addSteps(Int64(n) &* CostModel.stepsPerElement) }
    }

    /// Charges compiling `bytes` bytes of source (`CostModel.stepsPerSourceByte`).
    public func chargeCompile(_ bytes: Int) throws(LuaError) {
        try addSteps(Int64(bytes) &* CostModel.stepsPerSourceByte)
    }

    // MARK: Transient buffers

    /// Counts a transient buffer of `bytes` bytes (a string builder, a reader's pieces, a
    /// compiler's arrays…) against the memory budget, failing with the memory budget error
    /// when it does not fit. The buffer is part of `collectgarbage("count")` and of the
    /// peak while it exists; pair every call with `releaseScratch` (use `defer`).
    @inline(__always)
    public func chargeScratch(_ bytes: Int) throws(LuaError) {
        if bytes > 0 { try charge(Int64(bytes)) }
    }

    /// Uncounts a buffer counted by `chargeScratch`.
    @inline(__always)
    public func releaseScratch(_ bytes: Int) {
        if bytes > 0 { g.pointee.totalBytes &-= Int64(bytes) }
    }

    /// The memory left before the budget is exceeded (never negative).
    var remainingMemory: Int64 { max(0, g.pointee.memoryLimit &- g.pointee.totalBytes) }
}

/// A growing result (the role of the reference's luaL_Buffer) whose capacity is counted
/// against the memory budget, and charged as a copy, as it grows: `gsub`, `format`, `pack`, `table.concat`,
/// `utf8.char` and `load`'s reader pieces build into one. Growth doubles the counted
/// capacity, as Swift arrays double theirs, so the count follows real memory. Call `release`
/// when done (in a `defer`), after the result string was made: both exist at that moment,
/// and both are counted.
struct ResultBuffer {
    /// The bytes so far.
    var bytes: [UInt8] = []
    /// Capacity counted against the memory budget.
    private(set) var counted = 0

    /// Makes room for `extra` more bytes, charging the budget when the buffer must grow.
    @inline(__always)
    mutating func reserve(_ L: LuaState, _ extra: Int) throws(LuaError) {
        let (needed, overflow) = bytes.count.addingReportingOverflow(extra)
        if overflow || needed > counted { try grow(L, overflow ? Int.max : needed) }
    }

    private mutating func grow(_ L: LuaState, _ needed: Int) throws(LuaError) {
        let target = max(needed, counted > Int.max / 2 ? Int.max : counted * 2, 64)
        // (A target beyond any budget fails here, before anything is allocated.)
        if Int64(target - counted) > L.remainingMemory { throw L.budgetExceeded(.memory) }
        try L.chargeScratch(target - counted)
        // Growing copies what is there into fresh memory the appends will touch: charged as
        // a copy of the new capacity (measured: without it a result built by appending ran
        // at a third of the copy rate the appends alone pay for).
        try L.chargeCopy(target)
        counted = target
        // The first growth takes the state's spare storage (see `release`), so a call that
        // builds a short result usually allocates nothing; what is counted is unchanged.
        if bytes.capacity == 0 { swap(&bytes, &L.g.pointee.spareBytes) }
        bytes.reserveCapacity(target)
    }

    /// Appends bytes.
    @inline(__always)
    mutating func append(_ L: LuaState, _ b: UnsafeBufferPointer<UInt8>) throws(LuaError) {
        if b.isEmpty { return }
        try reserve(L, b.count)
        bytes.append(contentsOf: b)
    }

    /// Appends an array of bytes.
    mutating func append(_ L: LuaState, _ b: [UInt8]) throws(LuaError) {
        try reserve(L, b.count)
        bytes.append(contentsOf: b)
    }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ L: LuaState, _ c: UInt8) throws(LuaError) {
        try reserve(L, 1)
        bytes.append(c)
    }

    /// Uncounts the buffer; its storage becomes the state's spare when that has less room
    /// (up to `maxSpareCapacity` bytes, so real memory stays within a constant).
    mutating func release(_ L: LuaState) {
        L.releaseScratch(counted)
        counted = 0
        if bytes.capacity <= Self.maxSpareCapacity && bytes.capacity > L.g.pointee.spareBytes.capacity {
            bytes.removeAll(keepingCapacity: true)
            L.g.pointee.spareBytes = bytes
        }
        bytes = []
    }

    static let maxSpareCapacity = 64 << 10
}
