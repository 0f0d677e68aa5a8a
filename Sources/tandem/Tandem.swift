// The `tandem` command: serve the app, run and check things with the native core, and compare
// the native core with the built wasm module.

import ArgumentParser

/// The root command (the process starts in `TandemMain`).
struct Tandem: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "One Swift core, native and in the browser: Lua scripts and MPEG-TS validation.",
        subcommands: [Run.self, Listing.self, Validate.self, Serve.self, Parity.self, Digest.self, ReceiptCommand.self, LedgerCommand.self, Worker.self]
    )
}
