import ArgumentParser
import Foundation
import Lua
import TandemCore

/// `tandem run`: runs a Lua script with the native core, like the `lua5.4` command.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a Lua script (like lua5.4), or print its result document with --json.",
        discussion: """
            tandem run [--json] [--seed N] [--steps N] [--memory-bytes N] [--host-time T] [--module NAME=FILE]... [-e STAT]... [SCRIPT [ARGS...]]
            --module makes FILE available to require(NAME) (the sandbox has no file system; this is how the
            host registers modules). SCRIPT '-' reads standard input. Output is written as the script runs; an uncaught error is printed
            to standard error with its traceback and the exit status is 1, as with lua5.4.
            """
    )

    @Argument(parsing: .captureForPassthrough, help: "Options, -e statements, the script and its arguments.")
    var arguments: [String] = []

    func run() throws {
        // Plain runs are unlimited like lua5.4; --json takes the request defaults (below).
        var options = LuaRunOptions(budgets: .unlimited, hostTime: Int64(Date().timeIntervalSince1970))
        var given: [(inout LuaBudgets) -> Void] = []
        var json = false
        var statements: [String] = []
        var modules: [(name: String, path: String)] = []
        var index = 0
        func value(_ name: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw ValidationError("\(name) needs a value") }
            return arguments[index]
        }
        func integer(_ name: String) throws -> Int64 {
            guard let n = Int64(try value(name)) else { throw ValidationError("\(name) needs an integer") }
            return n
        }
        parsing: while index < arguments.count {
            let a = arguments[index]
            switch a {
            case "--json": json = true
            case "--seed": options.seed = UInt64(bitPattern: try integer(a))
            case "--steps": let n = try integer(a); given.append { $0.steps = n }
            case "--memory-bytes": let n = try integer(a); given.append { $0.memoryBytes = n }
            case "--output-bytes": let n = try integer(a); given.append { $0.outputBytes = n }
            case "--call-depth": let n = Int32(clamping: try integer(a)); given.append { $0.callDepth = n }
            case "--host-time": options.hostTime = try integer(a)
            case "-e": statements.append(try value(a))
            case "--module":
                let spec = try value(a)
                guard let eq = spec.firstIndex(of: "="), eq != spec.startIndex else { throw ValidationError("--module needs NAME=FILE") }
                modules.append((String(spec[..<eq]), String(spec[spec.index(after: eq)...])))
            case "--": index += 1; break parsing
            default:
                if a.hasPrefix("-e") && a.count > 2 { statements.append(String(a.dropFirst(2))); break }
                if a.hasPrefix("-") && a != "-" { throw ValidationError("unrecognized option '\(a)'") }
                break parsing
            }
            index += 1
        }
        for set in given { set(&options.budgets) }
        var chunks: [(source: [UInt8], name: [UInt8])] = statements.map { (Array($0.utf8), Array("=(command line)".utf8)) }
        if index < arguments.count {
            let script = arguments[index]
            options.scriptName = Array(script.utf8)
            options.scriptArguments = arguments[(index + 1)...].map { Array($0.utf8) }
            let source = Compiler.skipShebang(try readInput(script))
            chunks.append((source, script == "-" ? Array("=stdin".utf8) : Array("@\(script)".utf8)))
        }
        guard !chunks.isEmpty else { throw ValidationError("no script or -e statement given") }
        if json {
            guard chunks.count == 1 else { throw ValidationError("--json takes one script or one -e statement") }
            guard modules.isEmpty else { throw ValidationError("--json does not take --module") }
            var requestOptions = options
            requestOptions.budgets = LuaBudgets()
            for set in given { set(&requestOptions.budgets) }
            let request = LuaRunRequest(source: chunks[0].source, chunkName: chunks[0].name, options: requestOptions)
            if !runForDocument(request) { throw ExitCode(1) }
        } else if !runStreaming(chunks, modules: try modules.map { (Array($0.name.utf8), try readInput($0.path), Array("@\($0.path)".utf8)) },
                                options: options) {
            throw ExitCode(1)
        }
    }

    /// Runs the chunks in one state, in slices, copying new output to stdout as it appears;
    /// the first error goes to stderr with its traceback, as lua.c reports it.
    func runStreaming(_ chunks: [(source: [UInt8], name: [UInt8])], modules: [(name: [UInt8], source: [UInt8], chunkName: [UInt8])],
                      options: LuaRunOptions) -> Bool {
        let lua = LuaInterpreter(options: options)
        for module in modules {
            if case .syntaxError(let message) = lua.registerModule(name: module.name, source: module.source, chunkName: module.chunkName) {
                FileHandle.standardError.write(Data(Array("tandem: ".utf8) + message + [0x0A]))
                return false
            }
        }
        var written = 0
        func flush() {
            let output = lua.output
            if output.count > written {
                FileHandle.standardOutput.write(Data(output[written...]))
                written = output.count
            }
        }
        for chunk in chunks {
            var status: LuaRunStatus
            if case .syntaxError(let message) = lua.load(source: chunk.source, chunkName: chunk.name) {
                FileHandle.standardError.write(Data(Array("tandem: ".utf8) + message + [0x0A]))
                return false
            }
            while true {
                status = lua.run(maxSteps: 10_000_000)
                flush()
                if case .paused = status { continue }
                break
            }
            if case .failed(let failure) = status {
                var message = Array("tandem: ".utf8) + failure.message
                if !failure.traceback.isEmpty { message += [0x0A] + failure.traceback }
                FileHandle.standardError.write(Data(message + [0x0A]))
                return false
            }
        }
        return true
    }

    /// Runs to the end and prints the result document.
    func runForDocument(_ request: LuaRunRequest) -> Bool {
        let session = LuaSession(request: request)
        while !session.step(maxSteps: 1 << 30) {}
        FileHandle.standardOutput.write(Data(session.document + [0x0A]))
        if case .failed = session.status { return false }
        return true
    }
}
