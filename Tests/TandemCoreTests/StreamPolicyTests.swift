// Ingest policies over the stream report: the presets decide as their rules say on real ffmpeg
// streams and on the same streams with injected faults (a lost packet: a 1.4 continuity error,
// priority 1; a corrupted PAT section: a 2.2 CRC error, priority 2); custom policies see the
// report read-only, as argument and global; errors and budget overruns are a clean part of the
// document; chunking does not change it; and the Swift presets are the policies/*.lua files.
// The expected decisions come from each preset's written rule and from how the stream was made,
// not from running the code under test.

import Foundation
import Testing
import TandemCore
import TestSupport

@Suite(.serialized) struct StreamPolicyTests {
    /// A 4 s CBR H.264 + AAC stream by Debian's ffmpeg; `extra` adds arguments (metadata, -an).
    static func make(_ name: String, _ extra: [String]) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-policy-\(name).ts").path
        let result = try ProcessRunner.run("ffmpeg", [
            "-nostdin", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
            "-t", "4", "-c:v", "libx264", "-g", "25", "-c:a", "aac", "-b:v", "600k", "-muxrate", "1200k",
        ] + extra + ["-f", "mpegts", path])
        #expect(result.status == 0, "ffmpeg: \(result.errors)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static let described = try? make("described", ["-metadata", "service_name=Tandem News", "-metadata:s:a:0", "language=eng"])
    static let silent = try? make("silent", ["-an", "-metadata", "service_name=Tandem News"])

    /// The stream without its 300th packet of PID 0x100 (the video): one continuity error.
    static func withLostPacket(_ stream: [UInt8]) -> [UInt8] {
        var seen = 0
        var out: [UInt8] = []
        for start in stride(from: 0, to: stream.count - 187, by: 188) {
            let pid = (Int(stream[start + 1] & 0x1F) << 8) | Int(stream[start + 2])
            if pid == 0x100 { seen += 1; if seen == 300 { continue } }
            out += stream[start..<(start + 188)]
        }
        return out
    }

    /// The stream with one byte of its fifth PAT section flipped: its CRC_32 fails (2.2) while
    /// the PATs around it keep the PAT interval (1.3) clean.
    static func withCorruptedPAT(_ stream: [UInt8]) -> [UInt8] {
        var out = stream
        var seen = 0
        for start in stride(from: 0, to: stream.count - 187, by: 188) where stream[start + 1] & 0x1F == 0 && stream[start + 2] == 0 {
            seen += 1
            if seen == 5 { out[start + 5 + 9] ^= 0x01; break }  // program_number of the first loop entry
        }
        return out
    }

    /// The policy member of `stream` validated with `options`.
    static func policy(_ stream: [UInt8], _ options: [(String, String)]) throws -> JSONValue {
        let request = try StreamValidationRequest.parse(pairs: options.map { (Array($0.0.utf8), Array($0.1.utf8)) })
        let document = StreamSession.validate(stream, request: request)
        #expect(ResultDocument.verify(document))
        return try #require(try JSONReader.parse(document)["policy"])
    }

    static func decision(_ stream: [UInt8], preset: String) throws -> String? {
        try policy(stream, [("policy", preset)])["decision"]?.bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func presetsDecideAsTheirRulesSay() throws {
        let described = try #require(Self.described), silent = try #require(Self.silent)
        let lost = Self.withLostPacket(described), corrupted = Self.withCorruptedPAT(described)
        // A clean, self-describing stream passes all three.
        #expect(try Self.decision(described, preset: "broadcast-strict") == "accept")
        #expect(try Self.decision(described, preset: "web-upload") == "accept")
        #expect(try Self.decision(described, preset: "archive") == "accept")
        // A priority-1 error rejects everywhere.
        #expect(try Self.decision(lost, preset: "broadcast-strict") == "reject")
        #expect(try Self.decision(lost, preset: "web-upload") == "reject")
        #expect(try Self.decision(lost, preset: "archive") == "reject")
        // A priority-2 error: rejected on air, reviewed for the web and the archive.
        #expect(try Self.decision(corrupted, preset: "broadcast-strict") == "reject")
        #expect(try Self.decision(corrupted, preset: "web-upload") == "review")
        #expect(try Self.decision(corrupted, preset: "archive") == "review")
        // No audio: fine on air, rejected by the web platform and the archive.
        #expect(try Self.decision(silent, preset: "broadcast-strict") == "accept")
        #expect(try Self.decision(silent, preset: "web-upload") == "reject")
        // No language on the audio: only the archive cares.
        let plain = try Self.make("plain", [])
        #expect(try Self.decision(plain, preset: "web-upload") == "accept")
        #expect(try Self.decision(plain, preset: "archive") == "reject")
        // Messages name what decided.
        let messages = try Self.policy(lost, [("policy", "web-upload")])["messages"]
        #expect(messages == .array([.string(Array("1.4 Continuity_count_error: 1 (first at packet ".utf8) + Self.firstCCPacket(lost))]))
    }

    /// Where the continuity error must be found in a stream made by `withLostPacket`: the index
    /// of the video packet that follows the lost one.
    static func firstCCPacket(_ stream: [UInt8]) -> [UInt8] {
        var seen = 0
        for (index, start) in stride(from: 0, to: stream.count - 187, by: 188).enumerated() {
            let pid = (Int(stream[start + 1] & 0x1F) << 8) | Int(stream[start + 2])
            if pid == 0x100 { seen += 1; if seen == 300 { return Array("\(index))".utf8) } }
        }
        return []
    }

    @Test func aCustomPolicyReadsTheReportAsArgumentAndGlobal() throws {
        let stream = try #require(Self.described)
        let p = try Self.policy(stream, [("policy_source", """
            local r = ...
            assert(r == report)
            return "review", r.kind, r.version, #r.pids > 0, r.programs[1].service_name, r.programs[1].streams[2].language, nil
            """)])
        #expect(p["status"] == .string(Array("ok".utf8)))
        #expect(p["name"] == .null)
        #expect(p["decision"] == .string(Array("review".utf8)))
        #expect(p["messages"] == .array(["stream_report", "3", "true", "Tandem News", "eng", "nil"].map { .string(Array($0.utf8)) }))
        let expectedSHA = try shell("printf '%s' 'return \"accept\"' | sha256sum | cut -c1-64")
        #expect(try Self.policy(stream, [("policy_source", #"return "accept""#)])["source_sha256"] == .string(Array(expectedSHA.utf8)))
    }

    @Test func failuresAreACleanPartOfTheDocument() throws {
        let stream = try #require(Self.described)
        let cases: [(String, String, String)] = [
            ("report.verdict = 'pass'", "error", "policy:1: the report is read-only"),
            ("return 'maybe'", "error", "the policy returned no decision (\"accept\", \"review\" or \"reject\")"),
            ("return", "error", "the policy returned no decision (\"accept\", \"review\" or \"reject\")"),
            ("return 'accept' +", "error", "policy:1: unexpected symbol near <eof>"),
            ("error('no thanks')", "error", "policy:1: no thanks"),
            ("local s, t = ('x'):rep(2^20), {} for i = 1, 1e6 do t[i] = s .. i end", "budget_exceeded", "memory budget exceeded"),
        ]
        for (source, status, message) in cases {
            let p = try Self.policy(stream, [("policy_source", source)])
            #expect(p["status"] == .string(Array(status.utf8)), "\(source)")
            #expect(p["error"] == .string(Array(message.utf8)), "\(source)")
            #expect(p["decision"] == .null)
        }
        // The report itself is complete whatever its policy did.
        let request = try StreamValidationRequest.parse(pairs: [(Array("policy_source".utf8), Array("error()".utf8))])
        let withPolicy = try JSONReader.parse(StreamSession.validate(stream, request: request))
        let without = try JSONReader.parse(StreamSession.validate(stream))
        #expect(withPolicy["verdict"] == without["verdict"] && withPolicy["pids"] == without["pids"])
        #expect(throws: RequestError.self) {
            try StreamValidationRequest.parse(pairs: [(Array("policy".utf8), Array("lenient".utf8))])
        }
    }

    @Test func chunkingDoesNotChangeThePolicyMember() throws {
        let stream = Self.withCorruptedPAT(try #require(Self.described))
        let request = try StreamValidationRequest.parse(pairs: [(Array("policy".utf8), Array("archive".utf8))])
        let whole = StreamSession.validate(stream, request: request)
        var rng = SplitMix(seed: 18)
        let session = StreamSession(request: request)
        var offset = 0
        while offset < stream.count {
            let n = min(stream.count - offset, 1 + rng.below(9000))
            session.push(Array(stream[offset..<(offset + n)]))
            offset += n
        }
        #expect(session.document() == whole)
    }

    @Test func thePresetsAreThePolicyFiles() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../policies").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".lua") }.sorted()
        #expect(files == ["archive.lua", "broadcast-strict.lua", "web-upload.lua"])
        for file in files {
            let text = try [UInt8](Data(contentsOf: folder.appendingPathComponent(file)))
            let p = try Self.policy([], [("policy", String(file.dropLast(4)))])
            let expected = try shell("sha256sum '\(folder.appendingPathComponent(file).path)' | cut -c1-64")
            #expect(p["source_sha256"] == .string(Array(expected.utf8)), "\(file): run python3 policies/generate_presets.py")
            #expect(!text.isEmpty)
        }
    }
}
