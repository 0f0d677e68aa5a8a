// Validation profiles and options.
//
// Every threshold the validator applies is a named field here, so a report can state exactly
// which limits produced its counts. Times are integer milliseconds (or nanoseconds for PCR
// accuracy); the validator converts them to 27 MHz ticks once.

/// The set of thresholds a validation run applies, named after the standard that motivates them.
public struct ValidationProfile: Sendable {
    /// Short machine name written into the report (`generic`, `dvb`, `atsc`).
    public var name: StaticString
    /// Consecutive correct sync bytes that establish sync (ISO/IEC 13818-1 annex G: 5).
    public var syncAcquireCount: Int32
    /// Consecutive corrupted sync bytes that lose sync (ISO/IEC 13818-1 annex G: 2).
    public var syncLossCount: Int32
    /// 1.3/1.3.a: longest allowed gap between PAT occurrences.
    public var patMaxIntervalMs: Int64
    /// 1.5/1.5.a: longest allowed gap between PMT occurrences of one program.
    public var pmtMaxIntervalMs: Int64
    /// 1.6: longest allowed gap between packets of a PID a PMT refers to ("user specified").
    public var pidMaxIntervalMs: Int64
    /// 2.3a: longest allowed interval between two PCRs of one PID.
    public var pcrMaxIntervalMs: Int64
    /// 2.3b: largest PCR step (and the time base's largest followed step) without discontinuity_indicator.
    public var pcrMaxStepMs: Int64
    /// 2.4: largest allowed PCR inaccuracy.
    public var pcrAccuracyNs: Int64
    /// 2.5: longest allowed interval between two PTS of one audio or video PID.
    public var ptsMaxIntervalMs: Int64
    /// 3.4: how long a PID may occur before some PMT or the CAT must refer to it.
    public var unreferencedGraceMs: Int64
    /// Whether the DVB SI indicators (3.1, 3.5, 3.6, 3.8) are evaluated.
    public var checksDVBServiceInformation: Bool
    /// 3.1.a: longest allowed gap between NIT_actual sections.
    public var nitMaxIntervalMs: Int64
    /// 3.5.a: longest allowed gap between SDT_actual sections.
    public var sdtMaxIntervalMs: Int64
    /// 3.6.a: longest allowed gap between EIT present/following actual sections (section 0).
    public var eitMaxIntervalMs: Int64
    /// 3.8: longest allowed gap between TDT sections.
    public var tdtMaxIntervalMs: Int64
    /// 3.1.a/3.5.a/3.6.a/3.8: two sections of one table closer than this are an error.
    public var siMinIntervalMs: Int64
    /// 3.1.b/3.5.b/3.6.b: longest allowed gap between sections of NIT_other, SDT_other and
    /// EIT p/f other, once such a table has occurred (TR 101 290: 10 s or higher).
    public var otherSIMaxIntervalMs: Int64
    /// 2.4 without arrival times: the share (per mille) of PCRs that must sit on a straight
    /// line (within `pcrAccuracyNs`) before the stream counts as constant bitrate and PCR
    /// accuracy is measured against byte positions.
    public var constantBitratePermille: Int64
    /// 2.4: least number of PCR triples before constant bitrate can be decided.
    public var constantBitrateMinSamples: Int64

    /// The generic profile: ISO/IEC 13818-1 limits (PCR every 100 ms), TR 101 290 defaults.
    public static let generic = ValidationProfile(
        name: "generic", syncAcquireCount: 5, syncLossCount: 2,
        patMaxIntervalMs: 500, pmtMaxIntervalMs: 500, pidMaxIntervalMs: 1000,
        pcrMaxIntervalMs: 100, pcrMaxStepMs: 100, pcrAccuracyNs: 500, ptsMaxIntervalMs: 700,
        unreferencedGraceMs: 500, checksDVBServiceInformation: false,
        nitMaxIntervalMs: 10_000, sdtMaxIntervalMs: 2_000, eitMaxIntervalMs: 2_000,
        tdtMaxIntervalMs: 30_000, siMinIntervalMs: 25, otherSIMaxIntervalMs: 10_000,
        constantBitratePermille: 900, constantBitrateMinSamples: 8)

    /// The DVB profile: PCR every 40 ms (ETSI TS 101 154) and the DVB SI indicators.
    public static let dvb: ValidationProfile = {
        var p = ValidationProfile.generic
        p.name = "dvb"
        p.pcrMaxIntervalMs = 40
        p.checksDVBServiceInformation = true
        return p
    }()

    /// The ATSC profile: PAT every 100 ms and PMT every 400 ms (ATSC A/53 part 3), PCR 100 ms.
    public static let atsc: ValidationProfile = {
        var p = ValidationProfile.generic
        p.name = "atsc"
        p.patMaxIntervalMs = 100
        p.pmtMaxIntervalMs = 400
        return p
    }()

    /// Returns the profile whose name is `name` (ASCII bytes), or `nil`.
    public static func named(_ name: [UInt8]) -> ValidationProfile? {
        // Compared with the static names, not with `Array("…".utf8)`: a String would link
        // String's UTF-8 machinery into the wasm module.
        for profile in [generic, dvb, atsc] where profile.name.withUTF8Buffer({ name.elementsEqual($0) }) {
            return profile
        }
        return nil
    }
}

/// How the validator frames packets.
public enum PacketSizeOption: Equatable {
    /// Detect 188, 192 (M2TS, 4-byte arrival timestamp prefix) or 204 (16 parity bytes).
    case auto
    /// Plain 188-byte transport packets.
    case ts188
    /// 192-byte M2TS units: a 4-byte TP_extra_header with a 30-bit arrival timestamp, then 188 bytes.
    case m2ts192
    /// 204-byte units: 188 bytes followed by 16 Reed-Solomon parity bytes.
    case ts204
}

/// Options that shape a run but are not thresholds of the standard.
public struct ValidatorOptions {
    /// Packet framing.
    public var packetSize: PacketSizeOption
    /// Most events kept in the report; later ones are only counted.
    public var eventCap: Int
    /// Most points in the bitrate series; when full, neighbours merge and the window doubles.
    public var bitrateSeriesCap: Int
    /// Initial width of one bitrate series window, in milliseconds.
    public var bitrateWindowMs: Int64
    /// Most points in each per-PID bitrate series (one-second windows, merged like the
    /// bitrate series when full).
    public var pidSeriesCap: Int

    /// Creates options; the defaults suit files of any length.
    public init(packetSize: PacketSizeOption = .auto, eventCap: Int = 1000,
                bitrateSeriesCap: Int = 600, bitrateWindowMs: Int64 = 1000, pidSeriesCap: Int = 120) {
        self.packetSize = packetSize
        self.eventCap = max(0, min(eventCap, 1_000_000))
        self.bitrateSeriesCap = max(2, min(bitrateSeriesCap, 100_000))
        self.bitrateWindowMs = max(1, min(bitrateWindowMs, 3_600_000))
        self.pidSeriesCap = max(2, min(pidSeriesCap, 10_000))
    }
}
