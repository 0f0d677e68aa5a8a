// The lua_listing document (LuaListingDocument.swift) against the reference compiler: for every
// script of the differential corpus, the listing member is what `luac5.4 -l -l -p` prints for
// the same source and chunk name (pointers normalized: luac prints addresses, the core a
// function counter); a syntax error carries lua5.4's message; each budget ends the listing
// cleanly. The compiler's own fixtures are compared in LuaTests/CompilerListingTests.

import Foundation
import Testing
import TandemCore

@Suite struct LuaListingDocumentTests {
    static let luac = "/usr/bin/luac5.4"
    static let hasLuac = FileManager.default.isExecutableFile(atPath: luac)
    static let scriptFolders = ["Tests/LuaTests/Scripts", "Tests/LuaTests/LibraryScripts"]
    static let scripts: [String] = scriptFolders.flatMap { folder in
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".lua") }.sorted()
            .map { folder + "/" + $0 }
    }

    /// The document for a request object, parsed.
    static func listing(_ request: [String: Any]) throws -> [String: Any] {
        let json = try JSONSerialization.data(withJSONObject: request)
        let document = LuaListingDocument.answer(requestJSON: Array(json))
        #expect(ResultDocument.verify(document))
        return try #require(try JSONSerialization.jsonObject(with: Data(document)) as? [String: Any])
    }

    /// `luac5.4 -l -l -p` of `source` saved as a file called `name` (so its chunk is "@name",
    /// printed as "name" like the request's "=name"): (status, stdout, stderr).
    static func reference(_ source: Data, name: String) throws -> (Int32, String, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-listing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try source.write(to: directory.appendingPathComponent(name))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: luac)
        process.arguments = ["-l", "-l", "-p", name]
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    static func normalized(_ listing: String) -> String {
        listing.replacingOccurrences(of: #"0x[0-9a-f]+"#, with: "0x?", options: .regularExpression)
    }

    @Test func theCorpusHasScripts() {
        #expect(Self.scripts.count >= 20)
    }

    @Test(.enabled(if: hasLuac, "needs luac5.4 (Debian package lua5.4) as the reference"), arguments: scripts)
    func listingIsLuacs(path: String) throws {
        let source = try Data(contentsOf: URL(fileURLWithPath: path))
        let name = URL(fileURLWithPath: path).lastPathComponent
        let doc = try Self.listing(["source": String(decoding: source, as: UTF8.self), "chunk_name": "=" + name])
        let (status, expected, _) = try Self.reference(source, name: name)
        #expect(status == 0)
        #expect(doc["status"] as? String == "ok")
        #expect(doc["error"] is NSNull)
        #expect(Self.normalized(doc["listing"] as? String ?? "") == Self.normalized(expected), "\(name)")
    }

    @Test(.enabled(if: hasLuac, "needs luac5.4 (Debian package lua5.4) as the reference"))
    func aSyntaxErrorIsACleanDocumentWithLuasMessage() throws {
        let source = "local x = = 1\n"
        let doc = try Self.listing(["source": source, "chunk_name": "=input"])
        let (status, _, stderr) = try Self.reference(Data(source.utf8), name: "input")
        #expect(status != 0)
        let error = try #require(doc["error"] as? [String: Any])
        #expect(doc["status"] as? String == "syntax_error" && error["kind"] as? String == "syntax")
        #expect(doc["listing"] as? String == "")
        // luac5.4 says "luac5.4: input:1: unexpected symbol near '='".
        let message = try #require(error["message"] as? String)
        #expect(stderr.hasSuffix(": " + message + "\n"), "\(stderr) vs \(message)")
    }

    @Test func theOutputBudgetBoundsTheListing() throws {
        let source = (0..<200).map { "local a\($0) = \($0) * 2" }.joined(separator: "\n")
        let full = try Self.listing(["source": source])
        let fullListing = try #require(full["listing"] as? String)
        #expect(fullListing.utf8.count > 1000)
        let doc = try Self.listing(["source": source, "budgets": ["output_bytes": 1000]])
        let error = try #require(doc["error"] as? [String: Any])
        #expect(doc["status"] as? String == "budget_exceeded")
        #expect(error["budget"] as? String == "output" && error["message"] as? String == "output budget exceeded")
        #expect(doc["listing"] as? String == String(fullListing.utf8.prefix(1000))!)
    }

    @Test func compilingIsChargedToTheStepBudget() throws {
        let doc = try Self.listing(["source": String(repeating: "x = 1\n", count: 100), "budgets": ["steps": 1000]])
        #expect(doc["status"] as? String == "budget_exceeded")
        #expect((doc["error"] as? [String: Any])?["budget"] as? String == "steps")
        #expect(doc["steps"] as? Int == 1000)
        // 600 bytes at CostModel.stepsPerSourceByte fit 10,000 steps.
        let fits = try Self.listing(["source": String(repeating: "x = 1\n", count: 100), "budgets": ["steps": 10_000]])
        #expect(fits["status"] as? String == "ok")
        let steps = try #require(fits["steps"] as? Int)
        #expect(steps >= 600 * Int(CostModel.stepsPerSourceByte) && steps <= 10_000)
    }

    @Test func theCompilersArraysCountAgainstTheMemoryBudget() throws {
        let doc = try Self.listing(["source": "local t = {" + (1...500).map(String.init).joined(separator: ",") + "}",
                                    "budgets": ["memory_bytes": 1000]])
        #expect(doc["status"] as? String == "budget_exceeded")
        #expect((doc["error"] as? [String: Any])?["budget"] as? String == "memory")
    }

    @Test func aRequestTheRunParserRefusesIsARequestError() throws {
        let document = LuaListingDocument.answer(requestJSON: Array(#"{"chunk_name":"=x"}"#.utf8))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(document)) as? [String: Any])
        #expect(object["kind"] as? String == "request_error")
    }
}
