// Runs web/tandem.wasm in-process through WasmKit, with the same calling convention as the
// browser glue (web/tandem.js): copy request bytes in, call an entry point, copy the
// length-prefixed result out, free both buffers. Used by `tandem parity` and the parity tests.

import WasmKit

/// Why a call into the wasm module failed.
public struct WasmHostError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One instantiated Tandem wasm module.
///
/// After a trap the module's stack pointer is corrupt, so the instance is discarded and a
/// fresh one is made from the same bytes before the next call (as the browser glue does).
public final class TandemWasmModule {
    private let module: Module
    private let engine = Engine()
    private var instance: Instance
    private var memory: Memory

    /// Parses and instantiates the module in `bytes`, then runs its libc set-up (`_initialize`).
    public init(bytes: [UInt8]) throws {
        module = try parseWasm(bytes: bytes)
        (instance, memory) = try Self.instantiate(module, engine: engine)
    }

    /// Loads the module from a file path.
    public convenience init(path: String) throws {
        guard let bytes = readFile(path) else { throw WasmHostError("cannot read \(path)") }
        try self.init(bytes: bytes)
    }

    private static func instantiate(_ module: Module, engine: Engine) throws -> (Instance, Memory) {
        let store = Store(engine: engine)
        let instance = try module.instantiate(store: store)
        guard let memory = instance.exports[memory: "memory"] else { throw WasmHostError("module exports no memory") }
        if let initialize = instance.exports[function: "_initialize"] { _ = try initialize.invoke([]) }
        return (instance, memory)
    }

    /// Calls `export(pointer, length)` with `request` and returns the result buffer's bytes.
    public func call(_ export: String, request: [UInt8]) throws -> [UInt8] {
        do {
            let pointer = try write(request)
            defer { try? free(pointer) }
            let result = try invoke(export, [.i32(pointer), .i32(UInt32(request.count))])
            guard case .i32(let resultPointer)? = result.first else { throw WasmHostError("\(export) returned no buffer") }
            return try takeResult(resultPointer)
        } catch {
            try reset()
            throw error
        }
    }

    /// Calls an export with raw wasm values (for stateful entry points such as sliced runs).
    public func invoke(_ export: String, _ arguments: [Value]) throws -> [Value] {
        guard let function = instance.exports[function: export] else { throw WasmHostError("no export \(export)") }
        return try function.invoke(arguments)
    }

    /// Copies `bytes` into a fresh module buffer and returns its address.
    public func write(_ bytes: [UInt8]) throws -> UInt32 {
        guard case .i32(let pointer)? = try invoke("tandem_alloc", [.i32(UInt32(bytes.count))]).first, pointer != 0 else {
            throw WasmHostError("tandem_alloc failed")
        }
        if !bytes.isEmpty {
            memory.withUnsafeMutableBufferPointer(offset: UInt(pointer), count: bytes.count) { buffer in
                bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
            }
        }
        return pointer
    }

    /// Reads a length-prefixed result buffer and frees it.
    public func takeResult(_ pointer: UInt32) throws -> [UInt8] {
        guard pointer != 0 else { throw WasmHostError("null result buffer") }
        let length = memory.withUnsafeBufferPointer(offset: UInt(pointer), count: 4) { $0.loadUnaligned(as: UInt32.self) }
        let count = Int(UInt32(littleEndian: length))
        guard UInt(pointer) + 4 + UInt(count) <= UInt(memory.byteCount) else { throw WasmHostError("result buffer out of bounds") }
        let bytes = memory.withUnsafeBufferPointer(offset: UInt(pointer) + 4, count: count) { Array($0) }
        try free(pointer)
        return bytes
    }

    /// Frees a module buffer.
    public func free(_ pointer: UInt32) throws { _ = try invoke("tandem_free", [.i32(pointer)]) }

    /// Discards the instance (e.g. after a trap) and instantiates the module anew.
    public func reset() throws { (instance, memory) = try Self.instantiate(module, engine: engine) }
}

/// Reads a whole file with the C library (WasmHost stays free of Foundation).
func readFile(_ path: String) -> [UInt8]? {
    guard let file = fopen(path, "rb") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
        if n < chunk.count { break }
    }
    return bytes
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Static facts about a module file (imports and exports), read without instantiating it.
public struct WasmModuleInfo {
    /// Number of imports (Tandem's module must have none: it is a pure function of its inputs).
    public var importCount: Int
    /// Names of the exports.
    public var exportNames: [String]

    /// Reads the module at `path`.
    public init(path: String) throws {
        guard let bytes = readFile(path) else { throw WasmHostError("cannot read \(path)") }
        let module = try parseWasm(bytes: bytes)
        importCount = module.imports.count
        exportNames = module.exports.map(\.name)
    }
}

extension TandemWasmModule {
    /// Runs a Lua request through the sliced entry points (start, step × n, result, close),
    /// as the browser does, with `sliceSteps` VM steps per call.
    public func runLuaSliced(_ request: [UInt8], sliceSteps: UInt32) throws -> [UInt8] {
        let input = try write(request)
        let started = try invoke("tandem_lua_start", [.i32(input), .i32(UInt32(request.count))])
        try free(input)
        guard case .i32(let handle)? = started.first else { throw WasmHostError("tandem_lua_start returned nothing") }
        if handle == 0 {
            guard case .i32(let buffer)? = try invoke("tandem_lua_result", [.i32(0)]).first else { throw WasmHostError("no result") }
            return try takeResult(buffer)
        }
        defer { _ = try? invoke("tandem_lua_close", [.i32(handle)]) }
        while true {
            guard case .i32(let done)? = try invoke("tandem_lua_step", [.i32(handle), .i32(sliceSteps)]).first else {
                throw WasmHostError("tandem_lua_step returned nothing")
            }
            if done == 1 { break }
            if done != 0 { throw WasmHostError("tandem_lua_step: bad handle") }
        }
        guard case .i32(let buffer)? = try invoke("tandem_lua_result", [.i32(handle)]).first else { throw WasmHostError("no result") }
        return try takeResult(buffer)
    }
}

extension TandemWasmModule {
    /// Validates `bytes` through the chunked entry points (start, push × n, finish, close),
    /// as the browser does, cutting the input at the given chunk sizes (cycled).
    public func validateStreamChunked(_ bytes: [UInt8], options: [UInt8] = [], chunkSizes: [Int]) throws -> [UInt8] {
        let optionsPointer = try write(options)
        let started = try invoke("tandem_stream_start", [.i32(optionsPointer), .i32(UInt32(options.count))])
        try free(optionsPointer)
        guard case .i32(let handle)? = started.first else { throw WasmHostError("tandem_stream_start answered nothing") }
        // Refused options: the refusal document, as the page shows it.
        if handle == 0 {
            guard case .i32(let refusal)? = try invoke("tandem_stream_finish", [.i32(0)]).first else { throw WasmHostError("no result") }
            return try takeResult(refusal)
        }
        defer { _ = try? invoke("tandem_stream_close", [.i32(handle)]) }
        var offset = 0
        var k = 0
        while offset < bytes.count {
            let size = max(1, chunkSizes[k % chunkSizes.count])
            let chunk = Array(bytes[offset..<min(offset + size, bytes.count)])
            let pointer = try write(chunk)
            _ = try invoke("tandem_stream_push", [.i32(handle), .i32(pointer), .i32(UInt32(chunk.count))])
            try free(pointer)
            offset += chunk.count
            k += 1
        }
        guard case .i32(let buffer)? = try invoke("tandem_stream_finish", [.i32(handle)]).first else { throw WasmHostError("no result") }
        return try takeResult(buffer)
    }
}
