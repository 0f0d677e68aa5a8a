// `tandem parity`: the determinism contract checked — every request of the corpus through the
// native core and through the built wasm module (run by WasmKit), documents compared byte for
// byte. The corpus is the built-in cases plus whatever folders are named on the command line.

import ArgumentParser
import Foundation
import WasmHost

/// `tandem parity`: every corpus request through the native core and the wasm module.
struct Parity: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parity",
        abstract: "Compare native and wasm result documents byte for byte.",
        discussion: """
            Runs the built-in cases (digests, hostile streams) and every .lua script and .ts/.m2ts recording in the \
            given folders. Prints each difference with its first differing byte; exits with status 1 when any \
            document differs.
            """
    )

    @Argument(help: "Folders holding .lua scripts and .ts/.m2ts recordings.") var folders: [String] = []
    @Option(help: "The built module (make wasm).") var wasm = "web/tandem.wasm"
    @Flag(help: "Print every case, not only differences.") var verbose = false
    @Option(help: "Threads, each with its own module instance (default: one per core, or TANDEM_PARITY_WORKERS).")
    var workers = ParityWorkers.count
    @Option(help: "Also write each case (export name, request, native document) into this folder, for the Node parity test.")
    var exportCorpus: String?

    func run() throws {
        for folder in folders where !FileManager.default.fileExists(atPath: folder) {
            throw ValidationError("no such folder: \(folder)")
        }
        let cases = ParityCorpus.all(folders: folders)
        let started = Date()
        let outcomes = try runParity(cases, modulePath: wasm, workers: max(1, workers))
        let seconds = Date().timeIntervalSince(started)
        if let folder = exportCorpus { try exportCases(cases, to: folder) }
        var differences = 0
        for outcome in outcomes {
            if outcome.matches {
                if verbose { print("same  \(outcome.name)") }
                continue
            }
            differences += 1
            report(outcome)
        }
        print("\(outcomes.count) cases, \(differences) differences (\(String(format: "%.1f", seconds)) s, \(workers) workers)")
        if differences > 0 { throw ExitCode(1) }
    }

    /// Prints where the two documents first differ, with some context around it.
    func report(_ outcome: ParityOutcome) {
        print("DIFF  \(outcome.name)")
        switch outcome.wasm {
        case .failure(let error):
            print("  wasm failed: \(error)")
        case .success(let wasm):
            let native = outcome.native
            let first = (0..<min(native.count, wasm.count)).first { native[$0] != wasm[$0] } ?? min(native.count, wasm.count)
            let from = max(0, first - 60)
            print("  first difference at byte \(first) (native \(native.count) bytes, wasm \(wasm.count) bytes)")
            print("  native: …\(String(decoding: native[from..<min(native.count, first + 60)], as: UTF8.self))")
            print("  wasm:   …\(String(decoding: wasm[from..<min(wasm.count, first + 60)], as: UTF8.self))")
        }
    }
}

/// Writes `NNN.name`, `NNN.export`, `NNN.request` and `NNN.native` per case into `folder`;
/// a stream session's export is `stream_session`, with its JSON options in `NNN.options` and its
/// chunk size in `NNN.chunk`.
func exportCases(_ cases: [ParityCase], to folder: String) throws {
    try? FileManager.default.removeItem(atPath: folder)  // no stale cases from a larger corpus
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (index, c) in cases.enumerated() {
        let stem = "\(folder)/" + String(repeating: "0", count: max(0, 3 - String(index).count)) + String(index)
        try writeFile(stem + ".name", Array(c.name.utf8))
        switch c.call {
        case .oneShot(let export):
            try writeFile(stem + ".export", Array(export.utf8))
        case .streamSession(let options, let chunkBytes):
            try writeFile(stem + ".export", Array("stream_session".utf8))
            try writeFile(stem + ".options", options)
            try writeFile(stem + ".chunk", Array(String(chunkBytes).utf8))
        }
        try writeFile(stem + ".request", c.request)
        try writeFile(stem + ".native", c.native(c.request))
    }
}
