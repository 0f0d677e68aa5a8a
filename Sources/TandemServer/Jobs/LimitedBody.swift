// A request body with limits enforced as it arrives: its size (413 `body_too_large` once
// more than `limit` bytes came, so a huge upload is cut off without being buffered) and its
// pace (408 `body_timeout` when no bytes come for `idleSeconds`; 408 `body_too_slow` when,
// after `idleSeconds`, fewer than `minBytesPerSecond` arrived per second on average); a
// `recorder` (receipts that keep the request) sees every byte on the way. Hummingbird's idle
// timeout covers idle connections between requests, not a client that trickles a body
// (slowloris), and a stream upload holds a worker for as long as it arrives.

import Hummingbird
import NIOCore

/// A request body read under a size limit and an idle limit.
struct LimitedBody: AsyncSequence, Sendable {
    let body: RequestBody
    let limit: Int
    let idleSeconds: Int
    var minBytesPerSecond = 0
    var recorder: RecordedBody? = nil

    struct AsyncIterator: AsyncIteratorProtocol {
        let base: IteratorBox
        let limit: Int
        let idleSeconds: Int
        let minBytesPerSecond: Int
        let recorder: RecordedBody?
        var received = 0
        var started: ContinuousClock.Instant? = nil

        mutating func next() async throws -> ByteBuffer? {
            if started == nil { started = .now }
            guard let buffer = try await nextPiece() else { return nil }
            received += buffer.readableBytes
            if received > limit { throw APIError(.contentTooLarge, code: "body_too_large", "request body larger than \(limit) bytes") }
            try checkPace()
            if let recorder { buffer.withUnsafeReadableBytes { recorder.record($0) } }
            return buffer
        }

        /// 408 when the body has been arriving for longer than `idleSeconds` at less than
        /// `minBytesPerSecond` on average.
        private func checkPace() throws {
            guard minBytesPerSecond > 0, let started else { return }
            let elapsed = ContinuousClock.now - started
            guard elapsed > .seconds(idleSeconds) else { return }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            if Double(received) < Double(minBytesPerSecond) * seconds {
                throw APIError(.requestTimeout, code: "body_too_slow",
                               "request body arrived at \(Int(Double(received) / seconds)) bytes/s, below the server's minimum of \(minBytesPerSecond)")
            }
        }

        /// The next piece, or 408 when it does not come in time.
        private func nextPiece() async throws -> ByteBuffer? {
            let base = base, idle = idleSeconds
            return try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
                group.addTask { try await base.next() }
                group.addTask {
                    try await Task.sleep(for: .seconds(idle))
                    throw APIError(.requestTimeout, code: "body_timeout", "no request body bytes for \(idle) s")
                }
                defer { group.cancelAll() }
                return try await group.next() ?? nil
            }
        }
    }

    /// The body's iterator, shared with the child task that waits on it. Only one task uses
    /// it at a time: `nextPiece` waits for that task before the next call.
    final class IteratorBox: @unchecked Sendable {
        var iterator: RequestBody.AsyncIterator
        init(_ iterator: RequestBody.AsyncIterator) { self.iterator = iterator }
        /// The next piece; the connection's own failures (it ended mid-body: the client hung up)
        /// come out as the API's errors too, so whoever reads the body tells them from the
        /// failures of the job itself.
        func next() async throws -> ByteBuffer? {
            do { return try await iterator.next() } catch { throw APIError.from(error) }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: IteratorBox(body.makeAsyncIterator()), limit: limit, idleSeconds: idleSeconds,
                      minBytesPerSecond: minBytesPerSecond, recorder: recorder)
    }
}
