// The readable stream report `tandem validate` prints: verdict and problems first, then what
// the stream contains as a short table (programs, PIDs with their elementary-stream facts and
// rates), the PCR behaviour and the SCTE-35 cues; every TR 101 290 row only when asked
// (`--all`). Built from the same StreamReport as the document (Sources/TransportStream/REPORT.md).

import TransportStream

/// Renders a stream report as text for a terminal.
public enum StreamSummaryText {
    /// The summary of `report` for the input called `name`; `allIndicators` adds every row.
    public static func make(_ report: StreamReport, name: [UInt8], allIndicators: Bool = false) -> [UInt8] {
        var t = TextBuilder()
        headline(&t, report, name: name)
        problems(&t, report, allIndicators: allIndicators)
        if allIndicators { indicatorTable(&t, report) }
        contents(&t, report)
        clock(&t, report)
        cues(&t, report)
        return t.bytes
    }

    private static func headline(_ t: inout TextBuilder, _ r: StreamReport, name: [UInt8]) {
        t.add(bytes: name)
        t.add(": ")
        t.add(verdictText(r.verdict))
        t.newline()
        let i = r.input
        t.add("  ")
        t.add(i.bytes)
        t.add(" bytes")
        if i.packetSize > 0 {
            t.add(", ")
            t.add(Int64(i.packetSize))
            t.add("-byte packets, ")
            t.add(i.packets)
            t.add(" packets")
        }
        if let d = i.durationMicros {
            t.add(", ")
            seconds(&t, d)
        }
        if let b = i.bitrate {
            t.add(", ")
            megabits(&t, b)
            if i.constantBitrate == true { t.add(" CBR") }
        }
        t.add(", profile ")
        t.add(r.profile.name)
        t.newline()
        if i.skippedBytes > 0 || i.truncatedTailBytes > 0 {
            t.add("  skipped ")
            t.add(i.skippedBytes)
            t.add(" bytes while searching for sync, truncated tail ")
            t.add(i.truncatedTailBytes)
            t.add(" bytes\n")
        }
    }

    static func verdictText(_ v: Verdict) -> StaticString {
        switch v {
        case .pass: "PASS"
        case .warn: "WARN (third-priority or extra findings only)"
        case .degraded: "DEGRADED (second-priority errors)"
        case .fail: "FAIL (first-priority errors)"
        case .noSync: "NO SYNC (no transport stream found)"
        }
    }

    /// Indicators in error with their PIDs and first occurrence; a count of those not evaluated.
    private static func problems(_ t: inout TextBuilder, _ r: StreamReport, allIndicators: Bool) {
        t.newline()
        var errors = 0
        var unevaluated = 0
        for c in r.checks {
            if c.status == .error { errors += 1 }
            if c.status != .ok && c.status != .error { unevaluated += 1 }
        }
        if errors == 0 {
            t.add("No problems found.\n")
        } else {
            t.add("Problems:\n")
            for c in r.checks where c.status == .error { checkRow(&t, c) }
        }
        if unevaluated > 0 && !allIndicators {
            t.add("(")
            t.add(Int64(unevaluated))
            t.add(" of ")
            t.add(Int64(r.checks.count))
            t.add(" checks not evaluated on this input; --all lists every row)\n")
        }
    }

    private static func checkRow(_ t: inout TextBuilder, _ c: CheckResult) {
        t.add("  ")
        t.add(c.check.id)
        t.pad(to: 9)
        t.add(c.check.name)
        t.pad(to: 44)
        switch c.status {
        case .ok: t.add("ok")
        case .error:
            t.add(c.count)
            t.add("x")
        case .notApplicable: t.add("not applicable")
        case .notChecked: t.add("not checked")
        case .insufficientData: t.add("insufficient data")
        }
        guard c.status == .error else { t.newline(); return }
        if !c.pids.isEmpty {
            t.add("  PID ")
            for (k, p) in c.pids.prefix(4).enumerated() {
                if k > 0 { t.add(", ") }
                t.add(pid: p.pid)
                t.add(" x")
                t.add(p.count)
            }
            if c.pids.count > 4 { t.add(", ...") }
        }
        if let first = c.first {
            t.add("  first at packet ")
            t.add(first.packetIndex)
            if let time = first.streamTimeMicros {
                t.add(" (")
                seconds(&t, time)
                t.add(")")
            }
        }
        t.newline()
    }

    private static func indicatorTable(_ t: inout TextBuilder, _ r: StreamReport) {
        t.add("\nAll checks:\n")
        for c in r.checks { checkRow(&t, c) }
    }

    /// Programs, then one row per PID.
    private static func contents(_ t: inout TextBuilder, _ r: StreamReport) {
        guard !r.pids.isEmpty else { return }
        t.newline()
        for p in r.programs {
            t.add("Program ")
            t.add(Int64(p.number))
            if !p.serviceName.isEmpty {
                t.add(" \"")
                t.add(bytes: p.serviceName)
                t.add("\"")
            }
            if !p.providerName.isEmpty {
                t.add(" by \"")
                t.add(bytes: p.providerName)
                t.add("\"")
            }
            t.add(", PMT ")
            t.add(pid: p.pmtPID)
            if p.pcrPID < 0x1FFF {
                t.add(", PCR ")
                t.add(pid: p.pcrPID)
            }
            t.newline()
        }
        t.add("PID     role        codec         Mbit/s  1-s min-max       packets  CC  TE  stream\n")
        for p in r.pids {
            t.add(pid: p.pid)
            t.pad(to: 8)
            t.add(p.role)
            t.pad(to: 20)
            if let codec = p.codec { t.add(codec) } else { t.add("-") }
            t.pad(to: 34)
            if let b = p.bitrate { megabitsNumber(&t, b) } else { t.add("-") }
            t.pad(to: 42)
            if let lo = p.minBitrate, let hi = p.maxBitrate {
                megabitsNumber(&t, lo)
                t.add("-")
                megabitsNumber(&t, hi)
            } else {
                t.add("-")
            }
            t.pad(to: 59)
            t.add(p.packets)
            t.pad(to: 68)
            t.add(p.continuityErrors)
            t.pad(to: 72)
            t.add(p.transportErrors)
            t.pad(to: 76)
            if let e = p.elementary { ElementaryText.describe(&t, e) }
            t.newline()
        }
    }

    /// One line per PCR PID: interval and accuracy with the model used.
    private static func clock(_ t: inout TextBuilder, _ r: StreamReport) {
        var first = true
        for p in r.pids {
            guard let s = p.pcr else { continue }
            if first { t.newline(); first = false }
            t.add("PCR ")
            t.add(pid: p.pid)
            t.add(": ")
            t.add(p.pcrCount)
            t.add(" PCRs")
            if let mean = s.meanIntervalMicros, let lo = s.minIntervalMicros, let hi = s.maxIntervalMicros {
                t.add(", interval ")
                milliseconds(&t, lo)
                t.add(" / ")
                milliseconds(&t, mean)
                t.add(" / ")
                milliseconds(&t, hi)
                t.add(" ms (min/mean/max)")
            }
            if s.discontinuities > 0 {
                t.add(", ")
                t.add(s.discontinuities)
                t.add(" discontinuities")
            }
            let a = s.accuracy
            if a.samples > 0 {
                t.add("\n  accuracy against ")
                t.add(TextBuilder.equal(s.model, "arrival_timestamps") ? "arrival timestamps" : "byte position")
                if !s.measurable { t.add(" (not a model of time here: variable bitrate)") }
                t.add(": ")
                t.add(a.minNs)
                t.add(" to ")
                t.add(a.maxNs)
                t.add(" ns, mean |dev| ")
                t.add(a.meanAbsNs ?? 0)
                t.add(" ns, ")
                t.add(a.within)
                t.add(" of ")
                t.add(a.samples)
                t.add(" within tolerance")
            }
            t.newline()
        }
    }

    private static func cues(_ t: inout TextBuilder, _ r: StreamReport) {
        guard !r.spliceCues.isEmpty else { return }
        t.add("\nSCTE-35 cues: ")
        t.add(Int64(r.spliceCues.count))
        if r.spliceCuesDropped > 0 {
            t.add(" listed, ")
            t.add(r.spliceCuesDropped)
            t.add(" more not listed")
        }
        t.newline()
        for cue in r.spliceCues {
            t.add("  ")
            if let time = cue.at.streamTimeMicros { seconds(&t, time) } else { t.add("packet "); t.add(cue.at.packetIndex) }
            t.pad(to: 14)
            t.add(pid: cue.pid)
            t.add(" ")
            t.add(cue.commandName)
            let action = SpliceCueText.action(cue)
            if !TextBuilder.equal(action, "none") {
                t.add(" ")
                t.add(action)
            }
            if let preroll = cue.prerollMicros {
                t.add(", pre-roll ")
                seconds(&t, preroll)
            }
            t.add("  ")
            SpliceCueText.fields(&t, cue, separator: " ")
            t.newline()
        }
    }

    static func seconds(_ t: inout TextBuilder, _ micros: Int64) {
        t.add(micros, scale: 6, decimals: 3)
        t.add(" s")
    }

    static func milliseconds(_ t: inout TextBuilder, _ micros: Int64) { t.add(micros, scale: 3, decimals: 1) }

    static func megabits(_ t: inout TextBuilder, _ bps: Int64) {
        megabitsNumber(&t, bps)
        t.add(" Mbit/s")
    }

    static func megabitsNumber(_ t: inout TextBuilder, _ bps: Int64) { t.add(bps, scale: 6, decimals: 3) }
}

/// Elementary-stream facts in a few words ("High L3.1 1920x1080 25.00 fps interlaced").
enum ElementaryText {
    static func describe(_ t: inout TextBuilder, _ e: ElementaryStreamFacts) {
        t.add(e.format)
        if let profile = e.profile {
            t.add(" ")
            t.add(profile)
        }
        if let level = e.level {
            t.add(" L")
            if TextBuilder.equal(e.format, "hevc") {
                t.add(Int64(level) * 10 / 30, scale: 1, decimals: 1)
            } else if TextBuilder.equal(e.format, "h264") {
                t.add(Int64(level), scale: 1, decimals: 1)
            } else {
                t.add(Int64(level))
            }
        }
        if let w = e.width, let h = e.height {
            t.add(" ")
            t.add(Int64(w))
            t.add("x")
            t.add(Int64(h))
        }
        if let rate = e.frameRate {
            t.add(" ")
            t.add(rate.numerator * 100 / max(rate.denominator, 1), scale: 2, decimals: 2)
            t.add(" fps")
        }
        if let interlaced = e.interlaced { t.add(interlaced ? " interlaced" : " progressive") }
        if let rate = e.sampleRate {
            t.add(" ")
            t.add(Int64(rate))
            t.add(" Hz")
        }
        if let channels = e.channels {
            t.add(" ")
            t.add(Int64(channels))
            t.add(" ch")
        }
        if let b = e.bitrate {
            t.add(" ")
            t.add(b / 1000)
            t.add(" kbit/s")
        }
    }
}
