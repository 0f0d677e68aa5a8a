// Recording occurrences and resolving their times.
//
// `record` counts an occurrence at once (per check, per PID, event list). Its stream time may
// be unknown until the next PCR of the time base; `resolve` is called with each stretch of
// the clock as it becomes known and fills in every pending time, runs the interval trackers,
// and feeds the bitrate series.

/// One point of the bitrate series: `bytes` received during `ticks` starting at `startTime`.
struct BitratePoint {
    var startTime: Int64
    var ticks: Int64
    var bytes: Int64
}

extension ValidatorCore {
    /// Counts one occurrence of `check`.
    ///
    /// Out of line: it is called from some sixty places, all on error paths (no occurrence is
    /// recorded for a clean packet), and inlined each carried its own copy of the three
    /// tables' growth and uniqueness code.
    @inline(never)
    mutating func record(_ check: Check, pid: Int32, mark: Mark, reason: Reason, value: Int64) {
        tallies.base[check.rawValue].add(mark)
        if pid >= 0 { pidTallies.add(check, pid: UInt16(truncatingIfNeeded: pid), mark: mark) }
        events.append(EventRecord(check: check, reason: reason, pid: pid, mark: mark, value: value))
    }

    /// Creates an interval tracker and returns its index. Out of line: a tracker is made a
    /// few times per stream, and each inlined copy wrote all of the tracker's fields.
    @inline(never)
    mutating func addTracker(_ check: Check, pid: Int32, maxTicks: Int64, checksTail: Bool) -> Int32 {
        trackers.append(IntervalTracker(check: check, pid: pid, maxTicks: maxTicks, checksTail: checksTail))
        return Int32(trackers.count - 1)
    }

    /// `trackerOccur` out of line, for the places that run once per section or less (tables,
    /// arming): only the per-packet paths keep their inlined copy.
    @inline(never)
    mutating func noteTracker(_ index: Int32, mark: Mark, observed: Bool = true) {
        trackerOccur(index, mark: mark, observed: observed)
    }

    /// Notes an occurrence for tracker `index` (ignored for -1 or inactive trackers).
    /// `observed` is false when the call only arms the tracker (e.g. a PAT announcing a PMT).
    @inline(__always)
    mutating func trackerOccur(_ index: Int32, mark: Mark, tag: Bool = false, observed: Bool = true) {
        guard index >= 0, Int(index) < trackers.count else { return }
        let i = Int(index)
        guard trackers[i].active else { return }
        if observed { self.observed.base[trackers[i].check.rawValue] = true }
        _ = trackers[i].occur(mark, tag: tag, arm: !observed)
        if !trackers[i].queued {
            trackers[i].queued = true
            queuedTrackers.append(index)
        }
    }

    /// The trackers that exist from the start of the stream: PAT packets (1.3), PAT sections
    /// (1.3.a) and, under a DVB profile, the SI tables.
    mutating func setUpFixedTrackers() {
        patPacketTracker = addTracker(.patError, pid: 0, maxTicks: thresholds.patMax, checksTail: true)
        patSectionTracker = addTracker(.patError2, pid: 0, maxTicks: thresholds.patMax, checksTail: true)
        pids.base[0].role = .pat
        pids.base[1].role = .cat
        pids.base[0x1FFF].role = .null
        _ = sectionSlot(for: 0)
        _ = sectionSlot(for: 1)
        for pid in 0x10...0x14 { _ = sectionSlot(for: UInt16(pid)) }
        pids.base[0x10].role = .nit
        pids.base[0x11].role = .sdt
        pids.base[0x12].role = .eit
        pids.base[0x13].role = .rst
        pids.base[0x14].role = .tdt
        if profile.checksDVBServiceInformation {
            let nit = addTracker(.nitActualError, pid: 0x10, maxTicks: thresholds.nitMax, checksTail: true)
            let sdt = addTracker(.sdtActualError, pid: 0x11, maxTicks: thresholds.sdtMax, checksTail: true)
            let eit = addTracker(.eitActualError, pid: 0x12, maxTicks: thresholds.eitMax, checksTail: true)
            let tdt = addTracker(.tdtError, pid: 0x14, maxTicks: thresholds.tdtMax, checksTail: true)
            // RST has no repetition limit, only the minimum interval (3.7).
            let rst = addTracker(.rstError, pid: 0x13, maxTicks: Int64.max, checksTail: false)
            for t in [nit, sdt, eit, tdt, rst] { trackers[Int(t)].minTicks = thresholds.siMin }
            siTrackers = [nit, sdt, eit, tdt, rst]
        }
    }

    /// Arms the trackers that watch from the first packet on.
    mutating func armStreamTrackers(_ mark: Mark) {
        noteTracker(patPacketTracker, mark: mark, observed: false)
        noteTracker(patSectionTracker, mark: mark, observed: false)
        for t in siTrackers { noteTracker(t, mark: mark, observed: false) }
    }

    /// Applies a newly known stretch of the clock to everything pending.
    mutating func resolve(_ segment: ClockMap, arrivalBytes: Int64? = nil) {
        if origin == unresolvedTime {
            origin = segment.time(at: startCoord)
            // The bytes before the first PCR join the bitrate series at the first slope.
            let head = segment.first.startCoord &- startCoord
            if arrivalBytes == nil && head > 0 {
                addToSeries(ClockSegment(startCoord: startCoord, startTime: origin, endCoord: segment.first.startCoord,
                                         endTime: segment.first.startTime), bytes: head)
            }
        }
        var q = 0
        while q < queuedTrackers.count {
            let i = Int(queuedTrackers[q])
            trackers[i].queued = false
            trackers[i].resolve(segment, into: &violations, tooClose: &tooClose)
            let check = trackers[i].check
            let pid = trackers[i].pid
            for v in violations { reportViolation(check, pid: pid, v) }
            for m in tooClose { reportTooClose(check, pid: pid, m) }
            violations.removeAll(keepingCapacity: true)
            tooClose.removeAll(keepingCapacity: true)
            q += 1
        }
        queuedTrackers.removeAll(keepingCapacity: true)

        for c in 0..<tallies.count where tallies.base[c].hasUnresolved { tallies.base[c].resolve(segment) }
        if accuracyTally.hasUnresolved { accuracyTally.resolve(segment) }
        pidTallies.resolvePending(segment)
        accuracyPIDTallies.resolvePending(segment)
        events.resolvePending(segment)
        accuracyEvents.resolvePending(segment)
        while firstUnresolvedCue < spliceCues.count {
            let m = spliceCues[firstUnresolvedCue].mark
            if m.time == unresolvedTime { spliceCues[firstUnresolvedCue].mark.time = segment.time(at: m.coord) }
            firstUnresolvedCue += 1
        }
        for pid in firstSeenQueue {
            pids.base[Int(pid)].firstMark.time = segment.time(at: pids.base[Int(pid)].firstMark.coord)
        }
        firstSeenQueue.removeAll(keepingCapacity: true)
        for pid in referenceQueue {
            pids.base[Int(pid)].referenceMark.time = segment.time(at: pids.base[Int(pid)].referenceMark.coord)
        }
        referenceQueue.removeAll(keepingCapacity: true)
        if let bytes = arrivalBytes {
            addToSeries(segment.first, bytes: bytes)
        } else {
            // Position clock: the coordinates are byte offsets.
            addToSeries(segment.first, bytes: segment.first.endCoord &- segment.first.startCoord)
            for s in segment.more { addToSeries(s, bytes: s.endCoord &- s.startCoord) }
        }
        lastSegment = segment.more.last ?? segment.first
    }

    /// Counts an interval violation reported by a tracker of `check`.
    private mutating func reportViolation(_ check: Check, pid: Int32, _ v: IntervalViolation) {
        let micros = v.gap / 27
        record(check, pid: pid, mark: v.mark, reason: .interval, value: micros)
        switch check {
        case .pcrRepetitionError:
            if !v.tag { record(.pcrError, pid: pid, mark: v.mark, reason: .interval, value: micros) }
        case .nitActualError:
            record(.nitError, pid: pid, mark: v.mark, reason: .interval, value: micros)
            record(.siRepetitionError, pid: pid, mark: v.mark, reason: .interval, value: micros)
        case .sdtActualError:
            record(.sdtError, pid: pid, mark: v.mark, reason: .interval, value: micros)
            record(.siRepetitionError, pid: pid, mark: v.mark, reason: .interval, value: micros)
        case .eitActualError:
            record(.eitError, pid: pid, mark: v.mark, reason: .interval, value: micros)
            record(.siRepetitionError, pid: pid, mark: v.mark, reason: .interval, value: micros)
        case .tdtError, .nitOtherError, .sdtOtherError, .eitOtherError:
            record(.siRepetitionError, pid: pid, mark: v.mark, reason: .interval, value: micros)
        default: break
        }
    }

    /// Counts two SI sections closer than the profile's minimum interval.
    private mutating func reportTooClose(_ check: Check, pid: Int32, _ mark: Mark) {
        record(check, pid: pid, mark: mark, reason: .tooClose, value: 0)
        switch check {
        case .nitActualError: record(.nitError, pid: pid, mark: mark, reason: .tooClose, value: 0)
        case .sdtActualError: record(.sdtError, pid: pid, mark: mark, reason: .tooClose, value: 0)
        case .eitActualError: record(.eitError, pid: pid, mark: mark, reason: .tooClose, value: 0)
        default: break
        }
        record(.siRepetitionError, pid: pid, mark: mark, reason: .tooClose, value: 0)
    }

    /// Resolves the arrival-timestamp clock up to `mark` (the marks already carry their
    /// times; this runs the trackers and the bitrate series).
    mutating func resolveArrivalClock(upTo mark: Mark) {
        if arrivalSegmentStart.packetIndex < 0 {
            arrivalSegmentStart = Mark(packetIndex: 0, byteOffset: startOffset, coord: startCoord, time: startCoord)
        }
        let bytes = mark.byteOffset &- arrivalSegmentStart.byteOffset
        let start = arrivalSegmentStart.coord
        resolve(ClockMap(ClockSegment(startCoord: start, startTime: start, endCoord: mark.coord, endTime: mark.coord)),
                arrivalBytes: bytes)
        arrivalSegmentStart = mark
    }

    /// Adds a resolved stretch to the bitrate series (merging neighbours when it is full).
    private mutating func addToSeries(_ segment: ClockSegment, bytes: Int64) {
        let ticks = segment.endTime &- segment.startTime
        guard ticks >= 0, bytes >= 0 else { return }
        if windowStartTime == unresolvedTime { windowStartTime = segment.startTime }
        windowBytes = Arithmetic.add(windowBytes, bytes)
        windowTicks = Arithmetic.add(windowTicks, ticks)
        if windowTicks >= seriesWindowTicks { closeSeriesWindow(nextStart: segment.endTime) }
        advanceRateWindow(ticks: ticks, startTime: segment.startTime, endTime: segment.endTime)
    }

    /// Ends the current window of the bitrate series.
    mutating func closeSeriesWindow(nextStart: Int64) {
        guard windowTicks > 0 else { return }
        series.append(BitratePoint(startTime: windowStartTime, ticks: windowTicks, bytes: windowBytes))
        windowStartTime = nextStart
        windowBytes = 0
        windowTicks = 0
        if series.count >= options.bitrateSeriesCap {
            var merged: [BitratePoint] = []
            var i = 0
            while i < series.count {
                var p = series[i]
                if i + 1 < series.count {
                    p.ticks = Arithmetic.add(p.ticks, series[i + 1].ticks)
                    p.bytes = Arithmetic.add(p.bytes, series[i + 1].bytes)
                }
                merged.append(p)
                i += 2
            }
            series = merged
            seriesWindowTicks = Arithmetic.add(seriesWindowTicks, seriesWindowTicks)
        }
    }
}
