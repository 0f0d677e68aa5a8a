// A small, strict JSON reader for requests.
//
// Requests arrive from untrusted clients, so the reader bounds nesting depth and input size,
// never traps, and reports the byte offset of the first problem. Numbers are kept as their
// source text and converted only when a field asks for an integer, so no platform float
// parser is involved.

import Lua

/// A parsed JSON value. Object members keep their order; lookups are linear, which is fine for
/// request objects with a handful of fields.
public indirect enum JSONValue: Equatable {
    case null
    case bool(Bool)
    /// A number, kept as its exact source text.
    case number([UInt8])
    case string([UInt8])
    case array([JSONValue])
    case object([(key: [UInt8], value: JSONValue)])

    public static func == (l: JSONValue, r: JSONValue) -> Bool {
        switch (l, r) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)):
            a.count == b.count && !zip(a, b).contains { $0.key != $1.key || $0.value != $1.value }
        default: false
        }
    }

    /// The member named `key` of an object, or `nil`.
    public subscript(key: StaticString) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        let name = key.withUTF8Buffer { Array($0) }
        for member in members where member.key == name { return member.value }
        return nil
    }

    /// The value as an `Int64` when it is an integer literal in range (no fraction or exponent).
    public var int64: Int64? {
        guard case .number(let text) = self else { return nil }
        var i = 0
        var negative = false
        if i < text.count && text[i] == 0x2D { negative = true; i += 1 }
        guard i < text.count else { return nil }
        var magnitude: UInt64 = 0
        while i < text.count {
            let d = text[i] &- 0x30
            guard d < 10 else { return nil }
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(d))
            guard !o1 && !o2 else { return nil }
            magnitude = m2
            i += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return Int64(bitPattern: 0 &- magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// The value as a `UInt64` when it is a non-negative integer literal in range.
    public var uint64: UInt64? {
        guard case .number(let text) = self, !text.isEmpty, text[0] != 0x2D else { return nil }
        var magnitude: UInt64 = 0
        for c in text {
            let d = c &- 0x30
            guard d < 10 else { return nil }
            let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (m2, o2) = m1.addingReportingOverflow(UInt64(d))
            guard !o1 && !o2 else { return nil }
            magnitude = m2
        }
        return magnitude
    }

    /// The bytes of a string value.
    public var bytes: [UInt8]? { if case .string(let s) = self { return s } else { return nil } }
    /// The value of a boolean.
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
}

/// Why a request could not be read.
public struct JSONReadError: Error, Equatable {
    /// Byte offset of the problem.
    public var offset: Int
    /// What is wrong, in plain words.
    public var reason: StaticString

    public static func == (l: JSONReadError, r: JSONReadError) -> Bool {
        l.offset == r.offset && l.reason.utf8Start == r.reason.utf8Start
    }

    /// "<reason> at byte <offset>".
    public var message: [UInt8] {
        var out = reason.withUTF8Buffer { Array($0) }
        out.append(contentsOf: [UInt8](" at byte "))
        var digits: [UInt8] = []
        var n = offset
        repeat { digits.append(UInt8(truncatingIfNeeded: n % 10) + 0x30); n /= 10 } while n > 0
        out.append(contentsOf: digits.reversed())
        return out
    }
}

/// Parses JSON text (RFC 8259) with a nesting limit.
public struct JSONReader {
    /// Deepest array/object nesting accepted.
    public static let maxDepth = 64

    private let text: [UInt8]
    private var position = 0

    private init(_ text: [UInt8]) { self.text = text }

    /// Parses exactly one JSON value, surrounded by optional whitespace.
    public static func parse(_ text: [UInt8]) throws(JSONReadError) -> JSONValue {
        var reader = JSONReader(text)
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.position == text.count else { throw JSONReadError(offset: reader.position, reason: "unexpected data after the value") }
        return value
    }

    private mutating func value(depth: Int) throws(JSONReadError) -> JSONValue {
        guard position < text.count else { throw fail("unexpected end of input") }
        switch text[position] {
        case 0x7B: return try object(depth: depth + 1)
        case 0x5B: return try array(depth: depth + 1)
        case 0x22: return .string(try string())
        case 0x74: try literal("true"); return .bool(true)
        case 0x66: try literal("false"); return .bool(false)
        case 0x6E: try literal("null"); return .null
        case 0x2D, 0x30...0x39: return .number(try number())
        default: throw fail("unexpected character")
        }
    }

    private mutating func object(depth: Int) throws(JSONReadError) -> JSONValue {
        guard depth <= Self.maxDepth else { throw fail("nesting too deep") }
        position += 1
        var members: [(key: [UInt8], value: JSONValue)] = []
        skipWhitespace()
        if peek(0x7D) { position += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard peek(0x22) else { throw fail("expected a string key") }
            let key = try string()
            skipWhitespace()
            guard peek(0x3A) else { throw fail("expected ':'") }
            position += 1
            skipWhitespace()
            members.append((key, try value(depth: depth)))
            skipWhitespace()
            if peek(0x2C) { position += 1; continue }
            if peek(0x7D) { position += 1; return .object(members) }
            throw fail("expected ',' or '}'")
        }
    }

    private mutating func array(depth: Int) throws(JSONReadError) -> JSONValue {
        guard depth <= Self.maxDepth else { throw fail("nesting too deep") }
        position += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if peek(0x5D) { position += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth))
            skipWhitespace()
            if peek(0x2C) { position += 1; continue }
            if peek(0x5D) { position += 1; return .array(items) }
            throw fail("expected ',' or ']'")
        }
    }

    /// Reads a string literal, decoding escapes (surrogate pairs combined; lone surrogates rejected).
    private mutating func string() throws(JSONReadError) -> [UInt8] {
        position += 1
        var out: [UInt8] = []
        while position < text.count {
            let b = text[position]
            if b == 0x22 { position += 1; return out }
            if b < 0x20 { throw fail("control character in string") }
            if b != 0x5C { Self.append(b, to: &out); position += 1; continue }
            position += 1
            guard position < text.count else { break }
            let e = text[position]
            position += 1
            // One append for every escape: each inlined `append` carried the array's growth path.
            let decoded: UInt8
            switch e {
            case 0x22, 0x5C, 0x2F: decoded = e
            case 0x62: decoded = 0x08
            case 0x66: decoded = 0x0C
            case 0x6E: decoded = 0x0A
            case 0x72: decoded = 0x0D
            case 0x74: decoded = 0x09
            case 0x75: Self.appendUTF8(try unicodeEscape(), to: &out); continue
            default: throw fail("invalid escape")
            }
            Self.append(decoded, to: &out)
        }
        throw fail("unterminated string")
    }

    private mutating func unicodeEscape() throws(JSONReadError) -> UInt32 {
        let first = try hex4()
        if first >= 0xDC00 && first <= 0xDFFF { throw fail("lone surrogate") }
        guard first >= 0xD800 && first <= 0xDBFF else { return first }
        guard position + 1 < text.count, text[position] == 0x5C, text[position + 1] == 0x75 else { throw fail("lone surrogate") }
        position += 2
        let second = try hex4()
        guard second >= 0xDC00 && second <= 0xDFFF else { throw fail("lone surrogate") }
        return 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
    }

    private mutating func hex4() throws(JSONReadError) -> UInt32 {
        guard position + 4 <= text.count else { throw fail("short \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = text[position]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x37)
            case 0x61...0x66: d = UInt32(c - 0x57)
            default: throw fail("bad hex digit")
            }
            v = v << 4 | d
            position += 1
        }
        return v
    }

    /// Appends one byte. Out of line (like JSONWriter's methods): the string reader appends
    /// at several places, and each inlined copy carried the array's growth path.
    @inline(never)
    private static func append(_ b: UInt8, to out: inout [UInt8]) { out.append(b) }

    /// Appends `scalar` as UTF-8: the lead byte, then 6 bits per continuation byte.
    private static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        if scalar < 0x80 { append(UInt8(scalar), to: &out); return }
        let continuations: UInt32 = scalar < 0x800 ? 1 : scalar < 0x10000 ? 2 : 3
        let lead: UInt32 = continuations == 1 ? 0xC0 : continuations == 2 ? 0xE0 : 0xF0
        append(UInt8(truncatingIfNeeded: lead | scalar >> (6 * continuations)), to: &out)
        var shift = 6 * continuations
        while shift > 0 {
            shift -= 6
            append(UInt8(truncatingIfNeeded: 0x80 | scalar >> shift & 0x3F), to: &out)
        }
    }

    /// Validates the RFC 8259 number grammar and returns the literal's text.
    private mutating func number() throws(JSONReadError) -> [UInt8] {
        let start = position
        if peek(0x2D) { position += 1 }
        if peek(0x30) { position += 1 } else if !digits() { throw fail("bad number") }
        if peek(0x2E) { position += 1; guard digits() else { throw fail("bad number") } }
        if peek(0x65) || peek(0x45) {
            position += 1
            if peek(0x2B) || peek(0x2D) { position += 1 }
            guard digits() else { throw fail("bad number") }
        }
        return Array(text[start..<position])
    }

    private mutating func digits() -> Bool {
        let start = position
        while position < text.count && text[position] &- 0x30 < 10 { position += 1 }
        return position > start
    }

    /// Consumes `word` (compared in place: copying both sides into arrays to compare them cost
    /// two allocations and the array code for each literal).
    private mutating func literal(_ word: StaticString) throws(JSONReadError) {
        let count = word.utf8CodeUnitCount
        guard position + count <= text.count else { throw fail("unexpected character") }
        let p = word.utf8Start
        for i in 0..<count where text[position + i] != p[i] { throw fail("unexpected character") }
        position += count
    }

    private func peek(_ b: UInt8) -> Bool { position < text.count && text[position] == b }

    private mutating func skipWhitespace() {
        while position < text.count, text[position] == 0x20 || text[position] == 0x0A || text[position] == 0x0D || text[position] == 0x09 {
            position += 1
        }
    }

    private func fail(_ reason: StaticString) -> JSONReadError { JSONReadError(offset: position, reason: reason) }
}
