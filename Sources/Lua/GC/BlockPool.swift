// Size-class free lists for the VM's small blocks (the role the reference leaves to its
// allocator, l_alloc over malloc).
//
// The collector frees a whole cycle's garbage at once; handed to malloc, thousands of small
// blocks overflow its per-thread caches and the next cycle's allocations take its slow path
// (binary_trees spent 30% of its time in malloc/free). Blocks of up to `maxPooledSize` bytes
// are therefore kept on one free list per 16-byte size class and reused by the next
// allocations of that class. Only real memory is affected: the accounting (`charge`,
// MemoryCost units) is unchanged. The lists hold at most `maxPooledBytes`, so real memory
// stays within a constant of the live heap.

/// Free lists of small blocks, one per 16-byte size class. A free block's first word links
/// it to the next free block of its class.
struct BlockPool {
    /// Largest block size that is pooled.
    static let maxPooledSize = 256
    /// Most bytes kept on the free lists; blocks freed beyond it go back to the system.
    static let maxPooledBytes = 8 << 20
    static let classCount = maxPooledSize / 16

    private var heads: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private var pooledBytes = 0

    init() {
        heads = .allocate(capacity: Self.classCount)
        heads.initialize(repeating: nil, count: Self.classCount)
    }

    /// A block of at least `byteCount` bytes, aligned to 8.
    @inline(__always)
    mutating func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer {
        guard byteCount <= Self.maxPooledSize else { return .allocate(byteCount: byteCount, alignment: 8) }
        let c = max(byteCount &- 1, 0) >> 4
        if let p = heads[c] {
            heads[c] = p.load(as: UnsafeMutableRawPointer?.self)
            pooledBytes &-= (c &+ 1) << 4
            return p
        }
        return .allocate(byteCount: (c &+ 1) << 4, alignment: 8)
    }

    /// Returns a block obtained from `allocate` with the same `byteCount`.
    @inline(__always)
    mutating func free(_ p: UnsafeMutableRawPointer, _ byteCount: Int) {
        guard byteCount <= Self.maxPooledSize, pooledBytes < Self.maxPooledBytes else { p.deallocate(); return }
        let c = max(byteCount &- 1, 0) >> 4
        p.storeBytes(of: heads[c], as: UnsafeMutableRawPointer?.self)
        heads[c] = p
        pooledBytes &+= (c &+ 1) << 4
    }

    /// Gives every pooled block back to the system (when the state is destroyed).
    func drain() {
        for c in 0..<Self.classCount {
            var p = heads[c]
            while let block = p {
                p = block.load(as: UnsafeMutableRawPointer?.self)
                block.deallocate()
            }
        }
        heads.deallocate()
    }
}
