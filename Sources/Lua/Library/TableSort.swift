// table.sort: the reference's quicksort (ltablib.c of Lua 5.4.4, after Sedgewick), step for
// step, so that a comparator sees the same calls in the same order and an invalid order
// function is detected ("invalid order function for sorting") exactly where lua5.4 detects it.
//
// Like the reference, values being moved live on the Lua stack (pushed by `geti`, popped by
// `seti`), never only in Swift variables: a comparator or metamethod may run the collector
// and may even remove the values from the table.
//
// The one deliberate difference: when a partition comes out very unbalanced, the reference
// picks later pivots with a "random" number from clock() and time(). Tandem must be
// deterministic, so `randomizePivot` derives that number from the interval bounds and how
// many times this sort has randomized so far (a fixed 64-bit mix). Arrays below 100
// elements, and sorts whose partitions stay balanced, are unaffected: there the order of
// comparisons is identical to lua5.4's.

enum TableSort {
    /// `table.sort(t [, comp])`.
    static func sort(_ L: LuaState) throws(LuaError) -> Int {
        let n = try TableLibrary.checkedLength(L, 1, [.read, .write])
        if n > 1 {
            if n >= Int64(Int32.max) { throw L.argumentError(1, "array too big") }
            if !L.argument(2).isNil { try L.checkType(2, .function) }
            try L.setTop(2)
            var sorter = Sorter(L: L, th: L.thread, table: L.argument(1), comparator: L.argument(2))
            try sorter.sort(1, n)
        }
        return 0
    }
}

/// Arrays smaller than this always use the middle element as pivot (RANLIMIT).
private let randomPivotLimit: Int64 = 100

/// The state of one `table.sort` call. Indices are Int64 holding the reference's 32-bit
/// unsigned values (the array has fewer than 2^31 elements), so no arithmetic overflows.
private struct Sorter {
    let L: LuaState
    let th: UnsafeMutablePointer<ThreadObject>
    /// Argument 1 and 2 of the frame (so both stay anchored).
    let table: LuaValue
    let comparator: LuaValue
    /// How many times this sort asked for a new pivot randomization.
    var randomizations: UInt64 = 0

    // MARK: Stack discipline (lua_geti / lua_seti / lua_pop of the reference)

    /// Pushes `t[i]`.
    @inline(__always)
    func geti(_ i: Int64) throws(LuaError) {
        let v = try TableLibrary.geti(L, table, i)
        if th.pointee.top >= th.pointee.stackSize { try L.growStack(th, 1) }
        th.pointee.stack[th.pointee.top] = v
        th.pointee.top += 1
    }

    /// Pushes a copy of the value `offset` places below the top (-1 = top).
    @inline(__always)
    func pushValue(_ offset: Int) throws(LuaError) {
        let v = th.pointee.stack[th.pointee.top + offset]
        if th.pointee.top >= th.pointee.stackSize { try L.growStack(th, 1) }
        th.pointee.stack[th.pointee.top] = v
        th.pointee.top += 1
    }

    /// Pops the top value into `t[i]`.
    @inline(__always)
    func seti(_ i: Int64) throws(LuaError) {
        // Stays on the stack while a `__newindex` may run.
        try TableLibrary.seti(L, table, i, th.pointee.stack[th.pointee.top - 1])
        th.pointee.top -= 1
    }

    /// `t[i] = pop(); t[j] = pop()`.
    @inline(__always)
    func set2(_ i: Int64, _ j: Int64) throws(LuaError) {
        try seti(i)
        try seti(j)
    }

    @inline(__always)
    func pop(_ n: Int) { th.pointee.top -= n }

    /// Whether the value at stack offset `a` sorts before the one at `b` (sort_comp): the
    /// comparator, or `<` with metamethods. One step per comparison.
    @inline(__always)
    func less(_ a: Int, _ b: Int) throws(LuaError) -> Bool {
        try L.chargeElements(1)
        let x = th.pointee.stack[th.pointee.top + a], y = th.pointee.stack[th.pointee.top + b]
        if comparator.isNil {
            if let r = try L.primitiveLess(x, y) { return r }
            return try L.lessThan(x, y)
        }
        try L.ensureStack(th, 3)
        let top = th.pointee.top
        th.pointee.stack[top] = comparator
        th.pointee.stack[top + 1] = x
        th.pointee.stack[top + 2] = y
        th.pointee.top = top + 3
        try L.call(arguments: 2, results: 1)
        th.pointee.top -= 1
        return !th.pointee.stack[th.pointee.top].isFalsy
    }

    func invalidOrder() -> LuaError { L.error("invalid order function for sorting") }

    // MARK: The algorithm

    /// A new "random" number for pivot choice (l_randomizePivot), deterministic: a
    /// splitmix64-style mix of the interval and of the number of earlier randomizations.
    mutating func randomizePivot(_ lo: Int64, _ up: Int64) -> UInt32 {
        randomizations &+= 1
        var x = (UInt64(truncatingIfNeeded: lo) << 32 | UInt64(truncatingIfNeeded: up) & 0xFFFF_FFFF)
            ^ (randomizations &* 0x9E37_79B9_7F4A_7C15)
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        x ^= x >> 31
        return UInt32(truncatingIfNeeded: x >> 32)
    }

    /// A pivot in the middle half of [lo, up], chosen by `rnd` (choosePivot).
    func choosePivot(_ lo: Int64, _ up: Int64, _ rnd: UInt32) -> Int64 {
        let r4 = (up - lo) / 4
        return Int64(rnd) % (r4 * 2) + (lo + r4)
    }

    mutating func sort(_ lo: Int64, _ up: Int64) throws(LuaError) {
        try auxsort(lo, up, 0)
    }

    /// Sorts [lo, up], recursing into the smaller part and looping on the larger one, so the
    /// recursion depth stays below 32 (auxsort).
    mutating func auxsort(_ loIn: Int64, _ upIn: Int64, _ rndIn: UInt32) throws(LuaError) {
        var lo = loIn, up = upIn, rnd = rndIn
        while lo < up {
            // Sort a[lo], a[up].
            try geti(lo)
            try geti(up)
            if try less(-1, -2) { try set2(lo, up) } else { pop(2) }
            if up - lo == 1 { return }
            var p: Int64
            if up - lo < randomPivotLimit || rnd == 0 {
                p = (lo + up) / 2
            } else {
                p = choosePivot(lo, up, rnd)
            }
            // Sort a[p] against a[lo] and a[up].
            try geti(p)
            try geti(lo)
            if try less(-2, -1) {
                try set2(p, lo)
            } else {
                pop(1)
                try geti(up)
                if try less(-1, -2) { try set2(p, up) } else { pop(2) }
            }
            if up - lo == 2 { return }
            // The pivot goes to a[up - 1]; a copy stays on the stack for the partition.
            try geti(p)
            try pushValue(-1)
            try geti(up - 1)
            try set2(p, up - 1)
            p = try partition(lo, up)
            let smaller: Int64
            if p - lo < up - p {
                try auxsort(lo, p - 1, rnd)
                smaller = p - lo
                lo = p + 1
            } else {
                try auxsort(p + 1, up, rnd)
                smaller = up - p
                up = p - 1
            }
            // Unbalanced partition: randomize. (The difference is computed as the
            // reference's unsigned int, which wraps when the interval became empty.)
            if Int64(UInt32(truncatingIfNeeded: up - lo) / 128) > smaller {
                rnd = randomizePivot(lo, up)
            }
        }
    }

    /// Partitions [lo, up] around the pivot P on top of the stack, with a[lo] <= P == a[up-1]
    /// <= a[up]; returns P's final index (partition).
    func partition(_ lo: Int64, _ up: Int64) throws(LuaError) -> Int64 {
        var i = lo, j = up - 1
        while true {
            // Repeat ++i while a[i] < P.
            while true {
                i += 1
                try geti(i)
                if !(try less(-1, -2)) { break }
                if i == up - 1 { throw invalidOrder() }
                pop(1)
            }
            // Repeat --j while P < a[j].
            while true {
                j -= 1
                try geti(j)
                if !(try less(-3, -1)) { break }
                if j < i { throw invalidOrder() }
                pop(1)
            }
            if j < i {
                pop(1)  // a[j]
                try set2(up - 1, i)  // swap the pivot with a[i]
                return i
            }
            try set2(i, j)
        }
    }
}
