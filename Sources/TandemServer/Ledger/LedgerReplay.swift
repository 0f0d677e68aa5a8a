// Replay: runs the requests a ledger kept (`--store-requests`) again with this build's core and
// compares each result with what the receipt recorded. A receipt vouches for a document digest;
// a newer core that computes a different document for the same request is a change in
// behaviour that someone relying on old receipts must hear about (`tandem ledger replay`).
//
// Each job runs exactly as the server ran it — the stored job header carries the kind, the Lua
// limits, the stream options and the claim — through the same JobExecution a worker uses.

import TandemCore

/// Runs stored requests again and compares their digests with the recorded ones.
public enum LedgerReplay {
    /// What replaying one receipt showed.
    public enum Verdict: Sendable, Equatable {
        /// The document's digest is the one recorded.
        case same
        /// The document's digest differs from the recorded one.
        case different(now: String?)
        /// The request or the job was not kept (the server ran without `--store-requests`, or
        /// the body was larger than the server keeps).
        case notStored
        /// The stored job could not be run (an unknown kind or a header this build refuses).
        case failed(String)
    }

    /// One replayed receipt.
    public struct Outcome: Sendable, Equatable {
        public var entry: LedgerEntry
        public var verdict: Verdict
    }

    /// Replays every receipt in `ledger`, newest first, at most `limit` of them; `report` sees
    /// each outcome as soon as it is known.
    public static func run(_ ledger: any Ledger, limit: Int = .max,
                           report: (Outcome) -> Void = { _ in }) async throws -> [Outcome] {
        var outcomes: [Outcome] = []
        var before: String? = nil
        while outcomes.count < limit {
            let page = try await ledger.list(limit: min(100, limit - outcomes.count), before: before)
            if page.isEmpty { break }
            for entry in page {
                let outcome = Outcome(entry: entry, verdict: try await replay(entry, in: ledger))
                report(outcome)
                outcomes.append(outcome)
            }
            before = page.last?.receiptID
        }
        return outcomes
    }

    /// Replays one receipt.
    public static func replay(_ entry: LedgerEntry, in ledger: any Ledger) async throws -> Verdict {
        guard let body = try await ledger.request(id: entry.receiptID),
              let header = try await ledger.job(id: entry.receiptID) else { return .notStored }
        return verdict(entry, job: header, body: body)
    }

    /// Runs `body` as the job in `header` and compares the document's digest with the entry's.
    static func verdict(_ entry: LedgerEntry, job header: [UInt8], body: [UInt8]) -> Verdict {
        guard let job = WorkerProtocol.job(fromHeader: header) else { return .failed("unreadable job header") }
        let result: JobResult
        do {
            let execution = try JobExecution(job)
            execution.push(body)
            result = try execution.finish()
        } catch {
            return .failed(String(decoding: error.message, as: UTF8.self))
        }
        let now = result.vouchedDigest(kind: job.kind, parsed: try? JSONReader.parse(result.document))
            .map { String(decoding: $0, as: UTF8.self) }
        return now == entry.actual ? .same : .different(now: now)
    }
}
