// The measurements of document version 3 on real ffmpeg streams: PCR interval and accuracy
// statistics (ISO/IEC 13818-1 2.7.2, TR 101 290 5.3.2), per-PID rates over one-second
// windows, transport errors per PID, and Sync_byte_error while sync is re-acquired. Expected
// values come from the ffmpeg command (mux rate), from the faults injected, or from a separate
// reading of the PCR fields in the test (FaultInjector), never from the code under test.

import Testing
@testable import TransportStream

@Suite struct MeasurementTests {
    let video = 256

    /// PCR intervals read independently from the adaptation fields: min, mean, max in µs.
    static func referenceIntervals(_ f: FaultInjector, pid: Int) -> (min: Int64, mean: Int64, max: Int64) {
        let values = f.indices(pid: pid).compactMap { f.pcr($0) }
        let steps = zip(values.dropFirst(), values).map { $0 - $1 }
        let sum = steps.reduce(0, +)
        return (steps.min()! / 27, sum / Int64(steps.count) / 27, steps.max()! / 27)
    }

    @Test(arguments: [false, true]) func pcrIntervalsMatchTheAdaptationFields(_ cbr: Bool) throws {
        let f = FaultInjector(cbr ? Fixtures.h264CBR : Fixtures.h264VBR)
        let report = Fixtures.validate(f.bytes)
        let pcr = try #require(report.pids.first { $0.pid == UInt16(video) }?.pcr)
        let reference = Self.referenceIntervals(f, pid: video)
        #expect(pcr.minIntervalMicros == reference.min)
        #expect(pcr.meanIntervalMicros == reference.mean)
        #expect(pcr.maxIntervalMicros == reference.max)
        #expect(pcr.discontinuities == 0)
        #expect(pcr.intervals == Int64(f.indices(pid: video).filter { f.hasPCR($0) }.count - 1))
        #expect(report.pids.filter { $0.pcr != nil }.map(\.pid) == [UInt16(video)], "only the PCR PID has statistics")
    }

    @Test func accuracyModelIsBytePositionAndMeasurableOnlyAtConstantBitrate() throws {
        let cbr = try #require(Fixtures.validate(Fixtures.h264CBR).pids.first { $0.pid == 256 }?.pcr)
        #expect("\(cbr.model)" == "byte_position" && cbr.measurable)
        // ffmpeg computes each PCR of a -muxrate stream from its byte position, to the 27 MHz
        // tick: every deviation lies within ±2 ticks (74 ns).
        #expect(cbr.accuracy.samples > 50 && cbr.accuracy.within == cbr.accuracy.samples)
        #expect(cbr.accuracy.minNs >= -74 && cbr.accuracy.maxNs <= 74)
        #expect(cbr.accuracy.histogram.reduce(0, +) == cbr.accuracy.samples)
        let vbr = try #require(Fixtures.validate(Fixtures.h264VBR).pids.first { $0.pid == 256 }?.pcr)
        #expect("\(vbr.model)" == "byte_position" && !vbr.measurable)
        // ffmpeg's variable-bitrate M2TS has no usable arrival clock; with a mux rate it has one.
        let m2ts = Fixtures.validate(Fixtures.m2ts).pids.compactMap(\.pcr)
        #expect(m2ts.count == 1 && "\(m2ts[0].model)" == "arrival_timestamps" && m2ts[0].measurable)
    }

    @Test func aDisplacedPCRLandsInTheOuterBins() throws {
        var f = FaultInjector(Fixtures.h264CBR)
        let pcrs = f.indices(pid: video).filter { f.hasPCR($0) }
        let i = pcrs[pcrs.count / 2]
        f.setPCR(i, f.pcr(i)! + 108)  // 4 µs too high
        let pcr = try #require(Fixtures.validate(f.bytes).pids.first { $0.pid == UInt16(video) }?.pcr)
        // Its own test sees +4000 ns, each neighbour's test half of it, negative.
        #expect(pcr.accuracy.histogram[12] == 1)
        #expect(pcr.accuracy.histogram[0] == 2)
        #expect(pcr.accuracy.maxNs >= 3900 && pcr.accuracy.minNs <= -1900)
        #expect(pcr.accuracy.samples - pcr.accuracy.within == 3)
    }

    @Test func pcrDiscontinuitiesAreNotIntervals() throws {
        var f = FaultInjector(Fixtures.h264CBR)
        let pcrs = f.indices(pid: video).filter { f.hasPCR($0) }
        for i in pcrs where i >= pcrs[pcrs.count / 2] { f.setPCR(i, f.pcr(i)! + 5 * 27_000_000) }
        let pcr = try #require(Fixtures.validate(f.bytes).pids.first { $0.pid == UInt16(video) }?.pcr)
        #expect(pcr.discontinuities == 1)
        #expect(pcr.intervals == Int64(pcrs.count - 2))
        #expect(pcr.maxIntervalMicros! < 100_000)
    }

    @Test func oneSecondRatesOfAConstantBitrateMultiplex() throws {
        // -muxrate 600k: every complete window carries 600 kbit/s in total (±1 %: a window
        // ends on a PCR, so it holds a whole number of packets).
        let report = Fixtures.validate(Fixtures.h264CBR)
        let series = report.pidBitrateSeries
        #expect(series.points.count >= 4)
        for p in series.points.dropLast() {
            #expect(abs(p.totalBitsPerSecond - 600_000) <= 6_000, "\(p)")
            // Each rate is rounded down on its own.
            #expect(abs(p.bitsPerSecond.reduce(0, +) - p.totalBitsPerSecond) <= Int64(p.bitsPerSecond.count))
        }
        #expect(series.pids == report.pids.map(\.pid))
        for p in report.pids {
            let lo = try #require(p.minBitrate), hi = try #require(p.maxBitrate), avg = try #require(p.bitrate)
            #expect(lo <= hi)
            // The average includes the partial last window; it cannot lie far outside.
            #expect(avg >= lo / 2 && avg <= hi * 2, "PID \(p.pid)")
        }
        let null = try #require(report.pids.first { $0.pid == 0x1FFF })
        #expect(null.minBitrate! > 0, "null packets fill every second of a CBR multiplex")
    }

    @Test func aPIDThatStopsHasMinimumZero() throws {
        var f = FaultInjector(Fixtures.h264CBR)
        let audio = 257
        // Audio removed from 1.5 s on: whole windows without it follow.
        let cut = f.window(from: 1.5, to: 100, pcrPID: video).lowerBound
        f.remove(f.indices(pid: audio).filter { $0 >= cut })
        let entry = try #require(Fixtures.validate(f.bytes).pids.first { $0.pid == UInt16(audio) })
        #expect(entry.minBitrate == 0)
        #expect(entry.maxBitrate! > 0)
    }

    @Test func perPIDSeriesStaysBounded() {
        let report = Fixtures.validate(Fixtures.h264CBR, options: ValidatorOptions(pidSeriesCap: 2))
        #expect(report.pidBitrateSeries.points.count <= 2)
        let covered = report.pidBitrateSeries.points.reduce(0) { $0 + $1.durationMicros }
        #expect(abs(covered - report.input.durationMicros!) <= 1000, "merging keeps the whole duration")
    }

    @Test func noTimeBaseMeansNoRates() {
        // Null packets only: no PCR, no clock.
        let bytes = (0..<2000).flatMap { i in [0x47, 0x1F, 0xFF, 0x10 | UInt8(i & 15)] + [UInt8](repeating: 0xFF, count: 184) }
        let report = Fixtures.validate(bytes)
        #expect(report.pids.count == 1 && report.pids[0].minBitrate == nil && report.pids[0].pcr == nil)
        #expect(report.pidBitrateSeries.points.isEmpty)
    }

    @Test func transportErrorsArePerPID() {
        var f = FaultInjector(Fixtures.h264CBR)
        let videoPackets = f.indices(pid: video).filter { f.isPlainPayload($0, pid: video) }
        for i in videoPackets[100..<103] { f.setTEI(i) }
        f.setTEI(f.indices(pid: 0x1FFF)[50])
        let report = Fixtures.validate(f.bytes)
        #expect(report.pids.first { $0.pid == UInt16(video) }?.transportErrors == 3)
        #expect(report.pids.first { $0.pid == 0x1FFF }?.transportErrors == 1)
        #expect(report.pids.filter { $0.transportErrors > 0 }.count == 2)
    }

    @Test func everyBadSlotCountsWhileSyncIsReacquired() {
        var f = FaultInjector(Fixtures.h264CBR)
        let i = f.indices(pid: video)[200]
        // 10 000 zero bytes between two packets: slots at +0, +188, …, +9964 lie inside them
        // (54 slots, none with a sync byte); sync is found again at +10 000.
        f.bytes.insert(contentsOf: [UInt8](repeating: 0, count: 10_000), at: i * 188)
        let report = Fixtures.validate(f.bytes)
        #expect(report.count(.syncByteError) == 54)
        #expect(report.count(.tsSyncLoss) == 1)
        #expect(report.input.skippedBytes == 10_000)
        // Only the two slots that lost sync are listed as events.
        #expect(report.events.filter { $0.check == .syncByteError }.count == 2)
        #expect(report.result(.syncByteError).last?.byteOffset == Int64(i * 188 + 53 * 188))
    }

    @Test func slotsHoldingSyncBytesDoNotCount() {
        var f = FaultInjector(Fixtures.h264CBR)
        let i = f.indices(pid: video)[200]
        // 1000 bytes of garbage whose first two slots are bad (sync is lost) and whose later
        // slots (+376, +564, +752, +940) hold 0x47: those do not count.
        var garbage = [UInt8](repeating: 0, count: 1000)
        for k in stride(from: 376, to: 1000, by: 188) { garbage[k] = 0x47 }
        f.bytes.insert(contentsOf: garbage, at: i * 188)
        let report = Fixtures.validate(f.bytes)
        #expect(report.count(.syncByteError) == 2)
        #expect(report.count(.tsSyncLoss) == 1)
    }
}
