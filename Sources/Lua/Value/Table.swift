// Lua tables: an array part plus a hash part, with deterministic iteration order.
//
// The array part and its sizing follow the reference (ltable.c): `alimit` with its "real
// size" flag, the border search of `#t`, and the rehash that recounts integer keys to pick
// the array size. So `#t` gives the reference's answer on tables with holes in the common
// cases.
//
// The hash part differs on purpose: it keeps its nodes in insertion order (new keys are
// appended; a bucket array of chains finds them), so `next`/`pairs` visit the array part and
// then the hash keys in the order they were first inserted, independent of any hash function
// or seed. Assigning nil keeps the node (its key stays, its value becomes nil) so that
// traversal can continue while fields are cleared; dead nodes disappear at the next rehash,
// which happens, as in the reference, when a new key finds the hash part full.

/// Header of a table object.
struct TableObject {
    var marked: Bool
    /// Bit `e` set: metamethod event `e` (one of the first eight) known absent (a cache, as
    /// in the reference; cleared whenever a key is added to the table).
    var absentMetamethods: UInt8
    /// True when `alimit` is the real size of the array part (the reference's isrealasize).
    var limitIsRealSize: Bool
    /// Set when some hash node holds a nil value (so a collection may find dead keys).
    var hasNilNodes: Bool
    /// Marked for finalization: its metatable had `__gc` when it was set (GC/Finalizers.swift).
    var toFinalize = false
    /// Array-part "limit" (see the reference's ltable.c).
    var alimit: UInt32
    var id: Int64
    var array: UnsafeMutablePointer<LuaValue>?
    var node: NodeStorage
    var metatable: UnsafeMutablePointer<TableObject>?
}

/// The hash part: `capacity` nodes (0 or a power of two) in one allocation holding keys,
/// values, chain links and bucket heads; `used` nodes are occupied, in insertion order.
struct NodeStorage {
    var keys: UnsafeMutablePointer<LuaValue>?
    var values: UnsafeMutablePointer<LuaValue>?
    var next: UnsafeMutablePointer<Int32>?
    var buckets: UnsafeMutablePointer<Int32>?
    var capacity: Int
    var used: Int

    static var empty: NodeStorage { NodeStorage(keys: nil, values: nil, next: nil, buckets: nil, capacity: 0, used: 0) }

    /// Allocates storage for `capacity` nodes (a power of two, or 0).
    static func make(capacity: Int, _ pool: inout BlockPool) -> NodeStorage {
        if capacity == 0 { return .empty }
        let keys = pool.allocate(capacity * 2 * MemoryLayout<LuaValue>.stride).bindMemory(to: LuaValue.self, capacity: capacity * 2)
        keys.initialize(repeating: .nil, count: capacity * 2)
        let links = pool.allocate(capacity * 2 * MemoryLayout<Int32>.stride).bindMemory(to: Int32.self, capacity: capacity * 2)
        links.initialize(repeating: -1, count: capacity * 2)
        return NodeStorage(keys: keys, values: keys + capacity, next: links, buckets: links + capacity,
                           capacity: capacity, used: 0)
    }

    func free(_ pool: inout BlockPool) {
        if let keys { pool.free(UnsafeMutableRawPointer(keys), capacity * 2 * MemoryLayout<LuaValue>.stride) }
        if let next { pool.free(UnsafeMutableRawPointer(next), capacity * 2 * MemoryLayout<Int32>.stride) }
    }
}

/// Bits of the array-part counting (the reference's MAXABITS) and the largest hash part
/// (2^26 nodes; the reference allows 2^30, which no memory budget can reach, and buffer sizes
/// beyond this would overflow 32-bit `Int` on wasm32).
let maxArrayBits = 31
let maxHashBits = 26
/// Largest array part (slots); larger sizes are "table overflow" (2^30 × 16 bytes could not
/// be addressed on wasm32).
let maxArraySize: UInt32 = 1 << 30

extension LuaValue {
    @inline(__always) var table: UnsafeMutablePointer<TableObject> {
        object.assumingMemoryBound(to: TableObject.self)
    }
    @inline(__always) init(_ t: UnsafeMutablePointer<TableObject>) {
        self.init(object: UnsafeMutableRawPointer(t), tag: .table)
    }
}

/// Hash of a key for the bucket array (only performance depends on it, never order).
@inline(__always)
func keyHash(_ k: LuaValue) -> UInt32 {
    switch k.tag {
    case .shortString: return k.stringObject.pointee.hash
    case .longString: return k.stringObject.hashValue
    default:
        let x = k.payload &* 0x9E37_79B9_7F4A_7C15
        return UInt32(truncatingIfNeeded: x >> 32) ^ UInt32(k.tag.rawValue)
    }
}

/// Raw key equality for normalized keys (floats with integral values are integers).
@inline(__always)
func keysEqual(_ a: LuaValue, _ b: LuaValue) -> Bool {
    if a.tag != b.tag { return false }
    if a.payload == b.payload { return true }
    // Long keys compare hashes first (both are known: the lookup hashed the key, insertion
    // hashed the node's), so keys that merely share a bucket never cost a content scan.
    guard a.tag == .longString else { return false }
    let ha: UInt32 = a.stringObject.hashValue, hb: UInt32 = b.stringObject.hashValue
    return ha == hb && a.stringObject.equalContents(b.stringObject)
}

extension UnsafeMutablePointer where Pointee == TableObject {
    // MARK: Array-part limit (ltable.c's alimit logic)

    /// True if `alimit` equals the real size of the array part.
    @inline(__always) var limitEqualsSize: Bool {
        pointee.limitIsRealSize || isPowerOfTwo(pointee.alimit)
    }

    /// The real size of the array part (luaH_realasize).
    var realArraySize: UInt32 {
        if limitEqualsSize { return pointee.alimit }
        var size = pointee.alimit
        size |= size >> 1; size |= size >> 2; size |= size >> 4; size |= size >> 8; size |= size >> 16
        return size &+ 1
    }

    /// True if the real array size is a power of two (ispow2realasize).
    var realSizeIsPowerOfTwo: Bool { !pointee.limitIsRealSize || isPowerOfTwo(pointee.alimit) }

    /// Makes `alimit` the real size again and returns it (setlimittosize).
    @discardableResult
    func setLimitToSize() -> UInt32 {
        pointee.alimit = realArraySize
        pointee.limitIsRealSize = true
        return pointee.alimit
    }

    // MARK: Lookup

    /// The slot holding the value for integer key `key`, or nil if the key is absent.
    /// May move `alimit` as the reference's luaH_getint does.
    @inline(__always)
    func slot(int key: Int64) -> UnsafeMutablePointer<LuaValue>? {
        let u = UInt64(bitPattern: key) &- 1
        if u < UInt64(pointee.alimit) { return pointee.array.unsafelyUnwrapped + Int(u) }
        return slotSlow(int: key)
    }

    func slotSlow(int key: Int64) -> UnsafeMutablePointer<LuaValue>? {
        let u = UInt64(bitPattern: key) &- 1
        if !limitEqualsSize && (UInt64(bitPattern: key) == UInt64(pointee.alimit) + 1 || u < UInt64(realArraySize)) {
            pointee.alimit = UInt32(truncatingIfNeeded: key)
            return pointee.array.unsafelyUnwrapped + Int(u)
        }
        return nodeSlot(LuaValue.integer(key))
    }

    /// The slot for a key in the hash part, or nil.
    @inline(__always)
    func nodeSlot(_ key: LuaValue) -> UnsafeMutablePointer<LuaValue>? {
        let i = nodeIndex(key)
        return i < 0 ? nil : pointee.node.values.unsafelyUnwrapped + i
    }

    /// Index of the node holding `key` (normalized), or -1.
    @inline(__always)
    func nodeIndex(_ key: LuaValue) -> Int {
        let n = pointee.node
        if n.capacity == 0 { return -1 }
        let keys = n.keys.unsafelyUnwrapped, next = n.next.unsafelyUnwrapped
        var i = Int(n.buckets.unsafelyUnwrapped[Int(truncatingIfNeeded: keyHash(key)) & (n.capacity &- 1)])
        while i >= 0 {
            if keysEqual(keys[i], key) { return i }
            i = Int(next[i])
        }
        return -1
    }

    /// The slot for a short-string key, or nil (the fast path of field access).
    @inline(__always)
    func slot(shortString key: LuaValue) -> UnsafeMutablePointer<LuaValue>? {
        let n = pointee.node
        if n.capacity == 0 { return nil }
        let keys = n.keys.unsafelyUnwrapped, next = n.next.unsafelyUnwrapped
        var i = Int(n.buckets.unsafelyUnwrapped[Int(truncatingIfNeeded: key.stringObject.pointee.hash) & (n.capacity &- 1)])
        while i >= 0 {
            if keys[i].payload == key.payload && keys[i].tag == .shortString { return n.values.unsafelyUnwrapped + i }
            i = Int(next[i])
        }
        return nil
    }

    /// Raw get with a short-string key.
    @inline(__always)
    func get(shortString key: LuaValue) -> LuaValue {
        if let s = slot(shortString: key) { return s.pointee }
        return .nil
    }

    /// The slot for any key, or nil if absent (luaH_get).
    func slot(_ key: LuaValue) -> UnsafeMutablePointer<LuaValue>? {
        switch key.tag {
        case .shortString: return slot(shortString: key)
        case .integer: return slot(int: key.integerPayload)
        case .nil_: return nil
        case .float:
            if let i = floatToIntegerExact(key.floatPayload) { return slot(int: i) }
            return nodeSlot(key)
        default: return nodeSlot(key)
        }
    }

    /// Raw get: the value for `key`, or nil.
    @inline(__always)
    func get(_ key: LuaValue) -> LuaValue {
        if let s = slot(key) { return s.pointee }
        return .nil
    }

    /// Raw get with an integer key.
    @inline(__always)
    func get(int key: Int64) -> LuaValue {
        if let s = slot(int: key) { return s.pointee }
        return .nil
    }

    // MARK: Length

    /// The border `#t` (luaH_getn), without metamethods.
    func length() -> Int64 {
        var limit = pointee.alimit
        let array = pointee.array
        if limit > 0 && array.unsafelyUnwrapped[Int(limit) - 1].isNil {
            // (1) there must be a border before 'limit'
            if limit >= 2 && !array.unsafelyUnwrapped[Int(limit) - 2].isNil {
                if realSizeIsPowerOfTwo && !isPowerOfTwo(limit - 1) {
                    pointee.alimit = limit - 1
                    pointee.limitIsRealSize = false
                }
                return Int64(limit - 1)
            } else {
                let border = arrayBinarySearch(array.unsafelyUnwrapped, 0, limit)
                if realSizeIsPowerOfTwo && border > realArraySize / 2 {
                    pointee.alimit = border
                    pointee.limitIsRealSize = false
                }
                return Int64(border)
            }
        }
        if !limitEqualsSize {
            // (2) 'limit' > 0 and the array has more elements after it
            if array.unsafelyUnwrapped[Int(limit)].isNil { return Int64(limit) }
            limit = realArraySize
            if array.unsafelyUnwrapped[Int(limit) - 1].isNil {
                let border = arrayBinarySearch(array.unsafelyUnwrapped, pointee.alimit, limit)
                pointee.alimit = border
                return Int64(border)
            }
        }
        // (3) 'limit' is the last element and either zero or present
        if pointee.node.capacity == 0 || get(int: Int64(limit) + 1).isNil { return Int64(limit) }
        return hashBorderSearch(UInt64(limit))
    }

    /// Finds a border beyond the array part, doubling then bisecting (hash_search).
    private func hashBorderSearch(_ start: UInt64) -> Int64 {
        var j = start == 0 ? 1 : start
        var i: UInt64
        repeat {
            i = j
            if j <= UInt64(Int64.max) / 2 {
                j *= 2
            } else {
                j = UInt64(Int64.max)
                if get(int: Int64.max).isNil { break }
                return Int64.max
            }
        } while !get(int: Int64(j)).isNil
        while j - i > 1 {
            let m = (i + j) / 2
            if get(int: Int64(m)).isNil { j = m } else { i = m }
        }
        return Int64(i)
    }

    // MARK: Traversal

    /// The value after `key` in traversal order (`next`): writes the next key/value and
    /// returns true, or returns false at the end. Nil if `key` is not in the table.
    func next(after key: LuaValue, nextKey: inout LuaValue, nextValue: inout LuaValue) -> Bool? {
        let asize = Int(realArraySize)
        var i: Int
        if key.isNil {
            i = 0
        } else if key.tag == .integer, UInt64(bitPattern: key.integerPayload) &- 1 < UInt64(asize) {
            i = Int(key.integerPayload)
        } else {
            var k = key
            if k.tag == .float, let n = floatToIntegerExact(k.floatPayload) { k = .integer(n) }
            var idx = nodeIndex(k)
            if idx < 0 && k.isCollectable { idx = deadNodeIndex(k) }
            if idx < 0 { return nil }
            i = idx + 1 + asize
        }
        if let array = pointee.array {
            while i < asize {
                if !array[i].isNil {
                    nextKey = .integer(Int64(i + 1))
                    nextValue = array[i]
                    return true
                }
                i += 1
            }
        }
        var j = i - asize
        let n = pointee.node
        while j < n.used {
            let v = n.values.unsafelyUnwrapped[j]
            if !v.isNil {
                nextKey = n.keys.unsafelyUnwrapped[j]
                nextValue = v
                return true
            }
            j += 1
        }
        return false
    }

    /// Index of a node whose key died (was collected) but had the address of `key`.
    private func deadNodeIndex(_ key: LuaValue) -> Int {
        let n = pointee.node
        for j in 0..<n.used where n.keys.unsafelyUnwrapped[j].tag == .deadKey
            && n.keys.unsafelyUnwrapped[j].payload == key.payload {
            return j
        }
        return -1
    }
}

/// Binary search for a border in `array[i..<j]` where `array[i-1]` is present (or i = 0)
/// and `array[j-1]` is absent (binsearch).
private func arrayBinarySearch(_ array: UnsafeMutablePointer<LuaValue>, _ lo: UInt32, _ hi: UInt32) -> UInt32 {
    var i = lo, j = hi
    while j - i > 1 {
        let m = (i + j) / 2
        if array[Int(m) - 1].isNil { j = m } else { i = m }
    }
    return i
}

@inline(__always) func isPowerOfTwo(_ x: UInt32) -> Bool { x & (x &- 1) == 0 }

/// The integer with exactly the value of `d`, if there is one (F2Ieq).
@inline(__always)
func floatToIntegerExact(_ d: Double) -> Int64? {
    // -2^63 <= d < 2^63 and integral
    if d >= -9223372036854775808.0 && d < 9223372036854775808.0 {
        let i = Int64(d)
        if Double(i) == d { return i }
    }
    return nil
}
