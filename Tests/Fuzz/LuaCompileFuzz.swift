// libFuzzer harness (a): arbitrary bytes as Lua source → compile only.
// The compiler must never trap: every input compiles or fails with a syntax error.
// Built by Tests/Fuzz/run.sh against the module sources (not a SwiftPM target).

import Lua

/// libFuzzer's entry point: one input per call.
@_cdecl("LLVMFuzzerTestOneInput")
public func luaCompileFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = Array(UnsafeBufferPointer(start: data, count: size))
    // Both chunk-name styles: "=name" (no source quoting) and the source itself as name
    // (the reference quotes the first line in messages: ChunkID's truncation path).
    _ = try? Compiler.compile(source: source, chunkName: Array("=fuzz".utf8))
    _ = try? Compiler.compile(source: source, chunkName: source)
    return 0
}
