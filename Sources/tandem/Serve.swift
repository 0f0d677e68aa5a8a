import ArgumentParser
import Hummingbird
import TandemServer

/// `tandem serve`: the web app and the JSON API.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve the web app and the JSON API.")

    @Option(help: "Interface to bind.") var host = "127.0.0.1"
    @Option(help: "TCP port.") var port = 8080
    @Option(help: "Folder holding index.html and tandem.wasm.") var web = "web"
    @Option(help: "Largest JSON request body in bytes.") var maxRequestBytes = 16 << 20
    @Option(help: "Largest stream body in bytes.") var maxStreamBytes = 2 << 30

    func run() async throws {
        let app = makeApplication(.init(host: host, port: port, webRoot: web, maxRequestBytes: maxRequestBytes,
                                         maxStreamBytes: maxStreamBytes))
        try await app.runService()
    }
}
