// Lua entry points of the wasm module. A run is a session behind an integer handle so the
// browser can advance it in slices (see DESIGN.md: V8 optimizes only from the next call on).
//
//   tandem_lua_run(request, length)        → result buffer (one shot)
//   tandem_lua_start(request, length)      → handle (> 0), or 0 for an unreadable request
//   tandem_lua_step(handle, steps)         → 1 when finished, 0 when more steps are needed, -1 bad handle
//   tandem_lua_steps(handle)               → steps executed so far, in millions (progress)
//   tandem_lua_result(handle)              → result buffer (the document, or a request error)
//   tandem_lua_close(handle)               → frees the session

import TandemCore

/// Live sessions; a handle is an index + 1. The module runs on one thread.
nonisolated(unsafe) var luaSessions: [LuaSession?] = []
/// The refusal for the last request that could not be read (returned by `tandem_lua_result(0)`).
nonisolated(unsafe) var lastLuaRequestError: [UInt8] = []

@_expose(wasm, "tandem_lua_run")
@_cdecl("tandem_lua_run")
public func tandemLuaRun(_ pointer: Int32, _ length: Int32) -> Int32 {
    resultBuffer(LuaSession.run(requestJSON: requestBytes(pointer, length)))
}

@_expose(wasm, "tandem_lua_start")
@_cdecl("tandem_lua_start")
public func tandemLuaStart(_ pointer: Int32, _ length: Int32) -> Int32 {
    let request: LuaRunRequest
    do { request = try LuaRunRequest.parse(requestBytes(pointer, length)) } catch {
        lastLuaRequestError = RequestErrorDocument.make(error.message)
        return 0
    }
    let session = LuaSession(request: request)
    if let free = luaSessions.firstIndex(where: { $0 == nil }) {
        luaSessions[free] = session
        return Int32(free + 1)
    }
    luaSessions.append(session)
    return Int32(luaSessions.count)
}

@_expose(wasm, "tandem_lua_step")
@_cdecl("tandem_lua_step")
public func tandemLuaStep(_ handle: Int32, _ steps: Int32) -> Int32 {
    guard let session = luaSession(handle) else { return -1 }
    return session.step(maxSteps: Int64(max(steps, 1))) ? 1 : 0
}

@_expose(wasm, "tandem_lua_steps")
@_cdecl("tandem_lua_steps")
public func tandemLuaSteps(_ handle: Int32) -> Int32 {
    guard let session = luaSession(handle) else { return -1 }
    return Int32(truncatingIfNeeded: session.stepsUsed / 1_000_000)
}

@_expose(wasm, "tandem_lua_result")
@_cdecl("tandem_lua_result")
public func tandemLuaResult(_ handle: Int32) -> Int32 {
    guard let session = luaSession(handle) else { return resultBuffer(lastLuaRequestError) }
    return resultBuffer(session.document)
}

@_expose(wasm, "tandem_lua_close")
@_cdecl("tandem_lua_close")
public func tandemLuaClose(_ handle: Int32) {
    guard luaSession(handle) != nil else { return }
    luaSessions[Int(handle) - 1] = nil
}

func luaSession(_ handle: Int32) -> LuaSession? {
    guard handle > 0, Int(handle) <= luaSessions.count else { return nil }
    return luaSessions[Int(handle) - 1]
}
