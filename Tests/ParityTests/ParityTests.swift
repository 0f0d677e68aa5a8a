// Parity beyond one-shot calls: the whole corpus is compared by `tandem parity` in
// `make test-parity`; these tests check what the CLI does not — a run sliced into small step
// budgets and a stream cut into odd chunks in wasm give the native one-shot documents, and
// the module imports nothing. They need the built module (`make test` builds it first) and
// the generated recordings (`make streams`); without them they fail, never skip.

import Foundation
import Testing
import TandemCore
import WasmHost

@Suite struct ParityTests {
    static let wasmPath = "web/tandem.wasm"
    static let scriptFolders = ["Tests/LuaTests/Scripts", "Tests/LuaTests/LibraryScripts"]
    static let streamFolder = "Tests/Fixtures/generated/streams"

    /// Every script of the differential corpus, sliced every 997 steps in wasm.
    @Test func slicedLuaRunsMatchNativeRuns() throws {
        let module = try TandemWasmModule(path: Self.wasmPath)
        let cases = ParityCorpus.lua(scriptFolders: Self.scriptFolders)
        let scripts = try Self.scriptFolders.flatMap { try FileManager.default.contentsOfDirectory(atPath: $0) }
            .filter { $0.hasSuffix(".lua") }
        #expect(cases.count == scripts.count && !scripts.isEmpty, "one case per script")
        for c in cases {
            let sliced = try module.runLuaSliced(c.request, sliceSteps: 997)
            #expect(sliced == c.native(c.request), "\(c.name) differs when sliced")
        }
    }

    /// Every generated recording, pushed in chunks of 1, 187, 4096, 65 537 and 3 bytes.
    @Test func chunkedStreamValidationMatchesNative() throws {
        let module = try TandemWasmModule(path: Self.wasmPath)
        let recordings = try FileManager.default.contentsOfDirectory(atPath: Self.streamFolder)
            .filter { $0.hasSuffix(".ts") || $0.hasSuffix(".m2ts") }
        let cases = ParityCorpus.streams(folders: [Self.streamFolder]).filter { c in recordings.contains { c.name.hasSuffix($0) } }
        #expect(cases.count == recordings.count && !recordings.isEmpty, "one case per recording")
        for c in cases {
            let chunked = try module.validateStreamChunked(c.request, chunkSizes: [1, 187, 4096, 65_537, 3])
            #expect(chunked == c.native(c.request), "\(c.name) differs when chunked")
        }
    }

    /// Policies over the report (presets and custom sources, including one that fails and one
    /// that runs out of memory) give the native documents in wasm, whatever the chunking.
    @Test func policiesDecideIdenticallyInWasm() throws {
        let module = try TandemWasmModule(path: Self.wasmPath)
        let recordings = try FileManager.default.contentsOfDirectory(atPath: Self.streamFolder)
            .filter { $0.hasSuffix(".ts") || $0.hasSuffix(".m2ts") }.sorted()
        #expect(!recordings.isEmpty)
        let policies: [(String, String)] = [
            ("policy", "broadcast-strict"), ("policy", "web-upload"), ("policy", "archive"),
            ("policy_source", "local r = ... return 'review', #r.pids, r.verdict, 2^0.5, r.input.bytes / 3"),
            ("policy_source", "report.verdict = 'pass'"),
            ("policy_source", "local s, t = ('x'):rep(2^20), {} for i = 1, 1e6 do t[i] = s .. i end"),
        ]
        for (i, name) in recordings.enumerated() {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Self.streamFolder + "/" + name)))
            let (key, value) = policies[i % policies.count]
            var w = JSONWriter()
            w.beginObject()
            w.key(bytes: Array(key.utf8))
            w.string(value)
            w.endObject()
            let request = try StreamValidationRequest.parse(w.bytes)
            let native = StreamSession.validate(bytes, request: request)
            let wasm = try module.validateStreamChunked(bytes, options: w.bytes, chunkSizes: [188 * 7 + 5, 65_536])
            #expect(wasm == native, "\(name) with \(key)=\(value.prefix(20)) differs in wasm")
            #expect(String(decoding: native, as: UTF8.self).contains(#""policy":{"#))
        }
    }

    /// Bytecode listings of every corpus script (and of a syntax error and each exhausted budget)
    /// and the policy presets the page's editor shows: the native documents, byte for byte.
    @Test func listingsAndPolicyPresetsMatchNative() throws {
        let module = try TandemWasmModule(path: Self.wasmPath)
        let cases = ParityCorpus.listings(scriptFolders: Self.scriptFolders) + ParityCorpus.policyPresets
        #expect(cases.count > 20)
        for outcome in runParity(cases, module: module) {
            #expect(outcome.matches, "\(outcome.name) differs in wasm")
        }
    }

    @Test func moduleImportsNothing() throws {
        let imports = try WasmModuleInfo(path: Self.wasmPath).importCount
        #expect(imports == 0)
    }
}
