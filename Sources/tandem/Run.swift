// `tandem run`: the native interpreter at the shell, like lua5.4 (lua.c): `-e`, `-l`, `-i`,
// `-v`, `-W`, `-E`, a script and its arguments, or a REPL. With `--json` it prints the result
// document instead — built by the same entry point (`LuaSession.run`) and with the same
// request defaults as POST /api/lua/run and the browser, so the digests agree.

import ArgumentParser
import Foundation
import TandemCore

/// `tandem run`: runs a Lua script with the native core, like the `lua5.4` command.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a Lua script (like lua5.4), or print its result document with --json.",
        discussion: """
            tandem run [options] [SCRIPT [ARGS...]]
              -e STAT   execute string STAT          -l NAME  require library NAME into global NAME (-l g=mod)
              -i        enter interactive mode after the script
              -v        show version information     -W       turn warnings on
              -E        ignore environment variables (LUA_INIT)
              --        stop handling options         -        run standard input and stop handling options
            Document mode (the same document as POST /api/lua/run for the same request):
              --json  --seed N  --host-time T  --input FILE  --steps N  --memory-bytes N  --output-bytes N  --call-depth N
            Plain runs are unlimited (like lua5.4) unless budgets are given; --json takes the request defaults.
            Standard input (or --input FILE) is what io.read reads: read as needed in a plain run, recorded in
            full as the request's input with --json.
            --module NAME=FILE makes FILE available to require(NAME). Errors go to standard error with their
            traceback and the exit status is 1, as with lua5.4.
            """
    )

    @Argument(parsing: .captureForPassthrough, help: "Options, -e statements, the script and its arguments.")
    var arguments: [String] = []

    /// lua.c's pmain, step by step: each step stops the run on failure (exit status 1), and
    /// `os.exit` ends it with its status wherever it is called.
    func run() throws {
        let args: RunArguments
        do { args = try RunArguments(arguments) } catch let error as RunArguments.UsageError {
            Self.printUsage(badOption: error.option)
            throw ExitCode(1)
        }
        if args.json { return try runForDocument(args) }
        if args.version { Self.printBanner() }
        let session = try ShellSession(args)
        func step(_ body: () -> Bool) -> Bool {
            let ok = body()
            if let exit = session.exitRequest {
                if exit.close { _ = session.close() }
                Foundation.exit(exit.status)
            }
            return ok
        }
        var ok = step { session.runInit() } && step { session.runActions() }
        if ok, let script = args.script {
            ok = step { session.runScript(script, arguments: args.scriptArguments) }
        }
        if ok && args.interactive {
            ok = step { session.repl() }
        } else if ok && args.script == nil && !args.hasExecute && !args.version {
            if isatty(STDIN_FILENO) != 0 {
                Self.printBanner()
                ok = step { session.repl() }
            } else {
                // lua.c runs standard input as a file here and ignores how it ended: an error
                // is reported, but the exit status stays 0.
                _ = step { session.runScript("-", arguments: []) }
            }
        }
        if !session.close() { ok = false }  // lua.c's lua_close: finalizers of what is still alive
        if !ok { throw ExitCode(1) }
    }

    static func printBanner() {
        FileHandle.standardOutput.write(Data((banner + "\n").utf8))
    }

    /// lua.c's print_usage, on stderr, for a command line it refuses ("run" follows the
    /// program name, as that is how the command is started).
    static func printUsage(badOption: String) {
        let name = ShellSession.programName
        let problem = badOption.hasPrefix("-e") || badOption.hasPrefix("-l")
            ? "'\(badOption)' needs argument" : "unrecognized option '\(badOption)'"
        let text = """
            \(name): \(problem)
            usage: \(name) run [options] [script [args]]
            Available options are:
              -e stat   execute string 'stat'
              -i        enter interactive mode after executing 'script'
              -l mod    require library 'mod' into global 'mod'
              -l g=mod  require library 'mod' into global 'g'
              -v        show version information
              -E        ignore environment variables
              -W        turn warnings on
              --        stop handling options
              -         stop handling options and execute stdin

            """
        FileHandle.standardError.write(Data(text.utf8))
    }

    static let banner = "Lua 5.4 (Tandem)  Copyright (C) 1994-2022 Lua.org, PUC-Rio"

    /// Builds the request exactly as a client would send it and prints its document.
    func runForDocument(_ args: RunArguments) throws {
        guard args.actions.count + (args.script == nil ? 0 : 1) == 1, args.actions.allSatisfy({
            if case .execute = $0 { return true } else { return false }
        }) else { throw ValidationError("--json takes one script or one -e statement") }
        guard args.modules.isEmpty else { throw ValidationError("--json does not take --module") }
        var request: LuaRunRequest
        if let script = args.script {
            request = LuaRunRequest(source: try readInput(script),
                                    chunkName: Array((script == "-" ? "=stdin" : "@" + script).utf8))
            request.options.scriptName = Array(script.utf8)
        } else if case .execute(let statement) = args.actions[0] {
            request = LuaRunRequest(source: Array(statement.utf8), chunkName: Array("=(command line)".utf8))
        } else { return }
        request.options.scriptArguments = args.scriptArguments.map { Array($0.utf8) }
        if let seed = args.seed { request.options.seed = seed }
        request.options.hostTime = args.hostTime
        if let path = args.inputPath {
            request.options.input = try readInput(path)
        } else if args.script != "-" && isatty(STDIN_FILENO) == 0 {
            // The process's standard input becomes the request's `input` (read to its end, so
            // the document names exactly what the script could read and can be replayed).
            request.options.input = Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        if let n = args.steps { request.options.budgets.steps = n }
        if let n = args.memoryBytes { request.options.budgets.memoryBytes = n }
        if let n = args.outputBytes { request.options.budgets.outputBytes = n }
        if let n = args.callDepth { request.options.budgets.callDepth = n }
        let session = LuaSession.completed(request)
        FileHandle.standardOutput.write(Data(session.document + [0x0A]))
        if case .failed = session.status { throw ExitCode(1) }
    }
}
