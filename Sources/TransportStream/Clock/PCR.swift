// PCR checks (TR 101 290 2.3, 2.3a, 2.3b, 2.4) and feeding the PCR clock.
//
// 2.3b compares consecutive PCR values of one PID: a step outside 0..limit without
// discontinuity_indicator is an error. 2.3a measures the interval between consecutive PCRs of
// one PID on the stream clock (an interval tracker). 2.3 counts each PCR that fails either,
// once. 2.4 needs the true arrival time of each PCR: with M2TS arrival timestamps it is
// measured directly; in a plain file it is measurable only if the stream is constant
// bitrate, where byte position stands for time. Each PCR is compared with the straight line
// through its two neighbours (so one bad PCR counts once, with half its error on each
// neighbour); whether the stream is constant bitrate is decided at the end from the share of
// PCRs that sit on such lines (see `ValidationProfile.constantBitratePermille`).
//
// Byte positions stand for time only while no bytes are missing or added. A lost packet (a
// continuity error, possibly noticed only at the next packet of its PID), a duplicate or a
// sync loss breaks that: the last `pendingSamples` results of each PCR PID are held back, and a
// break withdraws those whose span reaches back past the break's earliest possible position.
// Removed *null* packets leave no such trace, and rightly count: the PCRs no longer match
// the bytes.

/// PCR state of one PID that carries PCRs.
struct PCRSlot {
    var pid: UInt16
    var tracker: Int32
    var hasLast = false
    var lastPCR: Int64 = 0
    /// PCRs held for the three-point accuracy test (0, 1 or 2).
    var held = 0
    var firstCoord: Int64 = 0
    var firstPCR: Int64 = 0
    var middle = Mark.none
    var middlePCR: Int64 = 0
    var lastCoord: Int64 = 0
    /// This PID's PCR just before `sinceReference` began.
    var historyBase: PCRPoint?
    /// PCRs of this PID since the last PCR of the clock's reference PID (at most 9).
    var sinceReference: [PCRPoint] = []
    /// Results not yet committed (position clock only), oldest first.
    var pending = RingBuffer<AccuracySample>(capacity: pendingSamples)
    /// Interval and accuracy statistics (PCRStatistics.swift).
    var statistics = PCRStatistics()

    init(pid: UInt16, tracker: Int32) {
        self.pid = pid
        self.tracker = tracker
    }
}

/// One three-point PCR accuracy result.
struct AccuracySample {
    /// Coordinates of the outer PCRs.
    var spanStart: Int64
    var spanEnd: Int64
    var deviationNs: Int64
    var within: Bool
    /// The middle PCR's packet.
    var mark: Mark
}

/// Results held back per PCR PID before they count (see the file comment).
let pendingSamples = 256

/// PIDs whose PCRs are checked; PCRs of further PIDs are counted only.
let maxPCRSlots = 512

extension ValidatorCore {
    /// Handles the PCR carried by a packet of `pid`.
    mutating func handlePCR(_ pid: UInt16, state: UnsafeMutablePointer<PIDState>, pcr: Int64,
                            discontinuity: Bool, mark: Mark) {
        state.pointee.pcrCount &+= 1
        if state.pointee.pcrSlot < 0 {
            guard pcrSlotCount < maxPCRSlots else { return }
            let tracker = addTracker(.pcrRepetitionError, pid: Int32(pid), maxTicks: thresholds.pcrMax, checksTail: false)
            pcrSlots[pcrSlotCount] = PCRSlot(pid: pid, tracker: tracker)
            pcrSlotCount += 1
            state.pointee.pcrSlot = Int32(pcrSlotCount - 1)
        }
        let s = Int(state.pointee.pcrSlot)
        var stepError = false
        if pcrSlots[s].hasLast && !discontinuity {
            let step = Arithmetic.wrappedDifference(pcr, pcrSlots[s].lastPCR, modulus: pcrModulus)
            if step < 0 || step > thresholds.pcrStep {
                stepError = true
                let reason: Reason = step < 0 ? .backwards : .step
                record(.pcrDiscontinuityIndicatorError, pid: Int32(pid), mark: mark, reason: reason, value: step / 27)
                record(.pcrError, pid: Int32(pid), mark: mark, reason: reason, value: step / 27)
                pcrSlots[s].statistics.discontinuities &+= 1
            } else {
                pcrSlots[s].statistics.addInterval(ticks: step)
            }
        } else if pcrSlots[s].hasLast {
            pcrSlots[s].statistics.discontinuities &+= 1
        }
        trackerOccur(pcrSlots[s].tracker, mark: mark, tag: stepError)
        measureAccuracy(s, pcr: pcr, mark: mark, restart: discontinuity || stepError)
        if discontinuity || stepError { notePCRDiscontinuity(pid) }
        let previous: PCRPoint? = pcrSlots[s].hasLast ? PCRPoint(coord: pcrSlots[s].lastCoord, pcr: pcrSlots[s].lastPCR) : nil
        pcrSlots[s].lastPCR = pcr
        pcrSlots[s].lastCoord = mark.coord
        pcrSlots[s].hasLast = true

        if timeSource != .arrivalTimestamps {
            if clock.referencePID < 0 { clock.referencePID = Int32(pid) }
            if clock.referencePID == Int32(pid) {
                for k in 0..<pcrSlotCount where !pcrSlots[k].sinceReference.isEmpty {
                    pcrSlots[k].sinceReference.removeAll(keepingCapacity: true)
                }
                if let segment = clock.reference(pcr: pcr, at: mark.coord, discontinuity: discontinuity) {
                    timeSource = .pcrInterpolated
                    resolve(ClockMap(segment))
                }
            } else {
                // If the reference PID has stopped carrying PCRs while this one goes on, hand
                // the clock over rather than extrapolating to the end of the stream.
                if discontinuity || stepError { pcrSlots[s].sinceReference.removeAll(keepingCapacity: true) }
                if pcrSlots[s].sinceReference.isEmpty {
                    pcrSlots[s].historyBase = discontinuity || stepError ? nil : previous
                }
                pcrSlots[s].sinceReference.append(PCRPoint(coord: mark.coord, pcr: pcr))
                if pcrSlots[s].sinceReference.count > 8 {
                    let history = pcrSlots[s].sinceReference
                    for k in 0..<pcrSlotCount { pcrSlots[k].sinceReference.removeAll(keepingCapacity: true) }
                    // The time of the PID's PCR before the history, if the clock already knows it.
                    var base = pcrSlots[s].historyBase
                    var baseTime: Int64 = 0
                    let tracker = trackers[Int(pcrSlots[s].tracker)]
                    if let b = base, tracker.hasResolved, tracker.lastResolvedMark.coord == b.coord {
                        baseTime = tracker.lastResolvedTime
                    } else {
                        base = nil
                    }
                    let segments = clock.switchReference(to: Int32(pid), history: history, base: base, baseTime: baseTime)
                    if let first = segments.first {
                        var map = ClockMap(first)
                        map.more = Array(segments.dropFirst())
                        timeSource = .pcrInterpolated
                        resolve(map)
                    }
                }
            }
        }
    }

    /// The three-point PCR accuracy test (see the file comment).
    private mutating func measureAccuracy(_ s: Int, pcr: Int64, mark: Mark, restart: Bool) {
        if restart { pcrSlots[s].held = 0 }
        switch pcrSlots[s].held {
        case 0:
            pcrSlots[s].firstCoord = mark.coord
            pcrSlots[s].firstPCR = pcr
            pcrSlots[s].held = 1
        case 1:
            pcrSlots[s].middle = mark
            pcrSlots[s].middlePCR = pcr
            pcrSlots[s].held = 2
        default:
            let a = pcrSlots[s].firstCoord
            let b = pcrSlots[s].middle.coord
            let span = mark.coord &- a
            if span > 0 && b > a && b < mark.coord {
                let toEnd = Arithmetic.wrappedDifference(pcr, pcrSlots[s].firstPCR, modulus: pcrModulus)
                let toMiddle = Arithmetic.wrappedDifference(pcrSlots[s].middlePCR, pcrSlots[s].firstPCR, modulus: pcrModulus)
                let expected = Arithmetic.scale(b &- a, toEnd, span)
                let deviation = toMiddle &- expected
                let nanoseconds = Arithmetic.scale(deviation, 1000, 27)
                let magnitude = Int64(clamping: deviation.magnitude)
                let within = Arithmetic.compareProducts(magnitude, 1000, thresholds.accuracyMilliTicks, 1) <= 0
                let sample = AccuracySample(spanStart: a, spanEnd: mark.coord, deviationNs: nanoseconds,
                                            within: within, mark: pcrSlots[s].middle)
                if usesArrivalClock {
                    commitSample(s, sample)
                } else {
                    // Once `pendingSamples` are held, the oldest makes room and counts.
                    if let oldest = pcrSlots[s].pending.append(sample) { commitSample(s, oldest) }
                }
            }
            pcrSlots[s].firstCoord = b
            pcrSlots[s].firstPCR = pcrSlots[s].middlePCR
            pcrSlots[s].middle = mark
            pcrSlots[s].middlePCR = pcr
        }
    }

    /// Counts one accuracy result. Out of line: it has three callers, and it runs at most once
    /// per PCR.
    @inline(never)
    private mutating func commitSample(_ s: Int, _ sample: AccuracySample) {
        pcrSlots[s].statistics.accuracy.add(deviationNs: sample.deviationNs, within: sample.within)
        if sample.within { return }
        accuracyTally.add(sample.mark)
        accuracyPIDTallies.add(.pcrAccuracyError, pid: pcrSlots[s].pid, mark: sample.mark)
        accuracyEvents.append(EventRecord(check: .pcrAccuracyError, reason: .deviation,
                                          pid: Int32(pcrSlots[s].pid), mark: sample.mark, value: sample.deviationNs))
    }

    /// Commits every held-back accuracy result (end of stream).
    mutating func commitPendingSamples() {
        for s in 0..<pcrSlotCount {
            while let sample = pcrSlots[s].pending.popFirst() { commitSample(s, sample) }
        }
    }

    /// Bytes may be missing or added somewhere after coordinate `start`: withdraw the accuracy
    /// results that span it and restart every three-point test (position clock only).
    mutating func breakPositionAxis(at start: Int64) {
        guard !usesArrivalClock else { return }
        for s in 0..<pcrSlotCount {
            pcrSlots[s].pending.removeLast(while: { $0.spanEnd >= start })
            pcrSlots[s].held = 0
        }
    }

    /// Tells the PES streams timed by `pcrPID` not to compare decode times across a PCR
    /// discontinuity.
    private mutating func notePCRDiscontinuity(_ pcrPID: UInt16) {
        for i in 0..<pesSlotCount where pesSlots[i].pcrPID == pcrPID {
            pesSlots[i].discontinuityPending = true
        }
    }
}
