// Threads (the main thread and coroutines): a value stack and a stack of call frames, both in
// VM-owned buffers.
//
// Frames refer to stack slots by index, never by address, so growing the stack only has to
// re-point open upvalues. Stack sizes and growth follow the reference (ldo.c): a Lua call
// reserves its `maxStackSize` registers, a native call 20 slots, and the stack may not pass
// 1,000,000 slots ("stack overflow", catchable), with 200 extra slots to handle that error.

/// Limits of the value stack (the reference's values).
enum StackLimits {
    static let maxStack = 1_000_000
    static let errorStackSize = maxStack + 200
    static let minStack = 20
    static let basicSize = 2 * minStack
    static let extra = 5
}

/// Status flags of a call frame.
struct FrameStatus: OptionSet {
    let rawValue: UInt16
    /// `OptionSet`'s `contains`, kept inline. The interpreter loop is too large for the native
    /// optimizer to inline the generic one, which left a call on every Lua return: 4.2% of
    /// `fib`'s instructions (callgrind). Spelling out `min`/`max` there as well made the
    /// loop's code worse, not better (+4 to +14% instructions), so only this one is here.
    @inline(__always) func contains(_ member: FrameStatus) -> Bool { rawValue & member.rawValue == member.rawValue }
    /// A Lua function (otherwise a native one, or the thread's base frame).
    static let lua = FrameStatus(rawValue: 1 << 0)
    /// Returning from this frame ends the current `execute` invocation.
    static let fresh = FrameStatus(rawValue: 1 << 1)
    /// A `pcall`/`xpcall` frame: errors below it are caught here.
    static let protected = FrameStatus(rawValue: 1 << 2)
    /// An `xpcall` frame (its message handler is at `function + 1`).
    static let xpcall = FrameStatus(rawValue: 1 << 3)
    /// The function was called by a tail call.
    static let tail = FrameStatus(rawValue: 1 << 4)
    /// A pending `a <= b` evaluated as `not (b < a)` (result to be negated).
    static let leq = FrameStatus(rawValue: 1 << 5)
    /// A `coroutine.resume` frame waiting for its coroutine.
    static let resume = FrameStatus(rawValue: 1 << 6)
    /// A `coroutine.wrap` function frame waiting for its coroutine.
    static let wrap = FrameStatus(rawValue: 1 << 7)
    /// The `coroutine.yield` frame of a suspended coroutine.
    static let yield = FrameStatus(rawValue: 1 << 8)
    /// A native function that may not yield (a call back into Lua from a native function).
    static let native = FrameStatus(rawValue: 1 << 9)
    /// The frame counts one level toward the 200 nested "C calls" (a metamethod, the
    /// function run by `pcall`; iterators have `.iterator`); popping it gives the level back.
    static let cLevel = FrameStatus(rawValue: 1 << 10)
    /// A `pairs` frame waiting for its `__pairs` metamethod (which may yield, as with the
    /// reference's `lua_callk`): the metamethod's first three results become its own.
    static let pairs = FrameStatus(rawValue: 1 << 11)
    /// A `pcall`/`xpcall` frame closing to-be-closed variables after an error: the error
    /// value waits in the slot below the called function's (see `continueErrorClose`).
    static let closing = FrameStatus(rawValue: 1 << 12)
    /// A `dofile` frame waiting for the chunk it loaded (which may yield, as with the
    /// reference's `lua_callk`): all the chunk's results become its own.
    static let dofile = FrameStatus(rawValue: 1 << 14)
    /// This frame is running a `__gc` finalizer (called above it; the reference's CIST_FIN).
    static let finalizer = FrameStatus(rawValue: 1 << 13)
    /// The iterator of a generic `for`, called by OP_TFORCALL: counts one level toward the
    /// nested "C calls", as `.cLevel` does (luaD_call), and its results land where the loop
    /// reads them, so its return needs no `finishOp`. (A bit of its own rather than
    /// `.cLevel` plus a marker: the interpreter's fast returns test it with one mask.)
    static let iterator = FrameStatus(rawValue: 1 << 15)
    /// A Lua iterator's frame, as OP_TFORCALL pushes it.
    static let luaIterator = FrameStatus(rawValue: 1 << 0 | 1 << 15)
    /// The frame counts one level toward the nested "C calls" (`.cLevel` or `.iterator`).
    @inline(__always) var countsNativeLevel: Bool { rawValue & (1 << 10 | 1 << 15) != 0 }
    /// A Lua frame whose return only moves its results into a Lua caller's registers: a
    /// plain call's (`.lua`, perhaps `.tail`) or a generic `for`'s iterator (which also
    /// gives back its level): the interpreter's fast returns.
    @inline(__always) var returnsInPlace: Bool {
        rawValue & ~(1 << 4 | 1 << 15) == 1 << 0  // (not .tail, not .iterator: .lua alone)
    }
}

/// One activation record.
struct CallFrame {
    /// Stack index of the function being run (its registers start right after it).
    var function: Int
    /// Stack index one past the last slot this frame may use.
    var top: Int
    /// Index of the next instruction to run (Lua frames).
    var savedPC: Int
    /// Results the caller wants (-1: all of them).
    var wantedResults: Int32
    var status: FrameStatus
    /// Vararg functions: number of extra arguments (stored below the function).
    var extraArgs: Int32
    /// Values pending for a frame that returns in several steps (e.g. closing variables).
    var pendingResults: Int32
    /// pcall/xpcall frames: the thread's native-call count when the call started.
    var savedNativeCalls: Int32 = 0
}

/// Coroutine status.
enum ThreadStatus: UInt8 {
    /// Created, not started, or suspended in `yield`, or running/normal: see `isActive`.
    case ok, suspended, dead
}

/// A thread: the main one or a coroutine.
struct ThreadObject {
    var marked: Bool
    var status: ThreadStatus
    /// True while this thread is running or resuming another (not resumable).
    var isActive: Bool
    var id: Int64
    var stack: UnsafeMutablePointer<LuaValue>
    /// Usable stack size (the buffer has `StackLimits.extra` more slots).
    var stackSize: Int
    /// First free stack slot.
    var top: Int
    var frames: UnsafeMutablePointer<CallFrame>
    var frameCapacity: Int
    /// Number of frames; the current one is `frames[frameCount - 1]`; frame 0 is the base.
    var frameCount: Int
    var openUpvalues: UnsafeMutablePointer<UpvalueObject>?
    /// Stack indices of pending to-be-closed variables, innermost last.
    var toBeClosed: [Int]
    /// Nested native calls ("C calls") on this thread, for the 200-level limit.
    var nativeCalls: Int32
    /// Nested non-yieldable calls (a yield needs zero).
    var nonYieldable: Int32
    /// The thread that resumed this one while it runs.
    var resumer: UnsafeMutablePointer<ThreadObject>?
    /// The error value that killed the coroutine, if one did.
    var deathError: LuaValue?
    /// The debug hook (Hooks.swift).
    var hook = HookState()
}

extension LuaValue {
    @inline(__always) var thread: UnsafeMutablePointer<ThreadObject> {
        object.assumingMemoryBound(to: ThreadObject.self)
    }
    @inline(__always) init(_ t: UnsafeMutablePointer<ThreadObject>) {
        self.init(object: UnsafeMutableRawPointer(t), tag: .thread)
    }
}

extension LuaState {
    /// Creates a thread with a base frame (its function slot, stack index 0, holds nil).
    func newThread() throws(LuaError) -> UnsafeMutablePointer<ThreadObject> {
        let size = StackLimits.basicSize
        try charge(MemoryCost.thread + Int64(size + StackLimits.extra) * MemoryCost.stackSlot + 8 * MemoryCost.callFrame)
        let stack = UnsafeMutablePointer<LuaValue>.allocate(capacity: size + StackLimits.extra)
        stack.initialize(repeating: .nil, count: size + StackLimits.extra)
        let frames = UnsafeMutablePointer<CallFrame>.allocate(capacity: 8)
        frames.initialize(to: CallFrame(function: 0, top: 1 + StackLimits.minStack, savedPC: 0, wantedResults: 0,
                                        status: [], extraArgs: 0, pendingResults: 0))
        let t = UnsafeMutablePointer<ThreadObject>.allocate(capacity: 1)
        t.initialize(to: ThreadObject(marked: false, status: .ok, isActive: false, id: nextObjectID(), stack: stack,
                                      stackSize: size, top: 1, frames: frames, frameCapacity: 8, frameCount: 1,
                                      openUpvalues: nil, toBeClosed: [], nativeCalls: 0, nonYieldable: 0,
                                      resumer: nil, deathError: nil))
        register(UnsafeMutableRawPointer(t), .thread)
        return t
    }

    /// Makes sure `n` more slots are available above the thread's top (luaD_checkstack).
    @inline(__always)
    func ensureStack(_ th: UnsafeMutablePointer<ThreadObject>, _ n: Int) throws(LuaError) {
        if th.pointee.stackSize - th.pointee.top <= n { try growStack(th, n) }
    }

    /// Grows the stack by at least `n` slots (luaD_growstack).
    func growStack(_ th: UnsafeMutablePointer<ThreadObject>, _ n: Int) throws(LuaError) {
        let size = th.pointee.stackSize
        if size > StackLimits.maxStack {
            // Already using the extra space to handle a stack overflow.
            throw errorInErrorHandling()
        }
        var newSize = 2 * size
        let needed = th.pointee.top + n
        if newSize > StackLimits.maxStack { newSize = StackLimits.maxStack }
        if newSize < needed { newSize = needed }
        if newSize <= StackLimits.maxStack {
            try reallocStack(th, newSize)
        } else {
            try reallocStack(th, StackLimits.errorStackSize)
            throw runtimeError("stack overflow")
        }
    }

    /// Moves the stack to a buffer of `newSize` (+ extra) slots and re-points open upvalues.
    func reallocStack(_ th: UnsafeMutablePointer<ThreadObject>, _ newSize: Int) throws(LuaError) {
        let oldSize = th.pointee.stackSize
        try charge(Int64(newSize - oldSize) * MemoryCost.stackSlot)
        let newStack = UnsafeMutablePointer<LuaValue>.allocate(capacity: newSize + StackLimits.extra)
        let keep = min(oldSize, newSize) + StackLimits.extra
        newStack.moveInitialize(from: th.pointee.stack, count: keep)
        (newStack + keep).initialize(repeating: .nil, count: newSize + StackLimits.extra - keep)
        th.pointee.stack.deallocate()
        th.pointee.stack = newStack
        th.pointee.stackSize = newSize
        var uv = th.pointee.openUpvalues
        while let u = uv {
            u.pointee.value = newStack + u.pointee.stackIndex
            uv = u.pointee.openNext
        }
    }

    /// Shrinks a stack that grew for an overflow back to a reasonable size (luaD_shrinkstack).
    func shrinkStack(_ th: UnsafeMutablePointer<ThreadObject>) {
        var inUse = th.pointee.top
        for i in 0..<th.pointee.frameCount where th.pointee.frames[i].top > inUse { inUse = th.pointee.frames[i].top }
        inUse += 1
        if inUse < StackLimits.minStack { inUse = StackLimits.minStack }
        var newSize = inUse * 2
        var maxSize = inUse * 3
        if maxSize > StackLimits.maxStack {
            maxSize = StackLimits.maxStack
            if newSize > StackLimits.maxStack { newSize = StackLimits.maxStack }
        }
        if inUse <= StackLimits.maxStack && th.pointee.stackSize > maxSize {
            // Shrinking never exceeds the budget.
            try? reallocStack(th, newSize)
        }
    }

    /// Pushes a new call frame and returns its index.
    @inline(__always)
    func pushFrame(_ th: UnsafeMutablePointer<ThreadObject>, _ frame: CallFrame) throws(LuaError) -> Int {
        let i = th.pointee.frameCount
        if i == th.pointee.frameCapacity { try growFrames(th) }
        (th.pointee.frames + i).pointee = frame  // trivial type: assignment initializes
        th.pointee.frameCount = i + 1
        return i
    }

    private func growFrames(_ th: UnsafeMutablePointer<ThreadObject>) throws(LuaError) {
        let cap = th.pointee.frameCapacity
        if cap >= Int(g.pointee.budgets.callDepth) { throw budgetExceeded(.callDepth) }
        let newCap = min(cap * 2, Int(g.pointee.budgets.callDepth) + 1)
        try charge(Int64(newCap - cap) * MemoryCost.callFrame)
        let n = UnsafeMutablePointer<CallFrame>.allocate(capacity: newCap)
        n.moveInitialize(from: th.pointee.frames, count: th.pointee.frameCount)
        th.pointee.frames.deallocate()
        th.pointee.frames = n
        th.pointee.frameCapacity = newCap
    }

    /// Finds or creates the open upvalue for stack slot `index` (luaF_findupval).
    func findUpvalue(_ th: UnsafeMutablePointer<ThreadObject>, _ index: Int) throws(LuaError) -> UnsafeMutablePointer<UpvalueObject> {
        var prev: UnsafeMutablePointer<UpvalueObject>? = nil
        var p = th.pointee.openUpvalues
        while let u = p, u.pointee.stackIndex >= index {
            if u.pointee.stackIndex == index { return u }
            prev = u
            p = u.pointee.openNext
        }
        let u = try newClosedUpvalue(.nil)
        u.pointee.isOpen = true
        u.pointee.stackIndex = index
        u.pointee.value = th.pointee.stack + index
        u.pointee.openNext = p
        if let prev { prev.pointee.openNext = u } else { th.pointee.openUpvalues = u }
        return u
    }

    /// Closes the open upvalues at stack index `level` or above (luaF_closeupval).
    @inline(__always)
    func closeUpvalues(_ th: UnsafeMutablePointer<ThreadObject>, from level: Int) {
        while let u = th.pointee.openUpvalues, u.pointee.stackIndex >= level {
            th.pointee.openUpvalues = u.pointee.openNext
            let slot = u.closedSlot
            slot.pointee = u.pointee.value.pointee
            u.pointee.value = slot
            u.pointee.isOpen = false
            u.pointee.openNext = nil
        }
    }
}

/// Frees a thread (its open upvalues must have been closed or unlinked by the collector).
func freeThread(_ t: UnsafeMutablePointer<ThreadObject>) -> Int64 {
    let cost = MemoryCost.thread + Int64(t.pointee.stackSize + StackLimits.extra) * MemoryCost.stackSlot
        + Int64(t.pointee.frameCapacity) * MemoryCost.callFrame
    t.pointee.stack.deinitialize(count: t.pointee.stackSize + StackLimits.extra)
    t.pointee.stack.deallocate()
    t.pointee.frames.deinitialize(count: t.pointee.frameCount)
    t.pointee.frames.deallocate()
    t.deinitialize(count: 1)
    t.deallocate()
    return cost
}
