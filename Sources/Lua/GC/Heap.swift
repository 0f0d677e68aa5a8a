// The heap registry and memory accounting.
//
// Every heap object is listed once in `GlobalState.objects` with its kind; that list is what
// the collector sweeps. Memory is counted in platform-independent units (see `MemoryCost`),
// so the count, the collector's pacing and the memory budget are the same on every target.

/// One registry entry: an object's address and kind.
struct HeapEntry {
    var object: UnsafeMutableRawPointer
    var kind: ObjectKind
}

extension LuaState {
    /// Adds `bytes` (possibly negative) to the memory count, failing with the memory budget
    /// error when the budget would be exceeded. Call before allocating.
    @inline(__always)
    func charge(_ bytes: Int64) throws(LuaError) {
        let total = g.pointee.totalBytes &+ bytes
        if total > g.pointee.memoryLimit && bytes > 0 { throw budgetExceeded(.memory) }
        g.pointee.totalBytes = total
        if total > g.pointee.memoryPeak { g.pointee.memoryPeak = total }
    }

    // (Transient buffers are counted by `chargeScratch`/`releaseScratch` and `ResultBuffer`,
    // VM/CostModel.swift.)

    /// Lists a newly allocated object in the registry.
    @inline(__always)
    func register(_ object: UnsafeMutableRawPointer, _ kind: ObjectKind) {
        if g.pointee.objectCount == g.pointee.objectCapacity { growRegistry() }
        g.pointee.objects[g.pointee.objectCount] = HeapEntry(object: object, kind: kind)
        g.pointee.objectCount += 1
    }

    private func growRegistry() {
        let newCapacity = max(256, g.pointee.objectCapacity * 2)
        let n = UnsafeMutablePointer<HeapEntry>.allocate(capacity: newCapacity)
        n.moveInitialize(from: g.pointee.objects, count: g.pointee.objectCount)
        g.pointee.objects.deallocate()
        g.pointee.objects = n
        g.pointee.objectCapacity = newCapacity
    }

    /// The next per-run object number (shown by `tostring` in place of an address).
    @inline(__always)
    func nextObjectID() -> Int64 {
        g.pointee.nextObjectID &+= 1
        return g.pointee.nextObjectID
    }

    // MARK: Object allocation (tables and strings live in their own files)

    /// Allocates a Lua closure for `proto` with uninitialized upvalue slots.
    func newLuaClosure(_ proto: UnsafeMutablePointer<ProtoObject>) throws(LuaError) -> UnsafeMutablePointer<LuaClosureObject> {
        let n = Int(proto.pointee.upvalueCount)
        try charge(MemoryCost.luaClosure + Int64(n) * MemoryCost.closureUpvalueSlot)
        let headerSize = luaClosureHeaderSize
        let raw = g.pointee.pool.allocate(headerSize + n * MemoryLayout<UnsafeMutableRawPointer>.stride)
        let ups = (raw + headerSize).bindMemory(to: UnsafeMutablePointer<UpvalueObject>.self, capacity: max(n, 1))
        let c = raw.bindMemory(to: LuaClosureObject.self, capacity: 1)
        c.initialize(to: LuaClosureObject(marked: false, upvalueCount: Int32(n), id: nextObjectID(), proto: proto, upvalues: ups))
        register(raw, .luaClosure)
        return c
    }

    /// Allocates a closed upvalue holding `value` and registers it.
    func newClosedUpvalue(_ value: LuaValue) throws(LuaError) -> UnsafeMutablePointer<UpvalueObject> {
        try charge(MemoryCost.upvalue)
        let slotSize = MemoryLayout<LuaValue>.stride
        let raw = g.pointee.pool.allocate(upvalueBlockSize)
        let slot = raw.bindMemory(to: LuaValue.self, capacity: 1)
        slot.initialize(to: value)
        let u = (raw + slotSize).bindMemory(to: UpvalueObject.self, capacity: 1)
        g.pointee.nextUpvalueID &+= 1
        u.initialize(to: UpvalueObject(marked: false, isOpen: false, id: g.pointee.nextUpvalueID, value: slot,
                                       stackIndex: 0, openNext: nil))
        register(UnsafeMutableRawPointer(u), .upvalue)
        return u
    }

    /// Creates a native function value with `upvalues`.
    public func newFunction(_ name: StaticString, upvalues: [LuaValue] = [], _ function: @escaping LuaNativeFunction) throws(LuaError) -> LuaValue {
        LuaValue(try newNativeClosure(name, special: .none, upvalueCount: upvalues.count, function, upvalues: upvalues))
    }

    func newNativeClosure(_ name: StaticString, special: SpecialFunction, upvalueCount n: Int,
                          _ function: @escaping LuaNativeFunction, upvalues: [LuaValue] = []) throws(LuaError) -> UnsafeMutablePointer<NativeClosureObject> {
        try charge(MemoryCost.nativeClosure + Int64(n) * MemoryCost.stackSlot)
        let headerSize = (MemoryLayout<NativeClosureObject>.stride + 15) & ~15
        let raw = UnsafeMutableRawPointer.allocate(byteCount: headerSize + n * MemoryLayout<LuaValue>.stride, alignment: 16)
        let ups = (raw + headerSize).bindMemory(to: LuaValue.self, capacity: max(n, 1))
        for i in 0..<n { (ups + i).initialize(to: i < upvalues.count ? upvalues[i] : .nil) }
        let c = raw.bindMemory(to: NativeClosureObject.self, capacity: 1)
        c.initialize(to: NativeClosureObject(marked: false, special: special, upvalueCount: Int32(n), id: nextObjectID(),
                                             function: function, name: name, upvalues: ups))
        register(raw, .nativeClosure)
        return c
    }

    /// Creates a full userdata of `byteCount` zeroed bytes, with one user value unless
    /// `userValue` is false (the standard files have none, as in the reference).
    public func newUserdata(byteCount: Int, userValue: Bool = true) throws(LuaError) -> LuaValue {
        try charge(MemoryCost.userdata + Int64(byteCount))
        let headerSize = (MemoryLayout<UserdataObject>.stride + 15) & ~15
        let raw = UnsafeMutableRawPointer.allocate(byteCount: headerSize + byteCount, alignment: 16)
        (raw + headerSize).initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        let u = raw.bindMemory(to: UserdataObject.self, capacity: 1)
        u.initialize(to: UserdataObject(marked: false, hasUserValue: userValue, id: nextObjectID(), metatable: nil, userValue: .nil,
                                        byteCount: byteCount, bytes: raw + headerSize))
        register(raw, .userdata)
        return LuaValue(u)
    }
}

// MARK: Freeing (called by the sweep; each returns the cost to uncharge)

/// Bytes before a Lua closure's upvalue pointers.
let luaClosureHeaderSize = (MemoryLayout<LuaClosureObject>.stride + 7) & ~7
/// Bytes of an upvalue block: its closed value slot, then the header.
let upvalueBlockSize = MemoryLayout<LuaValue>.stride + MemoryLayout<UpvalueObject>.stride

func freeLuaClosure(_ c: UnsafeMutablePointer<LuaClosureObject>, _ g: UnsafeMutablePointer<GlobalState>) -> Int64 {
    let n = Int(c.pointee.upvalueCount)
    let cost = MemoryCost.luaClosure + Int64(n) * MemoryCost.closureUpvalueSlot
    c.deinitialize(count: 1)
    g.pointee.pool.free(UnsafeMutableRawPointer(c), luaClosureHeaderSize + n * MemoryLayout<UnsafeMutableRawPointer>.stride)
    return cost
}

func freeNativeClosure(_ c: UnsafeMutablePointer<NativeClosureObject>) -> Int64 {
    let n = Int(c.pointee.upvalueCount)
    let cost = MemoryCost.nativeClosure + Int64(n) * MemoryCost.stackSlot
    c.pointee.upvalues.deinitialize(count: n)
    c.deinitialize(count: 1)
    UnsafeMutableRawPointer(c).deallocate()
    return cost
}

func freeUpvalue(_ u: UnsafeMutablePointer<UpvalueObject>, _ g: UnsafeMutablePointer<GlobalState>) -> Int64 {
    let slot = u.closedSlot
    u.deinitialize(count: 1)
    slot.deinitialize(count: 1)
    g.pointee.pool.free(UnsafeMutableRawPointer(slot), upvalueBlockSize)
    return MemoryCost.upvalue
}

func freeUserdata(_ u: UnsafeMutablePointer<UserdataObject>) -> Int64 {
    let cost = MemoryCost.userdata + Int64(u.pointee.byteCount)
    u.deinitialize(count: 1)
    UnsafeMutableRawPointer(u).deallocate()
    return cost
}
