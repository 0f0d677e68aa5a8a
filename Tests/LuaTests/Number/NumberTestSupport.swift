import Foundation
import TestSupport

/// References and generators shared by the number tests: glibc's printf/strtod (the reference
/// interpreter's own conversions on this platform), the `lua5.4` command, and a fixed-seed PRNG.
enum NumberReference {
    /// glibc's rendering of one double (or Float80 / Int64) with a C format.
    static func printf(_ format: String, _ value: CVarArg) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        return String(cString: buffer)
    }

    /// glibc strtod on the bytes (NUL-terminated copy); nil unless the whole string is consumed.
    static func strtodWhole(_ bytes: [UInt8]) -> Double? {
        var cString = bytes.map { CChar(bitPattern: $0) }
        cString.append(0)
        return cString.withUnsafeBufferPointer { p -> Double? in
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(p.baseAddress!, &end)
            guard let end, end != UnsafeMutablePointer(mutating: p.baseAddress!) else { return nil }
            var rest = end
            while rest.pointee != 0 && isspace(Int32(rest.pointee)) != 0 { rest += 1 }
            return rest.pointee == 0 ? value : nil
        }
    }

    /// `luaO_str2num` re-stated over glibc: `l_str2int` (with strtoull for the digits and an
    /// explicit wrap-around for hex), else strtod after rejecting 'n'/'N' as the first of ".xXnN".
    static func luaStr2Num(_ bytes: [UInt8]) -> (isInteger: Bool, integer: Int64, float: Double)? {
        if bytes.contains(0) { return nil }
        if let i = luaStr2Int(bytes) { return (true, i, 0) }
        if let special = bytes.first(where: { ".xXnN".utf8.contains($0) }), special | 0x20 == UInt8(ascii: "n") { return nil }
        guard let d = strtodWhole(bytes) else { return nil }
        return (false, 0, d)
    }

    /// The correctly rounded double of a hex float numeral with at most 16 significant hex
    /// digits: glibc's strtold reads it exactly into a Float80, and the hardware conversion to
    /// Double rounds once. Used where glibc 2.36's strtod rounds subnormals wrongly (it drops
    /// the bit below the 53-bit mantissa from the sticky bit; fixed upstream by
    /// "more_bits |= old_half_bit" in round_and_return).
    static func correctlyRoundedHex(_ bytes: [UInt8]) -> Double? {
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let x = text.lowercased().firstIndex(of: "x") else { return nil }
        let mantissa = text[text.index(after: x)...].prefix { $0.isHexDigit || $0 == "." }.filter { $0 != "." }
        let significant = mantissa.drop { $0 == "0" }.reversed().drop { $0 == "0" }
        guard significant.count <= 16, text.lowercased().contains("0x") else { return nil }
        var end: UnsafeMutablePointer<CChar>?
        let value = text.withCString { strtold($0, &end) }
        return Double(value)
    }

    static func luaStr2Int(_ bytes: [UInt8]) -> Int64? {
        var s = bytes[...]
        while let f = s.first, isspace(Int32(f)) != 0 { s.removeFirst() }
        while let l = s.last, isspace(Int32(l)) != 0 { s.removeLast() }
        var negative = false
        if s.first == UInt8(ascii: "-") { negative = true; s.removeFirst() } else if s.first == UInt8(ascii: "+") { s.removeFirst() }
        var magnitude: UInt64 = 0
        if s.count >= 2, s.first == UInt8(ascii: "0"), s.dropFirst().first! | 0x20 == UInt8(ascii: "x") {
            let digits = s.dropFirst(2)
            guard !digits.isEmpty, digits.allSatisfy({ isxdigit(Int32($0)) != 0 }) else { return nil }
            // Wrap-around: only the last 16 hex digits matter; strtoull parses them exactly.
            let tail = String(decoding: digits.suffix(16), as: UTF8.self)
            magnitude = strtoull(tail, nil, 16)
        } else {
            guard !s.isEmpty, s.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            let text = String(decoding: s, as: UTF8.self)
            errno = 0
            let v = strtoll((negative ? "-" : "") + text, nil, 10)
            if errno == ERANGE { return nil }
            return v
        }
        return Int64(bitPattern: negative ? 0 &- magnitude : magnitude)
    }

    /// Runs a Lua script (through a temporary file) with the reference interpreter; its stdout.
    static func runLua(_ script: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("numbers-\(UUID().uuidString).lua")
        try script.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let data = try ProcessRunner.run("/usr/bin/lua5.4", [url.path]).stdout
        return String(decoding: data, as: UTF8.self)
    }

    /// A Lua string literal with every byte as a decimal escape where needed.
    static func luaLiteral(_ bytes: [UInt8]) -> String {
        var out = "\""
        for b in bytes {
            if b >= 0x20 && b < 0x7F && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
                out.append(Character(Unicode.Scalar(b)))
            } else {
                out += String(format: "\\%03d", b)
            }
        }
        return out + "\""
    }
}

/// Number inputs for the formatter and parser sweeps.
extension SplitMix {
    /// Interesting finite doubles: random bit patterns, subnormals, integers, powers of two and
    /// ten and their neighbours, short decimal fractions, binary fractions that are decimal ties
    /// at some precision, values near 10^k boundaries.
    mutating func interestingDouble() -> Double {
        switch below(12) {
        case 0, 1:
            var d: Double
            repeat { d = Double(bitPattern: next()) } while !d.isFinite
            return d
        case 2: return Double(bitPattern: next() % 0x0010_0000_0000_0000)  // subnormal
        case 3: return Double(Int64(bitPattern: next()) >> Int64(below(64)))
        case 4: return Double(sign: .plus, exponent: below(2098) - 1074, significand: 1)
        case 5:
            let p = pow(10.0, Double(below(600) - 300))
            switch below(3) {
            case 0: return p
            case 1: return p.nextUp
            default: return p.nextDown
            }
        case 6: return Double(below(1_000_000)) / pow(10.0, Double(below(8)))
        case 7:
            // k / 2^j: exact decimal ties for %.Nf / %.Ng with suitable N.
            return Double(Int64(below(1 << 20)) * 2 + 1) / Double(1 << (1 + below(20)))
        case 8:
            // Integers ending in 5 (ties when rounded to fewer digits) and halves.
            return Double(Int64(below(1 << 30)) * 10 + 5) * (below(2) == 0 ? 1 : 0.5)
        case 9:
            // Just below/above powers of ten: 9.99…5-style carries.
            let digits = 1 + below(17)
            let nines = (pow(10.0, Double(digits)) - 0.5) * pow(10.0, Double(below(40) - 20))
            return below(2) == 0 ? nines : nines.nextUp
        case 10: return Double(sign: .plus, exponent: below(200) - 100, significand: 1 + Double(next() % 4096) / 4096)
        default:
            return Double(bitPattern: (next() & 0x000F_FFFF_FFFF_FFFF) | UInt64(below(2046) + 1) << 52)
        }
    }
}
