// What `tandem validate` prints, built in the core: the readable summary (verdict and problems
// first, contents as a short table, every row with --all), the CSV tables, and the version 3
// members of the document, on the ffmpeg corpus of Tests/Fixtures/make-streams.sh. Expected
// facts come from the ffmpeg commands, ffprobe and the SCTE-35 injector's record.

import Foundation
import Testing
import TandemCore
import TestSupport
import TransportStream

@Suite struct StreamOutputsTests {
    static let folder: URL = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        _ = try? ProcessRunner.run("/bin/bash", [root.appendingPathComponent("Tests/Fixtures/make-streams.sh").path])
        return root.appendingPathComponent("Tests/Fixtures/generated/streams")
    }()

    static func report(_ name: String) throws -> StreamReport {
        let session = StreamSession()
        session.push([UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
        return session.finish()
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    static func ffprobeStreams(_ name: String) throws -> [[String: Any]] {
        let out = try ProcessRunner.run("/usr/bin/ffprobe", ["-v", "error", "-show_streams", "-of", "json",
                                                               folder.appendingPathComponent(name).path]).stdout
        return (try JSONSerialization.jsonObject(with: Data(out)) as? [String: Any])?["streams"] as? [[String: Any]] ?? []
    }

    @Test func cleanSummaryLeadsWithTheVerdictAndListsNoIndicatorRows() throws {
        let report = try Self.report("h264-aac-cbr.ts")
        let lines = Self.text(StreamSummaryText.make(report, name: Array("h264-aac-cbr.ts".utf8))).split(separator: "\n")
        #expect(lines.first == "h264-aac-cbr.ts: PASS")
        #expect(lines.contains("No problems found."))
        #expect(!lines.contains { $0.contains("Continuity_count_error") }, "no rows for checks that are fine")
        // One row per PID, whose codecs and facts are ffprobe's.
        for s in try Self.ffprobeStreams("h264-aac-cbr.ts") {
            let pid = String((s["id"] as? String ?? "").dropFirst(2))
            let row = try #require(lines.first { $0.hasPrefix("0x0" + pid.lowercased()) || $0.hasPrefix("0x" + pid.lowercased()) })
            #expect(row.contains(s["codec_name"] as? String ?? "?"), "\(row)")
            if let w = s["width"] as? Int, let h = s["height"] as? Int { #expect(row.contains("\(w)x\(h)")) }
            if let rate = s["sample_rate"] as? String { #expect(row.contains("\(rate) Hz")) }
        }
        #expect(lines.contains { $0.hasPrefix("PCR 0x0100:") })
    }

    @Test func allListsEveryIndicatorRow() throws {
        let report = try Self.report("h264-aac-vbr.ts")
        let text = Self.text(StreamSummaryText.make(report, name: Array("x".utf8), allIndicators: true))
        for check in Check.allCases { #expect(text.contains("\(check.name)"), "\(check.name)") }
        // Variable bitrate without arrival times: 2.4 cannot be measured, and says so.
        #expect(text.split(separator: "\n").contains { $0.contains("PCR_accuracy_error") && $0.contains("not applicable") })
    }

    @Test func problemsComeFirstWithTheirPIDs() throws {
        var bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("h264-aac-cbr.ts")))
        // Drop one payload-only packet of PID 0x100 (a continuity error; the PCR timing of
        // this CBR stream then also misses its bytes: 2.4).
        var video = 0
        for i in stride(from: 0, to: bytes.count, by: 188)
        where Int(bytes[i + 1] & 0x1F) << 8 | Int(bytes[i + 2]) == 0x100 && bytes[i + 3] & 0x30 == 0x10 {
            video += 1
            if video == 300 { bytes.removeSubrange(i..<i + 188); break }
        }
        let session = StreamSession()
        session.push(bytes)
        let lines = Self.text(StreamSummaryText.make(session.finish(), name: Array("cut.ts".utf8))).split(separator: "\n")
        #expect(lines.first == "cut.ts: FAIL (first-priority errors)")
        let problems = try #require(lines.firstIndex(of: "Problems:"))
        #expect(lines[problems + 1].contains("1.4") && lines[problems + 1].contains("Continuity_count_error")
                && lines[problems + 1].contains("PID 0x0100 x1"))
    }

    @Test func pidsCSVHasAHeaderAndOneRowPerPID() throws {
        let report = try Self.report("mpeg2-dvb.ts")
        let rows = Self.text(StreamTables.csv(.pids, report)).split(separator: "\n", omittingEmptySubsequences: false)
        let header = rows[0].split(separator: ",").map(String.init)
        #expect(header.first == "pid" && header.contains("min_bitrate_bps") && header.contains("transport_errors"))
        #expect(rows.count == report.pids.count + 2 && rows.last == "")
        for row in rows.dropFirst().dropLast() { #expect(row.split(separator: ",", omittingEmptySubsequences: false).count == header.count) }
        let column = { (name: String, row: Substring) -> String in
            String(row.split(separator: ",", omittingEmptySubsequences: false)[header.firstIndex(of: name)!])
        }
        for s in try Self.ffprobeStreams("mpeg2-dvb.ts") {
            let pid = Int((s["id"] as? String ?? "").dropFirst(2), radix: 16)!
            let row = try #require(rows.first { $0.hasPrefix("\(pid),") })
            #expect(column("format", row) == s["codec_name"] as? String)
            if let rate = s["sample_rate"] as? String { #expect(column("sample_rate", row) == rate) }
            if let width = s["width"] as? Int { #expect(column("width", row) == "\(width)") }
        }
    }

    @Test func eventsCSVListsTheSCTE35Cues() throws {
        let report = try Self.report("scte35.ts")
        let rows = Self.text(StreamTables.csv(.events, report)).split(separator: "\n")
        #expect(rows[0] == "packet,offset,time_us,pid,id,name,reason,value,detail")
        let cues = rows.filter { $0.contains(",SCTE-35,") }
        let written = try String(contentsOf: Self.folder.appendingPathComponent("scte35.ts.cues"), encoding: .utf8)
            .split(separator: "\n")
        #expect(cues.count == written.count)
        #expect(cues.contains { $0.contains(",496,SCTE-35,splice_insert,out_of_network,") && $0.contains("event_id=1001")
                                && $0.contains("break_duration_90k=2700000") })
        #expect(cues.contains { $0.contains(",SCTE-35,splice_insert,cancel,") && $0.contains("event_id=1003") })
        #expect(cues.contains { $0.contains(",SCTE-35,time_signal,signal,") && $0.contains("segmentation_type_id=52") })
    }

    @Test func bitrateCSVHasOneColumnPerPID() throws {
        let report = try Self.report("h264-aac-cbr.ts")
        let rows = Self.text(StreamTables.csv(.bitrate, report)).split(separator: "\n")
        #expect(rows[0].hasPrefix("start_us,duration_us,total_bps,pid_0x0000_bps,"))
        #expect(rows[0].split(separator: ",").count == 3 + report.pidBitrateSeries.pids.count)
        #expect(rows.count == report.pidBitrateSeries.points.count + 1 && rows.count >= 3)
        // -muxrate 800k: every complete second carries 800 kbit/s (±1 %).
        for row in rows.dropFirst().dropLast() {
            let total = Int(row.split(separator: ",")[2])!
            #expect(abs(total - 800_000) <= 8_000, "\(row)")
        }
    }

    @Test func documentVersion3CarriesTheNewMembers() throws {
        let doc = StreamSession.validate([UInt8](try Data(contentsOf: Self.folder.appendingPathComponent("scte35.ts"))))
        #expect(ResultDocument.verify(doc))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(doc)) as? [String: Any])
        #expect(json["version"] as? Int == 3)
        let keys = ["kind", "version", "input", "time_base", "profile", "verdict", "error_counts", "indicators",
                    "extra_checks", "programs", "pids", "bitrate_series", "pid_bitrate_series", "events", "scte35",
                    "pid_counts_dropped", "digest"]
        #expect(Set(json.keys) == Set(keys))
        let pids = json["pids"] as? [[String: Any]] ?? []
        let video = try #require(pids.first { $0["pid"] as? Int == 256 })
        let pcr = try #require(video["pcr"] as? [String: Any])
        let accuracy = try #require(pcr["accuracy"] as? [String: Any])
        #expect(accuracy["model"] as? String == "byte_position" && accuracy["measurable"] as? Bool == true)
        #expect((accuracy["histogram"] as? [Int])?.count == 13)
        #expect(video["min_bitrate_bps"] is Int && video["transport_errors"] as? Int == 0)
        #expect(pids.first { $0["pid"] as? Int == 0x1F0 }?["role"] as? String == "scte35")
        let cues = try #require(json["scte35"] as? [String: Any])
        #expect(cues["listed"] as? Int == 5 && (cues["items"] as? [Any])?.count == 5)
    }

    @Test func tableNames() {
        #expect(StreamTables.Table(name: Array("pids".utf8)) == .pids)
        #expect(StreamTables.Table(name: Array("bitrate".utf8)) == .bitrate)
        #expect(StreamTables.Table(name: Array("events".utf8)) == .events)
        #expect(StreamTables.Table(name: Array("pid".utf8)) == nil)
    }
}
