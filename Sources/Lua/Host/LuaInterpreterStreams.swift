// The host API for the standard streams of a run: standard input the host streams in, and
// standard error it reads next to `output` (liolib.c's stdin/stderr; see Library/IOInput.swift).

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
