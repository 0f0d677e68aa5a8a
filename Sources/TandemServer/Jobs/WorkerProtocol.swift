// The worker protocol: how jobs cross the pipes to a `tandem worker` process and how their
// answers come back. A worker runs one job at a time and then waits for the next, so every
// message carries its own length (nothing relies on end of input, which would end the worker):
//
//   → {"kind":"stream_verify","limits":[…],"stream_options":[["profile","dvb"]],"claim":"sha256:…"}\n
//   → body frames: a 4-byte big-endian length and that many bytes, … then a frame of length 0
//   ← "200 1234\n" and the 1234 bytes of the document ("422" a claim that does not verify,
//     "400" a refusal, with its message as the bytes)
//
// A worker that refuses a job (400) exits after answering: it may not have read the body to
// its end, and the server does not give it another job. End of input before a header line
// is the server retiring the worker.

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

    /// The frame that carries `count` body bytes: their length, big-endian (0 ends the body).
    static func frameHeader(_ count: Int) -> [UInt8] {
        [UInt8(truncatingIfNeeded: count >> 24), UInt8(truncatingIfNeeded: count >> 16),
         UInt8(truncatingIfNeeded: count >> 8), UInt8(truncatingIfNeeded: count)]
    }

    /// The frame that ends a body.
    static let endOfBody = frameHeader(0)

    /// Largest body frame; the server splits larger pieces.
    static let maxFrameBytes = 1 << 20

    /// Reads a frame header back.
    static func frameLength(_ bytes: [UInt8]) -> Int {
        bytes.reduce(0) { $0 << 8 | Int($1) }
    }

    /// The answer bytes: status and length line, then the document or message.
    static func answer(status: Int, _ bytes: [UInt8]) -> [UInt8] { Array("\(status) \(bytes.count)\n".utf8) + bytes }

    /// Whether `bytes` hold a whole answer: nil while more is needed, otherwise the parsed
    /// answer, or `.malformed` when the bytes cannot be one (a worker that wrote garbage).
    static func parseAnswer(_ bytes: [UInt8]) -> AnswerParse {
        guard let newline = bytes.prefix(24).firstIndex(of: 0x0A) else { return bytes.count < 24 ? .incomplete : .malformed }
        let fields = String(decoding: bytes[..<newline], as: UTF8.self).split(separator: " ")
        guard fields.count == 2, let status = Int(fields[0]), [200, 400, 422].contains(status),
              let length = Int(fields[1]), length >= 0 else { return .malformed }
        let end = newline + 1 + length
        if bytes.count < end { return .incomplete }
        return bytes.count == end ? .answer(status: status, bytes: Array(bytes[(newline + 1)...])) : .malformed
    }

    /// What a worker's output holds so far.
    enum AnswerParse: Equatable {
        case incomplete
        case malformed
        case answer(status: Int, bytes: [UInt8])
    }
}
