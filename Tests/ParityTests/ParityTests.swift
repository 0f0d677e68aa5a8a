import Testing
import WasmHost

/// Native and wasm must produce byte-identical documents for the whole corpus.
/// Requires the built module (`make wasm`; `make test` builds it first).
@Suite struct ParityTests {
    static let wasmPath = "web/tandem.wasm"

    @Test func everyCorpusCaseIsByteIdentical() throws {
        let module = try TandemWasmModule(path: Self.wasmPath)
        let outcomes = runParity(ParityCorpus.all(), module: module)
        #expect(outcomes.count > 20)
        for outcome in outcomes {
            #expect(outcome.matches, "\(outcome.name) differs")
        }
    }

    /// A run sliced into small step budgets in wasm gives the native one-shot document.
    /// (The differential scripts; the long number sweep runs whole in the test above.)
    @Test func slicedLuaRunsMatchNativeRuns() throws {
        let module = try TandemWasmModule(path: Self.wasmPath)
        for c in ParityCorpus.lua(scriptFolders: ["Tests/LuaTests/Scripts", "Tests/LuaTests/LibraryScripts"]) {
            let sliced = try module.runLuaSliced(c.request, sliceSteps: 997)
            #expect(sliced == c.native(c.request), "\(c.name) differs when sliced")
        }
    }

    /// A stream cut into odd-sized chunks in wasm gives the native one-shot document.
    @Test func chunkedStreamValidationMatchesNative() throws {
        let module = try TandemWasmModule(path: Self.wasmPath)
        let cases = ParityCorpus.streams(folders: ParityCorpus.defaultStreamFolders)
        #expect(cases.count >= 3)
        for c in cases {
            let chunked = try module.validateStreamChunked(c.request, chunkSizes: [1, 187, 4096, 65_537, 3])
            #expect(chunked == c.native(c.request), "\(c.name) differs when chunked")
        }
    }

    @Test func moduleImportsNothing() throws {
        let imports = try WasmModuleInfo(path: Self.wasmPath).importCount
        #expect(imports == 0)
    }
}
