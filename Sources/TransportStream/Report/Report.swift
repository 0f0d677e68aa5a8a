// The report a validation run produces. Plain values only: TandemCore turns it into the
// canonical result document (see REPORT.md for the document's schema).

/// Where an occurrence happened.
public struct Occurrence: Equatable {
    /// Index of the framed packet, from 0.
    public var packetIndex: Int64
    /// Byte offset of the packet in the input (its first byte, M2TS prefix included).
    public var byteOffset: Int64
    /// Stream time since the first packet, in microseconds, if the stream has a time base.
    public var streamTimeMicros: Int64?
}

/// The overall judgement.
public enum Verdict: UInt8 {
    /// No errors.
    case pass
    /// Only third-priority or extra-check errors.
    case warn
    /// Second-priority errors, no first-priority errors.
    case degraded
    /// First-priority errors.
    case fail
    /// No transport stream sync was ever found.
    case noSync

    /// The verdict as written into the report.
    public var text: StaticString {
        switch self {
        case .pass: "pass"
        case .warn: "warn"
        case .degraded: "degraded"
        case .fail: "fail"
        case .noSync: "no_sync"
        }
    }
}

/// Count of one check on one PID.
public struct PIDCount {
    /// The PID.
    public var pid: UInt16
    /// Occurrences on that PID.
    public var count: Int64
    /// First occurrence on that PID.
    public var first: Occurrence
    /// Last occurrence on that PID.
    public var last: Occurrence
}

/// The result of one check.
public struct CheckResult {
    /// Which check.
    public var check: Check
    /// What it concluded.
    public var status: CheckStatus
    /// Occurrences counted.
    public var count: Int64
    /// First and last occurrence (nil when the count is 0).
    public var first: Occurrence?
    /// Last occurrence.
    public var last: Occurrence?
    /// Per-PID counts for occurrences tied to a PID, ascending by PID.
    public var pids: [PIDCount]
}

/// Facts about the input.
public struct InputFacts {
    /// Bytes received.
    public var bytes: Int64
    /// Detected or forced packet size (188, 192, 204), or 0 if sync was never found.
    public var packetSize: Int32
    /// Framed packets (units with a corrupted sync byte included).
    public var packets: Int64
    /// Whether sync was ever acquired.
    public var syncAcquired: Bool
    /// Bytes passed over while searching for sync.
    public var skippedBytes: Int64
    /// Bytes of an incomplete last packet.
    public var truncatedTailBytes: Int64
    /// Null packets (PID 0x1FFF).
    public var nullPackets: Int64
    /// Stream duration from the first packet to the end, in microseconds.
    public var durationMicros: Int64?
    /// Transport bitrate in bits per second (188-byte packets over the duration).
    public var bitrate: Int64?
    /// Whether PCRs sit on a constant-bitrate line (nil if undecided).
    public var constantBitrate: Bool?
    /// transport_stream_id of the PAT, if one was seen.
    public var transportStreamID: Int32?
    /// Version changes of PAT, PMT and CAT.
    public var tableVersionChanges: Int64
}

/// How stream time was obtained.
public struct TimeBaseFacts {
    /// The source of stream time.
    public var source: TimeBaseSource
    /// The PID whose PCRs drive an interpolated clock, or -1.
    public var referencePID: Int32
    /// PCR intervals the clock followed.
    public var followedSteps: Int64
    /// PCR steps the clock did not follow (jumps, discontinuities), timed at the recent bitrate.
    public var ignoredSteps: Int64
    /// Arrival timestamps that went backwards (M2TS).
    public var arrivalRegressions: Int64
}

/// One elementary stream of a program.
public struct ElementaryStreamSummary {
    /// Its PID.
    public var pid: UInt16
    /// stream_type from the PMT.
    public var streamType: UInt8
    /// Codec and kind from stream_type and descriptors.
    public var codec: CodecInfo
    /// ISO 639 language code bytes, or empty.
    public var language: [UInt8]
}

/// One program.
public struct ProgramSummary {
    /// program_number.
    public var number: UInt16
    /// PID of its PMT.
    public var pmtPID: UInt16
    /// PCR_PID from its PMT (0x1FFF if none or no PMT seen).
    public var pcrPID: UInt16
    /// PMT version, or -1 if no PMT was seen.
    public var pmtVersion: Int16
    /// Service name from the SDT, or empty.
    public var serviceName: [UInt8]
    /// Service provider from the SDT, or empty.
    public var providerName: [UInt8]
    /// The streams of the latest PMT.
    public var streams: [ElementaryStreamSummary]
}

/// One PID of the stream.
public struct PIDSummary {
    /// The PID.
    public var pid: UInt16
    /// What it carries ("pat", "pmt", "elementary", "null", "unreferenced"...).
    public var role: StaticString
    /// stream_type if a PMT lists it, else nil.
    public var streamType: UInt8?
    /// Codec name if a PMT lists it.
    public var codec: StaticString?
    /// Packets (transport error packets included, legal duplicates included).
    public var packets: Int64
    /// Packets with transport_scrambling_control set.
    public var scrambledPackets: Int64
    /// Packets carrying a PCR.
    public var pcrCount: Int64
    /// PES packets started.
    public var pesCount: Int64
    /// Continuity count errors on the PID.
    public var continuityErrors: Int64
    /// Average bitrate in bits per second, if the duration is known.
    public var bitrate: Int64?
    /// First occurrence of the PID.
    public var first: Occurrence
    /// Whether some PMT or the CAT refers to it.
    public var referenced: Bool
    /// What its elementary stream's own headers say, if it is one and they were found.
    public var elementary: ElementaryStreamFacts?
    /// Packets with transport_error_indicator set (2.1 on this PID).
    public var transportErrors: Int64
    /// Lowest and highest bitrate over complete one-second windows (PIDRates.swift), if any.
    public var minBitrate: Int64?
    /// Highest one-second bitrate.
    public var maxBitrate: Int64?
    /// PCR interval and accuracy statistics, if the PID carries PCRs.
    public var pcr: PCRStatistics?
}

/// One point of the per-PID bitrate series.
public struct PIDBitratePoint {
    /// Start of the window, microseconds of stream time.
    public var startMicros: Int64
    /// Length of the window in microseconds.
    public var durationMicros: Int64
    /// Bits per second of all PIDs together (188-byte packets, as the PID rates).
    public var totalBitsPerSecond: Int64
    /// Bits per second of each PID of `PIDBitrateSeries.pids`, in that order.
    public var bitsPerSecond: [Int64]
}

/// Bitrate over time of the first PIDs to occur (at most 64), on common windows.
public struct PIDBitrateSeries {
    /// The PIDs of the series, ascending.
    public var pids: [UInt16]
    /// The windows.
    public var points: [PIDBitratePoint]
    /// PIDs that occurred but are not in the series.
    public var untrackedPIDs: Int64
}

/// One point of the bitrate series.
public struct BitrateSample {
    /// Start of the window, microseconds of stream time.
    public var startMicros: Int64
    /// Length of the window in microseconds.
    public var durationMicros: Int64
    /// Bits per second over the window (all bytes, as received).
    public var bitsPerSecond: Int64
}

/// One occurrence in the event list.
public struct StreamEvent {
    /// The check counted.
    public var check: Check
    /// Which precondition of the check.
    public var reason: Reason
    /// The PID concerned, if any.
    public var pid: UInt16?
    /// Where.
    public var at: Occurrence
    /// A check-specific measurement (see REPORT.md).
    public var value: Int64
}

/// The result of validating one stream.
public struct StreamReport {
    /// The thresholds applied.
    public var profile: ValidationProfile
    /// Facts about the input.
    public var input: InputFacts
    /// Facts about the stream clock.
    public var timeBase: TimeBaseFacts
    /// The overall judgement.
    public var verdict: Verdict
    /// Every check in TR 101 290 order, then the extra checks.
    public var checks: [CheckResult]
    /// PIDs in ascending order.
    public var pids: [PIDSummary]
    /// Programs in PAT order.
    public var programs: [ProgramSummary]
    /// The bitrate series.
    public var bitrateSeries: [BitrateSample]
    /// Events in packet order (capped).
    public var events: [StreamEvent]
    /// Events counted but not listed because the list was full.
    public var eventsDropped: Int64
    /// Per-PID counts lost because the per-PID table was full (0 in practice).
    public var pidCountsDropped: Int64
    /// The per-PID bitrate series.
    public var pidBitrateSeries: PIDBitrateSeries
    /// Decoded SCTE-35 cues in packet order (capped like the events).
    public var spliceCues: [SpliceCue]
    /// Cues decoded but not listed because the list was full.
    public var spliceCuesDropped: Int64

    /// The result of `check`.
    public func result(_ check: Check) -> CheckResult { checks[check.rawValue] }

    /// Occurrence count of `check`.
    public func count(_ check: Check) -> Int64 { checks[check.rawValue].count }
}
