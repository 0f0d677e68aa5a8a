// `tandem receipt verify FILE [--key BASE64 | --identity URL]`: exit 0 and "valid receipt signed
// by <key_id>" when the digest, the key id and the Ed25519 signature (RFC 8032) hold; exit 1 and
// the reason otherwise. The identity is fetched with AsyncHTTPClient (on SwiftNIO, which the
// server already links) rather than FoundationNetworking: that one GET linked libcurl, whose ~30
// shared libraries every start of `tandem` (every `tandem run`, every server worker) loaded and
// relocated for several milliseconds of CPU (BENCHMARKS.md, process start).

import ArgumentParser
import AsyncHTTPClient
import Foundation
import TandemCore
import TandemServer

/// `tandem receipt verify`.
struct ReceiptVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a receipt's digest and Ed25519 signature (exit 0 valid, 1 not).",
        discussion: "The public key is --key (base64 of the raw 32 bytes) or the public_key of --identity URL (a server's /api/identity)."
    )

    @Argument(help: "The receipt file, or - for standard input.") var file: String
    @Option(help: "The server's public key: base64 of the raw 32 bytes.") var key: String?
    @Option(help: "A server's identity URL, e.g. http://localhost:8080/api/identity.") var identity: String?

    func validate() throws {
        guard (key == nil) != (identity == nil) else { throw ValidationError("give exactly one of --key and --identity") }
    }

    func run() async throws {
        let outcome: ReceiptVerifier.Outcome
        do {
            let receipt = try readInput(file)
            outcome = ReceiptVerifier.check(receipt, publicKey: try await publicKey())
        } catch {
            FileHandle.standardError.write(Data(("receipt not checked: \(error)\n").utf8))
            throw ExitCode(1)
        }
        guard case .valid = outcome else {
            FileHandle.standardError.write(Data((outcome.description + "\n").utf8))
            throw ExitCode(1)
        }
        print(outcome.description)
    }

    /// An identity document is about 150 bytes; anything far larger is not one.
    static let maxIdentityBytes = 1 << 16

    /// The raw public key from --key or from the identity document at --identity.
    func publicKey() async throws -> [UInt8] {
        var text = key ?? ""
        if let identity {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: identity), timeout: .seconds(30))
            guard response.status.code == 200 else { throw ValidationError("\(identity) answered \(response.status.code)") }
            let body = try await response.body.collect(upTo: Self.maxIdentityBytes)
            let document = try JSONReader.parse(Array(body.readableBytesView))
            guard document["algorithm"]?.bytes == Array("ed25519".utf8), let encoded = document["public_key"]?.bytes else {
                throw ValidationError("\(identity) is not an ed25519 identity document")
            }
            text = String(decoding: encoded, as: UTF8.self)
        }
        guard let raw = Base64.decode(Array(text.utf8)), raw.count == 32 else {
            throw ValidationError("the public key must be the base64 of 32 raw bytes")
        }
        return raw
    }
}
