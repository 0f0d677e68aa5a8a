// Policies registered with a server (POST /api/policies): the request `{"source":"…"}`, the
// check that the source compiles, and the answer naming the policy by the SHA-256 of its source
// bytes — the name an ingest request gives (`?policy=sha256:<hex>`) and the `source_sha256` of
// every report the policy decided.
//
//   → {"source":"local report = ... return 'accept'"}
//   ← {"kind":"policy","version":1,"sha256":"<hex>","name":"sha256:<hex>"}

import Lua

/// Parses and answers policy registrations.
public enum PolicyRegistration {
    /// The policy source of a registration request; refused when it is not a JSON object with
    /// a `source` string, or when the source does not compile.
    public static func source(fromRequest json: [UInt8]) throws(RequestError) -> [UInt8] {
        let request = try JSONReader.parseRequest(json)
        guard let source = request["source"]?.bytes else { throw RequestError("a policy registration is {\"source\":\"…Lua…\"}") }
        let lua = LuaInterpreter(options: LuaRunOptions(budgets: StreamPolicy(source: source).budgets))
        if case .syntaxError(let message) = lua.load(source: source, chunkName: StreamPolicy.chunkName) {
            throw RequestError(bytes: [UInt8]("the policy does not compile: ") + message)
        }
        return source
    }

    /// The lowercase hex SHA-256 of `source`.
    public static func sha256Hex(_ source: [UInt8]) -> [UInt8] {
        var w = JSONWriter()
        w.hex(SHA256.hash(source))
        return Array(w.bytes.dropFirst().dropLast())
    }

    /// The answer to a registration.
    public static func document(sha256: [UInt8]) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("kind", "policy")
        w.field("version", 1)
        w.field("sha256", string: sha256)
        w.field("name", string: [UInt8]("sha256:") + sha256)
        w.endObject()
        return w.bytes
    }
}
