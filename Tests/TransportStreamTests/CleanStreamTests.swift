// Clean streams from ffmpeg: no errors, and the facts the report states (programs, PIDs,
// stream types, packet counts, duration) agree with ffprobe and with an independent count.

import Foundation
import Testing
@testable import TransportStream

@Suite struct CleanStreamTests {
    /// Checks a clean stream: no errors in any implemented indicator, facts as ffprobe sees them.
    func checkClean(_ bytes: [UInt8], profile: ValidationProfile = .generic, ext: String = "ts",
                    accuracy: CheckStatus, allowedErrors: [Check] = []) -> StreamReport {
        let report = Fixtures.validate(bytes, profile: profile)
        for c in report.checks where !allowedErrors.contains(c.check) {
            #expect(c.count == 0, "\(c.check.name) counted \(c.count)")
            #expect(c.status != .error)
        }
        for check in Check.allCases where check.priority == 1 || check.priority == 2 {
            let expected: CheckStatus = check == .pcrAccuracyError ? accuracy : .ok
            #expect(report.result(check).status == expected, "\(check.name): \(report.result(check).status)")
        }
        #expect(report.input.syncAcquired)
        #expect(report.input.skippedBytes == 0)
        #expect(report.input.truncatedTailBytes == 0)
        #expect(report.eventsDropped == 0)

        // Independent packet census.
        let size = Int(report.input.packetSize)
        #expect(report.input.packets == Int64(bytes.count / size))
        var census = [Int: Int64]()
        var i = 0
        while i + size <= bytes.count {
            let p = i + (size == 192 ? 4 : 0)
            census[Int(bytes[p + 1] & 0x1F) << 8 | Int(bytes[p + 2]), default: 0] += 1
            i += size
        }
        #expect(report.pids.count == census.count)
        for p in report.pids { #expect(census[Int(p.pid)] == p.packets, "PID \(p.pid)") }

        // ffprobe: programs, PIDs, codecs, video frame counts, duration.
        let probe = Fixtures.probe(bytes, ext: ext)
        let programs = probe["programs"] as? [[String: Any]] ?? []
        #expect(programs.count == report.programs.count)
        for fp in programs {
            let number = fp["program_num"] as? Int ?? -1
            guard let ours = report.programs.first(where: { Int($0.number) == number }) else {
                Issue.record("program \(number) missing")
                continue
            }
            #expect(fp["pmt_pid"] as? Int == Int(ours.pmtPID))
            #expect(fp["pcr_pid"] as? Int == Int(ours.pcrPID))
            let streams = fp["streams"] as? [[String: Any]] ?? []
            #expect(streams.count == ours.streams.count)
            for fs in streams {
                let pid = Int((fs["id"] as? String ?? "").dropFirst(2), radix: 16) ?? -1
                guard let es = ours.streams.first(where: { Int($0.pid) == pid }) else {
                    Issue.record("stream \(pid) missing")
                    continue
                }
                let name = fs["codec_name"] as? String ?? "?"
                let ourName = "\(es.codec.name)"
                // ffmpeg's M2TS (HDMV) mode writes AAC as stream_type 0x06 without descriptors:
                // the PMT alone says "private PES data"; ffprobe recognises AAC by probing.
                let hdmvAAC = ext == "m2ts" && es.streamType == 0x06 && ourName == "private_pes" && name == "aac"
                let same = name == ourName || hdmvAAC
                    || (ourName.hasPrefix("mpeg") && ourName.hasSuffix("audio") && (name == "mp2" || name == "mp3"))
                #expect(same, "codec \(name) vs \(ourName)")
                if es.codec.kind == .video, let frames = Int(fs["nb_read_packets"] as? String ?? "") {
                    let pes = report.pids.first(where: { Int($0.pid) == pid })?.pesCount ?? -1
                    #expect(Int64(frames) == pes, "video PES count of \(pid)")
                }
            }
        }
        if let format = probe["format"] as? [String: Any], let d = Double(format["duration"] as? String ?? ""),
           let ours = report.input.durationMicros {
            #expect(abs(Double(ours) / 1e6 - d) < 0.35, "duration \(ours) us vs ffprobe \(d) s")
        }
        return report
    }

    @Test func h264VariableBitrate() {
        let report = checkClean(Fixtures.h264VBR, accuracy: .notApplicable)
        #expect(report.verdict == .pass)
        #expect(report.timeBase.source == .pcrInterpolated)
        #expect(report.input.constantBitrate == false)
        #expect(report.programs.first?.serviceName == Array("Service01".utf8))
    }

    @Test func h264ConstantBitrate() {
        let report = checkClean(Fixtures.h264CBR, accuracy: .ok)
        #expect(report.verdict == .pass)
        #expect(report.input.constantBitrate == true)
        #expect(report.input.bitrate == 600_000)
        #expect(report.input.nullPackets > 0)
        for point in report.bitrateSeries { #expect(point.bitsPerSecond == 600_000) }
    }

    @Test func hevc() {
        let report = checkClean(Fixtures.hevc, accuracy: .notApplicable)
        #expect(report.programs.first?.streams.first?.codec.name.description == "hevc")
    }

    @Test func mpeg2WithDVBServiceInformation() {
        // ffmpeg writes no EIT, so EIT_actual_error fires once at the 2 s mark; no TDT either,
        // but the 5 s stream is shorter than the 30 s TDT limit.
        let report = checkClean(Fixtures.mpeg2DVB, profile: .dvb, accuracy: .ok,
                                allowedErrors: [.eitActualError, .eitError, .siRepetitionError])
        #expect(report.count(.eitActualError) == 1)
        #expect(report.count(.eitError) == 1)
        #expect(report.count(.siRepetitionError) == 1)
        #expect(report.result(.nitActualError).status == .ok)
        #expect(report.result(.sdtActualError).status == .ok)
        #expect(report.result(.tdtError).status == .insufficientData)
        #expect(report.verdict == .warn)
    }

    @Test func twoPrograms() {
        let report = checkClean(Fixtures.twoPrograms, accuracy: .notApplicable)
        #expect(report.programs.map(\.number) == [1, 2])
    }

    @Test func m2tsArrivalTimestamps() {
        let report = checkClean(Fixtures.m2ts, ext: "m2ts", accuracy: .ok)
        #expect(report.input.packetSize == 192)
        #expect(report.timeBase.source == .arrivalTimestamps)
    }

    @Test func m2tsWithMeaninglessTimestampsIsTimedFromPCRs() {
        let report = checkClean(Fixtures.m2tsVariableBitrate, ext: "m2ts", accuracy: .notApplicable)
        #expect(report.input.packetSize == 192)
        #expect(report.timeBase.source == .pcrInterpolated)
        #expect(report.input.durationMicros != nil)
    }

    @Test func packets204WithParity() {
        // The same stream with 16 parity bytes after every packet gives the same counts.
        let ts = Fixtures.h264CBR
        var framed: [UInt8] = []
        for i in stride(from: 0, to: ts.count, by: 188) {
            framed += ts[i..<i + 188]
            framed += [UInt8](repeating: 0x5A, count: 16)
        }
        let a = Fixtures.validate(ts)
        let b = Fixtures.validate(framed)
        #expect(b.input.packetSize == 204)
        #expect(b.verdict == .pass)
        #expect(a.input.packets == b.input.packets)
        for (x, y) in zip(a.checks, b.checks) {
            #expect(x.count == y.count)
            #expect(x.status == y.status, "\(x.check.name)")
        }
        #expect(a.pids.map(\.packets) == b.pids.map(\.packets))
        #expect(a.input.durationMicros == b.input.durationMicros)
    }
}
