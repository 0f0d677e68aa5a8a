// libFuzzer harness (d): arbitrary bytes as a JSON request — the Lua run request
// (LuaSession.run(requestJSON:), with host limits small enough that any script is quick) and
// the stream-validation options (StreamValidationRequest.parse). Requests come from the
// network: a malformed one must give a request-error document, never a trap.

import Lua
import TandemCore

/// Host limits for the fuzzed runs (a request asking for more is refused, as on the server).
let fuzzLimits = LuaBudgets(steps: 200_000, memoryBytes: 8 << 20, callDepth: 200_000, outputBytes: 64 << 10)

/// libFuzzer's entry point: one input per call.
@_cdecl("LLVMFuzzerTestOneInput")
public func requestFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let json = Array(UnsafeBufferPointer(start: data, count: size))
    let document = RequestError.documentOrRefusal { () throws(RequestError) in try LuaSession.run(requestJSON: json, limits: fuzzLimits) }
    if document.isEmpty { fatalError("empty Lua document") }
    if let request = try? StreamValidationRequest.parse(json) {
        _ = StreamSession.validate([0x47, 0x00, 0x00, 0x10], request: request)
    }
    _ = try? LuaVerification.verify(json, limits: fuzzLimits)  // a nested request and a claim
    return 0
}
