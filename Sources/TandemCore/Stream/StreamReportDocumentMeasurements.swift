// The stream report's measurement members (document version 3): per-PID PCR statistics,
// the per-PID bitrate series and the SCTE-35 cues. Layout and key order are documented in
// Sources/TransportStream/REPORT.md; the rest of the document is in StreamReportDocument.swift.

import TransportStream

extension StreamReportDocument {
    /// The `pcr` member of a PID entry: interval and accuracy statistics, or null.
    static func writePCR(_ w: inout JSONWriter, _ statistics: PCRStatistics?) {
        w.key("pcr")
        guard let s = statistics else { w.null(); return }
        w.beginObject()
        w.field("intervals", s.intervals)
        optionalInt(&w, "interval_min_us", s.minIntervalMicros)
        optionalInt(&w, "interval_mean_us", s.meanIntervalMicros)
        optionalInt(&w, "interval_max_us", s.maxIntervalMicros)
        w.field("discontinuities", s.discontinuities)
        let a = s.accuracy
        w.key("accuracy")
        w.beginObject()
        w.field("model", s.model)
        w.field("measurable", s.measurable)
        w.field("samples", a.samples)
        w.field("within_tolerance", a.within)
        optionalInt(&w, "min_ns", a.samples > 0 ? a.minNs : nil)
        optionalInt(&w, "max_ns", a.samples > 0 ? a.maxNs : nil)
        optionalInt(&w, "mean_abs_ns", a.meanAbsNs)
        w.key("histogram_edges_ns")
        w.beginArray()
        for edge in PCRAccuracyStatistics.histogramEdgesNs { w.int(edge) }
        w.endArray()
        w.key("histogram")
        w.beginArray()
        for count in a.histogram { w.int(count) }
        w.endArray()
        w.endObject()
        w.endObject()
    }

    /// `pid_bitrate_series`: common windows, one rate per tracked PID.
    static func writePIDSeries(_ w: inout JSONWriter, _ series: PIDBitrateSeries) {
        w.key("pid_bitrate_series")
        w.beginObject()
        w.key("pids")
        w.beginArray()
        for pid in series.pids { w.int(Int64(pid)) }
        w.endArray()
        w.field("untracked_pids", series.untrackedPIDs)
        w.key("points")
        w.beginArray()
        for p in series.points {
            w.beginObject()
            w.field("start_us", p.startMicros)
            w.field("duration_us", p.durationMicros)
            w.field("total_bps", p.totalBitsPerSecond)
            w.key("bps")
            w.beginArray()
            for bps in p.bitsPerSecond { w.int(bps) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    /// `scte35`: the decoded splice_info_sections.
    static func writeSpliceCues(_ w: inout JSONWriter, _ r: StreamReport) {
        beginCappedList(&w, "scte35", listed: r.spliceCues.count, dropped: r.spliceCuesDropped)
        for c in r.spliceCues {
            w.beginObject()
            w.field("pid", Int64(c.pid))
            w.field("packet", c.at.packetIndex)
            w.field("offset", c.at.byteOffset)
            optionalInt(&w, "time_us", c.at.streamTimeMicros)
            w.field("command", c.commandName)
            w.field("command_type", Int64(c.commandType))
            w.field("pts_adjustment_90k", c.ptsAdjustment)
            optionalInt(&w, "event_id", c.eventID.map { Int64($0) })
            optionalBool(&w, "cancel", c.cancel)
            optionalBool(&w, "out_of_network", c.outOfNetwork)
            optionalBool(&w, "immediate", c.immediate)
            optionalInt(&w, "splice_pts_90k", c.spliceTime90k)
            optionalInt(&w, "break_duration_90k", c.breakDuration90k)
            optionalBool(&w, "auto_return", c.autoReturn)
            optionalInt(&w, "preroll_us", c.prerollMicros)
            w.key("segmentation")
            w.beginArray()
            for s in c.segmentation {
                w.beginObject()
                w.field("event_id", Int64(s.eventID))
                w.field("cancel", s.cancel)
                optionalInt(&w, "type_id", s.typeID.map { Int64($0) })
                optionalInt(&w, "duration_90k", s.duration90k)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    @inline(never)
    static func optionalBool(_ w: inout JSONWriter, _ key: StaticString, _ value: Bool?) {
        w.key(key)
        if let value { w.bool(value) } else { w.null() }
    }
}
