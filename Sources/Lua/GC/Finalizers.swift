// `__gc` finalizers with Lua 5.4's semantics (the reference's lgc.c: luaC_checkfinalizer,
// separatetobefnz, markbeingfnz, GCTM, callallpendingfinalizers, luaC_freeallobjects).
//
// - A table or full userdata is *marked for finalization* when a metatable with a `__gc`
//   field is set on it (setmetatable, debug.setmetatable, the API); a `__gc` field added to
//   the metatable later does not mark it.
// - A collection that finds a marked object unreachable resurrects it (it and everything it
//   refers to survive this cycle) and queues it; queued finalizers run after the cycle, in
//   the reverse order of marking, each as a protected call from the running thread with
//   hooks off and the collector paused. An error becomes a warning "error in __gc (...)".
//   Running unmarks the object: it is freed by a later cycle unless its finalizer marks it
//   again (setmetatable) or stores it somewhere reachable.
// - Weak values referring to resurrected objects are cleared before the resurrection, weak
//   keys only once the object is really dead (Collector.swift orders the clearing).
// - Closing the state (`LuaInterpreter.close`) calls the finalizers of every marked object.
//
// The queue and the list of marked objects are VM-owned arrays of heap entries; their order
// is the order of the script's own operations, so finalizers run at the same points and in
// the same order on every target.

/// The collector's finalization state (the reference's `finobj` and `tobefnz` lists and the
/// GCSTPGC / GCSTPCLS stop flags).
struct FinalizerState {
    /// Objects marked for finalization that were reachable at the last collection, oldest first.
    var marked: [HeapEntry] = []
    /// Unreachable objects whose finalizers are due, in calling order, from `nextDue` on.
    var due: [HeapEntry] = []
    var nextDue = 0
    /// A finalizer is running: the collector does not run and `collectgarbage` answers fail.
    var running = false
    /// The state is closing: no object gets marked for finalization any more.
    var closing = false
    /// The warning system (lauxlib.c's warnfoff / warnfon / warnfcont).
    var warnings = WarningState.off

    /// Whether a finalizer is waiting to run.
    var hasDue: Bool { nextDue < due.count }
}

/// Where a message of `warn` goes next.
enum WarningState: UInt8 {
    /// Warnings are off (only "@on" is heard).
    case off
    /// On: a new message starts with "Lua warning: ".
    case on
    /// In the middle of a multi-part message.
    case continuing
}

extension LuaState {
    /// Marks `v` for finalization if `mt` has a `__gc` field (luaC_checkfinalizer). Called
    /// whenever a table or userdata gets a metatable.
    func checkFinalizer(_ v: LuaValue, _ mt: UnsafeMutablePointer<TableObject>?) {
        guard let mt, !g.pointee.finalizers.closing else { return }
        if fastMetamethod(mt, .gc).isNil { return }
        switch v.tag {
        case .table:
            let t = v.table
            if t.pointee.toFinalize { return }
            t.pointee.toFinalize = true
            g.pointee.finalizers.marked.append(HeapEntry(object: UnsafeMutableRawPointer(t), kind: .table))
        case .userdata:
            let u = v.userdataObject
            if u.pointee.toFinalize { return }
            u.pointee.toFinalize = true
            g.pointee.finalizers.marked.append(HeapEntry(object: UnsafeMutableRawPointer(u), kind: .userdata))
        default:
            return
        }
    }

    /// Moves the marked objects that the marking did not reach (all of them when `all`) to
    /// the queue, newest first (separatetobefnz), and returns how many it moved.
    func separateUnreachedFinalizable(all: Bool) -> Int {
        var kept: [HeapEntry] = []
        var newlyDue: [HeapEntry] = []
        for e in g.pointee.finalizers.marked {
            if !all && isMarked(entry: e) { kept.append(e) } else { newlyDue.append(e) }
        }
        if newlyDue.isEmpty { return 0 }
        g.pointee.finalizers.marked = kept
        compactDueQueue()
        g.pointee.finalizers.due.append(contentsOf: newlyDue.reversed())
        return newlyDue.count
    }

    /// Marks every queued object (markbeingfnz): they and what they refer to live on until
    /// their finalizers have run.
    func markQueuedFinalizable() {
        let f = g.pointee.finalizers
        for i in f.nextDue..<f.due.count { markEntry(f.due[i]) }
    }

    /// Drops the queue entries already handled, so the queue does not grow without bound.
    private func compactDueQueue() {
        if g.pointee.finalizers.nextDue > 0 {
            g.pointee.finalizers.due.removeFirst(g.pointee.finalizers.nextDue)
            g.pointee.finalizers.nextDue = 0
        }
    }

    /// Runs every queued finalizer (callallpendingfinalizers), unless one is running already
    /// (a finalizer's allocations do not run finalizers). Budget errors end the run.
    func callPendingFinalizers() throws(LuaError) {
        if g.pointee.finalizers.running { return }
        while g.pointee.finalizers.hasDue {
            let e = g.pointee.finalizers.due[g.pointee.finalizers.nextDue]
            g.pointee.finalizers.nextDue += 1
            try callFinalizer(e)
        }
        compactDueQueue()
    }

    /// Calls the finalizer of one queued object (GCTM).
    private func callFinalizer(_ e: HeapEntry) throws(LuaError) {
        let v: LuaValue
        switch e.kind {
        case .table:
            let t = e.object.assumingMemoryBound(to: TableObject.self)
            t.pointee.toFinalize = false  // "normal" again
            v = LuaValue(t)
        case .userdata:
            let u = e.object.assumingMemoryBound(to: UserdataObject.self)
            u.pointee.toFinalize = false
            v = LuaValue(u)
        default:
            return
        }
        let tm = metamethod(v, .gc)
        if tm.isNil { return }
        let th = thread
        let hooksAllowed = th.pointee.hook.allowed
        let callerFrame = th.pointee.frameCount - 1
        g.pointee.finalizers.running = true
        th.pointee.hook.allowed = false
        th.pointee.frames[callerFrame].status.insert(.finalizer)
        defer {
            g.pointee.finalizers.running = false
            th.pointee.hook.allowed = hooksAllowed
            th.pointee.frames[callerFrame].status.remove(.finalizer)
        }
        // Above everything live: a Lua frame's registers up to its top (as callHook does).
        let savedTop = th.pointee.top
        let f = th.pointee.frames[callerFrame]
        if f.status.contains(.lua) && th.pointee.top < f.top { th.pointee.top = f.top }
        try ensureStack(th, 2)
        try push(tm)
        try push(v)
        let error = try protectedCall(arguments: 1, results: 0)
        th.pointee.top = savedTop
        if let error { try warnError("__gc", error) }
    }

    /// Calls the finalizers of all objects still marked for finalization, then of those
    /// queued, as closing a state does (luaC_freeallobjects). Afterwards no object gets
    /// marked again.
    func finalizeAllForClose() throws(LuaError) {
        g.pointee.finalizers.closing = true
        try callPendingFinalizers()
        _ = separateUnreachedFinalizable(all: true)
        try callPendingFinalizers()
    }

    // MARK: Warnings

    /// Emits one piece of a warning (lua_warning); `continues` says more pieces follow.
    /// Warnings go to the run's standard error, as lua.c's do.
    func warning(_ message: [UInt8], continues: Bool) throws(LuaError) {
        switch g.pointee.finalizers.warnings {
        case .off:
            _ = warningControl(message, continues: continues)
        case .on:
            if warningControl(message, continues: continues) { return }
            try writeError([UInt8]("Lua warning: "))
            try continueWarning(message, continues: continues)
        case .continuing:
            try continueWarning(message, continues: continues)
        }
    }

    private func continueWarning(_ message: [UInt8], continues: Bool) throws(LuaError) {
        try writeError(message)
        if continues {
            g.pointee.finalizers.warnings = .continuing
        } else {
            try writeError([10])
            g.pointee.finalizers.warnings = .on
        }
    }

    /// Handles "@on" and "@off" (checkcontrol); returns whether `message` was a control message.
    private func warningControl(_ message: [UInt8], continues: Bool) -> Bool {
        guard !continues, message.first == UInt8(ascii: "@") else { return false }
        let word = Array(message.dropFirst())
        if word == [UInt8]("off") { g.pointee.finalizers.warnings = .off }
        else if word == [UInt8]("on") { g.pointee.finalizers.warnings = .on }
        return true
    }

    /// The warning for an error caught in a finalizer (luaE_warnerror):
    /// "error in WHERE (message)".
    func warnError(_ place: StaticString, _ error: LuaValue) throws(LuaError) {
        let message = error.isString ? bytes(of: error) : [UInt8]("error object is not a string")
        try warning([UInt8]("error in "), continues: true)
        try warning(place.bytes, continues: true)
        try warning([UInt8](" ("), continues: true)
        try warning(message, continues: true)
        try warning([UInt8](")"), continues: false)
    }
}
