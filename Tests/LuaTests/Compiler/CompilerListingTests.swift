// The compiler against the reference compiler: our `luac -l -l` style listings must be
// identical to `luac5.4 -l -l -p` for every fixture (addresses normalized).

import Foundation
import Testing
@testable import Lua

@Suite struct CompilerListingTests {
    static let codegenFiles: [String] = {
        let dir = ReferenceTool.fixtures.appendingPathComponent("codegen")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".lua") }.sorted().map { dir.appendingPathComponent($0).path }
    }()

    @Test func fixturesExist() {
        #expect(CompilerListingTests.codegenFiles.count >= 15)
    }

    @Test(arguments: CompilerListingTests.codegenFiles)
    func listingMatchesLuac(path: String) {
        let ours = ReferenceTool.ourListing(path: path)
        let reference = ReferenceTool.referenceListing(path: path)
        #expect(ours.error == reference.error)
        #expect(ours.listing == reference.listing,
                "\(path): \(ReferenceTool.firstDifference(ours.listing, reference.listing))")
    }

    /// Sources too big to keep as fixtures: constants beyond Bx (LOADKX), SETLIST and
    /// NEWTABLE with EXTRAARG, big hash parts, many K operands, long jumps.
    static let generated: [(String, String)] = {
        func list(_ n: Int, _ item: (Int) -> String) -> String { (0..<n).map(item).joined(separator: ",") }
        return [
            ("array1000", "local t = {" + list(1000) { "\($0)" } + "}\n"),
            ("hash600", "local t = {" + list(600) { "k\($0)=\($0)" } + "}\n"),
            ("loadkx", "local t = {" + list(132_000) { "\"s\($0)\"" } + "}\nlocal u = 'last', 1.5, 77777\n"),
            ("floatK", "local x = ...\n" + (0..<300).map { "x = x + \($0).5" }.joined(separator: "\n") + "\n"),
            ("multretSetlist", "local t = {" + list(300) { "\($0).5" } + ", f()}\n"),
            ("fields300", "local t = {}\n" + (0..<300).map { "t.f\($0) = \($0)" }.joined(separator: "\n") + "\n"),
            ("locals199", (0..<199).map { "local a\($0) = \($0)\n" }.joined() + "local z = a1 + a198\n"),
            ("longIf", "local x = ...\nif x then\n" + String(repeating: "x = x + 1\n", count: 3000) + "end\n"),
            ("longFor", "for i = 1, 2 do\n" + String(repeating: "x = i\n", count: 3000) + "end\n"),
            // FORPREP/FORLOOP offsets are limited to Bx: two instructions per line, 66,000 lines.
            ("tooLongFor", "local a = 0\nfor i = 1, 2 do\n" + String(repeating: "a=a+1\n", count: 66_000) + "end\n"),
            ("upvalues", "local " + list(150) { "u\($0)" } + "\nlocal " + list(49) { "v\($0)" }
                + "\nfunction f() return " + list(150) { "u\($0)" } + "," + list(49) { "v\($0)" } + " end\n"),
        ]
    }()

    @Test(arguments: CompilerListingTests.generated.map { $0.0 })
    func generatedListingMatchesLuac(name: String) throws {
        let source = CompilerListingTests.generated.first { $0.0 == name }!.1
        let dir = ReferenceTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("\(name).lua").path
        try Data(source.utf8).write(to: URL(fileURLWithPath: path))
        let ours = ReferenceTool.ourListing(path: path)
        let reference = ReferenceTool.referenceListing(path: path)
        #expect(ours.error == reference.error)
        #expect(ours.listing == reference.listing,
                "\(name): \(ReferenceTool.firstDifference(ours.listing, reference.listing))")
    }

    /// A clone of github.com/lua/lua, named by `TANDEM_LUA_REPOSITORY` (no fixed path: CI and
    /// other machines have none).
    static let luaRepository = ProcessInfo.processInfo.environment["TANDEM_LUA_REPOSITORY"] ?? ""

    /// The official test suite of Lua 5.4.4 is a large corpus of real code. Its files are not
    /// part of this repository and no package ships them, so this runs where
    /// `TANDEM_LUA_REPOSITORY` names a clone of github.com/lua/lua and says so elsewhere.
    @Test(.enabled(if: !luaRepository.isEmpty && FileManager.default.fileExists(atPath: luaRepository),
                   "set TANDEM_LUA_REPOSITORY to a clone of github.com/lua/lua"))
    func officialTestSuiteListingsMatchLuac() throws {
        let repo = Self.luaRepository
        let (_, names, _) = ReferenceTool.run("/usr/bin/git", ["-C", repo, "ls-tree", "--name-only", "v5.4.4", "testes/"])
        let files = String(decoding: names, as: UTF8.self).split(separator: "\n").filter { $0.hasSuffix(".lua") }
        let dir = ReferenceTool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var matched = 0
        for file in files {
            let (_, content, _) = ReferenceTool.run("/usr/bin/git", ["-C", repo, "show", "v5.4.4:\(file)"])
            let path = dir.appendingPathComponent(String(file.split(separator: "/").last!)).path
            try Data(content).write(to: URL(fileURLWithPath: path))
            let ours = ReferenceTool.ourListing(path: path)
            let reference = ReferenceTool.referenceListing(path: path)
            #expect(ours.listing == reference.listing && ours.error == reference.error,
                    "\(file): \(ReferenceTool.firstDifference(ours.listing, reference.listing))")
            if ours.listing == reference.listing && ours.error == reference.error { matched += 1 }
        }
        #expect(matched == files.count)
    }
}
