import Testing
import WasmHost

/// Native and wasm must produce byte-identical documents for the whole corpus.
/// Requires the built module (`make wasm`; `make test` builds it first).
@Suite struct ParityTests {
    static let wasmPath = "web/tandem.wasm"

    @Test func everyCorpusCaseIsByteIdentical() throws {
        let module = try TandemWasmModule(path: Self.wasmPath)
        let outcomes = runParity(ParityCorpus.all, module: module)
        #expect(!outcomes.isEmpty)
        for outcome in outcomes {
            #expect(outcome.matches, "\(outcome.name) differs")
        }
    }

    @Test func moduleImportsNothing() throws {
        let imports = try WasmModuleInfo(path: Self.wasmPath).importCount
        #expect(imports == 0)
    }
}
