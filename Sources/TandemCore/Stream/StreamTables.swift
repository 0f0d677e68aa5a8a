// The stream report's tables as CSV (RFC 4180: header row, comma separated, CRLF-free `\n`
// line ends, fields quoted only when needed): `pids`, `events` (check events and SCTE-35 cues
// in packet order) and `bitrate` (the per-PID series). Columns use the document's names and
// units (Sources/TransportStream/REPORT.md); an absent value is an empty field.

import Lua
import TransportStream

/// CSV renderings of a stream report's tables (`tandem validate --csv pids|events|bitrate`).
public enum StreamTables {
    /// The tables there are.
    public enum Table: UInt8 {
        /// One row per PID.
        case pids
        /// One row per listed event and SCTE-35 cue.
        case events
        /// One row per window of the per-PID bitrate series.
        case bitrate

        /// The table named `name`, if any.
        public init?(name: [UInt8]) {
            if name == [UInt8]("pids") {
                self = .pids
            } else if name == [UInt8]("events") {
                self = .events
            } else if name == [UInt8]("bitrate") {
                self = .bitrate
            } else {
                return nil
            }
        }
    }

    /// The CSV text of `table`.
    public static func csv(_ table: Table, _ report: StreamReport) -> [UInt8] {
        var t = TextBuilder()
        switch table {
        case .pids: pids(&t, report)
        case .events: events(&t, report)
        case .bitrate: bitrate(&t, report)
        }
        return t.bytes
    }

    private static func cell(_ t: inout TextBuilder, _ value: Int64?) {
        t.add(",")
        if let value { t.add(value) }
    }

    private static func cell(_ t: inout TextBuilder, _ value: StaticString?) {
        t.add(",")
        if let value { t.add(csv: [UInt8](value)) }
    }

    private static func cell(_ t: inout TextBuilder, _ value: Bool?) {
        t.add(",")
        if let value { t.add(value ? "true" : "false") }
    }

    private static func pids(_ t: inout TextBuilder, _ r: StreamReport) {
        t.add("pid,role,stream_type,codec,format,profile,level,width,height,frame_rate_num,frame_rate_den,interlaced,")
        t.add("sample_rate,channels,packets,scrambled_packets,pcr_packets,pes_packets,cc_errors,transport_errors,")
        t.add("bitrate_bps,min_bitrate_bps,max_bitrate_bps,pcr_interval_min_us,pcr_interval_mean_us,pcr_interval_max_us,")
        t.add("pcr_accuracy_model,pcr_accuracy_min_ns,pcr_accuracy_max_ns\n")
        for p in r.pids {
            t.add(Int64(p.pid))
            cell(&t, p.role)
            cell(&t, p.streamType.map { Int64($0) })
            cell(&t, p.codec)
            let e = p.elementary
            cell(&t, e?.format)
            cell(&t, e?.profile ?? nil)
            cell(&t, e?.level.map { Int64($0) })
            cell(&t, e?.width.map { Int64($0) })
            cell(&t, e?.height.map { Int64($0) })
            cell(&t, e?.frameRate?.numerator)
            cell(&t, e?.frameRate?.denominator)
            cell(&t, e?.interlaced ?? nil)
            cell(&t, e?.sampleRate.map { Int64($0) })
            cell(&t, e?.channels.map { Int64($0) })
            for v in [p.packets, p.scrambledPackets, p.pcrCount, p.pesCount, p.continuityErrors, p.transportErrors] {
                cell(&t, v)
            }
            cell(&t, p.bitrate)
            cell(&t, p.minBitrate)
            cell(&t, p.maxBitrate)
            cell(&t, p.pcr?.minIntervalMicros ?? nil)
            cell(&t, p.pcr?.meanIntervalMicros ?? nil)
            cell(&t, p.pcr?.maxIntervalMicros ?? nil)
            let sampled = (p.pcr?.accuracy.samples ?? 0) > 0
            cell(&t, sampled ? p.pcr?.model : nil)
            cell(&t, sampled ? p.pcr?.accuracy.minNs : nil)
            cell(&t, sampled ? p.pcr?.accuracy.maxNs : nil)
            t.newline()
        }
    }

    /// Check events and SCTE-35 cues merged in packet order (events first within a packet).
    private static func events(_ t: inout TextBuilder, _ r: StreamReport) {
        t.add("packet,offset,time_us,pid,id,name,reason,value,detail\n")
        var e = 0
        var c = 0
        while e < r.events.count || c < r.spliceCues.count {
            let takeEvent = c >= r.spliceCues.count
                || (e < r.events.count && r.events[e].at.packetIndex <= r.spliceCues[c].at.packetIndex)
            if takeEvent {
                let event = r.events[e]
                location(&t, event.at, pid: event.pid)
                cell(&t, event.check.id)
                cell(&t, event.check.name)
                cell(&t, event.reason.text)
                cell(&t, event.value)
                t.add(",\n")
                e += 1
            } else {
                cue(&t, r.spliceCues[c])
                c += 1
            }
        }
    }

    private static func location(_ t: inout TextBuilder, _ at: Occurrence, pid: UInt16?) {
        t.add(at.packetIndex)
        cell(&t, at.byteOffset)
        cell(&t, at.streamTimeMicros)
        cell(&t, pid.map { Int64($0) })
    }

    /// A cue row: name = command, reason = what the splice does, value = pre-roll in µs,
    /// detail = the decoded fields as `key=value` pairs.
    private static func cue(_ t: inout TextBuilder, _ cue: SpliceCue) {
        location(&t, cue.at, pid: cue.pid)
        t.add(",SCTE-35")
        cell(&t, cue.commandName)
        cell(&t, SpliceCueText.action(cue))
        cell(&t, cue.prerollMicros)
        t.add(",")
        var detail = TextBuilder()
        SpliceCueText.fields(&detail, cue, separator: " ")
        t.add(csv: detail.bytes)
        t.newline()
    }

    private static func bitrate(_ t: inout TextBuilder, _ r: StreamReport) {
        let series = r.pidBitrateSeries
        t.add("start_us,duration_us,total_bps")
        for pid in series.pids {
            t.add(",pid_")
            t.add(pid: pid)
            t.add("_bps")
        }
        t.newline()
        for p in series.points {
            t.add(p.startMicros)
            cell(&t, p.durationMicros)
            cell(&t, p.totalBitsPerSecond)
            for bps in p.bitsPerSecond { cell(&t, bps) }
            t.newline()
        }
    }
}

/// Words for a decoded SCTE-35 cue, shared by the CSV and the readable summary.
enum SpliceCueText {
    /// What the cue asks for: `out_of_network`, `return`, `cancel`, `signal`, or `none`.
    static func action(_ cue: SpliceCue) -> StaticString {
        if cue.cancel == true { return "cancel" }
        if let out = cue.outOfNetwork { return out ? "out_of_network" : "return" }
        if cue.commandType == 0x06 { return "signal" }
        return "none"
    }

    /// The decoded fields as `key=value` pairs (absent ones left out).
    static func fields(_ t: inout TextBuilder, _ cue: SpliceCue, separator: StaticString) {
        var first = true
        func pair(_ key: StaticString, _ value: Int64) {
            if !first { t.add(separator) }
            first = false
            t.add(key)
            t.add("=")
            t.add(value)
        }
        if let id = cue.eventID { pair("event_id", Int64(id)) }
        if cue.immediate == true { pair("immediate", 1) }
        if let pts = cue.spliceTime90k { pair("splice_pts_90k", pts) }
        if let d = cue.breakDuration90k { pair("break_duration_90k", d) }
        if let a = cue.autoReturn { pair("auto_return", a ? 1 : 0) }
        for s in cue.segmentation {
            pair("segmentation_event_id", Int64(s.eventID))
            if let type = s.typeID { pair("segmentation_type_id", Int64(type)) }
            if let d = s.duration90k { pair("segmentation_duration_90k", d) }
        }
    }
}
