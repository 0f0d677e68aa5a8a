// The stream clock of a file: interpolated between PCRs by position (variable bitrate
// included), not following jumps, handed over when the reference PCR stops; arrival times
// for M2TS.

import Testing
@testable import TransportStream

@Suite struct TimeBaseTests {
    /// Times of the first packet of every PID agree with an independent interpolation of the
    /// PCRs by packet index (the same as by byte position for 188-byte packets).
    @Test func variableBitrateInterpolation() {
        let f = FaultInjector(Fixtures.h264VBR)
        let report = Fixtures.validate(f.bytes)
        let oracle = f.times(pcrPID: 256)
        let firstPCR = (0..<f.count).first { f.pid($0) == 256 && f.hasPCR($0) }!
        let lastPCR = (0..<f.count).last { f.pid($0) == 256 && f.hasPCR($0) }!
        let reference = report.pids.first { $0.pid == 256 }!.first
        #expect(reference.packetIndex == Int64(firstPCR))
        var compared = 0
        for p in report.pids {
            let i = Int(p.first.packetIndex)
            guard i > firstPCR && i < lastPCR, let t = p.first.streamTimeMicros, let t0 = reference.streamTimeMicros else { continue }
            let ours = Double(t - t0) / 1e6
            #expect(abs(ours - oracle[i]) < 2e-6, "PID \(p.pid): \(ours) vs \(oracle[i])")
            compared += 1
        }
        #expect(compared >= 1)
        // Every event time of a faulty copy is consistent the same way.
        var g = f
        let video = g.indices(pid: 256).filter { g.isPlainPayload($0, pid: 256) }
        for k in [50, 100, 150] where k < video.count { g.setTEI(video[k]) }
        let faulty = Fixtures.validate(g.bytes)
        let oracleG = g.times(pcrPID: 256)
        let t0 = faulty.pids.first { $0.pid == 256 }!.first.streamTimeMicros!
        for e in faulty.events where e.check == .transportError {
            let ours = Double(e.at.streamTimeMicros! - t0) / 1e6
            let i = Int(e.at.packetIndex)
            #expect(i < oracleG.count && abs(ours - oracleG[i]) < 2e-6)
        }
    }

    @Test func referenceHandOver() {
        // Program 1's PCRs stop after 1 s; program 2's go on: the clock moves to PID 258 and
        // the duration stays that of the stream.
        var f = FaultInjector(Fixtures.twoPrograms)
        let times = f.times(pcrPID: 256)
        for i in 0..<f.count where f.pid(i) == 256 && f.hasPCR(i) && times[i] > 1.0 { f.removePCR(i) }
        let clean = Fixtures.validate(Fixtures.twoPrograms)
        let report = Fixtures.validate(f.bytes)
        #expect(report.timeBase.referencePID == 258)
        #expect(abs(report.input.durationMicros! - clean.input.durationMicros!) < 50_000)
        expectCounts(report, [:])
    }

    @Test func arrivalTimestamps() {
        let bytes = Fixtures.m2ts
        let report = Fixtures.validate(bytes)
        #expect(report.timeBase.source == .arrivalTimestamps)
        func ats(_ i: Int) -> Int64 {
            let p = i * 192
            return Int64(bytes[p] & 0x3F) << 24 | Int64(bytes[p + 1]) << 16 | Int64(bytes[p + 2]) << 8 | Int64(bytes[p + 3])
        }
        for p in report.pids {
            let i = Int(p.first.packetIndex)
            #expect(p.first.streamTimeMicros == (ats(i) - ats(0)) / 27)
        }
        let last = bytes.count / 192 - 1
        #expect(report.input.durationMicros == (ats(last) - ats(0)) / 27)
    }
}
