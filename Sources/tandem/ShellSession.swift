// One interpreter for a plain `tandem run`, following lua.c 5.4 (pmain, runargs, handle_script,
// doREPL): LUA_INIT, the `-e`/`-l`/`-W` actions, the script and the REPL all run in the same
// state. Output is copied to stdout as it appears (the run is advanced in slices); errors are
// reported on stderr the way lua.c's l_message does, prefixed with the program name (argv[0]).

import ArgumentParser
import Foundation
import TandemCore

/// The state behind a plain (non-`--json`) `tandem run`.
final class ShellSession {
    let lua: LuaInterpreter
    let args: RunArguments
    /// Set when the script called `os.exit`: the status, and whether to close the state first.
    private(set) var exitRequest: (status: Int32, close: Bool)?
    /// The process's standard input, shared by the script's `io.read` and the REPL.
    private let standardInput = StandardInputReader()
    private var written = 0
    private var errorsWritten = 0

    /// lua.c's progname: argv[0] as the program was started.
    static let programName = CommandLine.arguments.first.flatMap { $0.isEmpty ? nil : $0 } ?? "tandem"

    /// Whether standard input is the main chunk: `-` as the script, or (lua.c) no script, no
    /// `-e`, `-v` or `-i`, and standard input not a terminal.
    var runsStandardInput: Bool { Self.runsStandardInput(args) }

    static func runsStandardInput(_ args: RunArguments) -> Bool {
        args.script == "-" || (args.script == nil && !args.hasExecute && !args.version && isatty(STDIN_FILENO) == 0)
    }

    init(_ args: RunArguments) throws {
        self.args = args
        var options = LuaRunOptions(budgets: .unlimited, hostTime: Int64(Date().timeIntervalSince1970))
        if let seed = args.seed { options.seed = seed }
        if let t = args.hostTime { options.hostTime = t }
        if let n = args.steps { options.budgets.steps = n }
        if let n = args.memoryBytes { options.budgets.memoryBytes = n }
        if let n = args.outputBytes { options.budgets.outputBytes = n }
        if let n = args.callDepth { options.budgets.callDepth = n }
        options.allowsExit = true
        options.environment = ProcessInfo.processInfo.environment.map { (Array($0.key.utf8), Array($0.value.utf8)) }
        // lua.c's createargtable: the script at arg[0], what precedes it below, its arguments
        // above; with no script everything after the program name is above arg[0].
        if let script = args.script {
            options.scriptName = Array(script.utf8)
            options.scriptArguments = args.scriptArguments.map { Array($0.utf8) }
            options.interpreterArguments = ([Self.programName] + args.interpreterArguments).map { Array($0.utf8) }
        } else {
            options.scriptName = Array(Self.programName.utf8)
            options.scriptArguments = args.interpreterArguments.map { Array($0.utf8) }
        }
        if let path = args.inputPath {
            options.input = try readInput(path)
        }
        lua = LuaInterpreter(options: options)
        PosixFileSystem.install(on: lua)  // lua5.4 at the shell sees the file system; --json does not
        if args.inputPath == nil {
            // io.read/io.lines/io.stdin read the process's standard input as they need it.
            let input = standardInput
            lua.setInputSource { input.nextBlock() }
        }
        for module in args.modules {
            let result = lua.registerModule(name: Array(module.name.utf8), source: try readInput(module.path),
                                            chunkName: Array("@\(module.path)".utf8))
            if case .syntaxError(let message) = result { throw ValidationError(String(decoding: message, as: UTF8.self)) }
        }
    }

    /// lua.c's handle_luainit: LUA_INIT_5_4 (or else LUA_INIT) is run before the options,
    /// as a file when it starts with "@"; `-E` skips it.
    func runInit() -> Bool {
        if args.ignoreEnvironment { return true }
        let env = ProcessInfo.processInfo.environment
        guard let (name, value) = env["LUA_INIT_5_4"].map({ ("=LUA_INIT_5_4", $0) }) ?? env["LUA_INIT"].map({ ("=LUA_INIT", $0) })
        else { return true }
        if value.hasPrefix("@") { return runScript(String(value.dropFirst()), arguments: []) }
        return execute(Array(value.utf8), name: name, arguments: [])
    }

    /// Runs every `-e`, `-l` and `-W` in order (lua.c's runargs); false after the first error.
    func runActions() -> Bool {
        for action in args.actions {
            switch action {
            case .execute(let statement):
                if !execute(Array(statement.utf8), name: "=(command line)", arguments: []) { return false }
            case .require(let name, let global):
                // As lua.c's dolibrary: `require` is called by the host, not by a Lua chunk.
                guard case .ok = lua.loadCall(function: Array("require".utf8), arguments: [Array(name.utf8)],
                                              resultGlobal: Array(global.utf8)) else { return false }
                if !finish(runToEnd()) { return false }
            case .warningsOn:
                if !execute(Array("warn('@on')".utf8), name: "=(command line)", arguments: []) { return false }
            }
        }
        return true
    }

    /// Runs the script file (`-` for standard input) with `arguments` as its `...`.
    func runScript(_ path: String, arguments: [String]) -> Bool {
        let source: [UInt8]
        switch readScript(path) {
        case .success(let bytes): source = Compiler.skipShebang(bytes)
        case .failure(let error): report(Array(error.message.utf8)); return false
        }
        return execute(source, name: path == "-" ? "=stdin" : "@" + path, arguments: arguments)
    }

    /// Loads and runs one chunk to its end.
    func execute(_ source: [UInt8], name: String, arguments: [String]) -> Bool {
        if case .syntaxError(let message) = lua.load(source: source, chunkName: Array(name.utf8),
                                                        arguments: arguments.map { Array($0.utf8) }) {
            report(message)
            return false
        }
        return finish(runToEnd())
    }

    /// Reports how a chunk ended; true if it finished.
    private func finish(_ status: LuaRunStatus) -> Bool {
        switch status {
        case .failed(let failure):
            if case .exit(let status, let close) = failure.kind {
                exitRequest = (status, close)
            } else {
                report(failure.message, traceback: failure.traceback)
            }
            return false
        case .finished, .paused:
            return true
        }
    }

    /// The read-eval-print loop of lua.c (doREPL): a line is first tried as an expression
    /// (`return LINE`), then as a statement; an incomplete statement (its error ends at
    /// `<eof>`) continues on the next line. Each line runs under xpcall inside the script's
    /// state, so an error is reported and the session goes on, as in lua.c.
    func repl() -> Bool {
        while true {
            guard var text = readReplLine(">") else { write(to: .standardOutput, [0x0A]); return true }
            if text.hasPrefix("=") { text = "return " + text.dropFirst() }  // Lua 5.x habit
            while true {
                let source = Array((Self.replLine + "(" + Self.quoted(text) + ")").utf8)
                guard case .ok = lua.load(source: source, chunkName: Array("=(repl)".utf8), arguments: []),
                      let incomplete = runReplLine() else {
                    return false
                }
                guard incomplete else { break }
                guard let more = readReplLine(">>") else { write(to: .standardOutput, [0x0A]); return true }
                text += "\n" + more
            }
        }
    }

    /// Prints the prompt and reads a line. Debian's lua5.4 reads the REPL through GNU
    /// readline, which echoes the line it read to stdout when the input is not a terminal;
    /// the same is done here, so a piped session prints the transcript lua5.4 prints.
    private func readReplLine(_ prompt: String) -> String? {
        write(to: .standardOutput, Array((prompt + " ").utf8))
        standardInput.unread(lua.takeUnreadInput())  // what the last line's io.read left
        guard let bytes = standardInput.readLine() else { return nil }
        if isatty(STDIN_FILENO) == 0 { write(to: .standardOutput, bytes + [0x0A]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Closes the state (lua_close): the `__gc` finalizers of the objects still alive run and
    /// their output is copied. False if a budget ran out meanwhile (reported as an error).
    func close() -> Bool {
        let failure = lua.close()
        flush()
        if let failure { report(failure.message); return false }
        return true
    }

    /// Runs the loaded chunk in slices, copying output as it appears.
    private func runToEnd() -> LuaRunStatus {
        while true {
            let status = lua.run(maxSteps: 10_000_000)
            flush()
            if case .paused = status { continue }
            return status
        }
    }

    /// Runs the loaded REPL line; returns true when the line is an incomplete statement, nil
    /// when the state failed (a budget ran out, or `os.exit`).
    private func runReplLine() -> Bool? {
        let status = runToEnd()
        guard case .finished(let values) = status else {
            _ = finish(status)
            return nil
        }
        guard values.count >= 2, case .string(let message) = values[1] else { return false }
        if values[0] == .boolean(true), message.suffix(5) == Array("<eof>".utf8) { return true }
        write(to: .standardError, message + [0x0A])  // lua.c's REPL reports without the program name
        return false
    }

    /// The Lua side of one REPL line: returns (incomplete?, message) on an error, nothing
    /// after printing the results with the global `print` (lua.c: l_print). The message
    /// handler is lua.c's msghandler: an object with `__tostring` is shown by it alone,
    /// other non-strings as "(error object is a T value)", and a traceback follows.
    static let replLine = #"""
        return (function(src)
          local f, e = load("return " .. src, "=stdin")
          if not f then f, e = load(src, "=stdin") end
          if not f then return true, e end
          local function handler(m)
            if type(m) == "number" then m = tostring(m)
            elseif type(m) ~= "string" then
              local mt = debug.getmetatable(m)
              if mt and mt.__tostring then
                local s = mt.__tostring(m)
                if type(s) == "string" then return s end
              end
              m = "(error object is a " .. type(m) .. " value)"
            end
            local t = debug.traceback(m, 2)  -- lua.c's traceback ends where the REPL's own frames begin
            local cut = t:find("\n\t%[C%]: in function 'xpcall'")
            return cut and t:sub(1, cut - 1) .. "\n\t[C]: in ?" or t
          end
          local r = table.pack(xpcall(f, handler))
          if not r[1] then return false, r[2] end
          if r.n > 1 then print(table.unpack(r, 2, r.n)) end
        end)
        """#

    /// Copies what the script wrote since the last call: `output` to stdout, `io.stderr` to stderr.
    private func flush() {
        let output = lua.output
        if output.count > written {
            write(to: .standardOutput, Array(output[written...]))
            written = output.count
        }
        let errors = lua.errorOutput
        if errors.count > errorsWritten {
            write(to: .standardError, Array(errors[errorsWritten...]))
            errorsWritten = errors.count
        }
    }

    private func write(to handle: FileHandle, _ bytes: [UInt8]) {
        handle.write(Data(bytes))
    }

    /// lua.c's l_message: "PROGNAME: MESSAGE" on stderr, then the traceback if any. lua.c
    /// handles the message as a C string (msghandler's luaL_traceback, then "%s"), so it ends
    /// at its first NUL byte.
    func report(_ message: [UInt8], traceback: [UInt8] = []) {
        let shown = message.prefix { $0 != 0 } + (traceback.isEmpty ? [] : [0x0A] + traceback)
        write(to: .standardError, Array((Self.programName + ": ").utf8) + shown + [0x0A])
    }

    /// `text` as a Lua string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for byte in text.utf8 {
            switch byte {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x20...0x7E: out += String(UnicodeScalar(byte))
            default: out += "\\" + String(format: "%03d", Int(byte))  // three digits: a digit may follow
            }
        }
        return out + "\""
    }
}
