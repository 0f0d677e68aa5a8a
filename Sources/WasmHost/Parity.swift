// The parity harness: runs the same requests through the native core and through the wasm
// module and compares the result documents byte for byte.

import TandemCore
#if canImport(Glibc)
import Glibc
#endif

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

/// Sorted names of the `.lua` files in `folder` (none when it does not exist).
func listLuaFiles(_ folder: String) -> [String] { listFiles(folder, suffix: ".lua") }

/// Sorted names of the files in `folder` ending in `suffix`.
func listFiles(_ folder: String, suffix: String) -> [String] {
    guard let dir = opendir(folder) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name.hasSuffix(suffix) { names.append(name) }
    }
    return names.sorted()
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
    /// All cases: the built-in ones plus every `.lua` script, `.ts`/`.m2ts` recording found
    /// in `folders` (the caller names them; `make test-parity` passes the repository's corpora).
    public static func all(folders: [String]) -> [ParityCase] {
        digest + policyPresets + lua(scriptFolders: folders) + listings(scriptFolders: folders) + streams(folders: folders)
    }

    /// One-shot validations: every recording in `folders`, plus hostile inputs built here
    /// (empty, garbage, a truncated packet, sync bytes in noise).
    public static func streams(folders: [String]) -> [ParityCase] {
        var inputs: [(String, [UInt8])] = [("empty", []), ("one-byte", [0x47])]
        var state: UInt64 = 0xDEADBEEF
        var noise: [UInt8] = []
        for i in 0..<200_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            noise.append(i % 188 == 0 && i < 100_000 ? 0x47 : UInt8(truncatingIfNeeded: state >> 56))
        }
        inputs.append(("noise-with-sync", noise))
        for folder in folders {
            for name in listFiles(folder, suffix: ".ts") + listFiles(folder, suffix: ".m2ts") {
                if let bytes = readFile(folder + "/" + name) { inputs.append((name, bytes)) }
            }
        }
        return inputs.map { name, bytes in
            ParityCase(name: "stream/\(name)", export: "tandem_stream_validate", request: bytes) { StreamSession.validate($0) }
        }
    }

    /// One run request per script (seed and host time fixed, a step budget so every case ends).
    public static func lua(scriptFolders: [String]) -> [ParityCase] {
        var cases: [ParityCase] = []
        for folder in scriptFolders {
            for name in listLuaFiles(folder) {
                guard let source = readFile(folder + "/" + name) else { continue }
                var w = JSONWriter()
                w.beginObject()
                w.key("source"); w.string(source)
                w.key("chunk_name"); w.string("=" + name)
                w.key("seed"); w.uint(42)
                w.key("host_time"); w.int(1_700_000_000)
                w.endObject()
                cases.append(ParityCase(name: "lua/\(name)", export: "tandem_lua_run", request: w.bytes, native: LuaSession.answer(requestJSON:)))
            }
        }
        return cases
    }

    /// Bytecode listings (`tandem_lua_listing`): one per script, plus a syntax error, a source
    /// that is not UTF-8, and each budget the listing honours run out (steps, memory, output).
    public static func listings(scriptFolders: [String]) -> [ParityCase] {
        var requests: [(String, [UInt8])] = [
            ("syntax-error", Array(#"{"source":"local x = = 1"}"#.utf8)),
            ("not-utf8", Array(#"{"source_base64":"cmV0dXJuICL/Ig==","chunk_name":"=bytes"}"#.utf8)),
            ("steps", Array(#"{"source":"local a = 1 return a","budgets":{"steps":100}}"#.utf8)),
            ("memory", Array(#"{"source":"local t = {1,2,3,4,5,6,7,8,9,10} return t","budgets":{"memory_bytes":64}}"#.utf8)),
            ("output", Array(#"{"source":"local function f(x) return x * 2 end print(f(21))","budgets":{"output_bytes":200}}"#.utf8)),
            ("refused", Array(#"{"chunk_name":"=x"}"#.utf8)),
        ]
        // The scripts' run requests: a listing reads the source and chunk name and ignores the rest.
        for c in lua(scriptFolders: scriptFolders) { requests.append((String(c.name.dropFirst("lua/".count)), c.request)) }
        return requests.map { name, request in
            ParityCase(name: "listing/\(name)", export: "tandem_lua_listing", request: request, native: LuaListingDocument.answer(requestJSON:))
        }
    }

    /// The policy presets with their sources, as the page's policy editor reads them.
    public static var policyPresets: [ParityCase] {
        [ParityCase(name: "policy-presets", export: "tandem_policy_presets", request: []) { _ in PolicyPresetsDocument.make() }]
    }

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
