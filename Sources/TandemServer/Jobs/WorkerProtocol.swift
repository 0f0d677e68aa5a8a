// The worker protocol: how a job crosses the pipe to a `tandem worker` process and how its
// answer comes back. One job per process: the server writes one JSON header line, then the
// request body, then closes the pipe; the worker answers with a status line ("200", "422" or
// "400") and the document (or, for 400, the refusal message), then exits.
//
//   → {"kind":"stream_verify","limits":[…],"stream_options":[["profile","dvb"]],"claim":"sha256:…"}\n<body…>
//   ← 200\n{…document…}

import TandemCore

/// Encoding and decoding of job headers and answers.
enum WorkerProtocol {
    /// Longest header line a worker reads.
    static let maxHeaderBytes = 64 << 10

    /// The header line for `job`, newline included.
    static func header(for job: Job) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("kind")
        w.string(job.kind.rawValue)
        w.key("limits")
        w.beginArray()
        for limit in job.luaLimits { w.int(limit) }
        w.endArray()
        w.key("stream_options")
        w.beginArray()
        for pair in job.streamOptions {
            w.beginArray()
            for part in pair { w.string(part) }
            w.endArray()
        }
        w.endArray()
        if let claim = job.claim {
            w.key("claim")
            w.string(claim)
        }
        w.endObject()
        return w.bytes + [0x0A]
    }

    /// Reads a header line back (nil when it is not one the server wrote).
    static func job(fromHeader line: [UInt8]) -> Job? {
        guard let value = try? JSONReader.parse(line),
              let kindName = value["kind"]?.bytes, let kind = Job.Kind(rawValue: String(decoding: kindName, as: UTF8.self)),
              case .array(let limits)? = value["limits"], limits.count == 4,
              case .array(let options)? = value["stream_options"]
        else { return nil }
        var job = Job(kind: kind)
        job.luaLimits = limits.compactMap(\.int64)
        guard job.luaLimits.count == 4 else { return nil }
        job.streamOptions = options.map { pair in
            guard case .array(let parts) = pair else { return [] }
            return parts.map { String(decoding: $0.bytes ?? [], as: UTF8.self) }
        }
        job.claim = value["claim"]?.bytes.map { String(decoding: $0, as: UTF8.self) }
        return job
    }

    /// The answer bytes: status line, then the document or message.
    static func answer(status: Int, _ bytes: [UInt8]) -> [UInt8] { Array("\(status)\n".utf8) + bytes }

    /// Splits an answer into status and bytes (nil when malformed, e.g. cut off by a crash).
    static func parseAnswer(_ bytes: [UInt8]) -> (status: Int, bytes: [UInt8])? {
        guard let newline = bytes.firstIndex(of: 0x0A), newline <= 3,
              let status = Int(String(decoding: bytes[..<newline], as: UTF8.self)), [200, 400, 422].contains(status)
        else { return nil }
        return (status, Array(bytes[(newline + 1)...]))
    }
}
