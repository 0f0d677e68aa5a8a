// Real streams for the tests: encoded by Debian's ffmpeg at test time and cached in a temp
// directory keyed by the command, so a second run reuses them. ffprobe describes them
// independently of the code under test.

import Foundation
import TestSupport
@testable import TransportStream

enum Fixtures {
    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-ts-fixtures")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Common input: a small test pattern and a sine tone.
    static let av = ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000"]

    /// H.264 + AAC, variable bitrate (ffmpeg's default muxing).
    static var h264VBR: [UInt8] {
        encode(av + ["-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-b:a", "64k"])
    }

    /// H.264 + AAC at a constant 600 kbit/s mux rate (null packets fill).
    static var h264CBR: [UInt8] {
        encode(av + ["-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-b:v", "300k", "-c:a", "aac",
                     "-b:a", "64k", "-muxrate", "600k"])
    }

    /// HEVC + AAC.
    static var hevc: [UInt8] {
        encode(av + ["-t", "3", "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error",
                     "-c:a", "aac", "-b:a", "64k"])
    }

    /// MPEG-2 video + MPEG audio, constant bitrate, DVB SI (SDT, NIT), PCR every 20 ms.
    static var mpeg2DVB: [UInt8] {
        encode(av + ["-t", "5", "-c:v", "mpeg2video", "-b:v", "500k", "-c:a", "mp2", "-b:a", "128k",
                     "-muxrate", "1M", "-mpegts_flags", "+nit+system_b", "-pcr_period", "20"])
    }

    /// Two programs in one multiplex.
    static var twoPrograms: [UInt8] {
        encode(["-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25", "-f", "lavfi", "-i", "sine=frequency=880:sample_rate=48000",
                "-t", "3", "-map", "0:v", "-map", "1:a", "-map", "2:v", "-map", "3:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-b:a", "64k",
                "-program", "title=One:program_num=1:st=0:st=1", "-program", "title=Two:program_num=2:st=2:st=3"])
    }

    /// M2TS: 192-byte packets with arrival timestamps.
    static var m2ts: [UInt8] {
        encode(av + ["-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-b:v", "300k", "-c:a", "aac",
                     "-b:a", "64k", "-muxrate", "600k", "-mpegts_m2ts_mode", "1"], ext: "m2ts")
    }

    /// M2TS as ffmpeg writes it without a mux rate: its arrival timestamps are not a clock.
    static var m2tsVariableBitrate: [UInt8] {
        encode(av + ["-t", "3", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-c:a", "aac", "-b:a", "64k",
                     "-mpegts_m2ts_mode", "1"], ext: "m2ts")
    }

    /// Path of the cached file for an encoding command.
    static func path(_ args: [String], ext: String = "ts") -> URL {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in args.joined(separator: "\u{1}").utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return directory.appendingPathComponent(String(h, radix: 16) + "." + ext)
    }

    /// Encodes (or reuses) the stream for `args` and returns its bytes.
    static func encode(_ args: [String], ext: String = "ts") -> [UInt8] {
        let target = path(args, ext: ext)
        if let data = try? Data(contentsOf: target), !data.isEmpty { return [UInt8](data) }
        let temp = directory.appendingPathComponent(UUID().uuidString + "." + ext)
        let format = ["-f", "mpegts"]
        run("/usr/bin/ffmpeg", ["-hide_banner", "-loglevel", "error", "-y"] + args + format + [temp.path])
        _ = try? FileManager.default.removeItem(at: target)
        try? FileManager.default.moveItem(at: temp, to: target)
        return [UInt8]((try? Data(contentsOf: target)) ?? Data())
    }

    /// Runs a tool and returns its standard output.
    @discardableResult
    static func run(_ tool: String, _ args: [String]) -> Data {
        let data = Data((try? ProcessRunner.run(tool, args))?.stdout ?? [])
        return data
    }

    /// ffprobe's description of a stream file (programs, streams, packet counts, duration).
    static func probe(_ bytes: [UInt8], ext: String = "ts") -> [String: Any] {
        let file = directory.appendingPathComponent(UUID().uuidString + "." + ext)
        try? Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let data = run("/usr/bin/ffprobe", ["-v", "error", "-show_programs", "-show_streams", "-show_format",
                                            "-count_packets", "-of", "json", file.path])
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }

    /// Validates `bytes` in one push.
    static func validate(_ bytes: [UInt8], profile: ValidationProfile = .generic,
                         options: ValidatorOptions = ValidatorOptions()) -> StreamReport {
        let v = StreamValidator(profile: profile, options: options)
        v.push(bytes)
        return v.finish()
    }

    /// Validates `bytes` pushed in chunks whose sizes come from `sizes` (cycled).
    static func validate(_ bytes: [UInt8], chunkSizes sizes: [Int], profile: ValidationProfile = .generic) -> StreamReport {
        let v = StreamValidator(profile: profile)
        bytes.withUnsafeBufferPointer { buf in
            var i = 0
            var k = 0
            while i < buf.count {
                let n = min(max(sizes[k % sizes.count], 0), buf.count - i)
                v.push(UnsafeBufferPointer(rebasing: buf[i..<(i + n)]))
                i += n
                k += 1
            }
        }
        return v.finish()
    }

    /// Every field of `report`, for whole-report comparisons (chunked against one-shot runs).
    /// The document layer (TandemCore) is tested in TandemCoreTests; this module's tests stay
    /// below it.
    static func document(_ report: StreamReport) -> String { String(describing: report) }
}
