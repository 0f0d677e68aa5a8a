// Test helpers: running the reference tools (`luac5.4`, `lua5.4`) and normalizing listings.

import Foundation
import TestSupport
@testable import Lua

enum ReferenceTool {
    /// Directory of the compiler fixtures.
    static let fixtures: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Runs a command; returns (status, stdout, stderr).
    static func run(_ executable: String, _ arguments: [String]) -> (Int32, [UInt8], [UInt8]) {
        guard let r = try? ProcessRunner.run(executable, arguments) else { return (-1, [], Array("cannot run \(executable)".utf8)) }
        return (r.status, r.stdout, r.stderr)
    }

    /// A temporary directory for generated sources.
    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("compiler-tests-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Replaces every "0x<hex>" (addresses in listings) by "0x?".
    static func normalize(_ text: [UInt8]) -> String {
        func isHex(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            if text[i] == 48, i + 2 < text.count, text[i + 1] == 120, isHex(text[i + 2]) {
                var j = i + 2
                while j < text.count && isHex(text[j]) { j += 1 }
                out += [48, 120, 63]
                i = j
                continue
            }
            out.append(text[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Our listing of a file, compiled as `luac5.4` loads it; or the error message.
    static func ourListing(path: String) -> (listing: String, error: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return ("", "cannot read") }
        let source = Compiler.skipShebang(Array(data))
        do {
            let p = try Compiler.compile(source: source, chunkName: Array("@\(path)".utf8))
            return (normalize(Disassembler.listing(p)), "")
        } catch {
            return ("", String(decoding: error.message, as: UTF8.self))
        }
    }

    /// `luac5.4 -l -l -p` of a file; or its error message (without the "luac5.4: " prefix).
    static func referenceListing(path: String) -> (listing: String, error: String) {
        let (status, out, err) = run("/usr/bin/luac5.4", ["-l", "-l", "-p", path])
        if status != 0 {
            var message = String(decoding: err, as: UTF8.self)
            for prefix in ["/usr/bin/luac5.4: ", "luac5.4: "] where message.hasPrefix(prefix) { message.removeFirst(prefix.count) }
            while message.hasSuffix("\n") { message.removeLast() }
            return ("", message)
        }
        return (normalize(out), "")
    }

    /// First differing line of two listings (for readable failures).
    static func firstDifference(_ a: String, _ b: String) -> String {
        let la = a.split(separator: "\n", omittingEmptySubsequences: false)
        let lb = b.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(la.count, lb.count) {
            let x = i < la.count ? String(la[i]) : "<none>"
            let y = i < lb.count ? String(lb[i]) : "<none>"
            if x != y { return "line \(i + 1): ours \"\(x)\" vs luac \"\(y)\"" }
        }
        return "identical"
    }

    /// Messages `lua5.4` gives for `load(case, "=input")` for each case (cases are
    /// separated by "====" lines in the file), via the driver script in the fixtures.
    static func referenceLoadMessages(casesFile: String) -> [String] {
        let driver = fixtures.appendingPathComponent("syntax_errors_driver.lua").path
        let (_, out, _) = run("/usr/bin/lua5.4", [driver, casesFile])
        return String(decoding: out, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map { String($0) }
    }

    /// Splits a cases file the same way the driver does.
    static func cases(_ text: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        let separator = Array("\n====\n".utf8)
        let data = text + separator
        var start = 0
        var i = 0
        while i + separator.count <= data.count {
            if Array(data[i..<(i + separator.count)]) == separator {
                result.append(Array(data[start..<i]))
                i += separator.count
                start = i
            } else {
                i += 1
            }
        }
        return result
    }

    /// Our message for `load(case, "=input")`, escaped like the driver's output.
    static func ourLoadMessage(_ source: [UInt8]) -> String {
        do {
            _ = try Compiler.compile(source: source, chunkName: Array("=input".utf8))
            return "OK"
        } catch {
            return String(decoding: error.message, as: UTF8.self)
                .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
        }
    }
}
