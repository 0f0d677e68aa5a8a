// Elementary-stream facts read from the bitstream, compared with ffprobe -show_streams on the
// ffmpeg corpus that Tests/Fixtures/make-streams.sh generates (H.264 progressive and
// interlaced, HEVC, MPEG-2 progressive and interlaced, AAC in ADTS and LATM, MP2, AC-3).
// ffprobe is the reference; no expected value comes from the code under test.

import Foundation
import TestSupport
import Testing
@testable import TransportStream

@Suite struct ElementaryStreamTests {
    static let folder: URL = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        // Idempotent: generates only the files that are missing.
        Fixtures.run("/bin/bash", [root.appendingPathComponent("Tests/Fixtures/make-streams.sh").path])
        return root.appendingPathComponent("Tests/Fixtures/generated/streams")
    }()

    static var corpus: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".ts") || $0.hasSuffix(".m2ts") }.sorted()
    }

    @Test func corpusCoversEveryParser() {
        #expect(Self.corpus.count >= 9, "corpus: \(Self.corpus)")
    }

    @Test(arguments: corpus) func factsMatchFFprobe(_ name: String) throws {
        let url = Self.folder.appendingPathComponent(name)
        let bytes = [UInt8](try Data(contentsOf: url))
        let report = Fixtures.validate(bytes)
        let data = Fixtures.run("/usr/bin/ffprobe", ["-v", "error", "-show_streams", "-of", "json", url.path])
        let probe = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        let streams = probe["streams"] as? [[String: Any]] ?? []
        #expect(!streams.isEmpty)
        for s in streams {
            let pid = Int((s["id"] as? String ?? "").dropFirst(2), radix: 16) ?? -1
            let codec = s["codec_name"] as? String ?? ""
            let entry = report.pids.first { Int($0.pid) == pid }
            // ffmpeg's HDMV m2ts writes AAC as stream_type 0x06 without descriptors, and
            // SCTE-35 carries sections: no headers to read (ffprobe probes the payload).
            if codec == "scte_35" || (name.hasSuffix(".m2ts") && codec == "aac") {
                #expect(entry?.elementary == nil)
                continue
            }
            guard let f = entry?.elementary else {
                Issue.record("\(name): PID \(pid) (\(codec)) has no elementary facts")
                continue
            }
            #expect("\(f.format)" == codec, "\(name) PID \(pid)")
            if let profile = s["profile"] as? String, profile != "unknown" {
                #expect(f.profile.map { "\($0)" } == profile, "\(name) PID \(pid) profile")
            }
            if let level = s["level"] as? Int, level >= 0 { #expect(f.level.map(Int.init) == level, "\(name) level") }
            if let width = s["width"] as? Int { #expect(f.width.map(Int.init) == width, "\(name) width") }
            if let height = s["height"] as? Int { #expect(f.height.map(Int.init) == height, "\(name) height") }
            if s["codec_type"] as? String == "video", let rate = s["r_frame_rate"] as? String {
                let ours = f.frameRate.map { "\($0.numerator)/\($0.denominator)" }
                #expect(ours == rate, "\(name) frame rate")
            }
            switch s["field_order"] as? String {
            case "progressive": #expect(f.interlaced == false, "\(name) scan")
            case "tt", "bb", "tb", "bt": #expect(f.interlaced == true, "\(name) scan")
            default: break  // ffprobe does not say (HEVC)
            }
            if let rate = Int(s["sample_rate"] as? String ?? "") { #expect(f.sampleRate.map(Int.init) == rate, "\(name) rate") }
            if let channels = s["channels"] as? Int { #expect(f.channels.map(Int.init) == channels, "\(name) channels") }
            // ffprobe's bit_rate is the header's nominal rate for MPEG audio and AC-3.
            if codec == "mp2" || codec == "ac3", let rate = Int64(s["bit_rate"] as? String ?? "") {
                #expect(f.bitrate == rate, "\(name) bitrate")
            }
        }
    }

    @Test func hostileHeadersNeverTrap() {
        var random = SplitMix(seed: 0x1234_5678)
        for length in [0, 1, 4, 7, 8, 16, 64, 300] {
            for _ in 0..<200 {
                let bytes = random.bytes(length)
                bytes.withUnsafeBufferPointer { b in
                    _ = VideoParameterSets.h264SPS(b)
                    _ = VideoParameterSets.hevcSPS(b)
                    _ = VideoParameterSets.hevcVPSTiming(b)
                    _ = VideoParameterSets.mpegSequenceHeader(b)
                    for syntax in [ElementarySyntax.adts, .latm, .mpegAudio, .ac3] {
                        _ = ElementaryStreamProbe.firstAudioHeader(syntax, b)
                    }
                }
            }
        }
    }
}
