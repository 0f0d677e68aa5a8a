// The host API: create an interpreter, load a chunk, run it in slices, read the results.
//
//     let lua = LuaInterpreter(options: LuaRunOptions(seed: 42))
//     if case .syntaxError(let message) = lua.load(source: bytes, chunkName: [UInt8]("@input.lua")) { ... }
//     var status = lua.run(maxSteps: 1_000_000)
//     while case .paused = status { status = lua.run(maxSteps: 1_000_000) }
//
// Results do not depend on how the run is sliced: the VM stops only between instructions
// and counts steps exactly.

/// A value handed back to the host.
public enum LuaExportedValue: Equatable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case float(Double)
    case string([UInt8])
    /// Tables, functions, threads, userdata: the type name and what `tostring` gives.
    case other(typeName: [UInt8], description: [UInt8])
}

/// Why a run failed.
public enum LuaFailureKind: Equatable {
    /// The chunk did not compile.
    case syntax
    /// An uncaught Lua error.
    case runtime
    /// A budget was exhausted.
    case budget(LuaBudgetKind)
    /// `os.exit(status, close)` ended the run (only with `LuaRunOptions.allowsExit`); the host
    /// exits with `status`, after `close()` when `close` is true (lua.c: os_exit).
    case exit(status: Int32, close: Bool)
}

/// A failed run.
public struct LuaRunFailure {
    public var kind: LuaFailureKind
    /// What `lua5.4` prints after "lua5.4: " (e.g. `input:1: attempt to call a nil value
    /// (global 'f')`), or the budget message ("steps budget exceeded").
    public var message: [UInt8]
    /// The reference's "stack traceback:" lines at the error point (empty if none).
    public var traceback: [UInt8]
    /// The error value itself (for runtime errors).
    public var errorValue: LuaExportedValue?
}

/// Result of `run(maxSteps:)`.
public enum LuaRunStatus {
    /// The chunk returned these values.
    case finished([LuaExportedValue])
    /// The slice ended; call `run` again to continue.
    case paused
    /// The run failed; further calls return the same failure.
    case failed(LuaRunFailure)
}

/// Result of `load(source:chunkName:)`.
public enum LuaLoadResult: Equatable {
    case ok
    /// The compiler's message, e.g. `input:1: unexpected symbol near '='`.
    case syntaxError([UInt8])
}

/// One Lua state running one chunk. Not thread-safe; one run at a time.
public final class LuaInterpreter {
    private let g: UnsafeMutablePointer<GlobalState>
    private var started = false
    private var outcome: LuaRunStatus? = nil
    private var loadFailure: LuaRunFailure? = nil
    /// The arguments the loaded chunk is called with (its `...`).
    private var chunkArguments: [[UInt8]] = []
    /// Where `loadCall` stores the call's first result.
    private var resultGlobal: [UInt8]? = nil

    /// The state, for hosts that register their own libraries or modules.
    public var state: LuaState { LuaState(g) }

    /// Creates a state with the standard libraries.
    public init(options: LuaRunOptions = LuaRunOptions()) {
        g = makeGlobalState(options)
        let L = LuaState(g)
        do throws(LuaError) {
            try openStandardLibraries(L)
            if !options.scriptName.isEmpty {
                // lua.c's createargtable: arg[0] is the script, arguments follow, the
                // interpreter and its options are at negative indices.
                let arg = try L.newTable(arrayCapacity: options.scriptArguments.count)
                try L.rawSet(arg, index: 0, try L.newString(options.scriptName))
                for (i, a) in options.scriptArguments.enumerated() { try L.rawSet(arg, index: Int64(i + 1), try L.newString(a)) }
                for (i, a) in options.interpreterArguments.reversed().enumerated() {
                    try L.rawSet(arg, index: -Int64(i + 1), try L.newString(a))
                }
                try L.setGlobal("arg", arg)
            }
        } catch {
            loadFailure = LuaRunFailure(kind: .budget(.memory), message: [UInt8]("memory budget exceeded"),
                                        traceback: [], errorValue: nil)
        }
    }

    deinit {
        // Files the script left open are flushed and released (the reference's lua_close
        // and exit do the same through their finalizers and stdio).
        state.closeAllFiles()
        destroyGlobalState(g)
    }

    /// Compiles the main chunk. `chunkName` follows Lua's conventions (`@file.lua`, `=name`).
    /// After a chunk finished, another one may be loaded and run in the same state (as
    /// `lua5.4 -e STAT script.lua` does); after a failure the state stays failed.
    /// The chunk is called with `arguments` (its `...`), by default the script's arguments.
    public func load(source: [UInt8], chunkName: [UInt8], arguments: [[UInt8]]? = nil) -> LuaLoadResult {
        let L = state
        if case .finished? = outcome {
            outcome = nil
            started = false
        }
        chunkArguments = arguments ?? g.pointee.options.scriptArguments
        resultGlobal = nil
        do throws(LuaError) {
            switch try L.load(source: source, chunkName: chunkName) {
            case .success(let f):
                g.pointee.hostAnchors = [f]
                return .ok
            case .failure(let e):
                loadFailure = LuaRunFailure(kind: .syntax, message: e.message, traceback: [], errorValue: nil)
                return .syntaxError(e.message)
            }
        } catch {
            loadFailure = failure(for: error)
            return .syntaxError(loadFailure?.message ?? [])
        }
    }

    /// Makes the next run a call of the global function `function` with string `arguments`,
    /// made by the host as lua.c's `dolibrary` calls `require` for `-l` (so an error raised
    /// there carries no Lua caller's position); the call's first result is then stored in the
    /// global `resultGlobal`. Fails like `load` if the state failed before.
    public func loadCall(function: [UInt8], arguments: [[UInt8]], resultGlobal: [UInt8]) -> LuaLoadResult {
        let L = state
        if case .finished? = outcome {
            outcome = nil
            started = false
        }
        do throws(LuaError) {
            g.pointee.hostAnchors = [g.pointee.globals.table.get(try L.newString(function))]
        } catch {
            loadFailure = failure(for: error)
            return .syntaxError(loadFailure?.message ?? [])
        }
        chunkArguments = arguments
        self.resultGlobal = resultGlobal
        return .ok
    }

    /// Compiles `source` as module `name`: `require(name)` will run it (it is stored in
    /// `package.preload`). Call before running.
    public func registerModule(name: [UInt8], source: [UInt8], chunkName: [UInt8]) -> LuaLoadResult {
        let L = state
        do throws(LuaError) {
            switch try L.load(source: source, chunkName: chunkName) {
            case .success(let f):
                let package = L.rawGet(L.loadedModules, try L.newString("package"))
                let preload = L.rawGet(package, try L.newString("preload"))
                try L.rawSet(preload, try L.newString(name), f)
                return .ok
            case .failure(let e):
                return .syntaxError(e.message)
            }
        } catch {
            return .syntaxError([UInt8]("memory budget exceeded"))
        }
    }

    /// Runs at most `maxSteps` more steps of the loaded chunk.
    public func run(maxSteps: Int64) -> LuaRunStatus {
        if let outcome { return outcome }
        if let loadFailure { outcome = .failed(loadFailure); return .failed(loadFailure) }
        let L = state
        let main = g.pointee.mainThread
        g.pointee.sliceEnd = g.pointee.stepsUsed &+ max(maxSteps, 1)
        g.pointee.executeDepth = 1
        defer { g.pointee.executeDepth = 0 }
        do throws(LuaError) {
            let exit: LoopExit
            if !started {
                started = true
                guard let f = g.pointee.hostAnchors.first else {
                    let r = LuaRunStatus.finished([])
                    outcome = r
                    return r
                }
                // Lay out the main thread as lua.c does (pmain, its two arguments and the
                // message handler below the chunk), so stack limits are reached at the same
                // depth as under the reference interpreter.
                main.pointee.top = 1
                for _ in 0..<mainChunkSlot - 1 { try L.push(.nil) }
                try L.push(f)
                for a in chunkArguments { try L.push(try L.newString(a)) }
                main.pointee.nativeCalls = 2  // as under lua.c: pmain and the chunk's docall
                exit = try L.runProtected(boundaryThread: main, boundaryFrame: 1, startCall: mainChunkSlot, wanted: -1)
            } else {
                exit = try L.runProtected(boundaryThread: main, boundaryFrame: 1, startCall: nil, wanted: -1)
            }
            if exit == .paused { return .paused }
            let returned = (mainChunkSlot..<max(main.pointee.top, mainChunkSlot)).map { main.pointee.stack[$0] }
            if let name = resultGlobal {
                try L.rawSet(g.pointee.globals, try L.newString(name), returned.first ?? .nil)
            }
            // The output budget bounds what the host reports, not only what was printed: a
            // script that returns forty references to one 32 MiB string must not make the
            // host copy 1.3 GB (DESIGN.md, "Budgets").
            var room = outputRoom
            for v in returned { room -= reportedSize(v) }
            guard room >= 0 else { return finish(.failed(outputBudgetFailure)) }
            main.pointee.top = 1
            return finish(.finished(returned.map { export($0) }))
        } catch {
            // An error value is reported twice (as the message and as the value).
            if case .runtime = error, 2 * reportedSize(g.pointee.pendingError) > outputRoom {
                return finish(.failed(outputBudgetFailure))
            }
            var failure = failure(for: error)
            if case .runtime = error { failure = closePending(after: failure) }
            if failure.message.count + failure.traceback.count > outputRoom { return finish(.failed(outputBudgetFailure)) }
            return finish(.failed(failure))
        }
    }

    /// Closes the state as `lua_close` does at the end of lua.c: calls the `__gc` finalizers of
    /// every object still marked for finalization (newest first; errors in them are warnings
    /// on standard error). Their output follows the run's. Call once, when the host is done
    /// with the state; afterwards nothing gets marked for finalization again. Returns a
    /// failure if a budget ran out meanwhile (not after a budget failure: then nothing runs).
    public func close() -> LuaRunFailure? {
        if let outcome {
            if case .failed(let f) = outcome, case .budget = f.kind { return nil }
        } else if started {
            return nil  // paused in the middle of the chunk: the host abandoned the run
        }
        let L = state
        let main = g.pointee.mainThread
        // After an error the main thread may still hold the failed frames: finalizers run
        // from its base, as lua_close runs them from the main thread's base.
        g.pointee.currentThread = main
        main.pointee.frameCount = 1
        if main.pointee.top < 1 { main.pointee.top = 1 }
        g.pointee.sliceEnd = Int64.max
        g.pointee.executeDepth = 1
        defer { g.pointee.executeDepth = 0 }
        do throws(LuaError) {
            if case .failed(let f) = outcome, case .exit = f.kind {
                // os.exit(code, true) closes the state: lua_close first closes the main
                // thread's pending to-be-closed variables (with no error; errors in them
                // are dropped), then calls the finalizers.
                _ = try L.closeProtected(main, level: mainChunkSlot, .nil)
            }
            try L.finalizeAllForClose()
            return nil
        } catch {
            let failure = failure(for: error)
            outcome = .failed(failure)
            return failure
        }
    }

    /// lua.c runs the chunk with lua_pcall and a message handler, so an uncaught error first
    /// closes the chunk's pending to-be-closed variables, each `__close` receiving what the
    /// handler made of the error (the message and its traceback). A `__close` that raises
    /// replaces the error, as in luaD_closeprotected; a budget that runs out ends the run.
    private func closePending(after failure: LuaRunFailure) -> LuaRunFailure {
        let L = state
        let main = g.pointee.mainThread
        guard main.pointee.toBeClosed.contains(where: { $0 >= mainChunkSlot }) else { return failure }
        // Back to the chunk's caller, as luaD_pcall restores L->ci before closing.
        g.pointee.currentThread = main
        main.pointee.frameCount = 1
        g.pointee.sliceEnd = Int64.max  // (the closing is not paused: a slice ends only in the chunk)
        var reported = failure
        do throws(LuaError) {
            _ = try L.closeProtected(main, level: mainChunkSlot, try L.newString(Self.handled(failure))) { v throws(LuaError) in
                reported = self.failure(forValue: v)
                return try L.newString(Self.handled(reported))
            }
            return reported
        } catch {
            return self.failure(for: error)
        }
    }

    /// What lua.c's message handler makes of an error: its message, then its traceback.
    private static func handled(_ failure: LuaRunFailure) -> [UInt8] {
        failure.message + (failure.traceback.isEmpty ? [] : [0x0A] + failure.traceback)
    }

    private func finish(_ status: LuaRunStatus) -> LuaRunStatus {
        outcome = status
        return status
    }

    /// What is left of the output budget after the printed output and standard error.
    private var outputRoom: Int64 {
        g.pointee.options.budgets.outputBytes - Int64(g.pointee.output.count) - Int64(g.pointee.hostIO.errorOutput.count)
    }

    /// Bytes a value adds to the report: a string's length (counted without copying), a fixed
    /// allowance for anything else (numbers, booleans, `type: 0x…` descriptions).
    private func reportedSize(_ v: LuaValue) -> Int64 {
        v.isString ? Int64(state.buffer(of: v).count) : 32
    }

    private var outputBudgetFailure: LuaRunFailure {
        LuaRunFailure(kind: .budget(.output), message: [UInt8]("output budget exceeded"), traceback: [], errorValue: nil)
    }

    /// Testing aid: when set, the collector runs at every safe point (slow; finds objects
    /// the VM forgot to keep reachable).
    public var collectAtEverySafePoint: Bool {
        get { g.pointee.gcStress }
        set { g.pointee.gcStress = newValue; if newValue { g.pointee.gcThreshold = 0 } }
    }

    /// Everything `print`, `io.write` and friends wrote.
    public var output: [UInt8] { g.pointee.output }

    /// Steps executed so far.
    public var stepsUsed: Int64 { g.pointee.stepsUsed }

    /// Highest memory count reached (platform-independent units).
    public var memoryPeak: Int64 { g.pointee.memoryPeak }

    /// Current memory count.
    public var memoryInUse: Int64 { g.pointee.totalBytes }

    /// Converts a failure to what the host reports (lua.c's msghandler + traceback).
    private func failure(for error: LuaError) -> LuaRunFailure {
        switch error {
        case .budget(let kind):
            return LuaRunFailure(kind: .budget(kind), message: kind.name.bytes + [UInt8](" budget exceeded"),
                                 traceback: [], errorValue: nil)
        case .errorInHandler:
            return LuaRunFailure(kind: .runtime, message: [UInt8]("error in error handling"), traceback: [], errorValue: nil)
        case .exit:
            let (status, close) = g.pointee.exitRequest
            return LuaRunFailure(kind: .exit(status: status, close: close), message: [], traceback: [], errorValue: nil)
        case .runtime:
            return failure(forValue: g.pointee.pendingError)
        }
    }

    /// What the host reports for a runtime error with value `v`: as lua.c's msghandler,
    /// strings and numbers get a traceback; an object whose `__tostring` returns a string (not
    /// a number: the handler checks the raw result's type) is reported by that string alone.
    /// If `__tostring` itself fails, lua5.4 runs the handler again for that second error on
    /// top of the first: its traceback shows the failed call's frames, then the first
    /// handler's level ("[C]: in ?"), then the original error's frames.
    private func failure(forValue v: LuaValue) -> LuaRunFailure {
        let L = state
        let handlerLevel = L.thread.pointee.frameCount
        if L.isMemoryErrorMessage(v) {  // a memory error: lua.c's msghandler does not run
            return LuaRunFailure(kind: .runtime, message: L.bytes(of: v), traceback: [], errorValue: export(v))
        }
        if !v.isString && !v.isNumber, let mt = L.metatable(of: v), let key = Optional(L.cachedName(.tostring)) {
            let f = mt.get(key)
            if !f.isNil {
                do throws(LuaError) {
                    let s = try L.call(f, [v], results: 1).first ?? .nil
                    if s.isString { return LuaRunFailure(kind: .runtime, message: L.bytes(of: s), traceback: [], errorValue: export(v)) }
                } catch .runtime {
                    let e = g.pointee.pendingError
                    let message = handlerMessage(e)
                    let tb = L.traceback(L.thread, level: 0, hostLevel: true, nativeLevelBelow: handlerLevel)
                    return LuaRunFailure(kind: .runtime, message: message, traceback: tb, errorValue: export(e))
                } catch let other {
                    return failure(for: other)
                }
            }
        }
        let message = handlerMessage(v)
        return LuaRunFailure(kind: .runtime, message: message, traceback: L.traceback(L.thread, level: 0, hostLevel: true),
                             errorValue: export(v))
    }

    /// The message lua.c's msghandler puts before the traceback: a string, a number in its
    /// string form, or "(error object is a T value)".
    private func handlerMessage(_ v: LuaValue) -> [UInt8] {
        let L = state
        if v.isString { return L.bytes(of: v) }
        if v.isNumber { return L.numberToBytes(v) }
        return [UInt8]("(error object is a ") + v.typeName.bytes + [UInt8](" value)")
    }

    /// A value as the host sees it.
    public func export(_ v: LuaValue) -> LuaExportedValue {
        let L = state
        switch v.tag {
        case .nil_, .deadKey: return .nil
        case .true_: return .boolean(true)
        case .false_: return .boolean(false)
        case .integer: return .integer(v.integerPayload)
        case .float: return .float(v.floatPayload)
        case .shortString, .longString: return .string(L.bytes(of: v))
        default:
            var kind = v.typeName.bytes
            if let mt = L.metatable(of: v), let key = Optional(L.cachedName(.name)) {
                let n = mt.get(key)
                if n.isString { kind = L.bytes(of: n) }
            }
            return .other(typeName: v.typeName.bytes, description: kind + [UInt8](": 0x") + hex8(L.objectID(v)))
        }
    }
}

/// Stack slot of the main chunk's function (lua.c has pmain, argc, argv and the message
/// handler below it).
let mainChunkSlot = 5

/// Creates and initializes the VM-wide state (no libraries yet).
func makeGlobalState(_ options: LuaRunOptions) -> UnsafeMutablePointer<GlobalState> {
    let g = UnsafeMutablePointer<GlobalState>.allocate(capacity: 1)
    let placeholder = UnsafeMutablePointer<ThreadObject>.allocate(capacity: 1)
    let metatables = UnsafeMutablePointer<UnsafeMutablePointer<TableObject>?>.allocate(capacity: BasicType.count)
    metatables.initialize(repeating: nil, count: BasicType.count)
    let names = UnsafeMutablePointer<LuaValue>.allocate(capacity: Metamethod.count + CachedName.count)
    names.initialize(repeating: .nil, count: Metamethod.count + CachedName.count)
    g.initialize(to: GlobalState(
        objects: .allocate(capacity: 256), objectCount: 0, objectCapacity: 256,
        totalBytes: 0, memoryPeak: 0, memoryLimit: options.budgets.memoryBytes, gcThreshold: 256 * 1024,
        gcStopped: false, gcMode: .generational, gcPause: 200, gcStepMultiplier: 100, gcStress: false,
        strings: StringTable(), nextObjectID: 0, nextUpvalueID: 0,
        registry: .nil, globals: .nil, loaded: .nil, typeMetatables: metatables, metamethodNames: names,
        mainThread: placeholder, currentThread: placeholder, pendingError: .nil, hostAnchors: [],
        nextFunction: .nil, ipairsIterator: .nil,
        budgets: options.budgets, options: options, stepsUsed: 0, stepCheckpoint: 0, sliceEnd: 0,
        executeDepth: 0, output: [],
        gray: [], weakTables: [], ephemerons: [], tablesWithNilNodes: [], stringLibraryLoaded: false))
    let L = LuaState(g)
    // The basic objects are created outside the budget; if they alone exceed it, the first
    // collection point or allocation fails the run cleanly.
    g.pointee.memoryLimit = Int64.max
    defer { g.pointee.memoryLimit = options.budgets.memoryBytes }
    do throws(LuaError) {
        let main = try L.newThread()
        g.pointee.mainThread = main
        g.pointee.currentThread = main
        main.pointee.isActive = true
        main.pointee.nonYieldable = 1
        placeholder.deallocate()
        g.pointee.registry = try L.newTable()
        g.pointee.globals = try L.newTable()
        g.pointee.loaded = try L.newTable()
        try L.rawSet(g.pointee.registry, index: 2, g.pointee.globals)
        try L.rawSet(g.pointee.registry, try L.newString("_LOADED"), g.pointee.loaded)
        for i in 0..<Metamethod.count {
            if let m = Metamethod(rawValue: i) { names[i] = try L.newString(m.name) }
        }
        for i in 0..<CachedName.count {
            if let n = CachedName(rawValue: i) { names[Metamethod.count + i] = try L.newString(n.text) }
        }
    } catch {
        // Unreachable: nothing limits these allocations.
    }
    return g
}

/// Frees every object and the state itself.
func destroyGlobalState(_ g: UnsafeMutablePointer<GlobalState>) {
    for i in 0..<g.pointee.objectCount { _ = free(g.pointee.objects[i], g) }
    g.pointee.pool.drain()
    g.pointee.objects.deallocate()
    g.pointee.strings.free()
    g.pointee.typeMetatables.deallocate()
    g.pointee.metamethodNames.deallocate()
    g.deinitialize(count: 1)
    g.deallocate()
}
