// PCR statistics of one PCR PID: the interval between consecutive PCRs (ISO/IEC 13818-1
// 2.7.2 asks for at most 100 ms, TS 101 154 40 ms) and the accuracy of each PCR (ISO/IEC
// 13818-1 2.7.2: ±500 ns; ETSI TR 101 290 5.3.2 / annex I, PCR_AC) as a distribution.
//
// The interval is the step between consecutive PCR values of the PID, measured only where
// the PCR runs on (no discontinuity_indicator, a step inside 0..pcr_max_step_ms: 2.3b); other
// steps count as discontinuities.
//
// Accuracy uses the three-point test of PCR.swift: each PCR against the straight line through
// its two neighbours on an axis of true arrival. Which axis is the model: the arrival
// timestamps of an M2TS file (`arrival_timestamps`), or byte position (`byte_position`), which
// stands for time only in a constant-bitrate stream — so with that model the figures mean
// something only when the stream is constant bitrate, which is what `measurable` says (the
// same decision as 2.4). Only results that survived the withdrawal of spans across lost or
// inserted bytes are counted.

/// Distribution of PCR accuracy results of one PID.
public struct PCRAccuracyStatistics {
    /// Upper bounds (exclusive) of the histogram bins in nanoseconds; bin 0 holds deviations
    /// below the first edge, the last bin those at or above the last edge.
    public static let histogramEdgesNs: [Int64] = [-1000, -500, -250, -100, -50, -10, 10, 50, 100, 250, 500, 1000]

    /// Results counted.
    public var samples: Int64 = 0
    /// Results within the profile's tolerance (`pcr_accuracy_ns`).
    public var within: Int64 = 0
    /// Smallest (most negative) deviation, ns.
    public var minNs: Int64 = 0
    /// Largest deviation, ns.
    public var maxNs: Int64 = 0
    /// Sum of the absolute deviations, ns (for the mean).
    public var sumAbsNs: Int64 = 0
    /// Counts per bin (`histogramEdgesNs.count + 1` bins).
    public var histogram: [Int64] = Array(repeating: 0, count: 13)

    /// Mean absolute deviation in ns, or nil without samples.
    public var meanAbsNs: Int64? { samples > 0 ? sumAbsNs / samples : nil }

    mutating func add(deviationNs d: Int64, within ok: Bool) {
        if samples == 0 || d < minNs { minNs = d }
        if samples == 0 || d > maxNs { maxNs = d }
        samples = Arithmetic.add(samples, 1)
        if ok { within = Arithmetic.add(within, 1) }
        sumAbsNs = Arithmetic.add(sumAbsNs, Int64(clamping: d.magnitude))
        var bin = 0
        while bin < Self.histogramEdgesNs.count && d >= Self.histogramEdgesNs[bin] { bin += 1 }
        histogram[bin] = Arithmetic.add(histogram[bin], 1)
    }
}

/// PCR statistics of one PID.
public struct PCRStatistics {
    /// Intervals measured.
    public var intervals: Int64 = 0
    /// Shortest, longest and summed interval in 27 MHz ticks.
    var minTicks: Int64 = 0
    var maxTicks: Int64 = 0
    var sumTicks: Int64 = 0
    /// PCR steps not measured as intervals (discontinuity_indicator, or out of range).
    public var discontinuities: Int64 = 0
    /// The accuracy results.
    public var accuracy = PCRAccuracyStatistics()
    /// The axis the accuracy was measured on: `arrival_timestamps` or `byte_position`.
    public var model: StaticString = "byte_position"
    /// Whether that axis stands for time here (arrival timestamps, or a constant-bitrate
    /// stream): the 2.4 decision.
    public var measurable = false

    /// Shortest interval in microseconds, if any.
    public var minIntervalMicros: Int64? { intervals > 0 ? minTicks / 27 : nil }
    /// Mean interval in microseconds, if any.
    public var meanIntervalMicros: Int64? { intervals > 0 ? sumTicks / intervals / 27 : nil }
    /// Longest interval in microseconds, if any.
    public var maxIntervalMicros: Int64? { intervals > 0 ? maxTicks / 27 : nil }

    mutating func addInterval(ticks: Int64) {
        if intervals == 0 || ticks < minTicks { minTicks = ticks }
        if intervals == 0 || ticks > maxTicks { maxTicks = ticks }
        intervals = Arithmetic.add(intervals, 1)
        sumTicks = Arithmetic.add(sumTicks, ticks)
    }
}
