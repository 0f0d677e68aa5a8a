// The `tandem` command: serve the app, run and check things with the native core, and compare
// the native core with the built wasm module.

import ArgumentParser

/// The root command (the process starts in `TandemMain`). Every command names itself
/// (`commandName`): without it swift-argument-parser derives the name from the type with
/// `String(describing:)`, whose dynamic casts scan all of the binary's protocol conformances, for
/// each subcommand, at every start — a third of a `tandem run` of `print(1)`.
struct Tandem: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "One Swift core, native and in the browser: Lua scripts and MPEG-TS validation.",
        subcommands: [Run.self, Listing.self, Validate.self, Serve.self, Parity.self, Digest.self, ReceiptCommand.self, LedgerCommand.self, Worker.self]
    )
}
