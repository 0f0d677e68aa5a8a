import ArgumentParser
import TandemCore

/// `tandem digest FILE`: the digest document of a file (or stdin with `-`).
struct Digest: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "digest", abstract: "Print the digest result document of a file.")

    @Argument(help: "File to hash, or - for standard input.") var file: String

    func run() throws {
        let bytes = try readInput(file)
        print(String(decoding: DigestDocument.make(bytes), as: UTF8.self))
    }
}
