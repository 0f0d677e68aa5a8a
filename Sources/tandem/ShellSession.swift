// One interpreter for a plain `tandem run`: the `-e`/`-l` actions, the script and the REPL all
// run in the same state, as in lua.c. Output is copied to stdout as it appears (the run is
// advanced in slices); errors are reported on stderr the way lua.c's l_message does.

import ArgumentParser
import Foundation
import TandemCore

/// The state behind a plain (non-`--json`) `tandem run`.
final class ShellSession {
    let lua: LuaInterpreter
    let args: RunArguments
    private var written = 0
    private var errorsWritten = 0

    init(_ args: RunArguments) throws {
        self.args = args
        var options = LuaRunOptions(budgets: .unlimited, hostTime: Int64(Date().timeIntervalSince1970))
        if let seed = args.seed { options.seed = seed }
        if let t = args.hostTime { options.hostTime = t }
        if let n = args.steps { options.budgets.steps = n }
        if let n = args.memoryBytes { options.budgets.memoryBytes = n }
        if let n = args.outputBytes { options.budgets.outputBytes = n }
        if let n = args.callDepth { options.budgets.callDepth = n }
        options.scriptName = Array((args.script ?? "tandem").utf8)
        options.scriptArguments = args.scriptArguments.map { Array($0.utf8) }
        options.interpreterArguments = (["tandem"] + args.interpreterArguments).map { Array($0.utf8) }
        if let path = args.inputPath {
            options.input = try readInput(path)
        } else if args.script != "-" && !args.interactive && !(args.script == nil && args.actions.isEmpty)
                    && isatty(STDIN_FILENO) == 0 {
            // io.read/io.lines/io.stdin read the process's standard input (a pipe or a file;
            // read up front, as the sandbox's input is a buffer). A terminal is left alone.
            options.input = Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        lua = LuaInterpreter(options: options)
        registerLuaFiles()
        for module in args.modules {
            let result = lua.registerModule(name: Array(module.name.utf8), source: try readInput(module.path),
                                            chunkName: Array("@\(module.path)".utf8))
            if case .syntaxError(let message) = result { throw ValidationError(String(decoding: message, as: UTF8.self)) }
        }
    }

    /// `require`, `loadfile` and `dofile` see the `.lua` files below the working directory
    /// (three levels, at most 2,000 files), as lua5.4 finds them on the default `package.path`
    /// ("./?.lua;./?/init.lua;…"). The sandboxed targets keep host-registered files only.
    private func registerLuaFiles() {
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: ".") else { return }
        var count = 0
        while let path = walker.nextObject() as? String, count < 2_000 {
            let name = (path as NSString).lastPathComponent
            if walker.level > 3 || name.hasPrefix(".") { walker.skipDescendants(); continue }
            guard path.hasSuffix(".lua"), let data = fm.contents(atPath: path) else { continue }
            lua.registerSearchableFile(path: Array(path.utf8), contents: Array(data))
            count += 1
        }
    }

    /// Runs `-W`, then every `-e` and `-l` in order; false after the first error.
    func runActions() -> Bool {
        if args.warnings, !execute(Array("warn('@on')".utf8), name: "=(command line)") { return false }
        for action in args.actions {
            switch action {
            case .execute(let statement):
                if !execute(Array(statement.utf8), name: "=(command line)") { return false }
            case .require(let name, let global):
                let source = "_ENV[\(Self.quoted(global))] = require(\(Self.quoted(name)))"
                if !execute(Array(source.utf8), name: "=(command line)") { return false }
            }
        }
        return true
    }

    /// Runs the script file (`-` for standard input).
    func runScript(_ path: String) -> Bool {
        let source: [UInt8]
        do { source = Compiler.skipShebang(try readInput(path)) } catch {
            report(Array("cannot open \(path)".utf8))
            return false
        }
        return execute(source, name: path == "-" ? "=stdin" : "@" + path)
    }

    /// Loads and runs one chunk to its end.
    func execute(_ source: [UInt8], name: String) -> Bool {
        if case .syntaxError(let message) = lua.load(source: source, chunkName: Array(name.utf8)) {
            report(message)
            return false
        }
        let status = runToEnd()
        switch status {
        case .failed(let failure):
            report(failure.message + (failure.traceback.isEmpty ? [] : [0x0A] + failure.traceback))
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
            prompt(">")
            guard var text = readLine(strippingNewline: true) else { print(""); return true }
            if text.hasPrefix("=") { text = "return " + text.dropFirst() }  // Lua 5.x habit
            while true {
                let source = Array((Self.replLine + "(" + Self.quoted(text) + ")").utf8)
                guard case .ok = lua.load(source: source, chunkName: Array("=(repl)".utf8)), let incomplete = runReplLine() else {
                    return false
                }
                guard incomplete else { break }
                prompt(">>")
                guard let more = readLine(strippingNewline: true) else { return true }
                text += "\n" + more
            }
        }
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
    /// when the state failed (a budget ran out).
    private func runReplLine() -> Bool? {
        let status = runToEnd()
        guard case .finished(let values) = status else {
            if case .failed(let failure) = status { report(failure.message) }
            return nil
        }
        guard values.count >= 2, case .string(let message) = values[1] else { return false }
        if values[0] == .boolean(true), message.suffix(5) == Array("<eof>".utf8) { return true }
        FileHandle.standardError.write(Data(message + [0x0A]))
        return false
    }

    /// The Lua side of one REPL line: returns (incomplete?, message) on an error, nothing
    /// after printing the results with the global `print` (lua.c: l_print).
    static let replLine = #"""
        return (function(src)
          local f, e = load("return " .. src, "=stdin")
          if not f then f, e = load(src, "=stdin") end
          if not f then return true, e end
          local r = table.pack(xpcall(f, debug.traceback))
          if not r[1] then  -- lua.c's traceback ends where the REPL's own frames begin
            local m = tostring(r[2])
            local cut = m:find("\n\t%[C%]: in function 'xpcall'")
            return false, cut and m:sub(1, cut - 1) .. "\n\t[C]: in ?" or m
          end
          if r.n > 1 then print(table.unpack(r, 2, r.n)) end
        end)
        """#

    private func prompt(_ text: String) {
        FileHandle.standardOutput.write(Data((text + " ").utf8))
    }

    /// Copies what the script wrote since the last call: `output` to stdout, `io.stderr` to stderr.
    private func flush() {
        let output = lua.output
        if output.count > written {
            FileHandle.standardOutput.write(Data(output[written...]))
            written = output.count
        }
        let errors = lua.errorOutput
        if errors.count > errorsWritten {
            FileHandle.standardError.write(Data(errors[errorsWritten...]))
            errorsWritten = errors.count
        }
    }

    /// lua.c's l_message: "PROGNAME: MESSAGE" on stderr.
    private func report(_ message: [UInt8]) {
        FileHandle.standardError.write(Data(Array("tandem: ".utf8) + message + [0x0A]))
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
