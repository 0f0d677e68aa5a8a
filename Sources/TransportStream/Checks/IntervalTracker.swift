// Interval limits ("must occur at least every 0.5 s") evaluated on a clock that is only known
// after the fact.
//
// A tracker watches one thing (PAT sections, packets of one PID, PTS of one PID, ...). Between
// two resolutions of the clock all pending occurrences lie on one linear stretch of it, so
// the tracker needs only the first and last pending occurrence and the widest coordinate gap
// between consecutive pending ones: when the stretch becomes known, the gap from the last
// resolved occurrence to the first pending one and the widest pending gap are converted to
// time and compared with the limit. Memory per tracker is constant whatever the input.
// One gap longer than the limit counts once, however long it is.

/// What an interval tracker reports when a gap exceeds its limit.
struct IntervalViolation {
    /// The occurrence that ended the gap (or the end of the stream).
    var mark: Mark
    /// Length of the gap in ticks.
    var gap: Int64
    /// The caller's tag of the occurrence that ended the gap.
    var tag: Bool
}

/// One interval limit on a sequence of occurrences.
struct IntervalTracker {
    /// The check counted for a gap above `maxTicks`.
    var check: Check
    /// The PID reported with violations (-1 for none).
    var pid: Int32
    /// Longest allowed gap, in ticks.
    var maxTicks: Int64
    /// Shortest allowed gap, in ticks (0: no minimum).
    var minTicks: Int64 = 0
    /// Whether the stretch from the last occurrence to the end of the stream counts.
    var checksTail: Bool
    /// Inactive trackers ignore occurrences (e.g. a PID no longer referenced).
    var active = true

    private(set) var hasResolved = false
    private(set) var lastResolvedTime: Int64 = 0
    private(set) var lastResolvedMark = Mark.none
    private(set) var pendingCount = 0
    private var firstPending = Mark.none
    private var firstPendingTag = false
    private var lastPending = Mark.none
    private var widestGap: Int64 = -1
    private var widestGapMark = Mark.none
    private var widestGapTag = false
    private var narrowestGap: Int64 = Int64.max
    private var narrowestGapMark = Mark.none
    // Arming (e.g. at the start of the stream) starts the clock for the maximum interval but
    // is not an occurrence, so it never makes an interval too short.
    private var lastResolvedIsArm = false
    private var firstPendingIsArm = false
    private var lastPendingIsArm = false
    /// Set while queued in the validator's list of trackers with pending occurrences.
    var queued = false

    init(check: Check, pid: Int32, maxTicks: Int64, checksTail: Bool) {
        self.check = check
        self.pid = pid
        self.maxTicks = maxTicks
        self.checksTail = checksTail
    }

    /// Notes an occurrence at `mark` (its time may be unresolved). Returns true if the
    /// tracker had nothing pending before (so the caller queues it).
    @inline(__always)
    mutating func occur(_ mark: Mark, tag: Bool = false, arm: Bool = false) -> Bool {
        if pendingCount == 0 {
            firstPending = mark
            firstPendingTag = tag
            firstPendingIsArm = arm
            lastPending = mark
            lastPendingIsArm = arm
            pendingCount = 1
            return true
        }
        let gap = mark.coord &- lastPending.coord
        if gap > widestGap { widestGap = gap; widestGapMark = mark; widestGapTag = tag }
        if gap < narrowestGap && !arm && !lastPendingIsArm { narrowestGap = gap; narrowestGapMark = mark }
        lastPending = mark
        lastPendingIsArm = arm
        pendingCount &+= 1
        return false
    }

    /// Converts the pending occurrences to time with `segment` and reports violations.
    mutating func resolve(_ segment: ClockMap, into out: inout [IntervalViolation], tooClose: inout [Mark]) {
        guard pendingCount > 0 else { return }
        let firstTime = segment.time(at: firstPending.coord)
        if hasResolved {
            let gap = firstTime &- lastResolvedTime
            if gap > maxTicks {
                var m = firstPending; m.time = firstTime
                out.append(IntervalViolation(mark: m, gap: gap, tag: firstPendingTag))
            }
            if minTicks > 0 && gap < minTicks && !lastResolvedIsArm && !firstPendingIsArm {
                var m = firstPending; m.time = firstTime
                tooClose.append(m)
            }
        }
        if pendingCount > 1 {
            let gap = segment.duration(from: widestGapMark.coord &- widestGap, to: widestGapMark.coord)
            if gap > maxTicks {
                var m = widestGapMark; m.time = segment.time(at: m.coord)
                out.append(IntervalViolation(mark: m, gap: gap, tag: widestGapTag))
            }
            if minTicks > 0 && narrowestGap != Int64.max
                && segment.duration(from: narrowestGapMark.coord &- narrowestGap, to: narrowestGapMark.coord) < minTicks {
                var m = narrowestGapMark; m.time = segment.time(at: m.coord)
                tooClose.append(m)
            }
        }
        lastResolvedTime = segment.time(at: lastPending.coord)
        lastResolvedMark = lastPending
        lastResolvedMark.time = lastResolvedTime
        lastResolvedIsArm = lastPendingIsArm
        hasResolved = true
        pendingCount = 0
        widestGap = -1
        narrowestGap = Int64.max
    }

    /// At the end of the stream (after the final `resolve`): the gap from the last
    /// occurrence to `end` if it exceeds the limit.
    func tailViolation(end: Mark) -> IntervalViolation? {
        guard active, checksTail, hasResolved, end.time != unresolvedTime else { return nil }
        let gap = end.time &- lastResolvedTime
        return gap > maxTicks ? IntervalViolation(mark: end, gap: gap, tag: false) : nil
    }

    /// Forgets all history (e.g. when the PID stops being referenced).
    mutating func reset() {
        hasResolved = false
        pendingCount = 0
        widestGap = -1
        narrowestGap = Int64.max
    }
}
