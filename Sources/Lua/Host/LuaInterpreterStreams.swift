// The host API for the standard streams of a run: standard input the host streams in, and
// standard error it reads next to `output` (liolib.c's stdin/stderr; see Library/IO/IOInput.swift).

extension LuaInterpreter {
    /// Appends bytes to the script's standard input (after `LuaRunOptions.input`).
    ///
    /// `io.read`, `io.lines` and `io.stdin` consume the input in order; a read that finds it
    /// exhausted sees end of file, so a streaming host appends before the run (or slice) that
    /// reads the bytes. Appending is part of the run's inputs: replaying the same appends at the
    /// same points gives the same result.
    public func appendInput(_ bytes: [UInt8]) {
        state.appendInput(bytes)
    }

    /// Lets `io.read`, `io.lines` and `io.stdin` ask `source` for more input whenever what was
    /// appended is used up; `source` answers no bytes at end of file. For a native shell that
    /// reads its process's standard input as the script asks (lua.c reads stdin lazily too);
    /// a run whose result must be reproducible records its input instead (`LuaRunOptions.input`).
    public func setInputSource(_ source: @escaping () -> [UInt8]) {
        state.setInputSource(source)
    }

    /// Removes and returns the standard input the script has not read, so the host can give
    /// it to the next reader of the stream (a REPL's next line).
    public func takeUnreadInput() -> [UInt8] {
        state.takeUnreadInput()
    }

    /// Everything the script wrote to `io.stderr`. Standard output (`output`) and standard
    /// error count together against `LuaBudgets.outputBytes`.
    public var errorOutput: [UInt8] { state.errorOutput }
}

extension LuaInterpreter {
    /// Makes `contents` readable as the file `path` for `require` (through `package.path`),
    /// `package.searchpath`, `loadfile` and `dofile` — the sandbox's stand-in for a file
    /// system. A leading "./" is not significant; registering a path again replaces it.
    /// Call before running (a module is read when `require` first asks for it).
    public func registerSearchableFile(path: [UInt8], contents: [UInt8]) {
        state.registerSearchableFile(path: path, contents: contents)
    }
}
