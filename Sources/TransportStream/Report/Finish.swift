// End of stream: the last stretch of the clock, the conditions only the end can decide
// (timeouts running into the end, unreferenced PIDs, whether PCR accuracy was measurable),
// each check's status, and the report.

extension ValidatorCore {
    /// Finishes the run and builds the report.
    mutating func finish() -> StreamReport {
        flushFraming()
        let end = closeClock()
        if end.time != unresolvedTime {
            for i in 0..<trackers.count {
                if let v = trackers[i].tailViolation(end: end) {
                    reportViolationAtEnd(trackers[i].check, pid: trackers[i].pid, v)
                }
            }
        }
        checkUnreferenced(end: end)
        checkPresentFollowingPairs()
        commitPendingSamples()
        let accuracy = commitAccuracy()
        closeSeriesWindow(nextStart: end.time)
        finishRateWindows(endTime: end.time)
        return buildReport(end: end, accuracy: accuracy)
    }

    /// Resolves the clock up to the end of the stream and returns the end mark.
    private mutating func closeClock() -> Mark {
        var end = Mark(packetIndex: packetIndex, byteOffset: lastUnitEnd, coord: lastUnitEnd, time: unresolvedTime)
        guard packetIndex > 0 else { return end }
        if usesArrivalClock {
            resolveArrivalClock(upTo: lastMark)
            end.coord = lastMark.coord
            end.time = lastMark.coord
        } else if let tail = clock.tail(to: lastUnitEnd) {
            resolve(ClockMap(tail))
            end.time = tail.time(at: lastUnitEnd)
        }
        return end
    }

    private mutating func reportViolationAtEnd(_ check: Check, pid: Int32, _ v: IntervalViolation) {
        let micros = v.gap / 27
        record(check, pid: pid, mark: v.mark, reason: .interval, value: micros)
        switch check {
        case .nitActualError: record(.nitError, pid: pid, mark: v.mark, reason: .interval, value: micros)
        case .sdtActualError: record(.sdtError, pid: pid, mark: v.mark, reason: .interval, value: micros)
        case .eitActualError: record(.eitError, pid: pid, mark: v.mark, reason: .interval, value: micros)
        default: break
        }
        switch check {
        case .nitActualError, .sdtActualError, .eitActualError, .tdtError, .nitOtherError, .sdtOtherError,
             .eitOtherError:
            record(.siRepetitionError, pid: pid, mark: v.mark, reason: .interval, value: micros)
        default: break
        }
    }

    /// 3.4 Unreferenced_PID: a PID that occurs for longer than the grace period before (or
    /// without) any PMT or the CAT referring to it counts once.
    private mutating func checkUnreferenced(end: Mark) {
        guard end.time != unresolvedTime else { return }
        for pid in seenPIDs {
            if pid < 0x20 || pid == 0x1FFB || pid == 0x1FFF { continue }
            let state = pids.base[Int(pid)]
            switch state.role {
            case .pmt, .nit, .pat, .cat: continue
            default: break
            }
            let first = state.firstMark
            if first.time == unresolvedTime { continue }
            observed.base[Check.unreferencedPID.rawValue] = true
            let until: Int64
            if state.referenceMark.packetIndex >= 0 {
                if state.referenceMark.time == unresolvedTime { continue }
                until = state.referenceMark.time
            } else {
                until = end.time
            }
            let waited = until &- first.time
            if waited > thresholds.unreferencedGrace {
                record(.unreferencedPID, pid: Int32(pid), mark: first, reason: .notReferenced, value: waited / 27)
            }
        }
    }

    /// Decides whether PCR accuracy was measurable and, if so, counts its occurrences.
    private mutating func commitAccuracy() -> CheckStatus {
        let (samples, within) = accuracyTotals()
        if samples == 0 || (!usesArrivalClock && samples < profile.constantBitrateMinSamples) {
            return .insufficientData
        }
        if !usesArrivalClock
            && Arithmetic.compareProducts(within, 1000, samples, profile.constantBitratePermille) < 0 {
            return .notApplicable
        }
        tallies.base[Check.pcrAccuracyError.rawValue] = accuracyTally
        for entry in accuracyPIDTallies.entries where entry.key >= 0 {
            pidTallies.merge(entry)
        }
        for e in accuracyEvents.events { events.append(e) }
        return accuracyTally.count > 0 ? .error : .ok
    }

    /// PCR accuracy results of every PCR PID: how many were measured, how many within bounds.
    private func accuracyTotals() -> (samples: Int64, within: Int64) {
        var samples: Int64 = 0
        var within: Int64 = 0
        for s in 0..<pcrSlotCount {
            samples = Arithmetic.add(samples, pcrSlots[s].statistics.accuracy.samples)
            within = Arithmetic.add(within, pcrSlots[s].statistics.accuracy.within)
        }
        return (samples, within)
    }

    /// True when the stream's PCRs sit on constant-bitrate lines (nil if undecided).
    private func constantBitrate() -> Bool? {
        let (samples, within) = accuracyTotals()
        if samples < profile.constantBitrateMinSamples { return nil }
        return Arithmetic.compareProducts(within, 1000, samples, profile.constantBitratePermille) >= 0
    }

    /// The status of `check` (see CheckStatus).
    private func status(_ check: Check, accuracy: CheckStatus) -> CheckStatus {
        let dvb = profile.checksDVBServiceInformation
        switch check {
        case .bufferError, .emptyBufferError, .dataDelayError:
            return .notChecked
        case .nitError, .nitActualError, .siRepetitionError, .sdtError, .sdtActualError, .eitError,
             .eitActualError, .rstError, .tdtError:
            if !dvb { return .notChecked }
        case .nitOtherError, .sdtOtherError, .eitOtherError, .eitPFError:
            if !dvb { return .notChecked }
            if !everSynced { return .insufficientData }
            if tallies.base[check.rawValue].count > 0 { return .error }
            if check.needsTime && origin == unresolvedTime { return .insufficientData }
            // Only streams that carry the table can break these rules.
            return otherTableSeen(check) ? .ok : .notApplicable
        default: break
        }
        if !everSynced { return .insufficientData }
        let count = tallies.base[check.rawValue].count
        if check == .pcrAccuracyError { return accuracy }
        if count > 0 { return .error }
        let timed = origin != unresolvedTime
        if check.needsTime && !timed { return .insufficientData }
        switch check {
        case .pcrError, .pcrRepetitionError, .pcrDiscontinuityIndicatorError:
            return pcrSlotCount == 0 ? .insufficientData : .ok
        case .ptsError, .dtsOrderError, .dtsBeforePCR:
            var any = false
            for s in 0..<pesSlotCount where pesSlots[s].ptsCount > 0 { any = true }
            return any ? .ok : .insufficientData
        case .patError, .patError2, .pmtError, .pmtError2, .pidError, .unreferencedPID, .nitError,
             .nitActualError, .sdtError, .sdtActualError, .eitError, .eitActualError, .tdtError,
             .siRepetitionError:
            return observed.base[check.rawValue] || observedAny(for: check) ? .ok : .insufficientData
        default:
            return .ok
        }
    }

    /// Combined indicators are observed when one of their parts is.
    private func observedAny(for check: Check) -> Bool {
        switch check {
        case .nitError: return observed.base[Check.nitActualError.rawValue]
        case .sdtError: return observed.base[Check.sdtActualError.rawValue]
        case .eitError: return observed.base[Check.eitActualError.rawValue]
        case .siRepetitionError:
            return observed.base[Check.nitActualError.rawValue] || observed.base[Check.sdtActualError.rawValue]
                || observed.base[Check.eitActualError.rawValue] || observed.base[Check.tdtError.rawValue]
        default: return false
        }
    }

    /// Converts an internal mark to a reported occurrence.
    func occurrence(_ m: Mark) -> Occurrence {
        var t: Int64? = nil
        if m.time != unresolvedTime && origin != unresolvedTime { t = (m.time &- origin) / 27 }
        return Occurrence(packetIndex: m.packetIndex, byteOffset: m.byteOffset, streamTimeMicros: t)
    }

    private func buildReport(end: Mark, accuracy: CheckStatus) -> StreamReport {
        var durationTicks: Int64? = nil
        if end.time != unresolvedTime && origin != unresolvedTime && end.time > origin { durationTicks = end.time &- origin }

        var checks: [CheckResult] = []
        // By raw value, not `Check.allCases`: that array was built element by element here.
        for raw in 0..<Check.count {
            guard let check = Check(rawValue: raw) else { continue }
            let t = tallies.base[check.rawValue]
            var found: [PIDCount] = []
            var keys: [UInt16] = []
            for entry in pidTallies.entries where entry.key >= 0 && Int(entry.key >> 13) == check.rawValue {
                found.append(PIDCount(pid: UInt16(entry.key & 0x1FFF), count: entry.tally.count,
                                      first: occurrence(entry.tally.first), last: occurrence(entry.tally.last)))
                keys.append(UInt16(entry.key & 0x1FFF))
            }
            var perPID: [PIDCount] = []
            for i in Self.orderByPID(keys) { perPID.append(found[i]) }
            checks.append(CheckResult(check: check, status: status(check, accuracy: accuracy), count: t.count,
                                      first: t.count > 0 ? occurrence(t.first) : nil,
                                      last: t.count > 0 ? occurrence(t.last) : nil, pids: perPID))
        }

        var verdict = Verdict.pass
        if !everSynced {
            verdict = .noSync
        } else {
            for c in checks where c.status == .error {
                switch c.check.priority {
                case 1: verdict = .fail
                case 2: if verdict != .fail { verdict = .degraded }
                default: if verdict == .pass { verdict = .warn }
                }
            }
        }

        var totalPackets: Int64 = 0
        for pid in 0..<8192 { totalPackets = Arithmetic.add(totalPackets, pids.base[pid].packets) }
        let input = InputFacts(
            bytes: bytesReceived, packetSize: Int32(packetSize), packets: packetIndex, syncAcquired: everSynced,
            skippedBytes: skippedBytes, truncatedTailBytes: truncatedTailBytes, nullPackets: nullPackets,
            durationMicros: durationTicks.map { $0 / 27 },
            bitrate: durationTicks.map { Self.bitsPerSecond(totalPackets, ticks: $0) },
            constantBitrate: constantBitrate(),
            transportStreamID: transportStreamID >= 0 ? transportStreamID : nil,
            tableVersionChanges: tableVersionChanges)
        let timeBase = TimeBaseFacts(source: origin == unresolvedTime ? .none : timeSource,
                                     referencePID: timeSource == .pcrInterpolated ? clock.referencePID : -1,
                                     followedSteps: clock.followedSteps, ignoredSteps: clock.ignoredSteps,
                                     arrivalRegressions: arrivalRegressions)

        var events: [StreamEvent] = []
        for e in self.events.events {
            events.append(StreamEvent(check: e.check, reason: e.reason, pid: e.pid >= 0 ? UInt16(e.pid) : nil,
                                      at: occurrence(e.mark), value: e.value))
        }
        events = Self.sortedByPacket(events)

        var cues: [SpliceCue] = []
        for pending in spliceCues {
            var cue = pending.cue
            cue.at = occurrence(pending.mark)
            cues.append(cue)
        }
        let measurable = accuracy == .ok || accuracy == .error
        return StreamReport(profile: profile, input: input, timeBase: timeBase, verdict: verdict, checks: checks,
                            pids: pidSummaries(durationTicks: durationTicks, accuracyMeasurable: measurable),
                            programs: programSummaries(), bitrateSeries: bitrateSamples(), events: events,
                            eventsDropped: self.events.dropped, pidCountsDropped: pidTallies.dropped,
                            pidBitrateSeries: pidBitrateSeries(), spliceCues: cues, spliceCuesDropped: spliceCuesDropped)
    }

    /// The indices of `keys` (PIDs, each at most once) in ascending order of PID: insertion
    /// for the usual handful, a bucket pass over the 8192 PIDs for long lists. The standard
    /// library's sort, specialized for each element type and inlined, cost several kB of wasm
    /// for lists this short and this cold.
    static func orderByPID(_ keys: [UInt16]) -> [Int] {
        var order: [Int] = []
        if keys.count <= 64 {
            for i in 0..<keys.count {
                var j = order.count
                order.append(i)
                while j > 0 && keys[order[j - 1]] > keys[i] { order[j] = order[j - 1]; j -= 1 }
                order[j] = i
            }
            return order
        }
        var slot = [Int32](repeating: -1, count: 8192)
        for i in 0..<keys.count { slot[Int(keys[i] & 0x1FFF)] = Int32(i) }
        for s in slot where s >= 0 { order.append(Int(s)) }
        return order
    }

    /// Stable merge sort by packet index (events of one packet keep their recording order).
    private static func sortedByPacket(_ events: [StreamEvent]) -> [StreamEvent] {
        if events.count < 2 { return events }
        var a = events
        var b = events
        var width = 1
        while width < a.count {
            var i = 0
            while i < a.count {
                let mid = min(i + width, a.count)
                let hi = min(i + 2 * width, a.count)
                var l = i, r = mid, k = i
                while l < mid && r < hi {
                    if a[r].at.packetIndex < a[l].at.packetIndex { b[k] = a[r]; r += 1 } else { b[k] = a[l]; l += 1 }
                    k += 1
                }
                while l < mid { b[k] = a[l]; l += 1; k += 1 }
                while r < hi { b[k] = a[r]; r += 1; k += 1 }
                i = hi
            }
            swap(&a, &b)
            width *= 2
        }
        return a
    }

    private func pidSummaries(durationTicks: Int64?, accuracyMeasurable: Bool) -> [PIDSummary] {
        var out: [PIDSummary] = []
        let windowRates = windowRateTable()
        for pid in 0..<8192 {
            let s = pids.base[pid]
            if s.packets == 0 { continue }
            var codec: StaticString? = nil
            var streamType: UInt8? = nil
            for k in 0..<programCount where programs[k].inPAT {
                for e in programs[k].streams where Int(e.pid) == pid {
                    codec = e.codec.name
                    streamType = e.streamType
                }
            }
            let pes = s.pesSlot >= 0 ? pesSlots[Int(s.pesSlot)].pesCount : 0
            let cc = pidTallies.tally(.continuityCountError, pid: UInt16(pid))?.count ?? 0
            out.append(PIDSummary(
                pid: UInt16(pid), role: Self.roleText(s, pid: pid), streamType: streamType, codec: codec,
                packets: s.packets, scrambledPackets: s.scrambledPackets, pcrCount: s.pcrCount, pesCount: pes,
                continuityErrors: cc,
                bitrate: durationTicks.map { Self.bitsPerSecond(s.packets, ticks: $0) },
                first: occurrence(s.firstMark), referenced: s.referenceMark.packetIndex >= 0,
                elementary: s.pesSlot >= 0 ? probes[Int(s.pesSlot)].facts : nil,
                transportErrors: pidTallies.tally(.transportError, pid: UInt16(pid))?.count ?? 0,
                minBitrate: windowRates[pid]?.min, maxBitrate: windowRates[pid]?.max,
                pcr: pcrStatistics(s, accuracyMeasurable: accuracyMeasurable)))
        }
        return out
    }

    /// The PCR statistics of a PID that carried PCRs, with the model they were measured on.
    private func pcrStatistics(_ s: PIDState, accuracyMeasurable: Bool) -> PCRStatistics? {
        guard s.pcrSlot >= 0 else { return nil }
        var statistics = pcrSlots[Int(s.pcrSlot)].statistics
        statistics.model = usesArrivalClock ? "arrival_timestamps" : "byte_position"
        statistics.measurable = accuracyMeasurable
        return statistics
    }

    private static func roleText(_ s: PIDState, pid: Int) -> StaticString {
        switch s.role {
        case .pat: return "pat"
        case .cat: return "cat"
        case .pmt: return "pmt"
        case .nit: return "nit"
        case .sdt: return "sdt_bat"
        case .eit: return "eit"
        case .rst: return "rst"
        case .tdt: return "tdt_tot"
        case .elementary: return "elementary"
        case .null: return "null"
        case .emm: return "emm"
        case .ecm: return "ecm"
        case .reservedSI: return "reserved"
        case .scte35: return "scte35"
        case .unknown:
            if s.referenceMark.packetIndex >= 0 { return "pcr" }
            return pid < 0x20 || pid == 0x1FFB ? "reserved" : "unreferenced"
        }
    }

    private func programSummaries() -> [ProgramSummary] {
        var out: [ProgramSummary] = []
        for k in 0..<programCount where programs[k].inPAT {
            let p = programs[k]
            var streams: [ElementaryStreamSummary] = []
            for e in p.streams {
                streams.append(ElementaryStreamSummary(pid: e.pid, streamType: e.streamType, codec: e.codec, language: e.language))
            }
            out.append(ProgramSummary(number: p.number, pmtPID: p.pmtPID, pcrPID: p.pcrPID, pmtVersion: p.pmtVersion,
                                      serviceName: p.serviceName, providerName: p.providerName, streams: streams))
        }
        return out
    }

    private func bitrateSamples() -> [BitrateSample] {
        var out: [BitrateSample] = []
        guard origin != unresolvedTime else { return out }
        for p in series where p.ticks > 0 {
            out.append(BitrateSample(startMicros: (p.startTime &- origin) / 27, durationMicros: p.ticks / 27,
                                     bitsPerSecond: Arithmetic.scale(Arithmetic.scale(p.bytes, 8, 1), 27_000_000, p.ticks)))
        }
        return out
    }
}
