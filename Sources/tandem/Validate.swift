// `tandem validate`: the native validator over a file or standard input, with a readable summary
// (StreamSummaryText), the same stream_report document the browser and the server produce
// (--json), or one of its tables as CSV (StreamTables).

import ArgumentParser
import Foundation
import TandemCore

/// `tandem validate FILE`: checks an MPEG-TS recording against ETSI TR 101 290.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate an MPEG transport stream (ETSI TR 101 290).",
        discussion: """
            Prints a readable summary (verdict and problems, then the stream's contents; --all adds every \
            indicator row), the stream_report document with --json, or a table as CSV with --csv pids, \
            --csv events or --csv bitrate. Reads standard input for '-'.
            Exit status: 0 when no first-priority (1.x) indicator is in error, 2 when one is, 3 when no \
            transport stream was found, 1 for usage or I/O errors — so it can gate a CI pipeline.
            With --policy (a preset: broadcast-strict, web-upload, archive; or a Lua file) the policy's \
            decision is printed and sets the exit status instead: 0 accept, 4 review, 5 reject, 6 when \
            the policy itself failed (an error, no decision, a budget).
            """
    )

    @Argument(help: "The recording (.ts, .m2ts), or - for standard input.") var file: String
    @Option(help: "Threshold profile: generic, dvb or atsc.") var profile = "generic"
    @Option(help: "Packet size: auto, 188, 192 or 204.") var packetSize = "auto"
    @Flag(help: "Print the result document instead of the summary.") var json = false
    @Option(help: "Print a table as CSV instead of the summary: pids, events or bitrate.") var csv: String?
    @Flag(help: "List every indicator row in the summary, not only the problems.") var all = false
    @Flag(help: "Never show the progress bar.") var quiet = false
    @Option(help: "Decide over the report with a policy: a preset (broadcast-strict, web-upload, archive) or a .lua file.")
    var policy: String?

    func run() throws {
        let request: StreamValidationRequest
        do {
            request = try .parse(pairs: [(Array("profile".utf8), Array(profile.utf8)),
                                         (Array("packet_size".utf8), Array(packetSize.utf8))] + policyOption())
        } catch let error as ValidationError {
            throw error
        } catch let error as RequestError {
            throw ValidationError(String(decoding: error.message, as: UTF8.self))
        }
        var table: StreamTables.Table?
        if let csv {
            guard let t = StreamTables.Table(name: Array(csv.utf8)) else {
                throw ValidationError("--csv takes pids, events or bitrate, not '\(csv)'")
            }
            if json { throw ValidationError("--json and --csv exclude each other") }
            table = t
        }
        let session = StreamSession(request: request)
        try feed(session)
        let report = session.finish()
        let document = session.document()
        if json {
            FileHandle.standardOutput.write(Data(document + [0x0A]))
        } else if let table {
            FileHandle.standardOutput.write(Data(StreamTables.csv(table, report)))
        } else {
            let name = Array((file == "-" ? "stdin" : file).utf8)
            FileHandle.standardOutput.write(Data(StreamSummaryText.make(report, name: name, allIndicators: all)))
            if policy != nil { FileHandle.standardOutput.write(Data(PolicySummary.text(of: document))) }
        }
        if policy != nil { throw ExitCode(PolicySummary.exitStatus(of: document)) }
        switch report.verdict {
        case .fail: throw ExitCode(2)
        case .noSync: throw ExitCode(3)
        default: return
        }
    }

    /// The policy option as the core takes it: a preset's name, or the source of a .lua file.
    func policyOption() throws -> [(name: [UInt8], value: [UInt8])] {
        guard let policy else { return [] }
        if policy.hasSuffix(".lua") || FileManager.default.fileExists(atPath: policy) {
            guard let source = FileManager.default.contents(atPath: policy) else { throw ValidationError("cannot read \(policy)") }
            return [(Array("policy_source".utf8), Array(source))]
        }
        return [(Array("policy".utf8), Array(policy.utf8))]
    }

    /// Streams the input through the session in 4 MiB chunks, with a progress bar on a terminal.
    func feed(_ session: StreamSession) throws {
        let handle: FileHandle
        var total: Int64 = 0
        if file == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let h = FileHandle(forReadingAtPath: file) else { throw ValidationError("cannot open \(file)") }
            handle = h
            total = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int64) ?? 0
        }
        let showProgress = !quiet && !json && csv == nil && isatty(STDERR_FILENO) != 0 && total > 64 << 20
        while true {
            let data = handle.readData(ofLength: 4 << 20)
            if data.isEmpty { break }
            data.withUnsafeBytes { session.push($0.bindMemory(to: UInt8.self)) }
            if showProgress { progress(session.bytesReceived, of: total) }
        }
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    func progress(_ done: Int64, of total: Int64) {
        let width = 40
        let filled = Int(Double(done) / Double(max(total, 1)) * Double(width))
        let bar = String(repeating: "█", count: min(filled, width)) + String(repeating: "·", count: max(0, width - filled))
        FileHandle.standardError.write(Data("\r\(bar) \(done >> 20)/\(total >> 20) MiB".utf8))
    }
}
