// The parity harness: runs the same requests through the native core and through the wasm
// module and compares the result documents byte for byte.

import TandemCore

/// One request that both targets must answer identically.
public struct ParityCase {
    /// Short name shown in reports.
    public var name: String
    /// The wasm export that handles the request (e.g. "tandem_digest").
    public var export: String
    /// The request bytes.
    public var request: [UInt8]
    /// The native implementation of the same export.
    public var native: ([UInt8]) -> [UInt8]

    public init(name: String, export: String, request: [UInt8], native: @escaping ([UInt8]) -> [UInt8]) {
        self.name = name; self.export = export; self.request = request; self.native = native
    }
}

/// The outcome of one parity case.
public struct ParityOutcome {
    public var name: String
    public var native: [UInt8]
    /// The wasm document, or the error message when the wasm call failed.
    public var wasm: Result<[UInt8], WasmHostError>
    /// True when both documents are byte-identical.
    public var matches: Bool { if case .success(let w) = wasm { return w == native } else { return false } }
}

/// Runs `cases` natively and through `module`.
public func runParity(_ cases: [ParityCase], module: TandemWasmModule) -> [ParityOutcome] {
    cases.map { c in
        let native = c.native(c.request)
        let wasm: Result<[UInt8], WasmHostError>
        do { wasm = .success(try module.call(c.export, request: c.request)) } catch {
            wasm = .failure(WasmHostError("\(error)"))
        }
        return ParityOutcome(name: c.name, native: native, wasm: wasm)
    }
}

/// The built-in corpus: requests for every capability.
public enum ParityCorpus {
    /// All cases.
    public static var all: [ParityCase] { digest }

    /// Digest requests: empty, short, a multi-block message, invalid UTF-8 and pseudo-random bytes.
    public static var digest: [ParityCase] {
        var random: [UInt8] = []
        var state: UInt64 = 0x9E3779B97F4A7C15
        for _ in 0..<100_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            random.append(UInt8(truncatingIfNeeded: state >> 56))
        }
        let inputs: [(String, [UInt8])] = [
            ("empty", []),
            ("abc", Array("abc".utf8)),
            ("two-blocks", Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            ("invalid-utf8", [0xFF, 0xC0, 0x80, 0xED, 0xA0, 0x80]),
            ("random-100k", random),
        ]
        return inputs.map { name, bytes in
            ParityCase(name: "digest/\(name)", export: "tandem_digest", request: bytes, native: DigestDocument.make)
        }
    }
}
