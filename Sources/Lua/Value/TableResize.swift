// Table creation, insertion of new keys, and the rehash that resizes both parts
// (the reference's luaH_newkey, rehash, computesizes and luaH_resize).

extension LuaState {
    /// Creates an empty table, optionally pre-sizing its array and hash parts.
    public func newTable(arrayCapacity: Int = 0, hashCapacity: Int = 0) throws(LuaError) -> LuaValue {
        try charge(MemoryCost.table)
        let t = g.pointee.pool.allocate(MemoryLayout<TableObject>.stride).bindMemory(to: TableObject.self, capacity: 1)
        t.initialize(to: TableObject(marked: false, absentMetamethods: 0xFF, limitIsRealSize: true,
                                     hasNilNodes: false, alimit: 0, id: nextObjectID(),
                                     array: nil, node: .empty, metatable: nil))
        register(UnsafeMutableRawPointer(t), .table)
        if hashCapacity == 0 && arrayCapacity > 0 && arrayCapacity <= 1 << 20 {
            // Common constructor case: just an array part.
            try charge(Int64(arrayCapacity) * MemoryCost.arraySlot)
            let a = allocateArrayPart(arrayCapacity)
            a.initialize(repeating: .nil, count: arrayCapacity)
            t.pointee.array = a
            t.pointee.alimit = UInt32(arrayCapacity)
        } else if arrayCapacity == 0 && hashCapacity > 0 && hashCapacity <= 1 << maxHashBits {
            // Common constructor case: just a hash part (what `resize` does for an empty
            // table, charged the same).
            let capacity = 1 << ceilLog2(UInt32(hashCapacity))
            try charge(Int64(capacity) * MemoryCost.hashNode)
            t.pointee.node = NodeStorage.make(capacity: capacity, &g.pointee.pool)
        } else if arrayCapacity > 0 || hashCapacity > 0 {
            try resize(t, arraySize: UInt32(clamping: arrayCapacity), hashSize: UInt32(clamping: hashCapacity))
        }
        return LuaValue(t)
    }

    /// Raw set (`rawset`): no metamethods. Errors for nil and NaN keys.
    @inline(__always)
    func rawSet(_ t: UnsafeMutablePointer<TableObject>, _ key: LuaValue, _ value: LuaValue) throws(LuaError) {
        if let s = t.slot(key) {
            // A value appearing where there was none may be a metamethod: drop the cache.
            if s.pointee.isNil { t.pointee.absentMetamethods = 0 }
            s.pointee = value
            if value.isNil { t.pointee.hasNilNodes = true }
            return
        }
        try newKey(t, key, value)
    }

    /// Raw set with an integer key.
    @inline(__always)
    func rawSet(_ t: UnsafeMutablePointer<TableObject>, int key: Int64, _ value: LuaValue) throws(LuaError) {
        if let s = t.slot(int: key) {
            if s.pointee.isNil { t.pointee.absentMetamethods = 0 }
            s.pointee = value
            if value.isNil { t.pointee.hasNilNodes = true }
            return
        }
        try newKey(t, .integer(key), value)
    }

    /// Inserts a key that is not in the table (luaH_newkey).
    func newKey(_ t: UnsafeMutablePointer<TableObject>, _ rawKey: LuaValue, _ value: LuaValue) throws(LuaError) {
        var key = rawKey
        switch key.tag {
        case .nil_: throw runtimeError("table index is nil")
        case .float:
            let d = key.floatPayload
            if let i = floatToIntegerExact(d) { key = .integer(i) }
            else if d.isNaN { throw runtimeError("table index is NaN") }
        default: break
        }
        if value.isNil { return }
        t.pointee.absentMetamethods = 0
        let n = t.pointee.node
        if n.used < n.capacity {
            appendNode(t, key, value)
            return
        }
        try rehash(t, extraKey: key)
        try rawSet(t, key, value)
    }

    /// Appends a node for a new key (there must be room).
    @inline(__always)
    private func appendNode(_ t: UnsafeMutablePointer<TableObject>, _ key: LuaValue, _ value: LuaValue) {
        let n = t.pointee.node
        let i = n.used
        n.keys.unsafelyUnwrapped[i] = key
        n.values.unsafelyUnwrapped[i] = value
        let b = Int(truncatingIfNeeded: keyHash(key)) & (n.capacity - 1)
        n.next.unsafelyUnwrapped[i] = n.buckets.unsafelyUnwrapped[b]
        n.buckets.unsafelyUnwrapped[b] = Int32(i)
        t.pointee.node.used = i + 1
    }

    /// Recomputes the best sizes for both parts, counting the key being inserted (rehash).
    private func rehash(_ t: UnsafeMutablePointer<TableObject>, extraKey: LuaValue) throws(LuaError) {
        // (The counts live on the stack: a rehash allocates nothing but the new parts.)
        let (asize, hsize) = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: maxArrayBits + 1) { buffer in
            let nums = buffer.baseAddress.unsafelyUnwrapped
            nums.initialize(repeating: 0, count: maxArrayBits + 1)
            t.setLimitToSize()
            var na = countArrayKeys(t, nums)
            var total = na
            let n = t.pointee.node
            for j in 0..<n.used where !n.values.unsafelyUnwrapped[j].isNil {
                let k = n.keys.unsafelyUnwrapped[j]
                if k.tag == .integer { na += countIntegerKey(k.integerPayload, nums) }
                total += 1
            }
            if extraKey.tag == .integer { na += countIntegerKey(extraKey.integerPayload, nums) }
            total += 1
            let asize = computeArraySize(nums, &na)
            return (asize, total - na)
        }
        try resize(t, arraySize: asize, hashSize: hsize)
    }

    /// Resizes the array part to `arraySize` slots and the hash part to at least `hashSize`
    /// nodes, moving entries between them as needed (luaH_resize).
    func resize(_ t: UnsafeMutablePointer<TableObject>, arraySize newSize: UInt32, hashSize: UInt32) throws(LuaError) {
        if newSize > maxArraySize { throw runtimeError("table overflow") }
        let oldSize = t.setLimitToSize()
        let oldNode = t.pointee.node
        // Never make the hash part too small for what must go there (the reference's
        // callers guarantee this; the check keeps misuse from overflowing the nodes).
        var needed: UInt32 = 0
        if newSize < oldSize, let array = t.pointee.array {
            for i in Int(newSize)..<Int(oldSize) where !array[i].isNil { needed += 1 }
        }
        for j in 0..<oldNode.used where !oldNode.values.unsafelyUnwrapped[j].isNil {
            let k = oldNode.keys.unsafelyUnwrapped[j]
            if k.tag == .integer, UInt64(bitPattern: k.integerPayload) &- 1 < UInt64(newSize) { continue }
            needed += 1
        }
        let hashCount = max(hashSize, needed)
        var capacity = 0
        if hashCount > 0 {
            let lsize = ceilLog2(hashCount)
            if lsize > maxHashBits { throw runtimeError("table overflow") }
            capacity = 1 << lsize
        }
        let delta = (Int64(newSize) - Int64(oldSize)) * MemoryCost.arraySlot
            + (Int64(capacity) - Int64(oldNode.capacity)) * MemoryCost.hashNode
        try charge(delta)
        var newNode = NodeStorage.make(capacity: capacity, &g.pointee.pool)
        if newSize < oldSize {
            // Move the vanishing slice of the array into the new hash part.
            t.pointee.alimit = newSize
            t.pointee.node = newNode
            let array = t.pointee.array.unsafelyUnwrapped
            for i in Int(newSize)..<Int(oldSize) where !array[i].isNil {
                appendNode(t, .integer(Int64(i + 1)), array[i])
            }
            newNode = t.pointee.node
            t.pointee.alimit = oldSize
            t.pointee.node = oldNode
        }
        // Reallocate the array part.
        let oldArray = t.pointee.array
        var newArray: UnsafeMutablePointer<LuaValue>? = nil
        if newSize > 0 {
            let a = allocateArrayPart(Int(newSize))
            let keep = Int(min(oldSize, newSize))
            if let oldArray, keep > 0 { a.initialize(from: oldArray, count: keep) }
            (a + keep).initialize(repeating: .nil, count: Int(newSize) - keep)
            newArray = a
        }
        if let oldArray { g.pointee.pool.free(UnsafeMutableRawPointer(oldArray), Int(oldSize) * MemoryLayout<LuaValue>.stride) }
        t.pointee.array = newArray
        t.pointee.alimit = newSize
        t.pointee.limitIsRealSize = true
        t.pointee.node = newNode
        t.pointee.hasNilNodes = false
        // Re-insert the old hash part's live entries, in their order.
        for j in 0..<oldNode.used {
            let v = oldNode.values.unsafelyUnwrapped[j]
            if v.isNil { continue }
            let k = oldNode.keys.unsafelyUnwrapped[j]
            if let s = t.slot(k) { s.pointee = v } else { appendNode(t, k, v) }
        }
        oldNode.free(&g.pointee.pool)
    }

    /// Uninitialized memory for an array part of `count` slots.
    private func allocateArrayPart(_ count: Int) -> UnsafeMutablePointer<LuaValue> {
        g.pointee.pool.allocate(count * MemoryLayout<LuaValue>.stride).bindMemory(to: LuaValue.self, capacity: count)
    }

    /// Grows the array part to `size` if it is smaller (used by SETLIST).
    func ensureArraySize(_ t: UnsafeMutablePointer<TableObject>, _ size: UInt32) throws(LuaError) {
        if size > t.realArraySize {
            try resize(t, arraySize: size, hashSize: UInt32(t.pointee.node.capacity))
        }
    }
}

/// ceil(log2(x)) for x >= 1 (luaO_ceillog2).
func ceilLog2(_ x: UInt32) -> Int {
    if x <= 1 { return 0 }
    return 32 - (x - 1).leadingZeroBitCount
}

/// Counts an integer key into `nums` if it could go to the array part (countint).
private func countIntegerKey(_ key: Int64, _ nums: UnsafeMutablePointer<UInt32>) -> UInt32 {
    let u = UInt64(bitPattern: key) &- 1
    if u < (1 << maxArrayBits) {
        nums[ceilLog2(UInt32(u + 1))] += 1
        return 1
    }
    return 0
}

/// Counts the non-nil slots of the array part per power-of-two slice (numusearray).
private func countArrayKeys(_ t: UnsafeMutablePointer<TableObject>, _ nums: UnsafeMutablePointer<UInt32>) -> UInt32 {
    let asize = t.pointee.alimit
    guard let array = t.pointee.array, asize > 0 else { return 0 }
    var total: UInt32 = 0
    var i: UInt32 = 1
    var ttlg: UInt32 = 1
    for lg in 0...maxArrayBits {
        var lim = ttlg
        if lim > asize {
            lim = asize
            if i > lim { break }
        }
        var count: UInt32 = 0
        while i <= lim {
            if !array[Int(i) - 1].isNil { count += 1 }
            i += 1
        }
        nums[lg] += count
        total += count
        ttlg = ttlg &* 2
    }
    return total
}

/// The optimal array size: the largest power of two n such that more than n/2 of the slots
/// 1...n would be used (computesizes). `na` gets the number of keys going there.
private func computeArraySize(_ nums: UnsafeMutablePointer<UInt32>, _ na: inout UInt32) -> UInt32 {
    var a: UInt32 = 0
    var count: UInt32 = 0
    var optimal: UInt32 = 0
    var twotoi: UInt32 = 1
    var i = 0
    while twotoi > 0 && na > twotoi / 2 && i <= maxArrayBits {
        a += nums[i]
        if a > twotoi / 2 {
            optimal = twotoi
            count = a
        }
        i += 1
        twotoi = twotoi &* 2
    }
    na = count
    return optimal
}

/// Frees a table and returns its memory cost.
func freeTable(_ t: UnsafeMutablePointer<TableObject>, _ g: UnsafeMutablePointer<GlobalState>) -> Int64 {
    let arraySize = Int(t.realArraySize)
    let cost = MemoryCost.table + Int64(arraySize) * MemoryCost.arraySlot
        + Int64(t.pointee.node.capacity) * MemoryCost.hashNode
    if let array = t.pointee.array { g.pointee.pool.free(UnsafeMutableRawPointer(array), arraySize * MemoryLayout<LuaValue>.stride) }
    t.pointee.node.free(&g.pointee.pool)
    t.deinitialize(count: 1)
    g.pointee.pool.free(UnsafeMutableRawPointer(t), MemoryLayout<TableObject>.stride)
    return cost
}
