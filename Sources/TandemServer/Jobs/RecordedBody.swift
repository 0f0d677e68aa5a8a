// What the server keeps of a verification's request body while it streams into a worker: its
// SHA-256 (the ledger's request digest) and, with `--store-requests`, the bytes themselves up to
// a cap, so a receipt's request can be replayed later. Stream bodies may be gigabytes; a body
// over the cap is digested but not kept.

import Crypto
import Synchronization
import TandemCore

/// A tee on a request body: digest always, bytes up to `keepLimit`.
final class RecordedBody: Sendable {
    private struct State {
        var hasher = Crypto.SHA256()
        var bytes: [UInt8] = []
        var overflowed = false
    }
    private let state = Mutex(State())
    private let keepLimit: Int

    /// Keeps at most `keepLimit` bytes (0: digest only).
    init(keepLimit: Int) { self.keepLimit = keepLimit }

    /// Records the next part of the body.
    func record(_ chunk: UnsafeRawBufferPointer) {
        state.withLock { s in
            s.hasher.update(bufferPointer: chunk)
            guard keepLimit > 0, !s.overflowed else { return }
            if s.bytes.count + chunk.count > keepLimit { s.overflowed = true; s.bytes = [] } else { s.bytes.append(contentsOf: chunk) }
        }
    }

    /// `sha256:<hex>` of everything recorded.
    var digest: String {
        let d = state.withLock { $0.hasher }.finalize()
        return "sha256:" + TandemCore.SHA256.hex(Array(d))
    }

    /// The body when it was kept whole, else `nil`.
    var kept: [UInt8]? { state.withLock { s in keepLimit > 0 && !s.overflowed ? s.bytes : nil } }
}
