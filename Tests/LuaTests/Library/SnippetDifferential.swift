// Support for differential tests of short scripts with standard input: the script runs as
// `lua5.4 case.lua` (chunk name "case.lua") with the given bytes on its standard input, and
// through Tandem with the same bytes as `LuaRunOptions.input`; standard output, standard
// error and the error report must be identical.

import Foundation
import TestSupport
import Testing
@testable import Lua

/// One differential case: a script and what its standard input holds.
struct SnippetCase: CustomStringConvertible, Sendable {
    var name: String
    var script: String
    var stdin: [UInt8] = []
    /// Modules the Tandem side registers as searchable files (path, contents); the reference
    /// finds the same files in its working directory.
    var files: [(String, String)] = []
    var description: String { name }
}

/// What one interpreter produced.
struct SnippetResult: Equatable, CustomStringConvertible {
    var stdout: String
    var stderr: String
    var error: String?
    var description: String { "stdout: \(stdout.debugDescription)\nstderr: \(stderr.debugDescription)\nerror: \(error ?? "none")" }
}

/// Runs the case under lua5.4 in a fresh temporary folder.
func runReferenceSnippet(_ c: SnippetCase) throws -> SnippetResult {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-snippet-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try Data(c.script.utf8).write(to: dir.appendingPathComponent("case.lua"))
    for (path, contents) in c.files {
        let url = dir.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: url)
    }
    let r = try ProcessRunner.run("/usr/bin/lua5.4", ["case.lua"], input: c.stdin, directory: dir, inputThroughPipe: true)
    let (outData, errData) = (r.stdout, r.stderr)
    var stderr = String(decoding: errData, as: UTF8.self)
    var error: String? = nil
    if r.status != 0, let r = stderr.range(of: "/usr/bin/lua5.4: ", options: .backwards) {
        var message = String(stderr[r.upperBound...])
        while message.hasSuffix("\n") { message.removeLast() }
        error = message
        stderr = String(stderr[..<r.lowerBound])
    }
    return SnippetResult(stdout: String(decoding: outData, as: UTF8.self), stderr: stderr, error: error)
}

/// Runs the case through Tandem.
func runTandemSnippet(_ c: SnippetCase) -> SnippetResult {
    var options = referenceLikeOptions
    options.input = c.stdin
    let lua = LuaInterpreter(options: options)
    for (path, contents) in c.files { lua.registerSearchableFile(path: Array(path.utf8), contents: Array(contents.utf8)) }
    if case .syntaxError(let m) = lua.load(source: Array(c.script.utf8), chunkName: Array("@case.lua".utf8)) {
        return SnippetResult(stdout: "", stderr: "", error: String(decoding: m, as: UTF8.self))
    }
    var status = lua.run(maxSteps: 1 << 40)
    while case .paused = status { status = lua.run(maxSteps: 1 << 40) }
    if let failure = lua.close() { status = .failed(failure) }  // lua.c's lua_close
    var error: String? = nil
    if case .failed(let f) = status {
        error = String(decoding: f.message + (f.traceback.isEmpty ? [] : [10] + f.traceback), as: UTF8.self)
    }
    return SnippetResult(stdout: String(decoding: lua.output, as: UTF8.self),
                         stderr: String(decoding: lua.errorOutput, as: UTF8.self), error: error)
}

/// Expects Tandem's result of `c` to equal lua5.4's, showing both when they differ.
func compareSnippet(_ c: SnippetCase) throws {
    let expected = try runReferenceSnippet(c)
    let actual = runTandemSnippet(c)
    #expect(actual == expected, "\(c.name)\n--- tandem:\n\(actual)\n--- lua5.4:\n\(expected)")
}
