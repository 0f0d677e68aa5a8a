// The parity harness: runs the same requests through the native core and through the wasm
// module and compares the result documents byte for byte.

import TandemCore
#if canImport(Glibc)
import Glibc
#endif

/// How a parity case reaches the wasm module.
public enum ParityCall: Sendable {
    /// One call of a one-shot export (e.g. "tandem_digest") on the request bytes.
    case oneShot(export: String)
    /// A streaming validation, as the page runs one: `tandem_stream_start` with the JSON
    /// `options`, the request bytes pushed `chunkBytes` at a time, then `tandem_stream_finish`.
    case streamSession(options: [UInt8], chunkBytes: Int)
}

/// One request that both targets must answer identically.
public struct ParityCase: Sendable {
    /// Short name shown in reports.
    public var name: String
    /// How the wasm module is called.
    public var call: ParityCall
    /// The request bytes (for a stream session: the recording).
    public var request: [UInt8]
    /// The native implementation of the same request.
    public var native: @Sendable ([UInt8]) -> [UInt8]

    public init(name: String, export: String, request: [UInt8], native: @escaping @Sendable ([UInt8]) -> [UInt8]) {
        self.init(name: name, call: .oneShot(export: export), request: request, native: native)
    }

    public init(name: String, call: ParityCall, request: [UInt8], native: @escaping @Sendable ([UInt8]) -> [UInt8]) {
        self.name = name; self.call = call; self.request = request; self.native = native
    }

    /// Runs the case in `module`.
    public func runWasm(_ module: TandemWasmModule) throws -> [UInt8] {
        switch call {
        case .oneShot(let export): return try module.call(export, request: request)
        case .streamSession(let options, let chunkBytes):
            return try module.validateStreamChunked(request, options: options, chunkSizes: [chunkBytes])
        }
    }
}

/// The outcome of one parity case.
public struct ParityOutcome: Sendable {
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

/// Runs `cases` natively and through the module at `modulePath`, on `workers` threads (one
/// module instance each), and returns the outcomes in the order of `cases`.
public func runParity(_ cases: [ParityCase], modulePath: String, workers: Int = ParityWorkers.count) throws -> [ParityOutcome] {
    try runParity(cases, modulePath: modulePath, workers: workers) { module, c in try c.runWasm(module) }
}

/// The built-in corpus: requests for every capability.
public enum ParityCorpus {
    /// All cases: the built-in ones plus every `.lua` script, `.ts`/`.m2ts` recording found
    /// in `folders` (the caller names them; `make test-parity` passes the repository's corpora).
    public static func all(folders: [String]) -> [ParityCase] {
        digest + policyPresets + lua(scriptFolders: folders) + listings(scriptFolders: folders) + streams(folders: folders)
            + policyStreams(folders: folders)
    }

    /// Streaming validations with options, as the page runs them: every recording in `folders`
    /// under a policy (the presets, custom sources — one that decides, one that fails, one that
    /// overflows the stack, one that runs out of memory — and other options in turn), fed in chunks of a size drawn per case
    /// from a fixed seed; plus options the core refuses, whose refusal documents must match too.
    public static func policyStreams(folders: [String]) -> [ParityCase] {
        let options: [(String, String)] = [
            ("policy", "broadcast-strict"), ("policy", "web-upload"), ("policy", "archive"),
            ("policy_source", "local r = ... return 'review', #r.pids, r.verdict, 2^0.5, r.input.bytes / 3"),
            ("policy_source", "report.verdict = 'pass'"),
            ("policy_source", "local s, t = ('x'):rep(2^20), {} for i = 1, 1e6 do t[i] = s .. i end"),
            ("policy_source", "return 'reject', (nil)()"),
            ("policy_source", "local function f(n) return f(n + 1) + 1 end return f(1)"),
            ("profile", "dvb"),
            ("packet_size", "188"),
        ]
        var recordings: [(String, [UInt8])] = []
        for folder in folders {
            for name in listFiles(folder, suffix: ".ts") + listFiles(folder, suffix: ".m2ts") {
                if let bytes = readFile(folder + "/" + name) { recordings.append((name, bytes)) }
            }
        }
        var state: UInt64 = 0x5EED_C4A2
        var cases: [ParityCase] = []
        for (i, (name, bytes)) in recordings.enumerated() {
            for k in 0..<2 {
                let (key, value) = options[(2 * i + k) % options.count]
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let chunkBytes = 1_000 + Int(state >> 33) % 199_000
                cases.append(streamSession("\(name) \(key)=\(value.prefix(24)) /\(chunkBytes)", [(key, value)], bytes, chunkBytes))
            }
        }
        // The same recordings with faults injected, each judged by a preset in turn: what the
        // presets reject or send to review must be decided identically too.
        for (i, (name, bytes)) in recordings.enumerated() where name.hasSuffix(".ts") {
            let preset = ["broadcast-strict", "web-upload", "archive"][i % 3]
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let chunkBytes = 1_000 + Int(state >> 33) % 199_000
            cases.append(streamSession("faulted \(name) policy=\(preset) /\(chunkBytes)", [("policy", preset)], faulted(bytes), chunkBytes))
        }
        let refused: [[(String, String)]] = [
            [("policy", "lenient")], [("packet_size", "189")], [("colour", "blue")], [("profile", "pal")],
        ]
        for pairs in refused {
            cases.append(streamSession("refused " + pairs.map { "\($0.0)=\($0.1)" }.joined(separator: " "), pairs, [0x47], 4096))
        }
        return cases
    }

    /// `recording` (188-byte packets) with faults of the first and second priority injected at
    /// fixed packet positions: lost sync bytes (1.2), continuity counter jumps (1.4), corrupted
    /// section bytes and every third PAT's so CRC errors (2.2), dropped packets, transport errors (2.1).
    static func faulted(_ recording: [UInt8]) -> [UInt8] {
        guard let first = recording.firstIndex(of: 0x47) else { return recording }
        var out = Array(recording[..<first])
        var i = 0, pats = 0
        var offset = first
        while offset + 188 <= recording.count {
            var packet = Array(recording[offset..<offset + 188])
            defer { offset += 188; i += 1 }
            if i % 211 == 11 { continue }                                          // dropped
            if i % 97 == 5 { packet[0] = 0x46 }                                    // sync byte lost
            if i % 89 == 3 { packet[3] = packet[3] & 0xF0 | (packet[3] &+ 5) & 0x0F }  // CC jump
            if i % 151 == 7 { packet[12] ^= 0x5A }                                 // payload/CRC damage
            if i % 173 == 9 { packet[1] |= 0x80 }                                  // transport error
            if packet[1] & 0x1F == 0 && packet[2] == 0 {                           // every third PAT:
                pats += 1
                if pats % 3 == 1 { packet[10] ^= 0x01 }                            // a CRC error
            }
            out += packet
        }
        return out + recording[offset...]
    }

    /// A stream-session case: `pairs` as the JSON options object.
    static func streamSession(_ name: String, _ pairs: [(String, String)], _ bytes: [UInt8], _ chunkBytes: Int) -> ParityCase {
        var w = JSONWriter()
        w.beginObject()
        for (key, value) in pairs { w.key(bytes: Array(key.utf8)); w.string(value) }
        w.endObject()
        let options = w.bytes
        return ParityCase(name: "stream-session/" + name, call: .streamSession(options: options, chunkBytes: chunkBytes), request: bytes) {
            let bytes = $0
            return RequestError.documentOrRefusal { () throws(RequestError) in
                StreamSession.validate(bytes, request: try StreamValidationRequest.parse(options))
            }
        }
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
