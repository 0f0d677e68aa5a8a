// Lua strings: immutable byte sequences in the VM heap.
//
// As in the reference, strings up to 40 bytes ("short") are interned, so two equal short
// strings are the same object and compare by address; longer strings are created without
// interning, compared by content, and hashed only when first used as a table key. The hash
// is the reference's shift-add-xor over every byte with a fixed seed: deterministic on all
// targets (table iteration order does not depend on it anyway, see Table.swift).
//
// Unlike the reference's chained string table (lstring.c), the intern table is open-addressed
// and keeps each string's hash beside its pointer: interning is 17–30% of the string-heavy
// benchmarks, nearly all of it cache misses on the bucket and on every chained string. Now a
// lookup that misses (most of them: new strings) reads only the slot array, and growing it
// never touches the strings. The table is not charged to the memory budget, so documents do
// not depend on its layout.

/// Header of a string object; `count` bytes (plus a terminating zero) follow it in memory.
struct StringObject {
    var marked: Bool
    var isShort: Bool
    var hasHash: Bool
    var hash: UInt32
    var count: Int
    /// The per-run object number `%p` shows for this string, 0 until first asked for.
    /// Numbers come from the counter that numbers tables and functions, but only on demand,
    /// so creating strings leaves the numbers `tostring` shows unchanged.
    var id: Int64

    /// Longest string that is interned (the reference's LUAI_MAXSHORTLEN).
    static let maxShortLength = 40
    /// Offset of the bytes from the start of the object.
    static let bytesOffset = (MemoryLayout<StringObject>.stride + 7) & ~7
}

/// The fixed seed of the string hash.
let stringHashSeed: UInt32 = 0x2545_F491

/// The reference's string hash (luaS_hash) over `count` bytes.
@inline(__always)
func hashBytes(_ p: UnsafeRawPointer, _ count: Int) -> UInt32 {
    var h = stringHashSeed ^ UInt32(truncatingIfNeeded: count)
    var i = count
    while i > 0 {
        h ^= (h << 5) &+ (h >> 2) &+ UInt32(p.load(fromByteOffset: i - 1, as: UInt8.self))
        i -= 1
    }
    return h
}

extension UnsafeMutablePointer where Pointee == StringObject {
    /// The string's bytes.
    @inline(__always) var bytes: UnsafeMutablePointer<UInt8> {
        (UnsafeMutableRawPointer(self) + StringObject.bytesOffset).assumingMemoryBound(to: UInt8.self)
    }
    /// The string's bytes as a buffer.
    @inline(__always) var buffer: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: bytes, count: pointee.count)
    }
    /// The string's hash, computed on first use for long strings.
    @inline(__always) var hashValue: UInt32 {
        if pointee.hasHash { return pointee.hash }
        let h = hashBytes(UnsafeRawPointer(bytes), pointee.count)
        pointee.hash = h
        pointee.hasHash = true
        return h
    }
    /// True if both strings have the same bytes.
    func equalContents(_ other: UnsafeMutablePointer<StringObject>) -> Bool {
        if self == other { return true }
        let n = pointee.count
        if n != other.pointee.count { return false }
        return memoryEqual(bytes, other.bytes, n)
    }
}

/// Copies `n` bytes from `src` to `dst` (the regions may overlap). Raw `copyMemory` is one
/// `memmove`; the typed `update(from:count:)` is an element-by-element loop in the Embedded
/// wasm build (a third of the stream validator's time there, and most of string concatenation's).
@inline(__always)
func copyBytes(_ dst: UnsafeMutablePointer<UInt8>, _ src: UnsafePointer<UInt8>, _ n: Int) {
    UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: n)
}

/// Byte-wise equality of two buffers of length `n`.
@inline(__always)
func memoryEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i + 8 <= n {
        if UnsafeRawPointer(a).loadUnaligned(fromByteOffset: i, as: UInt64.self)
            != UnsafeRawPointer(b).loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
        i += 8
    }
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

/// The length of the common prefix of two buffers of at least `n` bytes (`n` when the first
/// `n` bytes agree). Eight bytes at a time; the first differing byte of a word is found from
/// the XOR's trailing zeros, both targets being little-endian. The result is what the cost
/// model charges for a comparison (bytes examined), the same on every target.
@inline(__always)
func commonPrefixLength(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Int {
    var i = 0
    while i + 8 <= n {
        let x = UnsafeRawPointer(a).loadUnaligned(fromByteOffset: i, as: UInt64.self)
        let y = UnsafeRawPointer(b).loadUnaligned(fromByteOffset: i, as: UInt64.self)
        if x != y { return i + (UInt64(littleEndian: x) ^ UInt64(littleEndian: y)).trailingZeroBitCount / 8 }
        i += 8
    }
    while i < n {
        if a[i] != b[i] { return i }
        i += 1
    }
    return n
}

/// Lexicographic byte comparison (the reference uses strcoll in the "C" locale, which is
/// byte order): negative, zero or positive, and the bytes examined (the common prefix).
func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> (order: Int, examined: Int) {
    let n = min(a.count, b.count)
    let p = n == 0 ? 0 : commonPrefixLength(a.baseAddress.unsafelyUnwrapped, b.baseAddress.unsafelyUnwrapped, n)
    if p < n { return (a[p] < b[p] ? -1 : 1, p) }
    return (a.count == b.count ? 0 : (a.count < b.count ? -1 : 1), p)
}

extension LuaValue {
    @inline(__always) var stringObject: UnsafeMutablePointer<StringObject> {
        object.assumingMemoryBound(to: StringObject.self)
    }
    @inline(__always) init(_ s: UnsafeMutablePointer<StringObject>) {
        self.init(object: UnsafeMutableRawPointer(s), tag: s.pointee.isShort ? .shortString : .longString)
    }
}

/// The intern table of short strings: open addressing with linear probing, at most half full.
/// A slot holds a string and its hash; an empty slot has no string. Removal shifts the
/// following slots back (no tombstones), so every probe ends at an empty slot.
struct StringTable {
    struct Slot {
        var string: UnsafeMutablePointer<StringObject>?
        var hash: UInt32
    }
    var slots: UnsafeMutablePointer<Slot>
    /// Number of slots, a power of two.
    var size: Int
    /// Number of strings.
    var count: Int

    init() {
        size = 256
        count = 0
        slots = .allocate(capacity: size)
        slots.initialize(repeating: Slot(string: nil, hash: 0), count: size)
    }

    /// The slot where a probe for `hash` starts.
    @inline(__always) func home(_ hash: UInt32) -> Int { Int(truncatingIfNeeded: hash) & (size - 1) }

    /// Adds a string that is not in the table (growing it first when it would be over half full).
    mutating func insert(_ str: UnsafeMutablePointer<StringObject>, hash: UInt32) {
        if 2 * (count + 1) > size { grow() }
        var i = home(hash)
        while slots[i].string != nil { i = (i + 1) & (size - 1) }
        slots[i] = Slot(string: str, hash: hash)
        count += 1
    }

    /// Doubles the slot array; the hashes in the slots place every string again.
    mutating func grow() {
        let old = slots, oldSize = size
        size *= 2
        slots = .allocate(capacity: size)
        slots.initialize(repeating: Slot(string: nil, hash: 0), count: size)
        for k in 0..<oldSize where old[k].string != nil {
            var i = home(old[k].hash)
            while slots[i].string != nil { i = (i + 1) & (size - 1) }
            slots[i] = old[k]
        }
        old.deallocate()
    }

    /// Removes a string that is about to be freed (nothing for long strings, which are not
    /// interned): empties its slot, then moves back each following string whose probe would
    /// otherwise pass the emptied slot.
    mutating func remove(_ str: UnsafeMutablePointer<StringObject>) {
        guard str.pointee.isShort else { return }
        let mask = size - 1
        var hole = home(str.pointee.hash)
        while let s = slots[hole].string, s != str { hole = (hole + 1) & mask }
        guard slots[hole].string != nil else { return }
        var j = (hole + 1) & mask
        while slots[j].string != nil {
            // The string at j may fill the hole if its probe starts at or before the hole.
            if (j &- home(slots[j].hash)) & mask >= (j &- hole) & mask {
                slots[hole] = slots[j]
                hole = j
            }
            j = (j + 1) & mask
        }
        slots[hole] = Slot(string: nil, hash: 0)
        count -= 1
    }

    func free() { slots.deallocate() }
}

extension LuaState {
    /// Creates (or finds the interned) Lua string with the given bytes.
    public func newString(_ bytes: UnsafeBufferPointer<UInt8>) throws(LuaError) -> LuaValue {
        if bytes.count <= StringObject.maxShortLength {
            return LuaValue(try internString(bytes))
        }
        let s = try allocateString(count: bytes.count, short: false)
        if let base = bytes.baseAddress { copyBytes(s.bytes, base, bytes.count) }
        return LuaValue(s)
    }

    /// Creates a Lua string from a byte array.
    public func newString(_ bytes: [UInt8]) throws(LuaError) -> LuaValue {
        var result = LuaValue.nil
        var failure: LuaError? = nil
        bytes.withUnsafeBufferPointer { buf in
            do throws(LuaError) { result = try newString(buf) } catch { failure = error }
        }
        if let failure { throw failure }
        return result
    }

    /// Creates a Lua string from a static (ASCII) string.
    public func newString(_ s: StaticString) throws(LuaError) -> LuaValue {
        try newString(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Creates a string of `count` bytes filled by `fill` (which must write every byte).
    /// Avoids an intermediate copy for long results such as concatenations.
    func newString(count: Int, fill: (UnsafeMutablePointer<UInt8>) -> Void) throws(LuaError) -> LuaValue {
        if count <= StringObject.maxShortLength {
            var tmp = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            return try withUnsafeMutableBytes(of: &tmp) { raw throws(LuaError) -> LuaValue in
                let p = raw.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt8.self)
                fill(p)
                return LuaValue(try internString(UnsafeBufferPointer(start: p, count: count)))
            }
        }
        let s = try allocateString(count: count, short: false)
        fill(s.bytes)
        return LuaValue(s)
    }

    /// Finds or creates the interned short string with these bytes.
    func internString(_ bytes: UnsafeBufferPointer<UInt8>) throws(LuaError) -> UnsafeMutablePointer<StringObject> {
        let n = bytes.count
        let h: UInt32
        if let base = bytes.baseAddress { h = hashBytes(UnsafeRawPointer(base), n) } else { h = hashBytes(UnsafeRawPointer(bitPattern: 8).unsafelyUnwrapped, 0) }
        let table = g.pointee.strings
        let mask = table.size - 1
        var i = table.home(h)
        while let str = table.slots[i].string {
            if table.slots[i].hash == h && str.pointee.count == n
                && (n == 0 || memoryEqual(str.bytes, bytes.baseAddress.unsafelyUnwrapped, n)) {
                // A string found dead but not yet swept cannot exist: sweeping happens
                // right after marking, atomically.
                return str
            }
            i = (i + 1) & mask
        }
        let str = try allocateString(count: n, short: true)
        if let base = bytes.baseAddress { copyBytes(str.bytes, base, n) }
        str.pointee.hash = h
        str.pointee.hasHash = true
        g.pointee.strings.insert(str, hash: h)  // probes again: allocating may have changed the table
        return str
    }

    /// Allocates an uninitialized string object of `count` bytes and registers it.
    func allocateString(count: Int, short: Bool) throws(LuaError) -> UnsafeMutablePointer<StringObject> {
        try charge(MemoryCost.stringHeader + Int64(count) + 1)
        let raw = g.pointee.pool.allocate(StringObject.bytesOffset + count + 1)
        let s = raw.bindMemory(to: StringObject.self, capacity: 1)
        s.initialize(to: StringObject(marked: false, isShort: short, hasHash: false, hash: 0, count: count, id: 0))
        s.bytes[count] = 0
        register(raw, .string)
        return s
    }
}

/// Frees a string object.
func freeString(_ s: UnsafeMutablePointer<StringObject>, _ g: UnsafeMutablePointer<GlobalState>) -> Int64 {
    let count = s.pointee.count
    let cost = MemoryCost.stringHeader + Int64(count) + 1
    s.deinitialize(count: 1)
    g.pointee.pool.free(UnsafeMutableRawPointer(s), StringObject.bytesOffset + count + 1)
    return cost
}
