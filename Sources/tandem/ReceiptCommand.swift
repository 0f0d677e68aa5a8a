// `tandem receipt`: receipts outside the server. `verify` checks one the way any third party
// would (Ed25519, RFC 8032): digest recomputed, key id compared, signature checked against a
// public key given as base64 or fetched from a server's GET /api/identity.

import ArgumentParser

/// `tandem receipt …`.
struct ReceiptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt",
        abstract: "Check receipts the server signed.",
        subcommands: [ReceiptVerify.self]
    )
}
