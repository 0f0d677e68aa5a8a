// The tracing collector: stop-the-world mark and sweep.
//
// Roots: the registry (which holds the globals and `package.loaded`), the main and current
// threads, the per-type metatables, the metamethod names, the pending error and values the
// host pinned. Marking uses an explicit work list, never recursion. Weak tables (`__mode`)
// are honoured: weak values and keys are cleared after marking; tables with weak keys and
// strong values are ephemerons (a value is reachable only through a reachable key). As in
// the reference, strings are values for this purpose and are never cleared from weak
// tables. Objects with `__gc` finalizers are resurrected and queued (Finalizers.swift).
//
// A collection runs only at safe points: when the interpreter allocates (NEWTABLE, CONCAT,
// CLOSURE), before a native function is called, and from `collectgarbage`. Native code
// therefore never sees a collection while it holds values in Swift variables, except across
// a call back into Lua (see README).

extension LuaState {
    /// Collects if the allocation debt says so (called at safe points).
    @inline(__always)
    func collectIfNeeded() throws(LuaError) {
        if g.pointee.totalBytes >= g.pointee.gcThreshold { try collectAtSafePoint() }
    }

    /// Runs a collection unless the collector is stopped, then sets the next threshold.
    func collectAtSafePoint() throws(LuaError) {
        // No collection while a finalizer runs (the reference's GCSTPGC); the next safe point
        // after it asks again.
        if g.pointee.finalizers.running { return }
        if g.pointee.gcStopped {
            // Still enforce the budget; just don't collect.
            g.pointee.gcThreshold = Int64.max
            return
        }
        // Under normal pacing (pause ≥ 200, threshold not pulled down by the memory limit)
        // the heap at least doubled since the last cycle, and the allocations that doubled
        // it were charged: the cycle is charged at the paced rate. Otherwise — a lowered
        // pause, or a heap near the budget collecting every few allocations — at the full
        // rate, as a forced collection is.
        let limit = g.pointee.memoryLimit - g.pointee.memoryLimit / 8
        let paced = g.pointee.gcPause >= 200 && g.pointee.gcThreshold < limit
        try collectCharged(paced: paced)
    }

    /// A full collection paid for in steps (`CostModel.collectorUnitsPerStep`, or
    /// `pacedCollectorUnitsPerStep` for a normally paced automatic cycle), followed by the
    /// finalizers it queued. (Finalizers may run Lua code: callers in the interpreter loop
    /// reload their cached state afterwards.)
    func collectCharged(paced: Bool = false) throws(LuaError) {
        let work = fullCollection()
        try addSteps(work / (paced ? CostModel.pacedCollectorUnitsPerStep : CostModel.collectorUnitsPerStep))
        try callPendingFinalizers()
    }

    /// A complete mark-and-sweep cycle. Returns its work in the cost model's units: the
    /// sweep visits every object, and marking reads at most every 16-byte slot of the memory
    /// counted (tables, stacks, closures), so `objects + bytes / 16` bounds it from the
    /// counts alone — the same on every target.
    @discardableResult
    func fullCollection() -> Int64 {
        let work = Int64(g.pointee.objectCount) &+ g.pointee.totalBytes / 16
        markRoots()
        propagateAll()
        convergeEphemerons()
        // All strongly reachable objects are marked. Weak values are cleared before the
        // objects with finalizers are resurrected (atomic in lgc.c), keys after.
        let weakBeforeResurrection = g.pointee.weakTables.count
        clearWeakValues(from: 0)
        if separateUnreachedFinalizable(all: false) > 0 {
            markQueuedFinalizable()
            propagateAll()
            convergeEphemerons()
        }
        clearWeakKeys()
        clearWeakValues(from: weakBeforeResurrection)
        killDeadKeys()
        sweep()
        let live = g.pointee.totalBytes
        // Pause: wait until memory grows by `gcPause` percent of the live size (200: double).
        var threshold = live / 100 * g.pointee.gcPause
        if threshold < live + 64 * 1024 { threshold = live + 64 * 1024 }
        // Collect before the budget is reached, so garbage never causes a budget failure
        // that a collection would have avoided (unless one step allocates a lot).
        let limit = g.pointee.memoryLimit - g.pointee.memoryLimit / 8
        if threshold > limit { threshold = max(limit, live + (g.pointee.memoryLimit - live) / 2) }
        g.pointee.gcThreshold = g.pointee.gcStress ? 0 : threshold
        return work
    }

    // MARK: Marking

    @inline(__always)
    private func markValue(_ v: LuaValue) {
        switch v.tag {
        case .shortString, .longString: v.stringObject.pointee.marked = true
        case .table: markObject(v.object, .table)
        case .luaFunction: markObject(v.object, .luaClosure)
        case .nativeFunction: markObject(v.object, .nativeClosure)
        case .userdata: markObject(v.object, .userdata)
        case .thread: markObject(v.object, .thread)
        default: break
        }
    }

    /// Marks an object and queues it for traversal if it was not marked yet.
    private func markObject(_ o: UnsafeMutableRawPointer, _ kind: ObjectKind) {
        let wasMarked: Bool
        switch kind {
        case .string:
            o.assumingMemoryBound(to: StringObject.self).pointee.marked = true
            return
        case .table:
            let t = o.assumingMemoryBound(to: TableObject.self)
            wasMarked = t.pointee.marked; t.pointee.marked = true
        case .luaClosure:
            let c = o.assumingMemoryBound(to: LuaClosureObject.self)
            wasMarked = c.pointee.marked; c.pointee.marked = true
        case .nativeClosure:
            let c = o.assumingMemoryBound(to: NativeClosureObject.self)
            wasMarked = c.pointee.marked; c.pointee.marked = true
        case .upvalue:
            let u = o.assumingMemoryBound(to: UpvalueObject.self)
            wasMarked = u.pointee.marked; u.pointee.marked = true
        case .proto:
            let p = o.assumingMemoryBound(to: ProtoObject.self)
            wasMarked = p.pointee.marked; p.pointee.marked = true
        case .thread:
            let t = o.assumingMemoryBound(to: ThreadObject.self)
            wasMarked = t.pointee.marked; t.pointee.marked = true
        case .userdata:
            let u = o.assumingMemoryBound(to: UserdataObject.self)
            wasMarked = u.pointee.marked; u.pointee.marked = true
        }
        if !wasMarked { queueGray(HeapEntry(object: o, kind: kind)) }
    }

    /// Queues a newly marked object for traversal. Out of line on purpose: `markObject` is
    /// inlined at every marking site, and an inlined `Array.append` is about 100 bytes of wasm
    /// at each of them (94 in `propagateAll` alone); an object is queued once per cycle, so
    /// the call costs nothing measurable.
    @inline(never)
    private func queueGray(_ e: HeapEntry) { g.pointee.gray.append(e) }

    /// Adds a table to one of the collector's lists (weak tables, ephemerons, tables with
    /// nil nodes); out of line for the same reason as `queueGray`.
    @inline(never)
    private func note(_ t: UnsafeMutablePointer<TableObject>, in list: inout [UnsafeMutablePointer<TableObject>]) {
        list.append(t)
    }

    private func markRoots() {
        g.pointee.gray.removeAll(keepingCapacity: true)
        g.pointee.weakTables.removeAll(keepingCapacity: true)
        g.pointee.ephemerons.removeAll(keepingCapacity: true)
        g.pointee.tablesWithNilNodes.removeAll(keepingCapacity: true)
        markValue(g.pointee.registry)
        markValue(g.pointee.globals)
        markValue(g.pointee.loaded)
        markObject(UnsafeMutableRawPointer(g.pointee.mainThread), .thread)
        markObject(UnsafeMutableRawPointer(g.pointee.currentThread), .thread)
        for i in 0..<BasicType.count {
            if let mt = g.pointee.typeMetatables[i] { markObject(UnsafeMutableRawPointer(mt), .table) }
        }
        for i in 0..<Metamethod.count + CachedName.count { markValue(g.pointee.metamethodNames[i]) }
        markValue(g.pointee.pendingError)
        for v in g.pointee.hostAnchors { markValue(v) }
        markValue(g.pointee.nextFunction)
        markValue(g.pointee.ipairsIterator)
        // Objects whose finalizers are queued but have not run yet.
        markQueuedFinalizable()
    }

    /// Marks the object of a heap entry.
    func markEntry(_ e: HeapEntry) { markObject(e.object, e.kind) }

    /// Whether the object of a heap entry is marked.
    func isMarked(entry e: HeapEntry) -> Bool {
        switch e.kind {
        case .table: return e.object.assumingMemoryBound(to: TableObject.self).pointee.marked
        case .userdata: return e.object.assumingMemoryBound(to: UserdataObject.self).pointee.marked
        default: return true
        }
    }

    private func propagateAll() {
        while let e = g.pointee.gray.popLast() {
            switch e.kind {
            case .table: traverseTable(e.object.assumingMemoryBound(to: TableObject.self))
            case .luaClosure:
                let c = e.object.assumingMemoryBound(to: LuaClosureObject.self)
                markObject(UnsafeMutableRawPointer(c.pointee.proto), .proto)
                for i in 0..<Int(c.pointee.upvalueCount) {
                    markObject(UnsafeMutableRawPointer(c.pointee.upvalues[i]), .upvalue)
                }
            case .nativeClosure:
                let c = e.object.assumingMemoryBound(to: NativeClosureObject.self)
                for i in 0..<Int(c.pointee.upvalueCount) { markValue(c.pointee.upvalues[i]) }
            case .upvalue:
                // Open or closed, the value it refers to is live (this also protects the
                // values of open upvalues of threads that are themselves unreachable).
                markValue(e.object.assumingMemoryBound(to: UpvalueObject.self).pointee.value.pointee)
            case .proto:
                let p = e.object.assumingMemoryBound(to: ProtoObject.self)
                for i in 0..<Int(p.pointee.constantCount) { markValue(p.pointee.constants[i]) }
                for i in 0..<Int(p.pointee.protoCount) { markObject(UnsafeMutableRawPointer(p.pointee.protos[i]), .proto) }
            case .thread: traverseThread(e.object.assumingMemoryBound(to: ThreadObject.self))
            case .userdata:
                let u = e.object.assumingMemoryBound(to: UserdataObject.self)
                if let mt = u.pointee.metatable { markObject(UnsafeMutableRawPointer(mt), .table) }
                markValue(u.pointee.userValue)
            case .string: break
            }
        }
    }

    /// Marks a thread's live stack, the slots below its top, and clears the dead part above
    /// it, so that stale slots never refer to freed objects. (As in the reference, every
    /// collection point sets the top precisely: a Lua frame's registers above it are dead.)
    private func traverseThread(_ th: UnsafeMutablePointer<ThreadObject>) {
        var limit = th.pointee.top
        let end = th.pointee.stackSize + StackLimits.extra
        if limit > end { limit = end }
        let s = th.pointee.stack
        for i in 0..<limit { markValue(s[i]) }
        var i = limit
        while i < end { s[i] = .nil; i += 1 }
        if let e = th.pointee.deathError { markValue(e) }
        markValue(th.pointee.hook.function)
        var uv = th.pointee.openUpvalues
        while let u = uv {
            markObject(UnsafeMutableRawPointer(u), .upvalue)
            uv = u.pointee.openNext
        }
    }

    /// The weakness of a table from its metatable's `__mode` (bit 1: keys, bit 2: values).
    private func weakMode(_ t: UnsafeMutablePointer<TableObject>) -> UInt8 {
        guard let mt = t.pointee.metatable else { return 0 }
        let mode = fastMetamethod(mt, .mode)
        guard mode.isString else { return 0 }
        var m: UInt8 = 0
        for c in mode.stringObject.buffer {
            if c == UInt8(ascii: "k") { m |= 1 }
            if c == UInt8(ascii: "v") { m |= 2 }
        }
        return m
    }

    private func traverseTable(_ t: UnsafeMutablePointer<TableObject>) {
        if let mt = t.pointee.metatable { markObject(UnsafeMutableRawPointer(mt), .table) }
        let mode = weakMode(t)
        let weakKeys = mode & 1 != 0, weakValues = mode & 2 != 0
        if mode != 0 { note(t, in: &g.pointee.weakTables) }
        if weakKeys && weakValues {
            // All weak: nothing is marked now; the clearing passes mark the strings of the
            // entries they keep (lgc.c links such tables to 'allweak' untraversed).
            if t.pointee.hasNilNodes { note(t, in: &g.pointee.tablesWithNilNodes) }
            return
        }
        if let array = t.pointee.array {
            // Weak values: strings are values, never cleared (iscleared marks them), in the
            // array part as in the hash part.
            for i in 0..<Int(t.realArraySize) where !weakValues || array[i].isString { markValue(array[i]) }
        }
        let n = t.pointee.node
        var hasNil = false
        var pendingEphemeron = false
        for j in 0..<n.used {
            let v = n.values.unsafelyUnwrapped[j]
            let k = n.keys.unsafelyUnwrapped[j]
            if v.isNil {
                if k.isCollectable { hasNil = true }
                continue
            }
            if !weakKeys { markValue(k) }
            else if k.isString { markValue(k) }
            if weakValues { if v.isString { markValue(v) }; continue }
            if weakKeys {
                if isMarked(k) { markValue(v) } else { pendingEphemeron = true }
            } else {
                markValue(v)
            }
        }
        if hasNil { note(t, in: &g.pointee.tablesWithNilNodes) }
        if pendingEphemeron && !weakValues { note(t, in: &g.pointee.ephemerons) }
    }

    /// True if a value is not collectable, or is a marked object.
    func isMarked(_ v: LuaValue) -> Bool {
        switch v.tag {
        case .shortString, .longString: return v.stringObject.pointee.marked
        case .table: return v.table.pointee.marked
        case .luaFunction: return v.luaClosure.pointee.marked
        case .nativeFunction: return v.nativeClosure.pointee.marked
        case .userdata: return v.userdataObject.pointee.marked
        case .thread: return v.thread.pointee.marked
        default: return true
        }
    }

    /// Repeats ephemeron marking until nothing new gets marked.
    private func convergeEphemerons() {
        var changed = true
        while changed {
            changed = false
            for t in g.pointee.ephemerons {
                let n = t.pointee.node
                for j in 0..<n.used {
                    let v = n.values.unsafelyUnwrapped[j]
                    if v.isNil { continue }
                    if isMarked(n.keys.unsafelyUnwrapped[j]) && !isMarked(v) {
                        markValue(v)
                        changed = true
                    }
                }
            }
            if changed { propagateAll() }
        }
    }

    /// Removes the entries of weak-valued tables (from the `first`-th weak table found) whose
    /// value is not marked (clearbyvalues).
    private func clearWeakValues(from first: Int) {
        let tables = g.pointee.weakTables
        var i = first
        while i < tables.count {
            let t = tables[i]
            i += 1
            if weakMode(t) & 2 == 0 { continue }
            if let array = t.pointee.array {
                for j in 0..<Int(t.realArraySize) where isCleared(array[j]) { array[j] = .nil }
            }
            let n = t.pointee.node
            for j in 0..<n.used {
                let v = n.values.unsafelyUnwrapped[j]
                if !v.isNil && isCleared(v) { clearNode(t, j) }
            }
        }
    }

    /// Removes the entries of weak-keyed tables whose key is not marked (clearbykeys).
    private func clearWeakKeys() {
        for t in g.pointee.weakTables where weakMode(t) & 1 != 0 {
            let n = t.pointee.node
            for j in 0..<n.used {
                if !n.values.unsafelyUnwrapped[j].isNil && isCleared(n.keys.unsafelyUnwrapped[j]) { clearNode(t, j) }
            }
        }
    }

    /// Whether a weak reference to `v` is cleared: an unmarked object. Strings are values,
    /// never weak: one still in a weak table is marked now (iscleared).
    private func isCleared(_ v: LuaValue) -> Bool {
        if v.isString { v.stringObject.pointee.marked = true; return false }
        return !isMarked(v)
    }

    /// Empties node `j` of `t`; a key that is not marked becomes a dead key (clearkey).
    private func clearNode(_ t: UnsafeMutablePointer<TableObject>, _ j: Int) {
        let n = t.pointee.node
        n.values.unsafelyUnwrapped[j] = .nil
        t.pointee.hasNilNodes = true
        let k = n.keys.unsafelyUnwrapped[j]
        if !isMarked(k) { n.keys.unsafelyUnwrapped[j] = LuaValue(tag: .deadKey, payload: k.payload) }
    }

    /// Replaces keys of empty nodes that refer to dead objects with dead-key markers, so no
    /// freed object is ever dereferenced through a table.
    private func killDeadKeys() {
        for t in g.pointee.tablesWithNilNodes {
            let n = t.pointee.node
            for j in 0..<n.used where n.values.unsafelyUnwrapped[j].isNil {
                let k = n.keys.unsafelyUnwrapped[j]
                if k.isCollectable && !isMarked(k) {
                    n.keys.unsafelyUnwrapped[j] = LuaValue(tag: .deadKey, payload: k.payload)
                }
            }
        }
    }

    // MARK: Sweeping

    private func sweep() {
        // Threads: close the open upvalues of dead threads and unlink dead upvalues from
        // the open lists of live ones, before anything is freed.
        for i in 0..<g.pointee.objectCount where g.pointee.objects[i].kind == .thread {
            let th = g.pointee.objects[i].object.assumingMemoryBound(to: ThreadObject.self)
            if th.pointee.marked {
                var prev: UnsafeMutablePointer<UpvalueObject>? = nil
                var uv = th.pointee.openUpvalues
                while let u = uv {
                    uv = u.pointee.openNext
                    if u.pointee.marked { prev = u } else if let p = prev { p.pointee.openNext = uv } else { th.pointee.openUpvalues = uv }
                }
            } else {
                closeUpvalues(th, from: 0)
            }
        }
        var kept = 0
        var freed: Int64 = 0
        let objects = g.pointee.objects
        for i in 0..<g.pointee.objectCount {
            let e = objects[i]
            if clearMark(e) {
                objects[kept] = e
                kept += 1
            } else {
                // A dead short string leaves the intern table as it is freed (as in the
                // reference), rather than in a pass over every interned string.
                if e.kind == .string { g.pointee.strings.remove(e.object.assumingMemoryBound(to: StringObject.self)) }
                freed += free(e, g)
            }
        }
        g.pointee.objectCount = kept
        g.pointee.totalBytes -= freed
    }

    /// Clears an object's mark; returns whether it was marked (live).
    private func clearMark(_ e: HeapEntry) -> Bool {
        switch e.kind {
        case .string:
            let s = e.object.assumingMemoryBound(to: StringObject.self)
            defer { s.pointee.marked = false }; return s.pointee.marked
        case .table:
            let t = e.object.assumingMemoryBound(to: TableObject.self)
            defer { t.pointee.marked = false }; return t.pointee.marked
        case .luaClosure:
            let c = e.object.assumingMemoryBound(to: LuaClosureObject.self)
            defer { c.pointee.marked = false }; return c.pointee.marked
        case .nativeClosure:
            let c = e.object.assumingMemoryBound(to: NativeClosureObject.self)
            defer { c.pointee.marked = false }; return c.pointee.marked
        case .upvalue:
            let u = e.object.assumingMemoryBound(to: UpvalueObject.self)
            defer { u.pointee.marked = false }; return u.pointee.marked
        case .proto:
            let p = e.object.assumingMemoryBound(to: ProtoObject.self)
            defer { p.pointee.marked = false }; return p.pointee.marked
        case .thread:
            let t = e.object.assumingMemoryBound(to: ThreadObject.self)
            defer { t.pointee.marked = false }; return t.pointee.marked
        case .userdata:
            let u = e.object.assumingMemoryBound(to: UserdataObject.self)
            defer { u.pointee.marked = false }; return u.pointee.marked
        }
    }
}

/// Frees any heap object; returns its memory cost.
func free(_ e: HeapEntry, _ g: UnsafeMutablePointer<GlobalState>) -> Int64 {
    switch e.kind {
    case .string: return freeString(e.object.assumingMemoryBound(to: StringObject.self), g)
    case .table: return freeTable(e.object.assumingMemoryBound(to: TableObject.self), g)
    case .luaClosure: return freeLuaClosure(e.object.assumingMemoryBound(to: LuaClosureObject.self), g)
    case .nativeClosure: return freeNativeClosure(e.object.assumingMemoryBound(to: NativeClosureObject.self))
    case .upvalue: return freeUpvalue(e.object.assumingMemoryBound(to: UpvalueObject.self), g)
    case .proto: return freeProto(e.object.assumingMemoryBound(to: ProtoObject.self))
    case .thread: return freeThread(e.object.assumingMemoryBound(to: ThreadObject.self))
    case .userdata: return freeUserdata(e.object.assumingMemoryBound(to: UserdataObject.self))
    }
}
