import ArgumentParser
import Foundation
import WasmHost

/// `tandem parity`: every corpus request through the native core and the wasm module.
struct Parity: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare native and wasm result documents byte for byte.",
        discussion: "Exits with status 1 when any document differs."
    )

    @Option(help: "The built module (make wasm).") var wasm = "web/tandem.wasm"
    @Flag(help: "Print every case, not only differences.") var verbose = false
    @Option(help: "Also write each case (export name, request, native document) into this folder, for the Node parity test.")
    var exportCorpus: String?

    func run() throws {
        let module = try TandemWasmModule(path: wasm)
        let cases = ParityCorpus.all()
        let outcomes = runParity(cases, module: module)
        if let folder = exportCorpus { try exportCases(cases, to: folder) }
        var differences = 0
        for outcome in outcomes {
            if outcome.matches {
                if verbose { print("same  \(outcome.name)") }
                continue
            }
            differences += 1
            print("DIFF  \(outcome.name)")
            print("  native: \(String(decoding: outcome.native.prefix(300), as: UTF8.self))")
            switch outcome.wasm {
            case .success(let bytes): print("  wasm:   \(String(decoding: bytes.prefix(300), as: UTF8.self))")
            case .failure(let error): print("  wasm:   error: \(error)")
            }
        }
        print("\(outcomes.count) cases, \(differences) differences")
        if differences > 0 { throw ExitCode(1) }
    }
}

/// Writes `NNN.export`, `NNN.request` and `NNN.native` per case into `folder`.
func exportCases(_ cases: [ParityCase], to folder: String) throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (index, c) in cases.enumerated() {
        let stem = "\(folder)/" + String(repeating: "0", count: max(0, 3 - String(index).count)) + String(index)
        try writeFile(stem + ".name", Array(c.name.utf8))
        try writeFile(stem + ".export", Array(c.export.utf8))
        try writeFile(stem + ".request", c.request)
        try writeFile(stem + ".native", c.native(c.request))
    }
}
