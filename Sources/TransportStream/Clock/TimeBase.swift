// The stream clock.
//
// Interval indicators (PAT every 0.5 s, PTS every 0.7 s, ...) need the time at which each
// packet arrived. An M2TS file records arrival times (a 30-bit 27 MHz timestamp before every
// packet); then the clock is simply that timestamp. A plain .ts file records nothing, so the
// clock is interpolated: the PCRs of one reference PID give the time at their packets, and
// packets in between get times proportional to their byte position. This stays right for
// variable bitrate, because every PCR interval gets its own slope.
//
// The clock must not follow a PCR jump (a splice, a wrap of the encoder clock, a damaged PCR):
// a step that is negative, flagged by discontinuity_indicator, or larger than the profile's
// PCR step limit with an implied bitrate far from the recent one is not followed. That
// interval is instead timed with the recent bitrate, and the clock continues smoothly from
// there. Otherwise one jump would make every timer fire at once.
//
// Because the time of a packet is known only when the *next* PCR arrives, the validator keeps
// pending marks and resolves them with the `ClockSegment` this type hands out.

/// A stretch of the clock: linear from (startCoord, startTime) to (endCoord, endTime).
struct ClockSegment {
    var startCoord: Int64
    var startTime: Int64
    var endCoord: Int64
    var endTime: Int64

    /// Time at coordinate `c` (interpolated inside, extrapolated outside the stretch).
    func time(at c: Int64) -> Int64 {
        let span = endCoord &- startCoord
        if span <= 0 { return Arithmetic.add(startTime, c &- startCoord) }  // identity (arrival clock)
        return Arithmetic.add(startTime, Arithmetic.scale(c &- startCoord, endTime &- startTime, span))
    }

    /// Duration of a coordinate distance `d` inside this stretch.
    func duration(of d: Int64) -> Int64 {
        let span = endCoord &- startCoord
        if span <= 0 { return d }  // identity (arrival clock)
        return Arithmetic.scale(d, endTime &- startTime, span)
    }
}

/// One or more consecutive stretches of the clock that became known together (several only
/// when the clock moves to another PCR PID and catches up on its PCRs).
struct ClockMap {
    var first: ClockSegment
    var more: [ClockSegment] = []

    init(_ segment: ClockSegment) { first = segment }

    /// Time at coordinate `c`, from the stretch that contains it.
    func time(at c: Int64) -> Int64 {
        if more.isEmpty || c <= first.endCoord { return first.time(at: c) }
        for s in more where c <= s.endCoord { return s.time(at: c) }
        return more[more.count - 1].time(at: c)
    }

    /// Duration between coordinates `a` and `b`.
    func duration(from a: Int64, to b: Int64) -> Int64 {
        more.isEmpty ? first.duration(of: b &- a) : time(at: b) &- time(at: a)
    }
}

/// Where stream time comes from.
public enum TimeBaseSource: UInt8 {
    /// No usable clock (fewer than two PCRs on the reference PID, no arrival times).
    case none
    /// Interpolated from the PCRs of one PID against byte position.
    case pcrInterpolated
    /// The arrival timestamps of 192-byte M2TS packets.
    case arrivalTimestamps

    /// The source as written into the report.
    public var text: StaticString {
        switch self {
        case .none: "none"
        case .pcrInterpolated: "pcr_interpolated"
        case .arrivalTimestamps: "arrival_timestamps"
        }
    }
}

/// A PCR value and where it occurred.
struct PCRPoint {
    var coord: Int64
    var pcr: Int64
}

/// The PCR-interpolated clock (arrival-timestamp clocks need no state beyond the unwrapper).
struct PCRClock {
    /// The PID whose PCRs drive the clock (the first PID seen carrying a PCR), or -1.
    var referencePID: Int32 = -1
    private var hasAnchor = false
    private var anchorCoord: Int64 = 0
    private var anchorTime: Int64 = 0
    private var lastPCR: Int64 = 0
    /// Largest step followed without a rate check, in ticks.
    let maxStepTicks: Int64

    // Recent followed intervals (coordinate distance, ticks) for the bitrate used when a step
    // is not followed.
    private var historyCoord = [Int64](repeating: 0, count: 16)
    private var historyTicks = [Int64](repeating: 0, count: 16)
    private var historyNext = 0
    private var historyCount = 0
    private var sumCoord: Int64 = 0
    private var sumTicks: Int64 = 0

    /// Intervals followed from PCR values.
    private(set) var followedSteps: Int64 = 0
    /// PCR steps not followed (jumps, discontinuities), timed from the recent bitrate instead.
    private(set) var ignoredSteps: Int64 = 0
    /// True once any segment has been handed out.
    private(set) var established = false

    init(maxStepTicks: Int64) { self.maxStepTicks = maxStepTicks }

    /// Feeds a PCR of the reference PID found at coordinate `coord`; returns the stretch of the
    /// clock that became known, if any.
    mutating func reference(pcr: Int64, at coord: Int64, discontinuity: Bool) -> ClockSegment? {
        guard hasAnchor else {
            hasAnchor = true
            anchorCoord = coord
            anchorTime = 0
            lastPCR = pcr
            return nil
        }
        let step = Arithmetic.wrappedDifference(pcr, lastPCR, modulus: pcrModulus)
        let distance = coord &- anchorCoord
        lastPCR = pcr
        if distance <= 0 { return nil }
        var follow = !discontinuity && step > 0
        if follow && step > maxStepTicks {
            // A long step is a gap in PCRs if the bitrate it implies matches the recent one
            // (within a factor of two), and a jump otherwise.
            follow = historyCount > 0 && rateIsClose(ticks: step, coord: distance)
        }
        let endTime: Int64
        if follow {
            endTime = Arithmetic.add(anchorTime, step)
            remember(coord: distance, ticks: step)
            followedSteps = Arithmetic.add(followedSteps, 1)
        } else if historyCount > 0 {
            endTime = Arithmetic.add(anchorTime, Arithmetic.scale(distance, sumTicks, sumCoord))
            ignoredSteps = Arithmetic.add(ignoredSteps, 1)
        } else {
            // No bitrate known yet: restart the clock here; earlier pending marks will be
            // extrapolated backwards from the first followed interval.
            ignoredSteps = Arithmetic.add(ignoredSteps, 1)
            if !established { anchorCoord = coord; anchorTime = 0 }
            return nil
        }
        let segment = ClockSegment(startCoord: anchorCoord, startTime: anchorTime, endCoord: coord, endTime: endTime)
        anchorCoord = coord
        anchorTime = endTime
        established = true
        return segment
    }

    /// Hands the clock to another PCR PID (the reference PID stopped carrying PCRs). `history`
    /// holds that PID's PCRs since the reference's last one, oldest first: the short stretch to
    /// the first of them is timed with the recent bitrate, the rest follow their PCR values.
    /// Returns the stretches that became known, in order.
    /// `base` is that PID's PCR before the history with its already known time: when given,
    /// the first stretch follows the PCR step from it instead of the recent bitrate.
    mutating func switchReference(to pid: Int32, history: [PCRPoint], base: PCRPoint?, baseTime: Int64) -> [ClockSegment] {
        referencePID = pid
        guard let first = history.first else { return [] }
        var out: [ClockSegment] = []
        var linked: Int64? = nil
        if let base, established, first.coord > anchorCoord {
            let step = Arithmetic.wrappedDifference(first.pcr, base.pcr, modulus: pcrModulus)
            let t = Arithmetic.add(baseTime, step)
            if step > 0 && step <= maxStepTicks && t > anchorTime { linked = t }
        }
        if let t = linked {
            out.append(ClockSegment(startCoord: anchorCoord, startTime: anchorTime, endCoord: first.coord, endTime: t))
            anchorCoord = first.coord
            anchorTime = t
            followedSteps = Arithmetic.add(followedSteps, 1)
        } else if established, let segment = tail(to: first.coord), first.coord > anchorCoord {
            out.append(segment)
            anchorCoord = first.coord
            anchorTime = segment.endTime
            ignoredSteps = Arithmetic.add(ignoredSteps, 1)
        } else if !established {
            hasAnchor = true
            anchorCoord = first.coord
            anchorTime = 0
        }
        lastPCR = first.pcr
        for point in history.dropFirst() {
            if let segment = reference(pcr: point.pcr, at: point.coord, discontinuity: false) { out.append(segment) }
        }
        return out
    }

    /// The stretch from the last PCR to `coord`, timed with the recent bitrate (end of stream).
    func tail(to coord: Int64) -> ClockSegment? {
        guard established, historyCount > 0, sumCoord > 0 else { return nil }
        let distance = max(0, coord &- anchorCoord)
        let endTime = Arithmetic.add(anchorTime, Arithmetic.scale(distance, sumTicks, sumCoord))
        if distance == 0 {
            return ClockSegment(startCoord: anchorCoord &- 1, startTime: anchorTime &- Arithmetic.scale(1, sumTicks, sumCoord),
                                endCoord: anchorCoord, endTime: anchorTime)
        }
        return ClockSegment(startCoord: anchorCoord, startTime: anchorTime, endCoord: coord, endTime: endTime)
    }

    /// Recent rate as (ticks, coordinate distance), or nil.
    var recentRate: (ticks: Int64, coord: Int64)? {
        historyCount > 0 && sumCoord > 0 ? (sumTicks, sumCoord) : nil
    }

    private func rateIsClose(ticks: Int64, coord: Int64) -> Bool {
        // ticks/coord within [1/2, 2] x sumTicks/sumCoord
        Arithmetic.compareProducts(ticks, sumCoord, 2 * max(sumTicks, 0), coord) <= 0
            && Arithmetic.compareProducts(2 * ticks, sumCoord, sumTicks, coord) >= 0
    }

    private mutating func remember(coord: Int64, ticks: Int64) {
        if historyCount == historyCoord.count {
            sumCoord &-= historyCoord[historyNext]
            sumTicks &-= historyTicks[historyNext]
        } else {
            historyCount += 1
        }
        historyCoord[historyNext] = coord
        historyTicks[historyNext] = ticks
        sumCoord = Arithmetic.add(sumCoord, coord)
        sumTicks = Arithmetic.add(sumTicks, ticks)
        historyNext = (historyNext + 1) % historyCoord.count
    }
}
