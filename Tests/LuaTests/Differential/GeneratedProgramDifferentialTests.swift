// Generated programs (generate_programs.py: deterministic by seed, covering the language and
// the standard libraries) must print exactly what lua5.4 prints. This test runs a sample of 40;
// run_programs.sh runs any number (10,000 for the differential run) through `tandem run`.

import Foundation
import TestSupport
import Testing
@testable import Lua

@Suite struct GeneratedProgramDifferentialTests {
    static let sampleSeed = 424_242
    static let sampleCount = 40

    /// The sample's programs, written by the generator into a fresh folder.
    static func sample() throws -> [SnippetCase] {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-generated-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let generator = luaTestsDirectory.appendingPathComponent("Differential/generate_programs.py").path
        let r = try ProcessRunner.run("python3", [generator, String(sampleSeed), String(sampleCount), dir.path])
        #expect(r.status == 0, "the generator runs")
        return try (sampleSeed..<sampleSeed + sampleCount).map { seed in
            let source = try String(contentsOf: dir.appendingPathComponent("prog_\(seed).lua"), encoding: .utf8)
            return SnippetCase(name: "prog_\(seed)", script: source)
        }
    }

    @Test func generatedProgramsPrintWhatLua54Prints() throws {
        let cases = try Self.sample()
        #expect(cases.count == Self.sampleCount)
        for c in cases { try compareSnippet(c) }
    }

    @Test func theGeneratorIsDeterministicBySeed() throws {
        let first = try Self.sample().map(\.script)
        let second = try Self.sample().map(\.script)
        #expect(first == second)
        #expect(Set(first).count == first.count, "different seeds give different programs")
    }
}
