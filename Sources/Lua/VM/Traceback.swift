// Stack tracebacks in the reference's format (luaL_traceback) and per-frame debug
// information (the parts of lua_getinfo the libraries need).

/// Debug information about one active function (a subset of lua_Debug).
struct FrameInfo {
    var isNative: Bool
    var isMainChunk: Bool
    var source: [UInt8]
    var shortSource: [UInt8]
    var currentLine: Int32
    var lineDefined: Int32
    var lastLineDefined: Int32
    var isTailCall: Bool
    var name: VariableDescription?
}

extension LuaState {
    /// Information about frame `fi` of thread `th`.
    func frameInfo(_ th: UnsafeMutablePointer<ThreadObject>, _ fi: Int) -> FrameInfo {
        let f = th.pointee.frames[fi]
        let fn = th.pointee.stack[f.function]
        var info = FrameInfo(isNative: true, isMainChunk: false, source: [UInt8]("=[C]"), shortSource: [UInt8]("[C]"),
                             currentLine: -1, lineDefined: -1, lastLineDefined: -1,
                             isTailCall: f.status.contains(.tail), name: nil)
        if f.status.contains(.lua), fn.tag == .luaFunction {
            let p = fn.luaClosure.pointee.proto.pointee.info
            info.isNative = false
            info.source = p.source
            info.shortSource = ChunkID.make(p.source)
            info.lineDefined = p.lineDefined
            info.lastLineDefined = p.lastLineDefined
            info.isMainChunk = p.lineDefined == 0
            info.currentLine = currentLine(p, pc: f.savedPC - 1)
        }
        info.name = callerDescription(th, fi)
        return info
    }

    /// "stack traceback:" and one line per active function of `th`, starting `level`
    /// frames below the top (luaL_traceback).
    /// `hostLevel` adds the level of the host's own C function below the stack, shown as
    /// "[C]: in ?" (lua.c's pmain).
    /// `nativeLevelBelow` adds a native level ("[C]: in ?") below the frames from that index
    /// up: the host's message handler that ran them (lua.c's msghandler calling `__tostring`).
    func traceback(_ th: UnsafeMutablePointer<ThreadObject>, level: Int, hostLevel: Bool = false,
                   nativeLevelBelow: Int = -1) -> [UInt8] {
        var out = [UInt8]("stack traceback:")
        let top = th.pointee.frameCount - 1
        let first = top - level
        let last = hostLevel ? 0 : 1  // frame index of the deepest level shown
        // Levels are numbered from the top; the handler's level, if any, comes after the
        // frames from `nativeLevelBelow` up.
        let handler = nativeLevelBelow < 0 ? Int.max : first - nativeLevelBelow + 1
        let count = first - last + 1 + (nativeLevelBelow < 0 ? 0 : 1)
        let levels1 = 10, levels2 = 11
        var lv = 0
        var shown = 0
        while lv < count {
            if count - 1 > levels1 + levels2 && shown == levels1 {
                // As the reference: the count printed is one less than the levels hidden.
                let n = count - 1 - levels1 - levels2
                out += [UInt8]("\n\t...\t(skipping ") + decimal(Int64(n)) + [UInt8](" levels)")
                lv += n + 1
                shown += 1
                continue
            }
            let fi = lv < handler ? first - lv : (lv == handler ? -1 : first - lv + 1)
            lv += 1
            shown += 1
            if fi <= 0 {
                out += [UInt8]("\n\t[C]: in ?")
                continue
            }
            let info = frameInfo(th, fi)
            out += [10, 9] + info.shortSource + [UInt8(ascii: ":")]
            if info.currentLine > 0 { out += decimal(Int64(info.currentLine)) + [UInt8(ascii: ":")] }
            out += [UInt8](" in ") + functionDescription(th.pointee.stack[th.pointee.frames[fi].function], info)
            if info.isTailCall { out += [UInt8]("\n\t(...tail calls...)") }
        }
        return out
    }

    /// How a traceback names a function (pushfuncname).
    func functionDescription(_ fn: LuaValue, _ info: FrameInfo) -> [UInt8] {
        if let global = globalFunctionName(fn) {
            return [UInt8]("function '") + global + [UInt8(ascii: "'")]
        }
        if let d = info.name {
            return d.kind.bytes + [UInt8](" '") + d.name + [UInt8(ascii: "'")]
        }
        if info.isMainChunk { return [UInt8]("main chunk") }
        if !info.isNative {
            return [UInt8]("function <") + info.shortSource + [UInt8(ascii: ":")] + decimal(Int64(info.lineDefined)) + [UInt8(ascii: ">")]
        }
        return [UInt8]("?")
    }
}
