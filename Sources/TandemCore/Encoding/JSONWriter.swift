// Canonical JSON writer.
//
// Every result document Tandem produces is written by this type, so the bytes are the same on
// every target: no whitespace, keys in the order the producer writes them (each document type
// fixes its own order), strings escaped one way only, numbers written from integers (never from
// a platform float formatter). Digests are computed over these bytes.

/// Writes canonical JSON into a byte buffer.
///
/// The writer is imperative: `beginObject()`, `key(_:)`, a value, … `endObject()`. Commas are
/// inserted automatically. Key order is the order of the calls, which each document type
/// fixes, so the same data always gives the same bytes.
///
/// String escaping is canonical: `"` `\\` and the control characters `\b \f \n \r \t` use their
/// short escapes, other bytes below 0x20 and 0x7F use `\u00XX` (lowercase hex), everything
/// else — including non-ASCII — is written as UTF-8. Invalid UTF-8 is replaced by U+FFFD per
/// maximal subpart (as WHATWG and Swift decode it); producers that must not lose bytes check
/// ``JSONWriter/isValidUTF8(_:)`` first and encode such data differently.
///
/// The writing methods are `@inline(never)`: a document writer calls them hundreds of times,
/// and inlined (as the optimizer chose even under `-Osize`) each call carried its own copy of
/// the comma logic and the array growth; out of line the wasm module is 25 kB smaller
/// (783,918 → 758,436 bytes). Writing a document is not where the time goes.
public struct JSONWriter {
    /// The JSON text written so far.
    public private(set) var bytes: [UInt8] = []
    /// True when the next value in the current container needs a separating comma.
    private var needsComma = false

    /// Creates an empty writer.
    public init() {}

    /// Opens an object (`{`).
    @inline(never) public mutating func beginObject() { separate(); bytes.append(0x7B); needsComma = false }
    /// Closes the innermost object (`}`).
    @inline(never) public mutating func endObject() { bytes.append(0x7D); needsComma = true }
    /// Opens an array (`[`).
    @inline(never) public mutating func beginArray() { separate(); bytes.append(0x5B); needsComma = false }
    /// Closes the innermost array (`]`).
    @inline(never) public mutating func endArray() { bytes.append(0x5D); needsComma = true }

    /// Writes an object key; the next call must write its value.
    @inline(never) public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(0x22)
        name.withUTF8Buffer { appendEscaped($0) }
        bytes.append(0x22)
        bytes.append(0x3A)
        needsComma = false
    }

    /// Writes an object key given as bytes (for keys that come from data, such as PIDs).
    @inline(never) public mutating func key(bytes name: [UInt8]) {
        string(name)
        bytes.append(0x3A)
        needsComma = false
    }

    /// Writes `null`.
    @inline(never) public mutating func null() { separate(); appendASCII("null"); needsComma = true }

    /// Writes `true` or `false`.
    @inline(never) public mutating func bool(_ value: Bool) { separate(); appendASCII(value ? "true" : "false"); needsComma = true }

    /// Writes a signed integer in decimal.
    @inline(never) public mutating func int(_ value: Int64) {
        separate()
        if value < 0 {
            bytes.append(0x2D)
            appendDecimal(UInt64(bitPattern: 0 &- value))  // two's complement magnitude, safe for Int64.min
        } else {
            appendDecimal(UInt64(value))
        }
        needsComma = true
    }

    /// Writes an unsigned integer in decimal.
    @inline(never) public mutating func uint(_ value: UInt64) { separate(); appendDecimal(value); needsComma = true }

    /// Writes a fixed-point decimal `value / 10^scale`, e.g. `fixed(12345, scale: 3)` → `12.345`.
    ///
    /// Documents use this instead of binary floating point, so a number is the same text
    /// everywhere and a reader can see its precision.
    @inline(never) public mutating func fixed(_ value: Int64, scale: Int) {
        separate()
        let negative = value < 0
        let magnitude = negative ? UInt64(bitPattern: 0 &- value) : UInt64(value)
        var digits: [UInt8] = []
        var m = magnitude
        repeat { digits.append(UInt8(truncatingIfNeeded: m % 10) + 0x30); m /= 10 } while m > 0
        while digits.count <= scale { digits.append(0x30) }
        if negative { bytes.append(0x2D) }
        var i = digits.count
        while i > 0 {
            i -= 1
            bytes.append(digits[i])
            if i == scale && scale > 0 { bytes.append(0x2E) }
        }
        needsComma = true
    }

    /// Writes a string from bytes (see the type's notes on escaping and invalid UTF-8).
    @inline(never) public mutating func string(_ value: [UInt8]) {
        separate()
        bytes.append(0x22)
        value.withUnsafeBufferPointer { appendEscaped($0) }
        bytes.append(0x22)
        needsComma = true
    }

    /// Writes a string from a Swift string (the hosts' values).
    ///
    /// Disfavored so that a literal, `w.string("ok")`, takes the `StaticString` overload: a
    /// String there linked String's UTF-8 machinery into the wasm module.
    @_disfavoredOverload
    @inline(never) public mutating func string(_ value: String) { string(Array(value.utf8)) }

    /// Writes a string from a static string.
    @inline(never) public mutating func string(_ value: StaticString) {
        separate()
        bytes.append(0x22)
        value.withUTF8Buffer { appendEscaped($0) }
        bytes.append(0x22)
        needsComma = true
    }

    /// Writes a string of lowercase hexadecimal digits for `data`.
    @inline(never) public mutating func hex(_ data: [UInt8]) {
        separate()
        bytes.append(0x22)
        for b in data { bytes.append(Self.hexDigit(b >> 4)); bytes.append(Self.hexDigit(b & 15)) }
        bytes.append(0x22)
        needsComma = true
    }

    /// Writes an already-canonical JSON value verbatim (e.g. a nested document).
    @inline(never) public mutating func raw(_ json: [UInt8]) { separate(); bytes.append(contentsOf: json); needsComma = true }

    /// Convenience: `key` then `string`.
    @inline(never) public mutating func field(_ name: StaticString, _ value: StaticString) { key(name); string(value) }
    /// Convenience: `key` then `string`.
    @inline(never) public mutating func field(_ name: StaticString, string value: [UInt8]) { key(name); string(value) }
    /// Convenience: `key` then `int`.
    @inline(never) public mutating func field(_ name: StaticString, _ value: Int64) { key(name); int(value) }
    /// Convenience: `key` then `bool`.
    @inline(never) public mutating func field(_ name: StaticString, _ value: Bool) { key(name); bool(value) }

    // MARK: - Helpers

    private mutating func separate() { if needsComma { bytes.append(0x2C) } }

    private mutating func appendASCII(_ s: StaticString) { s.withUTF8Buffer { bytes.append(contentsOf: $0) } }

    private mutating func appendDecimal(_ value: UInt64) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = value
        withUnsafeMutableBytes(of: &digits) { buf in
            repeat { buf[count] = UInt8(truncatingIfNeeded: v % 10) + 0x30; v /= 10; count += 1 } while v > 0
            while count > 0 { count -= 1; bytes.append(buf[count]) }
        }
    }

    static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }

    /// Appends `s` escaped, replacing each invalid UTF-8 subsequence with U+FFFD.
    private mutating func appendEscaped(_ s: UnsafeBufferPointer<UInt8>) {
        var i = 0
        let n = s.count
        while i < n {
            let b = s[i]
            if b < 0x80 {
                appendEscapedASCII(b)
                i += 1
                continue
            }
            let length = UTF8Validation.sequenceLength(s, at: i)
            if length > 0 {
                for k in 0..<length { bytes.append(s[i + k]) }
                i += length
            } else {
                bytes.append(contentsOf: [0xEF, 0xBF, 0xBD])
                i += UTF8Validation.maximalSubpartLength(s, at: i)
            }
        }
    }

    private mutating func appendEscapedASCII(_ b: UInt8) {
        switch b {
        case 0x22: bytes.append(0x5C); bytes.append(0x22)
        case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
        case 0x08: bytes.append(0x5C); bytes.append(0x62)
        case 0x0C: bytes.append(0x5C); bytes.append(0x66)
        case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
        case 0x0D: bytes.append(0x5C); bytes.append(0x72)
        case 0x09: bytes.append(0x5C); bytes.append(0x74)
        case 0..<0x20, 0x7F:
            bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30])
            bytes.append(Self.hexDigit(b >> 4)); bytes.append(Self.hexDigit(b & 15))
        default: bytes.append(b)
        }
    }

    /// True when `data` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
    public static func isValidUTF8(_ data: [UInt8]) -> Bool {
        data.withUnsafeBufferPointer { s in
            var i = 0
            while i < s.count {
                if s[i] < 0x80 { i += 1; continue }
                let length = UTF8Validation.sequenceLength(s, at: i)
                if length == 0 { return false }
                i += length
            }
            return true
        }
    }
}

/// Well-formedness rules of UTF-8 (Unicode 15, table 3-7).
enum UTF8Validation {
    /// For a lead byte: the sequence length and the allowed range of the second byte (the
    /// later bytes are always 0x80...0xBF); nil for a byte that cannot start a sequence.
    static func lead(_ b0: UInt8) -> (length: Int, lo: UInt8, hi: UInt8)? {
        switch b0 {
        case 0xC2...0xDF: (2, 0x80, 0xBF)
        case 0xE0: (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80, 0xBF)
        case 0xED: (3, 0x80, 0x9F)
        case 0xF0: (4, 0x90, 0xBF)
        case 0xF1...0xF3: (4, 0x80, 0xBF)
        case 0xF4: (4, 0x80, 0x8F)
        default: nil
        }
    }

    /// Length of the well-formed sequence starting at `i` (a non-ASCII lead byte), or 0.
    static func sequenceLength(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        guard let (length, lo, hi) = lead(s[i]) else { return 0 }
        if i + length > s.count { return 0 }
        let b1 = s[i + 1]
        if b1 < lo || b1 > hi { return 0 }
        for k in 2..<max(2, length) where s[i + k] & 0xC0 != 0x80 { return 0 }
        return length
    }

    /// Number of bytes one U+FFFD replaces at an invalid position (the "maximal subpart").
    static func maximalSubpartLength(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        guard let (length, lo, hi) = lead(s[i]) else { return 1 }
        var k = 1
        while k < length && i + k < s.count {
            let b = s[i + k]
            if k == 1 ? (b < lo || b > hi) : (b & 0xC0 != 0x80) { break }
            k += 1
        }
        return k
    }
}
