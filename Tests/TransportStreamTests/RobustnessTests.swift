// Chunking invariance, hostile input, and bounded memory.

import TestSupport
import Foundation
import Testing
@testable import TransportStream

@Suite struct ChunkingTests {
    /// A stream with many kinds of faults at once.
    static var faulty: [UInt8] {
        var f = FaultInjector(Fixtures.h264CBR)
        let video = f.indices(pid: 256)
        f.corruptSync(video[300])
        f.setTEI(video[400])
        let pcrs = video.filter { f.hasPCR($0) }
        for i in pcrs[120...] { f.setPCR(i, f.pcr(i)! + 27_000_000) }
        f.remove([video[500], video[501]])
        f.bytes.insert(contentsOf: [UInt8](repeating: 0x47, count: 77), at: 700 * 188)
        f.bytes.removeLast(50)
        return f.bytes
    }

    func expectInvariant(_ bytes: [UInt8], seeds: [UInt64], singleBytes: Bool, profile: ValidationProfile = .generic) {
        let whole = Fixtures.document(Fixtures.validate(bytes, profile: profile))
        for seed in seeds {
            var rng = SplitMix(state: seed)
            let sizes = (0..<64).map { _ in rng.below(4) == 0 ? 0 : 1 + rng.below(3000) }
            let chunked = Fixtures.document(Fixtures.validate(bytes, chunkSizes: sizes, profile: profile))
            #expect(chunked == whole, "seed \(seed)")
        }
        if singleBytes {
            #expect(Fixtures.document(Fixtures.validate(bytes, chunkSizes: [1], profile: profile)) == whole)
        }
        let odd = Fixtures.document(Fixtures.validate(bytes, chunkSizes: [187, 189, 1, 376, 5000], profile: profile))
        #expect(odd == whole)
    }

    @Test func cleanStream() { expectInvariant(Fixtures.h264VBR, seeds: [1, 2, 3], singleBytes: true) }

    @Test func faultyStream() {
        let report = Fixtures.validate(Self.faulty)
        #expect(report.count(.syncByteError) > 0 && report.count(.continuityCountError) > 0)
        expectInvariant(Self.faulty, seeds: [4, 5, 6], singleBytes: true)
    }

    @Test func m2tsAndParity() {
        expectInvariant(Fixtures.m2ts, seeds: [7, 8], singleBytes: false)
        let ts = Fixtures.h264VBR
        var framed: [UInt8] = []
        for i in stride(from: 0, to: ts.count, by: 188) { framed += ts[i..<i + 188] + [UInt8](repeating: 0, count: 16) }
        expectInvariant(framed, seeds: [9], singleBytes: false)
    }

    @Test func dvbProfile() { expectInvariant(Fixtures.mpeg2DVB, seeds: [10, 11], singleBytes: false, profile: .dvb) }

    @Test func garbage() {
        var rng = SplitMix(state: 99)
        expectInvariant(rng.bytes(200_000), seeds: [12, 13], singleBytes: true)
    }
}

@Suite struct HostileInputTests {
    @Test func randomBytesNeverSync() {
        var rng = SplitMix(state: 1)
        let bytes = rng.bytes(2_000_000).map { $0 == 0x47 ? 0x48 : $0 }
        let report = Fixtures.validate(bytes)
        #expect(report.verdict == .noSync)
        #expect(report.input.skippedBytes == Int64(bytes.count))
        #expect(report.input.packets == 0)
        for c in report.checks { #expect(c.status == .insufficientData || c.status == .notChecked) }
    }

    /// Packets with valid sync bytes and random everything else drive every parser with junk.
    static func randomPackets(_ count: Int, seed: UInt64, pids: Int = 8192) -> [UInt8] {
        var rng = SplitMix(state: seed)
        var out: [UInt8] = []
        out.reserveCapacity(count * 188)
        for _ in 0..<count {
            var p = rng.bytes(188)
            p[0] = 0x47
            let pid = rng.below(pids)
            // Favour table PIDs and small PIDs so PSI and PES parsing see lots of junk.
            let chosen = rng.below(3) == 0 ? [0, 1, 0x10, 0x11, 0x12, 0x14, 0x100, 0x101, 0x1000][rng.below(9)] : pid
            p[1] = (p[1] & 0xE0) | UInt8(chosen >> 8)
            p[2] = UInt8(chosen & 0xFF)
            if rng.below(4) == 0 { p[1] &= 0x7F }
            out += p
        }
        return out
    }

    @Test func randomPacketsNeverTrap() {
        for seed: UInt64 in 1...4 {
            let bytes = Self.randomPackets(20_000, seed: seed, pids: 64)
            let a = Fixtures.document(Fixtures.validate(bytes, profile: seed % 2 == 0 ? .dvb : .generic))
            let b = Fixtures.document(Fixtures.validate(bytes, chunkSizes: [1000, 7, 188 * 3 + 1],
                                                        profile: seed % 2 == 0 ? .dvb : .generic))
            #expect(a == b)
        }
    }

    @Test func mutatedRealStreamsNeverTrap() {
        var rng = SplitMix(state: 5)
        for source in [Fixtures.h264CBR, Fixtures.mpeg2DVB, Fixtures.m2ts, Fixtures.twoPrograms] {
            for _ in 0..<3 {
                var bytes = source
                for _ in 0..<(bytes.count / 500) { bytes[rng.below(bytes.count)] = UInt8(truncatingIfNeeded: rng.next()) }
                let report = Fixtures.validate(bytes, profile: .dvb)
                #expect(report.input.syncAcquired)
                #expect(report.events.count <= 1000)
            }
        }
    }

    @Test func extremeValuesInTables() {
        // A PAT listing 300 programs on one PMT PID, then PMTs with huge lengths and many
        // streams, and a CAT full of CA descriptors: tables stay bounded and nothing traps.
        var out: [UInt8] = []
        func sectionPackets(pid: Int, _ section: [UInt8], cc: inout Int) {
            var payload = [UInt8(0)] + section + crc(section)
            var first = true
            while !payload.isEmpty {
                var p = [UInt8](repeating: 0xFF, count: 188)
                p[0] = 0x47
                p[1] = UInt8(pid >> 8) | (first ? 0x40 : 0)
                p[2] = UInt8(pid & 0xFF)
                p[3] = 0x10 | UInt8(cc & 15)
                cc += 1
                let n = min(184, payload.count)
                p.replaceSubrange(4..<4 + n, with: payload[0..<n])
                payload.removeFirst(n)
                first = false
                out += p
            }
        }
        var pat: [UInt8] = [0x00, 0xB0, 0, 0, 1, 0xC1, 0, 0]
        for n in 1...250 { pat += [UInt8(n >> 8), UInt8(n & 0xFF), 0xE0, UInt8(0x20 + n % 4)] }
        let patLength = pat.count - 3 + 4
        pat[1] = 0xB0 | UInt8(patLength >> 8)
        pat[2] = UInt8(patLength & 0xFF)
        var ccs = [Int](repeating: 0, count: 8192)
        for _ in 0..<20 {
            sectionPackets(pid: 0, pat, cc: &ccs[0])
            for pmtPID in 0x20..<0x24 {
                var pmt: [UInt8] = [0x02, 0xB0, 0, 0, UInt8(pmtPID - 0x1F), 0xC1, 0, 0, 0xE1, 0x00, 0xF0, 0]
                for k in 0..<100 { pmt += [0x1B, 0xE0 | UInt8((0x100 + k) >> 8), UInt8((0x100 + k) & 0xFF), 0xF0, 0] }
                let length = pmt.count - 3 + 4
                pmt[1] = 0xB0 | UInt8(length >> 8)
                pmt[2] = UInt8(length & 0xFF)
                sectionPackets(pid: pmtPID, pmt, cc: &ccs[pmtPID])
            }
            var cat: [UInt8] = [0x01, 0xB0, 0, 0xFF, 0xFF, 0xC1, 0, 0]
            for k in 0..<100 { cat += [0x09, 4, 0x01, 0x00, 0xE0 | UInt8((0x1500 + k) >> 8), UInt8((0x1500 + k) & 0xFF)] }
            let catLength = cat.count - 3 + 4
            cat[1] = 0xB0 | UInt8(catLength >> 8)
            cat[2] = UInt8(catLength & 0xFF)
            sectionPackets(pid: 1, cat, cc: &ccs[1])
        }
        let report = Fixtures.validate(out)
        #expect(report.count(.crcError) == 0)
        #expect(report.count(.sectionSyntaxError) == 0)
        #expect(report.programs.count == 250)
        #expect(report.programs.allSatisfy { $0.streams.count <= 64 })
    }

    func crc(_ data: [UInt8]) -> [UInt8] { FaultInjector.crc(data) }

    @Test func crcMatchesReference() {
        // The ISO/IEC 13818-1 CRC of "123456789" is 0x0376E6E7 (CRC-32/MPEG-2 check value).
        let data = Array("123456789".utf8)
        #expect(crc(data) == [0x03, 0x76, 0xE6, 0xE7])
        let value = data.withUnsafeBufferPointer { CRC32.compute($0.baseAddress!, count: $0.count) }
        #expect(value == 0x0376_E6E7)
    }

    @Test func memoryStaysBounded() {
        // 64 MB of junk packets on all 8192 PIDs, fed in 64 KB chunks: the state's size after
        // 32 MB and after 64 MB is the same order, and well below the input.
        let validator = StreamValidator(profile: .dvb)
        var rng = SplitMix(state: 77)
        var footprints: [Int] = []
        var block = Self.randomPackets(2000, seed: 1)
        for round in 0..<180 {
            for k in 0..<40 { block[rng.below(block.count)] = UInt8(truncatingIfNeeded: k) }
            for i in stride(from: 0, to: block.count, by: 188 * 2000 / 6) {
                block.withUnsafeBufferPointer { buf in
                    validator.push(UnsafeBufferPointer(rebasing: buf[i..<min(i + 188 * 2000 / 6, buf.count)]))
                }
            }
            if round == 89 || round == 179 { footprints.append(validator.memoryFootprint) }
        }
        let report = validator.finish()
        #expect(report.input.bytes == 180 * 2000 * 188)
        #expect(report.events.count == 1000)
        #expect(report.eventsDropped > 0)
        #expect(footprints[1] < 32_000_000)
        #expect(footprints[1] <= footprints[0] + footprints[0] / 4)
    }
}
