// Differential tests: every script in Tests/LuaTests/Scripts (the language) and
// Tests/LuaTests/LibraryScripts (string, table, math, utf8) runs through Tandem's
// interpreter and through the reference `lua5.4` (at test time); standard output and the
// error report (what lua5.4 prints after "lua5.4: ": message and stack traceback) must be
// identical.

import Foundation
import TestSupport
import Testing
@testable import Lua

/// The LuaTests folder.
let luaTestsDirectory: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

/// The corpus folders, relative to `luaTestsDirectory`.
let corpusFolders = ["Scripts", "LibraryScripts"]

/// The corpus scripts as "Folder/name.lua".
func corpusScripts() -> [String] {
    corpusFolders.flatMap { folder in
        let names = (try? FileManager.default.contentsOfDirectory(atPath: luaTestsDirectory.appendingPathComponent(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".lua") }.sorted().map { folder + "/" + $0 }
    }
}

/// The folder and file name of a corpus path: scripts run from their folder, so that chunk
/// names (and therefore messages) are the bare file name, as with `cd Folder; lua5.4 name`.
func split(_ path: String) -> (folder: URL, name: String) {
    let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
    return parts.count == 2 ? (luaTestsDirectory.appendingPathComponent(parts[0]), parts[1])
                            : (luaTestsDirectory.appendingPathComponent("Scripts"), path)
}

/// What a run produced.
struct RunResult: Equatable, CustomStringConvertible {
    var output: String
    var error: String?
    var description: String { "output:\n\(output)\nerror: \(error ?? "none")" }
}

/// Runs a script with the reference interpreter.
func runReference(_ path: String, arguments: [String] = []) throws -> RunResult {
    let (folder, name) = split(path)
    let r = try ProcessRunner.run("/usr/bin/lua5.4", [name] + arguments, directory: folder)
    let (outData, errData) = (r.stdout, r.stderr)
    var error: String? = nil
    if r.status != 0 {
        let text = String(decoding: errData, as: UTF8.self)
        // "lua5.4: <message>\nstack traceback:\n\t..." → message and traceback.
        // (lua.c names itself by argv[0]: "/usr/bin/lua5.4" when started by path.)
        var message = text
        for prefix in ["/usr/bin/lua5.4: ", "lua5.4: "] where message.hasPrefix(prefix) {
            message = String(message.dropFirst(prefix.count))
            break
        }
        while message.hasSuffix("\n") { message.removeLast() }
        error = message
    }
    return RunResult(output: String(decoding: outData, as: UTF8.self), error: error)
}

/// Runs a script with Tandem's interpreter, optionally in slices of `slice` steps.
/// The reference has no budgets: differential runs get generous ones (not the request defaults).
var referenceLikeOptions: LuaRunOptions { LuaRunOptions(budgets: LuaBudgets(steps: 1_000_000_000, memoryBytes: 256 << 20, outputBytes: 16 << 20)) }

func runTandem(_ path: String, options: LuaRunOptions = referenceLikeOptions, slice: Int64 = 1 << 40) -> (RunResult, LuaRunStatus) {
    let (folder, name) = split(path)
    let source = Array((try? Data(contentsOf: folder.appendingPathComponent(name))) ?? Data())
    let lua = LuaInterpreter(options: options)
    if case .syntaxError(let m) = lua.load(source: source, chunkName: Array(("@" + name).utf8)) {
        return (RunResult(output: "", error: String(decoding: m, as: UTF8.self)), .failed(LuaRunFailure(kind: .syntax, message: m, traceback: [], errorValue: nil)))
    }
    var status = lua.run(maxSteps: slice)
    while case .paused = status { status = lua.run(maxSteps: slice) }
    // lua.c closes the state after the script: finalizers of live objects print last.
    if let failure = lua.close() { status = .failed(failure) }
    var error: String? = nil
    if case .failed(let f) = status {
        error = String(decoding: f.message + (f.traceback.isEmpty ? [] : [10] + f.traceback), as: UTF8.self)
    }
    return (RunResult(output: String(decoding: lua.output, as: UTF8.self), error: error), status)
}

/// Steps charged and memory peak of a run in slices of `slice` steps, the state closed after.
func costOfRun(_ path: String, slice: Int64) -> [Int64] {
    let (folder, name) = split(path)
    let source = Array((try? Data(contentsOf: folder.appendingPathComponent(name))) ?? Data())
    let lua = LuaInterpreter(options: LuaRunOptions(seed: 42, budgets: LuaBudgets(), hostTime: 1_700_000_000))
    guard case .ok = lua.load(source: source, chunkName: Array(("=" + name).utf8)) else { return [] }
    var status = lua.run(maxSteps: slice)
    while case .paused = status { status = lua.run(maxSteps: slice) }
    _ = lua.close()
    return [lua.stepsUsed, lua.memoryPeak]
}

@Suite("Differential: scripts against lua5.4")
struct DifferentialTests {
    @Test("script matches lua5.4", arguments: corpusScripts())
    func script(_ name: String) throws {
        let expected = try runReference(name)
        let (actual, _) = runTandem(name)
        #expect(actual == expected, "\(name)")
    }

    @Test("results do not depend on slicing", arguments: corpusScripts().filter { !$0.contains("/budget") })
    func slicing(_ name: String) {
        let (whole, _) = runTandem(name)
        let (sliced, _) = runTandem(name, slice: 7)
        #expect(whole == sliced, "\(name)")
        // The charged steps and the memory peak are in the result document: they may not
        // depend on where the slices end either (steps 997 is what the parity tests use).
        for slice: Int64 in [7, 997] {
            #expect(costOfRun(name, slice: 1 << 40) == costOfRun(name, slice: slice), "\(name) sliced every \(slice) steps")
        }
    }
}
