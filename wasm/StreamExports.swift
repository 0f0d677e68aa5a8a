// Stream-validation entry points of the wasm module: a session behind a handle, fed chunk by
// chunk (the browser reads a File in slices), or a one-shot call on whole bytes.
//
//   tandem_stream_validate(bytes, length)   → result buffer (generic profile, auto packet size)
//   tandem_stream_start(options, length)    → handle (> 0), or 0 when the options are refused
//   tandem_stream_push(handle, bytes, length) → 0, or -1 for a bad handle
//   tandem_stream_finish(handle)            → result buffer (finish(0): the last refusal)
//   tandem_stream_close(handle)             → frees the session

import TandemCore

nonisolated(unsafe) var streamSessions: [StreamSession?] = []
nonisolated(unsafe) var lastStreamRequestError: [UInt8] = []

@_expose(wasm, "tandem_stream_validate")
@_cdecl("tandem_stream_validate")
public func tandemStreamValidate(_ pointer: Int32, _ length: Int32) -> Int32 {
    resultBuffer(StreamSession.validate(requestBytes(pointer, length)))
}

@_expose(wasm, "tandem_stream_start")
@_cdecl("tandem_stream_start")
public func tandemStreamStart(_ pointer: Int32, _ length: Int32) -> Int32 {
    let request: StreamValidationRequest
    do { request = try StreamValidationRequest.parse(requestBytes(pointer, length)) } catch {
        lastStreamRequestError = RequestErrorDocument.make(error.message)
        return 0
    }
    let session = StreamSession(request: request)
    if let free = streamSessions.firstIndex(where: { $0 == nil }) {
        streamSessions[free] = session
        return Int32(free + 1)
    }
    streamSessions.append(session)
    return Int32(streamSessions.count)
}

@_expose(wasm, "tandem_stream_push")
@_cdecl("tandem_stream_push")
public func tandemStreamPush(_ handle: Int32, _ pointer: Int32, _ length: Int32) -> Int32 {
    guard let session = streamSession(handle) else { return -1 }
    guard length > 0, let base = UnsafePointer<UInt8>(bitPattern: Int(pointer)) else { return 0 }
    session.push(UnsafeBufferPointer(start: base, count: Int(length)))
    return 0
}

@_expose(wasm, "tandem_stream_finish")
@_cdecl("tandem_stream_finish")
public func tandemStreamFinish(_ handle: Int32) -> Int32 {
    guard let session = streamSession(handle) else { return resultBuffer(lastStreamRequestError) }
    return resultBuffer(session.document())
}

@_expose(wasm, "tandem_stream_close")
@_cdecl("tandem_stream_close")
public func tandemStreamClose(_ handle: Int32) {
    guard streamSession(handle) != nil else { return }
    streamSessions[Int(handle) - 1] = nil
}

func streamSession(_ handle: Int32) -> StreamSession? {
    guard handle > 0, Int(handle) <= streamSessions.count else { return nil }
    return streamSessions[Int(handle) - 1]
}
