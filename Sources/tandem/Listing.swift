// `tandem listing`: the bytecode of a Lua script as `luac5.4 -l -l -p` prints it (luac.c's
// PrintFunction), from the core's compiler and disassembler; with --json the lua_listing
// document, built by the same entry point (`LuaListingDocument.make`) as the browser's
// bytecode view (`tandem_lua_listing`), so the bytes agree.

import ArgumentParser
import Foundation
import TandemCore

/// `tandem listing FILE`: compiles a Lua script (never runs it) and prints its bytecode.
struct Listing: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "listing",
        abstract: "Print a Lua script's bytecode (like luac5.4 -l -l -p), or its lua_listing document with --json.",
        discussion: """
            Addresses, which luac prints as pointers, are a function counter (0x1, 0x2, … in listing order). \
            The chunk is named like the file (@FILE; =stdin for -), so the listing's headers match luac's. \
            Budgets as for a run request (defaults: the request defaults); a syntax error or an exhausted \
            budget prints the message on standard error and exits with status 1.
            """
    )

    @Argument(help: "The Lua script, or - for standard input.") var script: String
    @Flag(help: "Print the lua_listing result document instead of the listing.") var json = false
    @Option(help: "Step budget (compiling charges steps per source byte).") var steps: Int64?
    @Option(help: "Memory budget of the compiler's arrays, in bytes.") var memoryBytes: Int64?
    @Option(help: "Output budget: the listing's size in bytes.") var outputBytes: Int64?

    func run() throws {
        var request = LuaRunRequest(source: try readInput(script), chunkName: Array((script == "-" ? "=stdin" : "@" + script).utf8))
        if let steps { request.options.budgets.steps = steps }
        if let memoryBytes { request.options.budgets.memoryBytes = memoryBytes }
        if let outputBytes { request.options.budgets.outputBytes = outputBytes }
        let document = LuaListingDocument.make(request)
        let parsed = try? JSONReader.parse(document)
        let ok = parsed?["status"] == .string(Array("ok".utf8))
        if json {
            FileHandle.standardOutput.write(Data(document + [0x0A]))
        } else {
            FileHandle.standardOutput.write(Data(parsed?["listing"]?.bytes ?? parsed?["listing_base64"]?.bytes.flatMap(Base64.decode) ?? []))
            if !ok, let message = parsed?["error"]?["message"]?.bytes {
                FileHandle.standardError.write(Data(Array("tandem listing: ".utf8) + message + [0x0A]))
            }
        }
        if !ok { throw ExitCode(1) }
    }
}
