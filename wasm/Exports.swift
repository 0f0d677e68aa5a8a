// The wasm export layer (the "bindgen" side of Tandem).
//
// This is the only wasm-specific Swift. It moves bytes across the boundary and calls
// TandemCore; it holds no logic of its own. Conventions, shared with web/tandem.js and
// Sources/WasmHost:
// - `tandem_alloc(n)` returns a buffer of n bytes in linear memory (0 when out of memory);
//   the host writes request bytes there and passes (pointer, length) to an entry point.
// - Entry points return a *result buffer*: a 4-byte little-endian length followed by that
//   many bytes (a canonical JSON result document). The host copies it out and calls
//   `tandem_free(pointer)` for the request and the result buffers alike.
// - The host calls `_initialize()` once after instantiation (crt1-reactor's libc set-up).

import TandemCore

/// Allocates `size` bytes for the host; returns 0 on failure or a negative size.
@_expose(wasm, "tandem_alloc")
@_cdecl("tandem_alloc")
public func tandemAlloc(_ size: Int32) -> Int32 {
    guard size >= 0 else { return 0 }
    let pointer = UnsafeMutableRawPointer.allocate(byteCount: Int(max(size, 1)), alignment: 8)
    return Int32(truncatingIfNeeded: Int(bitPattern: pointer))
}

/// Frees a buffer returned by `tandem_alloc` or by an entry point.
@_expose(wasm, "tandem_free")
@_cdecl("tandem_free")
public func tandemFree(_ pointer: Int32) {
    guard pointer != 0 else { return }
    UnsafeMutableRawPointer(bitPattern: Int(pointer))?.deallocate()
}

/// Digest capability: hashes the request bytes and returns the digest document.
@_expose(wasm, "tandem_digest")
@_cdecl("tandem_digest")
public func tandemDigest(_ pointer: Int32, _ length: Int32) -> Int32 {
    resultBuffer(DigestDocument.make(requestBytes(pointer, length)))
}

/// Copies a request out of linear memory (empty for a null pointer or negative length).
func requestBytes(_ pointer: Int32, _ length: Int32) -> [UInt8] {
    guard length > 0, let base = UnsafeRawPointer(bitPattern: Int(pointer)) else { return [] }
    return Array(UnsafeRawBufferPointer(start: base, count: Int(length)))
}

/// Packs `bytes` into a length-prefixed result buffer owned by the host.
func resultBuffer(_ bytes: [UInt8]) -> Int32 {
    let pointer = UnsafeMutableRawPointer.allocate(byteCount: 4 + bytes.count, alignment: 8)
    let n = UInt32(truncatingIfNeeded: bytes.count)
    pointer.storeBytes(of: n.littleEndian, as: UInt32.self)
    bytes.withUnsafeBytes { (pointer + 4).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    return Int32(truncatingIfNeeded: Int(bitPattern: pointer))
}
