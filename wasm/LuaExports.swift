// Lua entry points of the wasm module. A run is a session behind an integer handle so the
// browser can advance it in slices (see DESIGN.md: V8 optimizes only from the next call on).
//
//   tandem_lua_run(request, length)        → result buffer (one shot)
//   tandem_lua_start(request, length)      → handle (> 0), or 0 for an unreadable request
//   tandem_lua_step(handle, steps)         → 1 when finished, 0 when more steps are needed, -1 bad handle
//   tandem_lua_steps(handle)               → steps executed so far, in millions (progress)
//   tandem_lua_result(handle)              → result buffer (the document, or a request error)
//   tandem_lua_close(handle)               → frees the session
//   tandem_lua_listing(request, length)    → result buffer: the lua_listing document (compiled, never run)

import TandemCore

/// Live Lua sessions.
nonisolated(unsafe) var luaSessions = HandleTable<LuaSession>()

@_expose(wasm, "tandem_lua_run")
@_cdecl("tandem_lua_run")
public func tandemLuaRun(_ pointer: Int32, _ length: Int32) -> Int32 {
    let request = requestBytes(pointer, length)
    return resultBuffer(LuaSession.answer(requestJSON: request))
}

@_expose(wasm, "tandem_lua_start")
@_cdecl("tandem_lua_start")
public func tandemLuaStart(_ pointer: Int32, _ length: Int32) -> Int32 {
    let bytes = requestBytes(pointer, length)
    return luaSessions.open { () throws(RequestError) in LuaSession(request: try LuaRunRequest.parse(bytes)) }
}

@_expose(wasm, "tandem_lua_step")
@_cdecl("tandem_lua_step")
public func tandemLuaStep(_ handle: Int32, _ steps: Int32) -> Int32 {
    guard let session = luaSessions[handle] else { return -1 }
    return session.step(maxSteps: Int64(max(steps, 1))) ? 1 : 0
}

@_expose(wasm, "tandem_lua_steps")
@_cdecl("tandem_lua_steps")
public func tandemLuaSteps(_ handle: Int32) -> Int32 {
    guard let session = luaSessions[handle] else { return -1 }
    return Int32(truncatingIfNeeded: session.stepsUsed / 1_000_000)
}

@_expose(wasm, "tandem_lua_result")
@_cdecl("tandem_lua_result")
public func tandemLuaResult(_ handle: Int32) -> Int32 {
    resultBuffer(luaSessions[handle]?.document ?? luaSessions.lastRefusal)
}

@_expose(wasm, "tandem_lua_close")
@_cdecl("tandem_lua_close")
public func tandemLuaClose(_ handle: Int32) { luaSessions.close(handle) }

@_expose(wasm, "tandem_lua_listing")
@_cdecl("tandem_lua_listing")
public func tandemLuaListing(_ pointer: Int32, _ length: Int32) -> Int32 {
    resultBuffer(LuaListingDocument.answer(requestJSON: requestBytes(pointer, length)))
}
