// The options of a stream validation, and their one parser. They arrive three ways — the
// query string (`?profile=dvb&packet_size=188`), the CLI (`--profile dvb --packet-size 188`)
// and the JSON options the wasm module takes (`{"profile":"dvb","packet_size":188}`) — and
// every way goes through `set(_:_:)` on the option's text, so all three accept and refuse
// exactly the same values with the same messages.

import Lua

/// Options of a validation request: `profile` ("generic", "dvb", "atsc"; default generic),
/// `packet_size` ("auto", 188, 192, 204; default auto), and a policy run over the report:
/// `policy` (a preset's name: "broadcast-strict", "web-upload", "archive") or `policy_source`
/// (Lua source); see Policy/StreamPolicy.swift.
public struct StreamValidationRequest {
    /// Threshold profile (TR 101 290 repetition and interval limits).
    public var profile: ValidationProfile = .generic
    /// Validator options (packet size).
    public var options = ValidatorOptions()
    /// The policy that decides over the report, if any.
    public var policy: StreamPolicy?

    /// The defaults: generic profile, packet size detected.
    public init() {}

    /// The option names `set(_:_:)` understands, for hosts that list them.
    public static let optionNames: [StaticString] = ["profile", "packet_size", "policy", "policy_source"]

    /// Sets one option from its text form (what a query string or a command line carries).
    public mutating func set(_ name: [UInt8], _ value: [UInt8]) throws(RequestError) {
        if Self.matches(name, "profile") {
            guard let p = ValidationProfile.named(value) else { throw RequestError("unknown profile (use generic, dvb or atsc)") }
            profile = p
        } else if Self.matches(name, "packet_size") {
            if Self.matches(value, "auto") { options.packetSize = .auto }
            else if Self.matches(value, "188") { options.packetSize = .ts188 }
            else if Self.matches(value, "192") { options.packetSize = .m2ts192 }
            else if Self.matches(value, "204") { options.packetSize = .ts204 }
            else { throw RequestError("packet_size must be \"auto\", 188, 192 or 204") }
        } else if Self.matches(name, "policy") {
            guard let preset = StreamPolicy(preset: value) else {
                throw RequestError("unknown policy preset (use broadcast-strict, web-upload or archive, or give policy_source)")
            }
            policy = preset
        } else if Self.matches(name, "policy_source") {
            policy = StreamPolicy(source: value)
        } else {
            throw RequestError(bytes: [UInt8]("unknown stream option \"") + name
                                   + [UInt8]("\" (use profile, packet_size, policy, policy_source)"))
        }
    }

    /// True when `bytes` are the bytes of `text`. Bytes, not String: String comparison would
    /// pull Unicode tables into the module, and a String made into an array at each
    /// comparison cost a conversion call per option name.
    @inline(never)
    static func matches(_ bytes: [UInt8], _ text: StaticString) -> Bool {
        text.withUTF8Buffer { t in bytes.withUnsafeBufferPointer { b in b.elementsEqual(t) } }
    }

    /// Parses options given as name/value text pairs (a query string, a command line).
    public static func parse(pairs: [(name: [UInt8], value: [UInt8])]) throws(RequestError) -> StreamValidationRequest {
        var request = StreamValidationRequest()
        for pair in pairs { try request.set(pair.name, pair.value) }
        return request
    }

    /// Parses the JSON options object (empty input means all defaults). Numbers are passed on
    /// as their source text, strings as their bytes.
    public static func parse(_ json: [UInt8]) throws(RequestError) -> StreamValidationRequest {
        var request = StreamValidationRequest()
        if json.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return request }
        let value = try JSONReader.parseRequest(json)
        guard case .object(let members) = value else { throw RequestError("options must be a JSON object") }
        for member in members {
            switch member.value {
            case .string(let text), .number(let text): try request.set(member.key, text)
            default: try request.set(member.key, [])  // refused with the option's own message
            }
        }
        return request
    }
}
