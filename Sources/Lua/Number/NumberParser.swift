// Text to number with the reference's rules (lobject.c `luaO_str2num`): first as an integer
// (`l_str2int`: decimal that fits in 64 bits, or hex that wraps around modulo 2^64), else as a
// float with C `strtod` syntax (decimal with optional exponent, or hex with optional binary
// exponent), never "inf"/"nan"; surrounding C whitespace allowed, anything else rejects.
// Floats are correctly rounded (half to even) for any length of input, as glibc's strtod is.

/// A Lua number: the integer and float subtypes.
public enum NumericValue: Equatable {
    case integer(Int64)
    case float(Double)
}

/// Converts numerals (source literals, `tonumber`, string coercion) to numbers.
public enum NumberParser {
    /// `lua_stringtonumber` / `luaO_str2num`: the number `text` spells, or nil. Embedded NUL
    /// bytes reject, as the reference's length check does.
    public static func parse(_ text: [UInt8]) -> NumericValue? {
        text.withUnsafeBufferPointer { parse($0) }
    }

    /// The same, for bytes the caller already holds (a VM string's storage).
    public static func parse(_ text: UnsafeBufferPointer<UInt8>) -> NumericValue? {
        let input = NumberText(text)
        if input.containsNul { return nil }
        if let integer = parseInteger(input) { return .integer(integer) }
        return parseFloat(input).map { .float($0) }
    }

    /// `l_str2int`: optional sign, then decimal digits without overflow or "0x" and hex digits
    /// (wrapping around), surrounded by optional whitespace.
    static func parseInteger(_ input: NumberText) -> Int64? {
        var i = input.skipSpaces(from: 0)
        var negative = false
        if input[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        } else if input[i] == UInt8(ascii: "+") {
            i += 1
        }
        var value: UInt64 = 0
        var empty = true
        if input[i] == UInt8(ascii: "0") && input[i + 1] | 0x20 == UInt8(ascii: "x") {
            i += 2
            while let d = hexValue(input[i]) {
                value = value &* 16 &+ UInt64(d)
                empty = false
                i += 1
            }
        } else {
            let maxOverTen = UInt64(Int64.max) / 10
            let maxLastDigit = UInt64(Int64.max % 10) + (negative ? 1 : 0)
            while let d = decimalValue(input[i]) {
                if value >= maxOverTen && (value > maxOverTen || UInt64(d) > maxLastDigit) { return nil }  // a float
                value = value * 10 + UInt64(d)
                empty = false
                i += 1
            }
        }
        i = input.skipSpaces(from: i)
        guard !empty && i == input.count else { return nil }
        return Int64(bitPattern: negative ? 0 &- value : value)
    }

    /// `strtod` syntax without "inf"/"nan", surrounded by optional whitespace.
    static func parseFloat(_ input: NumberText) -> Double? {
        var i = input.skipSpaces(from: 0)
        var negative = false
        if input[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        } else if input[i] == UInt8(ascii: "+") {
            i += 1
        }
        let magnitude: Double
        if input[i] == UInt8(ascii: "0") && input[i + 1] | 0x20 == UInt8(ascii: "x") {
            guard let hex = scanHexFloat(input, from: i + 2) else { return nil }
            magnitude = hex.value
            i = hex.end
        } else {
            guard let decimal = DecimalNumeral.scan(input, from: i) else { return nil }
            magnitude = DecimalToBinary.convert(decimal)
            i = decimal.end
        }
        guard input.skipSpaces(from: i) == input.count else { return nil }
        return negative ? -magnitude : magnitude
    }

    // MARK: Hexadecimal floats

    /// Scans hex digits with an optional point and "p±ddd" binary exponent after "0x", and
    /// rounds the exact value to a double. Nil if there is no hex digit (strtod would stop at the
    /// 'x', leaving garbage).
    static func scanHexFloat(_ input: NumberText, from start: Int) -> (value: Double, end: Int)? {
        var i = start
        var mantissa: UInt64 = 0   // the first 16 significant hex digits
        var significant = 0        // how many of them
        var exponent: Int64 = 0    // value = mantissa · 2^exponent (+ sticky)
        var sticky = false         // a non-zero digit was dropped
        var anyDigit = false
        var seenPoint = false
        while true {
            let c = input[i]
            if c == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else if let d = hexValue(c) {
                anyDigit = true
                if significant < 16 {
                    mantissa = mantissa << 4 | UInt64(d)
                    if mantissa != 0 { significant += 1 }
                    if seenPoint { exponent -= 4 }
                } else {
                    if d != 0 { sticky = true }
                    if !seenPoint { exponent += 4 }
                }
            } else {
                break
            }
            i += 1
        }
        guard anyDigit else { return nil }
        if input[i] | 0x20 == UInt8(ascii: "p"), let (value, end) = scanExponent(input, from: i + 1) {
            exponent += value
            i = end
        }
        return (roundBinary(mantissa, exponent: exponent, sticky: sticky), i)
    }

    /// Scans an optional sign and decimal digits (at least one), saturating far beyond any
    /// exponent that matters; nil if there are no digits (the exponent marker is then garbage).
    static func scanExponent(_ input: NumberText, from start: Int) -> (Int64, Int)? {
        var i = start
        var negative = false
        if input[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        } else if input[i] == UInt8(ascii: "+") {
            i += 1
        }
        guard decimalValue(input[i]) != nil else { return nil }
        var value: Int64 = 0
        while let d = decimalValue(input[i]) {
            if value < 1_000_000_000_000 { value = value * 10 + Int64(d) }
            i += 1
        }
        return (negative ? -value : value, i)
    }

    /// mantissa · 2^exponent (plus a little more when `sticky`) rounded half to even to a
    /// double, with gradual underflow and overflow to infinity.
    static func roundBinary(_ mantissa: UInt64, exponent: Int64, sticky: Bool) -> Double {
        guard mantissa != 0 else { return 0 }
        let lz = mantissa.leadingZeroBitCount
        let m = mantissa << UInt64(lz)
        let e = exponent - Int64(lz)          // value = m · 2^e, m in [2^63, 2^64)
        if e + 63 >= 1024 { return .infinity }
        if e + 63 < -1076 { return 0 }        // below a quarter of the smallest subnormal
        let unit = max(e + 11, -1074)         // exponent of the result's last bit
        let shift = unit - e                  // 11…65 bits to drop
        if shift >= 65 { return 0 }           // m · 2^e < 2^-1075: less than half the smallest subnormal
        let kept = shift == 64 ? 0 : m >> UInt64(shift)
        let rest = shift == 64 ? m : m & ((1 << UInt64(shift)) - 1)
        let half: UInt64 = 1 << UInt64(shift - 1)
        let up = rest > half || (rest == half && (sticky || kept & 1 == 1))
        return compose(kept + (up ? 1 : 0), unitExponent: unit)
    }

    /// The double M · 2^unitExponent for M < 2^53 + 1 produced by rounding at the right place:
    /// unitExponent = -1074 for subnormals, else M has 53 bits (or is 2^53 after a carry).
    static func compose(_ significand: UInt64, unitExponent: Int64) -> Double {
        var m = significand
        var e = unitExponent
        if m == 1 << 53 { m = 1 << 52; e += 1 }
        if m < 1 << 52 { return Double(bitPattern: m) }  // subnormal (or zero)
        let biased = e + 1075
        if biased >= 2047 { return .infinity }
        return Double(bitPattern: UInt64(biased) << 52 | (m & 0x000F_FFFF_FFFF_FFFF))
    }

    // MARK: Characters

    @inline(__always)
    static func decimalValue(_ c: UInt8) -> UInt8? {
        let d = c &- 0x30
        return d < 10 ? d : nil
    }

    @inline(__always)
    static func hexValue(_ c: UInt8) -> UInt8? {
        if let d = decimalValue(c) { return d }
        let l = (c | 0x20) &- UInt8(ascii: "a")
        return l < 6 ? l + 10 : nil
    }
}

/// The bytes of a numeral with C-string-like reading: index `count` and beyond read as 0,
/// so scanners can look ahead without bounds checks of their own.
struct NumberText {
    let bytes: UnsafeBufferPointer<UInt8>

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    var count: Int { bytes.count }

    var containsNul: Bool {
        for b in bytes where b == 0 { return true }
        return false
    }

    @inline(__always)
    subscript(index: Int) -> UInt8 { index >= 0 && index < bytes.count ? bytes[index] : 0 }

    /// C `isspace` in the "C" locale: space, \t \n \v \f \r.
    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }

    /// The index of the first non-space byte at or after `index`.
    func skipSpaces(from index: Int) -> Int {
        var i = index
        while i < bytes.count && NumberText.isSpace(bytes[i]) { i += 1 }
        return i
    }
}
