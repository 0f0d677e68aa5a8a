// A Lua run that can be advanced in slices: the browser runs a few million steps per call so
// V8 optimizes the loop and the page stays responsive; the server runs it to the end. Both
// produce the same document because results do not depend on slicing.

import Lua

/// One Lua run from request to result document.
public final class LuaSession {
    /// The parsed request.
    public let request: LuaRunRequest
    private let interpreter: LuaInterpreter
    public private(set) var status: LuaRunStatus = .paused

    /// Loads the request's chunk (a syntax error makes the first `step` finish with it).
    public init(request: LuaRunRequest) {
        self.request = request
        interpreter = LuaInterpreter(options: request.options)
        _ = interpreter.load(source: request.source, chunkName: request.chunkName)
    }

    /// True once the run has finished or failed.
    public var isDone: Bool {
        if case .paused = status { return false }
        return true
    }

    /// What the script has written so far.
    public var output: [UInt8] { interpreter.output }

    /// Steps executed so far (for progress reports).
    public var stepsUsed: Int64 { interpreter.stepsUsed }

    /// What the script has written to `io.stderr` (and warnings) so far.
    public var errorOutput: [UInt8] { interpreter.errorOutput }

    /// Runs at most `maxSteps` more steps; returns `isDone`. When the chunk has ended the
    /// state is closed at once, as lua.c does (the `__gc` finalizers of what is still alive
    /// run then; a budget they exhaust becomes the run's status).
    @discardableResult
    public func step(maxSteps: Int64) -> Bool {
        guard !isDone else { return true }
        status = interpreter.run(maxSteps: maxSteps)
        if isDone, let failure = interpreter.close() { status = .failed(failure) }
        return isDone
    }

    /// The result document (valid once `isDone`; before that it reports status "paused").
    public var document: [UInt8] {
        LuaRunDocument.make(request: request, status: status, output: interpreter.output, errorOutput: interpreter.errorOutput,
                            steps: interpreter.stepsUsed, memoryPeak: interpreter.memoryPeak)
    }

    /// Runs a request to completion and returns its document: the one entry point every host
    /// calls (server, worker, CLI `--json`, the wasm module, parity) for a whole run.
    public static func run(_ request: LuaRunRequest) -> [UInt8] { completed(request).document }

    /// Runs a request to completion and returns the finished session (for hosts that also
    /// want the status, like `tandem run --json` for its exit code).
    public static func completed(_ request: LuaRunRequest) -> LuaSession {
        let session = LuaSession(request: request)
        while !session.step(maxSteps: 1 << 30) {}
        return session
    }

    /// The document for a JSON request, or its `request_error` document: what the wasm
    /// module's `tandem_lua_run` answers, and what parity compares it with.
    public static func answer(requestJSON: [UInt8]) -> [UInt8] {
        RequestError.documentOrRefusal { () throws(RequestError) in try run(requestJSON: requestJSON) }
    }

    /// Parses a JSON request under `limits` and runs it to completion.
    public static func run(requestJSON: [UInt8], limits: LuaBudgets = LuaBudgets()) throws(RequestError) -> [UInt8] {
        run(try LuaRunRequest.parse(requestJSON, limits: limits))
    }
}
