import TandemCore

/// The human-readable summary `tandem validate` prints.
struct StreamSummary {
    let text: String

    init(_ r: StreamReport, name: String) {
        var out = ""
        let input = r.input
        var facts = "\(name): \(input.bytes) bytes"
        if input.packetSize > 0 { facts += ", \(input.packetSize)-byte packets, \(input.packets) packets" }
        if let d = input.durationMicros { facts += ", " + Self.seconds(d) }
        if let b = input.bitrate { facts += ", " + Self.megabits(b) + (input.constantBitrate == true ? " CBR" : "") }
        out += facts + "\n"
        if input.skippedBytes > 0 || input.truncatedTailBytes > 0 {
            out += "  skipped \(input.skippedBytes) bytes while searching for sync, truncated tail \(input.truncatedTailBytes) bytes\n"
        }
        out += "profile: \(r.profile.name)\n"
        for p in r.programs {
            let streams = p.streams.map { "0x\(Self.hex($0.pid)) \($0.codec.name)" }.joined(separator: ", ")
            out += "program \(p.number) (PMT 0x\(Self.hex(p.pmtPID)), PCR 0x\(Self.hex(p.pcrPID))): \(streams)\n"
        }
        out += "\n"
        for c in r.checks {
            var line = "  " + Self.pad("\(c.check.id)", 5) + " " + Self.pad("\(c.check.name)", 38) + " "
            switch c.status {
            case .ok: line += "ok"
            case .error: line += "ERROR ×\(c.count)"
            case .notApplicable: line += "not applicable"
            case .notChecked: line += "not checked"
            case .insufficientData: line += "insufficient data"
            }
            if let first = c.first, c.status == .error {
                line += "  first at packet \(first.packetIndex) (byte \(first.byteOffset)"
                if let t = first.streamTimeMicros { line += ", " + Self.seconds(t) }
                line += ")"
            }
            out += line + "\n"
        }
        let verdict: String
        switch r.verdict {
        case .pass: verdict = "PASS"
        case .warn: verdict = "WARN (third-priority or extra findings only)"
        case .degraded: verdict = "DEGRADED (second-priority errors)"
        case .fail: verdict = "FAIL (first-priority errors)"
        case .noSync: verdict = "NO SYNC (no transport stream found)"
        }
        out += "\nverdict: \(verdict)\n"
        text = out
    }

    static func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
    static func hex(_ pid: UInt16) -> String { let h = String(pid, radix: 16); return String(repeating: "0", count: max(0, 4 - h.count)) + h }
    static func seconds(_ micros: Int64) -> String { "\(micros / 1_000_000).\(pad3(micros % 1_000_000 / 1000)) s" }
    static func pad3(_ v: Int64) -> String { let s = String(v.magnitude); return String(repeating: "0", count: max(0, 3 - s.count)) + s }
    static func megabits(_ bps: Int64) -> String { "\(bps / 1_000_000).\(pad3(bps % 1_000_000 / 1000)) Mbit/s" }
}
