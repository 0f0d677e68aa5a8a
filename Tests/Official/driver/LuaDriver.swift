// A minimal `lua5.4`-like command for the official test suite, built by build-driver.sh
// together with the sources of Sources/Lua into one optimized executable (no Package.swift
// target, no CLI): it runs `-e` statements and a script the way `tandem run` does, with
// standard input from its own stdin, standard error written out, and every `.lua` file of the
// script's folder registered as a searchable file (the sandbox's stand-in for the file system
// that `require`, `loadfile` and `dofile` read).
//
//     luadriver [-e STAT]... script.lua [args...]

import Foundation

@main
struct LuaDriver {
    static func main() {
        var args = Array(CommandLine.arguments.dropFirst())
        var prelude: [String] = []
        while args.count >= 2 && args[0] == "-e" { prelude.append(args[1]); args.removeFirst(2) }
        guard let script = args.first else {
            FileHandle.standardError.write(Data("usage: luadriver [-e STAT]... script.lua [args...]\n".utf8))
            exit(2)
        }
        let input = FileHandle.standardInput.readDataToEndOfFile()
        var options = LuaRunOptions(budgets: .unlimited, scriptName: Array(script.utf8),
                                    scriptArguments: args.dropFirst().map { Array($0.utf8) },
                                    interpreterArguments: [Array("lua5.4".utf8)], input: Array(input))
        options.budgets.memoryBytes = 4 << 30
        let lua = LuaInterpreter(options: options)
        let folder = (script as NSString).deletingLastPathComponent
        let dir = folder.isEmpty ? "." : folder
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir))?.sorted() ?? [] where name.hasSuffix(".lua") {
            if let data = FileManager.default.contents(atPath: dir + "/" + name) {
                lua.registerSearchableFile(path: Array((folder.isEmpty ? name : folder + "/" + name).utf8), contents: Array(data))
            }
        }
        var chunks: [([UInt8], [UInt8])] = prelude.map { (Array($0.utf8), Array("=(command line)".utf8)) }
        guard let source = FileManager.default.contents(atPath: script) else {
            FileHandle.standardError.write(Data("lua5.4: cannot open \(script)\n".utf8))
            exit(1)
        }
        chunks.append((Compiler.skipShebang(Array(source)), Array(("@" + script).utf8)))
        var written = 0, writtenErr = 0
        func flush() {
            let out = lua.output, err = lua.errorOutput
            if out.count > written { FileHandle.standardOutput.write(Data(out[written...])); written = out.count }
            if err.count > writtenErr { FileHandle.standardError.write(Data(err[writtenErr...])); writtenErr = err.count }
        }
        for (src, name) in chunks {
            if case .syntaxError(let m) = lua.load(source: src, chunkName: name) {
                flush()
                FileHandle.standardError.write(Data("lua5.4: ".utf8) + Data(m) + Data("\n".utf8))
                exit(1)
            }
            var status = lua.run(maxSteps: 10_000_000)
            while case .paused = status { flush(); status = lua.run(maxSteps: 10_000_000) }
            flush()
            if case .failed(let f) = status {
                FileHandle.standardError.write(Data("lua5.4: ".utf8) + Data(f.message) + Data("\n".utf8)
                                               + (f.traceback.isEmpty ? Data() : Data(f.traceback) + Data("\n".utf8)))
                _ = lua.close()
                flush()
                exit(1)
            }
        }
        // lua_close: the finalizers of the objects still alive run last.
        let failure = lua.close()
        flush()
        if let failure {
            FileHandle.standardError.write(Data("lua5.4: ".utf8) + Data(failure.message) + Data("\n".utf8))
            exit(1)
        }
    }
}
