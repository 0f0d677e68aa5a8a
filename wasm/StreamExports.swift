// Stream-validation entry points of the wasm module: a session behind a handle, fed chunk by
// chunk (the browser reads a File in slices), or a one-shot call on whole bytes.
//
//   tandem_stream_validate(bytes, length)   → result buffer (generic profile, auto packet size)
//   tandem_stream_start(options, length)    → handle (> 0), or 0 when the options are refused
//   tandem_stream_push(handle, bytes, length) → 0, or -1 for a bad handle
//   tandem_stream_finish(handle)            → result buffer (finish(0): the last refusal)
//   tandem_stream_close(handle)             → frees the session
//   tandem_policy_presets(any, length)      → result buffer: the policy_presets document

import TandemCore

/// Live stream sessions.
nonisolated(unsafe) var streamSessions = HandleTable<StreamSession>()

@_expose(wasm, "tandem_stream_validate")
@_cdecl("tandem_stream_validate")
public func tandemStreamValidate(_ pointer: Int32, _ length: Int32) -> Int32 {
    resultBuffer(StreamSession.validate(requestBytes(pointer, length)))
}

@_expose(wasm, "tandem_stream_start")
@_cdecl("tandem_stream_start")
public func tandemStreamStart(_ pointer: Int32, _ length: Int32) -> Int32 {
    let bytes = requestBytes(pointer, length)
    return streamSessions.open { () throws(RequestError) in StreamSession(request: try StreamValidationRequest.parse(bytes)) }
}

@_expose(wasm, "tandem_stream_push")
@_cdecl("tandem_stream_push")
public func tandemStreamPush(_ handle: Int32, _ pointer: Int32, _ length: Int32) -> Int32 {
    guard let session = streamSessions[handle] else { return -1 }
    guard length > 0, let base = UnsafePointer<UInt8>(bitPattern: Int(pointer)) else { return 0 }
    session.push(UnsafeBufferPointer(start: base, count: Int(length)))
    return 0
}

@_expose(wasm, "tandem_stream_finish")
@_cdecl("tandem_stream_finish")
public func tandemStreamFinish(_ handle: Int32) -> Int32 {
    resultBuffer(streamSessions[handle]?.document() ?? streamSessions.lastRefusal)
}

@_expose(wasm, "tandem_stream_close")
@_cdecl("tandem_stream_close")
public func tandemStreamClose(_ handle: Int32) { streamSessions.close(handle) }

/// The policy presets with their sources (the request bytes are ignored).
@_expose(wasm, "tandem_policy_presets")
@_cdecl("tandem_policy_presets")
public func tandemPolicyPresets(_ pointer: Int32, _ length: Int32) -> Int32 {
    resultBuffer(PolicyPresetsDocument.make())
}
