// The "run a Lua script" request, as JSON:
//
//   {"source": "print(1)",            // or "source_base64": "…" for sources that are not UTF-8
//    "chunk_name": "=input",          // as given to load(); messages then say "input:1:"
//    "seed": 0,                       // math.random seed (unsigned 64-bit)
//    "host_time": 1700000000,         // what os.time() reports; null or absent → 0
//    "args": ["a", "b"],              // arg[1..n] and the main chunk's ...
//    "input": "line 1\n",             // what io.read/io.lines/io.stdin read (or "input_base64")
//    "budgets": {"steps": …, "memory_bytes": …, "call_depth": …, "output_bytes": …}}
//
// Every field but the source is optional. The parsed request is echoed in the result
// document (with the SHA-256 of the source and of the input), so a document says exactly what
// was run.

import Lua

/// A parsed Lua run request.
public struct LuaRunRequest {
    /// The script text (bytes; Lua sources are byte strings).
    public var source: [UInt8]
    /// The chunk name given to `load`.
    public var chunkName: [UInt8]
    /// Seed, host time, arguments and budgets.
    public var options: LuaRunOptions

    /// Creates a request.
    public init(source: [UInt8], chunkName: [UInt8] = [UInt8]("=input"), options: LuaRunOptions = LuaRunOptions()) {
        self.source = source
        self.chunkName = chunkName
        self.options = options
    }

    /// Parses the JSON request. Absent budgets take `LuaBudgets()`, the one set of defaults; a
    /// budget above `limits` refuses the request (clamping it would silently change the result).
    public static func parse(_ json: [UInt8], limits: LuaBudgets = LuaBudgets()) throws(RequestError) -> LuaRunRequest {
        try parse(JSONReader.parseRequest(json), limits: limits)
    }

    /// Reads a request from an already parsed value (a verification body nests one), so the
    /// source's bytes are used exactly as sent.
    public static func parse(_ value: JSONValue, limits: LuaBudgets = LuaBudgets()) throws(RequestError) -> LuaRunRequest {
        guard case .object = value else { throw RequestError("request must be a JSON object") }
        var request = LuaRunRequest(source: [])
        if let text = value["source"]?.bytes {
            request.source = text
        } else if let encoded = value["source_base64"]?.bytes {
            guard let decoded = Base64.decode(encoded) else { throw RequestError("source_base64 is not valid base64") }
            request.source = decoded
        } else {
            throw RequestError("missing \"source\" (a string) or \"source_base64\"")
        }
        if let text = value["input"] {
            guard let bytes = text.bytes else { throw RequestError("input must be a string") }
            request.options.input = bytes
        } else if let encoded = value["input_base64"] {
            guard let bytes = encoded.bytes, let decoded = Base64.decode(bytes) else { throw RequestError("input_base64 is not valid base64") }
            request.options.input = decoded
        }
        if let name = value["chunk_name"] {
            guard let bytes = name.bytes else { throw RequestError("chunk_name must be a string") }
            request.chunkName = bytes
        }
        if let seed = value["seed"] {
            guard let s = seed.uint64 else { throw RequestError("seed must be an integer in 0...2^64-1") }
            request.options.seed = s
        }
        if let time = value["host_time"], time != .null {
            guard let t = time.int64 else { throw RequestError("host_time must be an integer (unix seconds)") }
            request.options.hostTime = t
        }
        if let args = value["args"] {
            guard case .array(let items) = args else { throw RequestError("args must be an array of strings") }
            var list: [[UInt8]] = []
            for item in items {
                guard let bytes = item.bytes else { throw RequestError("args must be an array of strings") }
                list.append(bytes)
            }
            request.options.scriptArguments = list
        }
        request.options.budgets = try budgets(value["budgets"], defaults: LuaBudgets(), limits: limits)
        return request
    }

    /// Reads the optional budgets object: absent fields take `defaults`, fields above `limits`
    /// are refused.
    private static func budgets(_ value: JSONValue?, defaults: LuaBudgets, limits: LuaBudgets) throws(RequestError) -> LuaBudgets {
        var b = LuaBudgets(steps: min(defaults.steps, limits.steps), memoryBytes: min(defaults.memoryBytes, limits.memoryBytes),
                           callDepth: min(defaults.callDepth, limits.callDepth), outputBytes: min(defaults.outputBytes, limits.outputBytes))
        guard let value, value != .null else { return b }
        guard case .object = value else { throw RequestError("budgets must be an object") }
        func read(_ key: StaticString, _ current: Int64, _ limit: Int64) throws(RequestError) -> Int64 {
            guard let field = value[key] else { return current }
            guard let n = field.int64, n >= 0 else { throw RequestError("budgets must be non-negative integers") }
            if n > limit { throw RequestError("a budget exceeds this host's limit") }
            return n
        }
        b.steps = try read("steps", b.steps, limits.steps)
        b.memoryBytes = try read("memory_bytes", b.memoryBytes, limits.memoryBytes)
        b.callDepth = Int32(try read("call_depth", Int64(b.callDepth), Int64(limits.callDepth)))
        b.outputBytes = try read("output_bytes", b.outputBytes, limits.outputBytes)
        return b
    }
}
