// Debug hooks (the reference's ldebug.c luaG_traceexec and ldo.c luaD_hook/rethook), as
// `debug.sethook` exposes them: "call", "return", "line" and "count" events, per thread.
//
// They cost nothing while no hook is set: the loop looks at the thread's hook mask only
// when it reloads its cached state. A hooked thread lowers its step checkpoint to every
// instruction, so each instruction passes through that reload, where `traceExec` fires the
// call (function entry), count and line events. Return events fire where frames return
// (Lua returns, native functions, a resumed yield); call events of native functions where
// they start. The hook function runs as a call from native code (it cannot yield), with
// hooks off on its thread meanwhile; its frame is named "hook '?'", as in the reference.
// Returns of pcall, xpcall, resume and wrap frames fire their return events where those
// frames complete (Calls.swift, Protected.swift, Coroutines.swift).

/// The hook of one thread.
struct HookState {
    static let call: UInt8 = 1, ret: UInt8 = 2, line: UInt8 = 4, count: UInt8 = 8

    var function: LuaValue = .nil
    var mask: UInt8 = 0
    var count: Int32 = 0
    var countLeft: Int32 = 0
    /// False while the hook function runs.
    var allowed = true
    /// Frame index of the running hook function, or -1.
    var frameIndex = -1
    /// Instruction index of the last traced instruction (the reference's `L->oldpc`).
    var oldPC = 0
    /// `stepsUsed` when the last instruction was traced: a reload without an instruction
    /// run in between must not trace the same instruction twice.
    var stamp: Int64 = -1
    /// A vararg function was entered: its call event waits until VARARGPREP has run.
    var varargEntry = false
    /// During a call or return event: the hooked frame and the values it receives or
    /// returns, as local indices (debug.getinfo's "r": ftransfer, ntransfer; CIST_TRAN).
    var transferFrame = -1
    var transferFirst = 0
    var transferCount = 0
}

extension LuaState {
    /// Calls the hook function of `th` (the current thread) with `event` and `line`.
    func callHook(_ th: UnsafeMutablePointer<ThreadObject>, _ event: StaticString, line: Int32? = nil,
                  transfer: (first: Int, count: Int)? = nil) throws(LuaError) {
        let fn = th.pointee.hook.function
        guard th.pointee.hook.allowed, fn.isFunction else { return }
        th.pointee.hook.allowed = false
        th.pointee.hook.frameIndex = th.pointee.frameCount
        if let transfer {
            th.pointee.hook.transferFrame = th.pointee.frameCount - 1
            th.pointee.hook.transferFirst = transfer.first
            th.pointee.hook.transferCount = transfer.count
        }
        defer {
            th.pointee.hook.allowed = true
            th.pointee.hook.frameIndex = -1
            th.pointee.hook.transferFrame = -1
        }
        // A Lua frame's whole register window is protected, as luaD_hook does (slots above
        // the top are nil or were written since the last collection, see Collector.swift).
        let savedTop = th.pointee.top
        let f = th.pointee.frames[th.pointee.frameCount - 1]
        if f.status.contains(.lua) && th.pointee.top < f.top { th.pointee.top = f.top }
        _ = try call(fn, [try newString(event), line.map { LuaValue.integer(Int64($0)) } ?? .nil], results: 0)
        th.pointee.top = savedTop
    }

    /// Call, count and line events before the instruction at the saved pc of Lua frame `fi`
    /// of the current thread. Returns true if a hook ran (the caller reloads its state).
    @inline(never)
    func traceExec(_ th: UnsafeMutablePointer<ThreadObject>, _ fi: Int) throws(LuaError) -> Bool {
        guard th.pointee.hook.allowed, th.pointee.hook.stamp != g.pointee.stepsUsed else { return false }
        let f = th.pointee.frames[fi]
        let p = th.pointee.stack[f.function].luaClosure.pointee.proto.pointee.info
        let npc = f.savedPC
        th.pointee.hook.stamp = g.pointee.stepsUsed
        if npc == 0 && p.isVararg {
            th.pointee.hook.varargEntry = true  // hooks start after VARARGPREP
            return false
        }
        // Hooks see the pc already incremented, as luaG_traceexec and luaD_hookcall leave it
        // (so getinfo's currentline and getlocal's active locals are those of instruction
        // `npc`); the loop then runs that instruction. (Not restored when a hook fails: the
        // traceback then shows the line being executed.)
        th.pointee.frames[fi].savedPC = npc + 1
        let fired = try traceEvents(th, fi, p, npc)
        th.pointee.frames[fi].savedPC = npc
        return fired
    }

    /// The events of `traceExec` for instruction `npc` of Lua frame `fi` running `p`.
    private func traceEvents(_ th: UnsafeMutablePointer<ThreadObject>, _ fi: Int, _ p: Prototype, _ npc: Int) throws(LuaError) -> Bool {
        let f = th.pointee.frames[fi]
        var fired = false
        if npc == 0 || (npc == 1 && th.pointee.hook.varargEntry) {
            th.pointee.hook.varargEntry = false
            th.pointee.hook.oldPC = npc  // the first instruction is a new line
            if th.pointee.hook.mask & HookState.call != 0 {
                try callHook(th, f.status.contains(.tail) ? "tail call" : "call", transfer: (1, Int(p.numParams)))
                fired = true
            }
            // (After the hook, whose own calls moved it: the first instruction is a new line,
            // as luaD_hookcall and OP_VARARGPREP leave 'oldpc'.)
            th.pointee.hook.oldPC = npc
        }
        // The call hook may have changed the hook (luaG_traceexec reads the mask after it).
        let mask = th.pointee.hook.mask
        if mask & HookState.count != 0 {
            th.pointee.hook.countLeft -= 1
            if th.pointee.hook.countLeft <= 0 {
                th.pointee.hook.countLeft = th.pointee.hook.count
                try callHook(th, "count")
                fired = true
            }
        }
        let lines = p.lineInfo
        if mask & HookState.line != 0 && npc < lines.count {
            let o = th.pointee.hook.oldPC
            let old = o >= 0 && o < lines.count ? o : 0  // it may belong to another function
            if npc <= old || lines[npc] != lines[old] {
                // (Stripped code has no lines: the hook gets nil, as hookf pushes for -1.)
                try callHook(th, "line", line: lines[npc] >= 0 ? lines[npc] : nil)
                fired = true
            }
        }
        th.pointee.hook.oldPC = npc
        th.pointee.hook.stamp = g.pointee.stepsUsed
        return fired
    }

    /// The return event of the top frame of `th` (rethook), whose `count` results start at
    /// stack index `first`; also tells line tracing where the calling Lua function stands.
    func returnHook(_ th: UnsafeMutablePointer<ThreadObject>, first: Int = 0, count: Int = 0) throws(LuaError) {
        if th.pointee.hook.mask & HookState.ret != 0 {
            let f = th.pointee.frames[th.pointee.frameCount - 1]
            try callHook(th, "return", transfer: count > 0 ? (first - f.function, count) : (0, 0))
        }
        let fi = th.pointee.frameCount - 1
        if fi >= 1 && th.pointee.frames[fi - 1].status.contains(.lua) {
            th.pointee.hook.oldPC = th.pointee.frames[fi - 1].savedPC - 1
        }
    }

    /// The call event of a native function whose frame was just pushed.
    @inline(__always)
    func nativeCallHook(_ th: UnsafeMutablePointer<ThreadObject>) throws(LuaError) {
        if th.pointee.hook.mask & HookState.call != 0 {
            let f = th.pointee.frames[th.pointee.frameCount - 1]
            try callHook(th, "call", transfer: (1, th.pointee.top - f.function - 1))
        }
    }
}
