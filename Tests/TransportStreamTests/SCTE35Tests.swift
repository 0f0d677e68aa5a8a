// SCTE-35 cues (ANSI/SCTE 35 2023 clause 9.6) decoded from a real ffmpeg stream into which
// Tests/Fixtures/inject-scte35.py wrote splice_null, splice_insert (out with a break duration,
// immediate return, cancel) and time_signal with a segmentation_descriptor. The injector's
// own list of what it wrote (scte35.ts.cues) is the reference; ffprobe says which PID is SCTE-35.

import Foundation
import TestSupport
import Testing
@testable import TransportStream

@Suite struct SCTE35Tests {
    static let file = ElementaryStreamTests.folder.appendingPathComponent("scte35.ts")

    /// The injector's record: one JSON object per cue.
    static func writtenCues() throws -> [[String: Any]] {
        let text = try String(contentsOf: file.appendingPathExtension("cues"), encoding: .utf8)
        return text.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test func everyInjectedCueIsDecoded() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.file))
        let report = Fixtures.validate(bytes)
        let written = try Self.writtenCues()
        #expect(written.count == 5)
        #expect(report.spliceCues.count == written.count)
        #expect(report.spliceCuesDropped == 0)
        for (cue, w) in zip(report.spliceCues, written) {
            #expect(cue.pid == 0x01F0)
            #expect(cue.at.packetIndex == Int64(w["packet"] as? Int ?? -1))
            #expect(cue.at.streamTimeMicros != nil)
            #expect("\(cue.commandName)" == w["command"] as? String)
            #expect(cue.eventID.map(Int.init) == w["event_id"] as? Int)
            let insert = w["command"] as? String == "splice_insert"
            #expect(cue.cancel == ((w["cancel"] as? Bool) ?? (insert ? false : nil)))
            #expect(cue.outOfNetwork == w["out_of_network"] as? Bool)
            #expect(cue.spliceTime90k.map(Int.init) == w["pts_time"] as? Int)
            #expect(cue.breakDuration90k.map(Int.init) == w["duration"] as? Int)
            #expect(cue.autoReturn == w["auto_return"] as? Bool)
            if let immediate = w["immediate"] as? Bool { #expect(cue.immediate == immediate) }
            if let type = w["segmentation_type_id"] as? Int {
                #expect(cue.segmentation.count == 1)
                #expect(cue.segmentation.first?.typeID.map(Int.init) == type)
                #expect(cue.segmentation.first?.eventID == UInt32(w["segmentation_event_id"] as? Int ?? -1))
                #expect(cue.segmentation.first?.duration90k.map(Int.init) == w["segmentation_duration"] as? Int)
            } else {
                #expect(cue.segmentation.isEmpty)
            }
        }
    }

    @Test func prerollIsTheSpliceTimeMinusTheLatestPCR() throws {
        let f = FaultInjector([UInt8](try Data(contentsOf: Self.file)))
        let report = Fixtures.validate(f.bytes)
        let pcrs = f.indices(pid: 256).compactMap { i in f.pcr(i).map { (i, $0) } }
        for cue in report.spliceCues {
            guard let pts = cue.spliceTime90k else {
                #expect(cue.prerollMicros == nil)
                continue
            }
            let pcr = try #require(pcrs.last { $0.0 < Int(cue.at.packetIndex) }).1
            #expect(cue.prerollMicros == (pts - pcr / 300) * 100 / 9)
        }
        // The injector scheduled the splice_insert 2 s and the time_signal 1 s ahead.
        let leads = report.spliceCues.compactMap(\.prerollMicros)
        #expect(leads.count == 2 && leads[0] <= 2_000_000 && leads[0] > 1_800_000 && leads[1] <= 1_000_000 && leads[1] > 800_000)
    }

    @Test func ffprobeAgreesWhichPIDCarriesCues() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.file))
        let report = Fixtures.validate(bytes)
        let data = Fixtures.run("/usr/bin/ffprobe", ["-v", "error", "-show_streams", "-of", "json", Self.file.path])
        let streams = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["streams"] as? [[String: Any]] ?? []
        let probed = streams.filter { $0["codec_name"] as? String == "scte_35" }
            .compactMap { Int(($0["id"] as? String ?? "").dropFirst(2), radix: 16) }
        #expect(probed == [0x01F0])
        #expect(report.pids.filter { "\($0.role)" == "scte35" }.map { Int($0.pid) } == probed)
    }

    @Test func cuesAreNotErrors() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.file))
        let report = Fixtures.validate(bytes)
        #expect(report.count(.sectionSyntaxError) == 0 && report.count(.crcError) == 0)
    }

    @Test func aDamagedCueIsASectionSyntaxError() throws {
        var f = FaultInjector([UInt8](try Data(contentsOf: Self.file)))
        let first = f.indices(pid: 0x01F0)[1]
        f.setByte(first, 20, f.byte(first, 20) ^ 0x01)  // inside the splice_insert: the CRC fails
        let report = Fixtures.validate(f.bytes)
        #expect(report.spliceCues.count == 4)
        #expect(report.count(.sectionSyntaxError) == 1)
        #expect(report.result(.sectionSyntaxError).pids.map(\.pid) == [0x01F0])
    }

    @Test func hostileSectionsNeverTrap() {
        var random = SplitMix(seed: 35)
        for length in [0, 3, 14, 20, 40, 200, 1000] {
            for _ in 0..<300 {
                var bytes = random.bytes(length)
                if !bytes.isEmpty { bytes[0] = 0xFC }
                bytes.withUnsafeBufferPointer { b in
                    guard let base = b.baseAddress else { return }
                    _ = SpliceInfoSection.decode(SectionBytes(base: base, count: b.count), pid: 0x100)
                }
            }
        }
    }
}
