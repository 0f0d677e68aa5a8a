// The stream report as a canonical result document.
//
// Layout and key order are fixed here and documented in Sources/TransportStream/REPORT.md.
// Numbers are integers (times in microseconds, rates in bits per second); absent values are
// `null`; text from the stream (service names) goes through the writer's canonical escaping.

import TransportStream

/// Builds sealed `stream_report` documents.
public enum StreamReportDocument {
    /// The document kind.
    public static let kind: StaticString = "stream_report"
    /// The schema version of the document.
    public static let version: Int64 = 3

    /// Returns the sealed canonical JSON document for `report`.
    public static func make(_ report: StreamReport) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("kind", kind)
        w.field("version", version)
        writeInput(&w, report)
        writeTimeBase(&w, report.timeBase)
        writeProfile(&w, report.profile)
        w.key("verdict")
        w.string(report.verdict.text)
        writeSummary(&w, report)
        w.key("indicators")
        w.beginArray()
        for c in report.checks where c.check.priority > 0 { writeCheck(&w, c) }
        w.endArray()
        w.key("extra_checks")
        w.beginArray()
        for c in report.checks where c.check.priority == 0 { writeCheck(&w, c) }
        w.endArray()
        writePrograms(&w, report.programs)
        writePIDs(&w, report.pids)
        writeSeries(&w, report.bitrateSeries)
        writePIDSeries(&w, report.pidBitrateSeries)
        writeEvents(&w, report)
        writeSpliceCues(&w, report)
        w.field("pid_counts_dropped", report.pidCountsDropped)
        w.endObject()
        return ResultDocument.seal(w)
    }

    /// Out of line, like the writer's methods (see JSONWriter): some forty members are
    /// written through it, and each inlined copy carried both branches.
    @inline(never)
    static func optionalInt(_ w: inout JSONWriter, _ key: StaticString, _ value: Int64?) {
        w.key(key)
        if let value { w.int(value) } else { w.null() }
    }

    @inline(never)
    static func writeOccurrence(_ w: inout JSONWriter, _ key: StaticString, _ o: Occurrence?) {
        w.key(key)
        guard let o else { w.null(); return }
        w.beginObject()
        w.field("packet", o.packetIndex)
        w.field("offset", o.byteOffset)
        optionalInt(&w, "time_us", o.streamTimeMicros)
        w.endObject()
    }

    private static func writeInput(_ w: inout JSONWriter, _ r: StreamReport) {
        let i = r.input
        w.key("input")
        w.beginObject()
        w.field("bytes", i.bytes)
        w.field("packet_size", Int64(i.packetSize))
        w.field("packets", i.packets)
        w.field("sync_acquired", i.syncAcquired)
        w.field("skipped_bytes", i.skippedBytes)
        w.field("truncated_tail_bytes", i.truncatedTailBytes)
        w.field("null_packets", i.nullPackets)
        optionalInt(&w, "duration_us", i.durationMicros)
        optionalInt(&w, "bitrate_bps", i.bitrate)
        optionalBool(&w, "constant_bitrate", i.constantBitrate)
        optionalInt(&w, "transport_stream_id", i.transportStreamID.map { Int64($0) })
        w.field("table_version_changes", i.tableVersionChanges)
        w.endObject()
    }

    private static func writeTimeBase(_ w: inout JSONWriter, _ t: TimeBaseFacts) {
        w.key("time_base")
        w.beginObject()
        w.key("source")
        w.string(t.source.text)
        optionalInt(&w, "reference_pid", t.referencePID >= 0 ? Int64(t.referencePID) : nil)
        w.field("followed_pcr_steps", t.followedSteps)
        w.field("ignored_pcr_steps", t.ignoredSteps)
        w.field("arrival_time_regressions", t.arrivalRegressions)
        w.endObject()
    }

    private static func writeProfile(_ w: inout JSONWriter, _ p: ValidationProfile) {
        w.key("profile")
        w.beginObject()
        w.key("name")
        w.string(p.name)
        w.key("thresholds")
        w.beginObject()
        w.field("sync_acquire_packets", Int64(p.syncAcquireCount))
        w.field("sync_loss_packets", Int64(p.syncLossCount))
        w.field("pat_max_interval_ms", p.patMaxIntervalMs)
        w.field("pmt_max_interval_ms", p.pmtMaxIntervalMs)
        w.field("pid_max_interval_ms", p.pidMaxIntervalMs)
        w.field("pcr_max_interval_ms", p.pcrMaxIntervalMs)
        w.field("pcr_max_step_ms", p.pcrMaxStepMs)
        w.field("pcr_accuracy_ns", p.pcrAccuracyNs)
        w.field("pts_max_interval_ms", p.ptsMaxIntervalMs)
        w.field("unreferenced_pid_grace_ms", p.unreferencedGraceMs)
        w.field("dvb_si_checked", p.checksDVBServiceInformation)
        w.field("nit_max_interval_ms", p.nitMaxIntervalMs)
        w.field("sdt_max_interval_ms", p.sdtMaxIntervalMs)
        w.field("eit_max_interval_ms", p.eitMaxIntervalMs)
        w.field("tdt_max_interval_ms", p.tdtMaxIntervalMs)
        w.field("si_min_interval_ms", p.siMinIntervalMs)
        w.field("other_si_max_interval_ms", p.otherSIMaxIntervalMs)
        w.field("constant_bitrate_permille", p.constantBitratePermille)
        w.field("constant_bitrate_min_samples", p.constantBitrateMinSamples)
        w.endObject()
        w.endObject()
    }

    private static func writeSummary(_ w: inout JSONWriter, _ r: StreamReport) {
        var counts: [Int64] = [0, 0, 0, 0]
        for c in r.checks where c.status == .error {
            let p = Int(c.check.priority)
            if p < counts.count { counts[p] = counts[p] &+ c.count }
        }
        w.key("error_counts")
        w.beginObject()
        w.field("priority_1", counts[1])
        w.field("priority_2", counts[2])
        w.field("priority_3", counts[3])
        w.field("extra", counts[0])
        w.endObject()
    }

    private static func writeCheck(_ w: inout JSONWriter, _ c: CheckResult) {
        w.beginObject()
        w.key("id")
        w.string(c.check.id)
        w.key("name")
        w.string(c.check.name)
        w.field("priority", Int64(c.check.priority))
        w.key("status")
        w.string(c.status.text)
        w.field("count", c.count)
        writeOccurrence(&w, "first", c.first)
        writeOccurrence(&w, "last", c.last)
        w.key("pids")
        w.beginArray()
        for p in c.pids {
            w.beginObject()
            w.field("pid", Int64(p.pid))
            w.field("count", p.count)
            writeOccurrence(&w, "first", p.first)
            writeOccurrence(&w, "last", p.last)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    private static func writePrograms(_ w: inout JSONWriter, _ programs: [ProgramSummary]) {
        w.key("programs")
        w.beginArray()
        for p in programs {
            w.beginObject()
            w.field("program_number", Int64(p.number))
            w.field("pmt_pid", Int64(p.pmtPID))
            optionalInt(&w, "pcr_pid", p.pcrPID < 0x1FFF ? Int64(p.pcrPID) : nil)
            optionalInt(&w, "pmt_version", p.pmtVersion >= 0 ? Int64(p.pmtVersion) : nil)
            w.key("service_name")
            if p.serviceName.isEmpty { w.null() } else { w.string(p.serviceName) }
            w.key("provider_name")
            if p.providerName.isEmpty { w.null() } else { w.string(p.providerName) }
            w.key("streams")
            w.beginArray()
            for s in p.streams {
                w.beginObject()
                w.field("pid", Int64(s.pid))
                w.field("stream_type", Int64(s.streamType))
                w.key("codec")
                w.string(s.codec.name)
                w.key("kind")
                w.string(s.codec.kind.text)
                w.key("language")
                if s.language.isEmpty { w.null() } else { w.string(s.language) }
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
    }

    private static func writePIDs(_ w: inout JSONWriter, _ pids: [PIDSummary]) {
        w.key("pids")
        w.beginArray()
        for p in pids {
            w.beginObject()
            w.field("pid", Int64(p.pid))
            w.key("role")
            w.string(p.role)
            optionalInt(&w, "stream_type", p.streamType.map { Int64($0) })
            w.key("codec")
            if let codec = p.codec { w.string(codec) } else { w.null() }
            w.field("packets", p.packets)
            w.field("scrambled_packets", p.scrambledPackets)
            w.field("pcr_packets", p.pcrCount)
            w.field("pes_packets", p.pesCount)
            w.field("cc_errors", p.continuityErrors)
            w.field("transport_errors", p.transportErrors)
            optionalInt(&w, "bitrate_bps", p.bitrate)
            optionalInt(&w, "min_bitrate_bps", p.minBitrate)
            optionalInt(&w, "max_bitrate_bps", p.maxBitrate)
            writeOccurrence(&w, "first", p.first)
            w.field("referenced", p.referenced)
            writeElementary(&w, p.elementary)
            writePCR(&w, p.pcr)
            w.endObject()
        }
        w.endArray()
    }

    /// The `elementary` member of a PID entry: what the stream's own headers say, or null.
    private static func writeElementary(_ w: inout JSONWriter, _ facts: ElementaryStreamFacts?) {
        w.key("elementary")
        guard let f = facts else { w.null(); return }
        w.beginObject()
        w.key("format")
        w.string(f.format)
        w.key("profile")
        if let profile = f.profile { w.string(profile) } else { w.null() }
        optionalInt(&w, "level", f.level.map { Int64($0) })
        optionalInt(&w, "width", f.width.map { Int64($0) })
        optionalInt(&w, "height", f.height.map { Int64($0) })
        optionalInt(&w, "frame_rate_num", f.frameRate?.numerator)
        optionalInt(&w, "frame_rate_den", f.frameRate?.denominator)
        optionalBool(&w, "interlaced", f.interlaced)
        optionalInt(&w, "chroma_format", f.chromaFormat.map { Int64($0) })
        optionalInt(&w, "bit_depth", f.bitDepth.map { Int64($0) })
        optionalInt(&w, "sample_rate", f.sampleRate.map { Int64($0) })
        optionalInt(&w, "channels", f.channels.map { Int64($0) })
        optionalInt(&w, "bitrate_bps", f.bitrate)
        w.endObject()
    }

    private static func writeSeries(_ w: inout JSONWriter, _ series: [BitrateSample]) {
        w.key("bitrate_series")
        w.beginArray()
        for s in series {
            w.beginObject()
            w.field("start_us", s.startMicros)
            w.field("duration_us", s.durationMicros)
            w.field("bps", s.bitsPerSecond)
            w.endObject()
        }
        w.endArray()
    }

    /// Opens a capped list member: `{"listed","dropped","items":[` (closed by the caller).
    static func beginCappedList(_ w: inout JSONWriter, _ key: StaticString, listed: Int, dropped: Int64) {
        w.key(key)
        w.beginObject()
        w.field("listed", Int64(listed))
        w.field("dropped", dropped)
        w.key("items")
        w.beginArray()
    }

    private static func writeEvents(_ w: inout JSONWriter, _ r: StreamReport) {
        beginCappedList(&w, "events", listed: r.events.count, dropped: r.eventsDropped)
        for e in r.events {
            w.beginObject()
            w.key("id")
            w.string(e.check.id)
            w.key("name")
            w.string(e.check.name)
            w.key("reason")
            w.string(e.reason.text)
            optionalInt(&w, "pid", e.pid.map { Int64($0) })
            w.field("packet", e.at.packetIndex)
            w.field("offset", e.at.byteOffset)
            optionalInt(&w, "time_us", e.at.streamTimeMicros)
            w.field("value", e.value)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}
