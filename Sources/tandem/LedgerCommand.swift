// `tandem ledger replay`: runs every request a ledger kept (a server started with
// `--store-requests`) again with this build's core and compares each document's digest with the
// one its receipt vouches for (TandemServer/Ledger/LedgerReplay.swift). One line per receipt;
// exit 1 when any result changed, so a deploy can check a new core against old receipts.

import ArgumentParser
import Logging
import TandemServer

/// `tandem ledger …`.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Work with the server's ledger of receipts.",
        subcommands: [LedgerReplayCommand.self]
    )
}

/// `tandem ledger replay`.
struct LedgerReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Run the stored requests again and compare their digests with the receipts (exit 1 on any difference).",
        discussion: "Only receipts issued by a server started with --store-requests carry their request; the others are listed as not stored."
    )

    @OptionGroup var ledgerOptions: LedgerOptions
    @Option(help: "Replay at most this many receipts, newest first.") var limit = Int.max

    func run() async throws {
        var configuration = ServerConfiguration()
        ledgerOptions.apply(to: &configuration)
        let ledger = try await Notary.openLedger(configuration, logger: Logger(label: "tandem.ledger"))
        var counts = (same: 0, different: 0, notStored: 0, failed: 0)
        do {
            _ = try await LedgerReplay.run(ledger, limit: limit) { outcome in
                let e = outcome.entry
                switch outcome.verdict {
                case .same:
                    counts.same += 1
                    print("\(e.receiptID) \(e.kind) same \(e.actual ?? "-")")
                case .different(let now):
                    counts.different += 1
                    print("\(e.receiptID) \(e.kind) DIFFERENT receipt \(e.actual ?? "-") now \(now ?? "-")")
                case .notStored:
                    counts.notStored += 1
                    print("\(e.receiptID) \(e.kind) not stored")
                case .failed(let reason):
                    counts.failed += 1
                    print("\(e.receiptID) \(e.kind) FAILED \(reason)")
                }
            }
        } catch {
            try? await ledger.close()
            throw error
        }
        try await ledger.close()
        print("\(counts.same) same, \(counts.different) different, \(counts.failed) failed, \(counts.notStored) not stored")
        if counts.different > 0 || counts.failed > 0 { throw ExitCode(1) }
    }
}
