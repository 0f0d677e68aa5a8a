// Number to text, exactly as the reference prints on x86-64 glibc, without libc.
//
// `tostring` uses "%.14g" (plus ".0" when the result looks like an integer); `string.format`
// uses the conversions below. All decimal conversions go through `DecimalDigits`, the exact
// expansion of the double, rounded half-to-even — what glibc's printf does in the default
// rounding mode. NaN has one spelling everywhere: "-nan" ("-NAN"), which is what the reference
// prints for the NaNs x86-64 arithmetic produces (0/0, inf-inf); wasm does not define the sign
// of a NaN result, so printing the sign bit would break native/wasm parity.

/// Formats Lua numbers as the reference interpreter does.
public enum NumberFormatter {
    // MARK: tostring

    /// The text of an integer, as `tostring` and `%d` write it.
    public static func format(_ value: Int64) -> [UInt8] {
        var out: [UInt8] = []
        appendInteger(value, to: &out)
        return out
    }

    /// The text of a float, as `tostring` writes it ("%.14g", then ".0" if it looks like an integer).
    public static func format(_ value: Double) -> [UInt8] {
        var out: [UInt8] = []
        appendFloat(value, to: &out)
        return out
    }

    /// Appends the decimal text of an integer.
    public static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendUnsigned(value < 0 ? UInt64(bitPattern: 0 &- value) : UInt64(value), base: 10, upper: false, to: &out)
    }

    /// Appends a float as `tostring` writes it.
    public static func appendFloat(_ value: Double, to out: inout [UInt8]) {
        // Fast path: integral values of at most 14 digits print as the integer plus ".0".
        if value == value.rounded(.towardZero) && value.magnitude < 1e14 {
            if value == 0 && value.sign == .minus { out.append(UInt8(ascii: "-")) }
            appendInteger(Int64(value), to: &out)
            out.append(UInt8(ascii: "."))
            out.append(UInt8(ascii: "0"))
            return
        }
        var spec = FormatSpec(conversion: UInt8(ascii: "g"))
        spec.precision = 14
        let start = out.count
        append(value, spec: spec, to: &out)
        var looksIntegral = true
        for c in out[start...] where !(c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39)) { looksIntegral = false; break }
        if looksIntegral { out.append(UInt8(ascii: ".")); out.append(UInt8(ascii: "0")) }
    }

    /// Appends a float as "%.14g" writes it (no ".0" suffix): what `print` of the reference
    /// emits through `lua_writestring` for floats is `tostring`'s text, but `io.write` uses this.
    public static func appendG14(_ value: Double, to out: inout [UInt8]) {
        var spec = FormatSpec(conversion: UInt8(ascii: "g"))
        spec.precision = 14
        append(value, spec: spec, to: &out)
    }

    // MARK: string.format

    /// Appends `value` converted by a `%d %i %u %c %o %x %X` spec. Octal and hexadecimal
    /// treat the integer as unsigned, as C does with Lua's `LUA_INTEGER_FMT` modifiers.
    public static func append(_ value: Int64, spec: FormatSpec, to out: inout [UInt8]) {
        var body: [UInt8] = []
        var sign: [UInt8] = []
        var prefix: [UInt8] = []
        switch spec.conversion {
        case UInt8(ascii: "c"):
            pad([UInt8(truncatingIfNeeded: value)], sign: [], prefix: [], spec: spec, zeroAllowed: false, to: &out)
            return
        case UInt8(ascii: "d"), UInt8(ascii: "i"):
            if value < 0 { sign = [UInt8(ascii: "-")] } else if spec.forceSign { sign = [UInt8(ascii: "+")] } else if spec.spaceSign { sign = [UInt8(ascii: " ")] }
            appendUnsigned(value < 0 ? UInt64(bitPattern: 0 &- value) : UInt64(value), base: 10, upper: false, to: &body)
        case UInt8(ascii: "u"):
            appendUnsigned(UInt64(bitPattern: value), base: 10, upper: false, to: &body)
        case UInt8(ascii: "o"):
            appendUnsigned(UInt64(bitPattern: value), base: 8, upper: false, to: &body)
        default:
            let upper = spec.conversion == UInt8(ascii: "X")
            appendUnsigned(UInt64(bitPattern: value), base: 16, upper: upper, to: &body)
            if spec.alternate && value != 0 { prefix = [UInt8(ascii: "0"), upper ? UInt8(ascii: "X") : UInt8(ascii: "x")] }
        }
        if let precision = spec.precision {
            if precision == 0 && value == 0 { body = [] }
            if body.count < Int(precision) { body.insert(contentsOf: [UInt8](repeating: 0x30, count: Int(precision) - body.count), at: 0) }
        }
        if spec.conversion == UInt8(ascii: "o") && spec.alternate && body.first != 0x30 { body.insert(0x30, at: 0) }
        pad(body, sign: sign, prefix: prefix, spec: spec, zeroAllowed: spec.precision == nil, to: &out)
    }

    /// Appends `value` converted by a `%e %E %f %g %G %a %A` spec.
    public static func append(_ value: Double, spec: FormatSpec, to out: inout [UInt8]) {
        let upper = spec.conversion < UInt8(ascii: "a")
        var sign: [UInt8] = []
        if value.isNaN || value.sign == .minus { sign = [UInt8(ascii: "-")] } else if spec.forceSign { sign = [UInt8(ascii: "+")] } else if spec.spaceSign { sign = [UInt8(ascii: " ")] }
        guard value.isFinite else {
            let word: StaticString = value.isNaN ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf")
            pad(word.withUTF8Buffer { Array($0) }, sign: sign, prefix: [], spec: spec, zeroAllowed: false, to: &out)
            return
        }
        var body: [UInt8] = []
        var prefix: [UInt8] = []
        switch spec.conversion | 0x20 {
        case UInt8(ascii: "a"):
            prefix = [UInt8(ascii: "0"), upper ? UInt8(ascii: "X") : UInt8(ascii: "x")]
            HexFloat.append(value.magnitude, precision: spec.precision, alternate: spec.alternate, upper: upper, to: &body)
        case UInt8(ascii: "e"):
            appendExponential(DecimalDigits(exactly: value), precision: Int(spec.precision ?? 6), alternate: spec.alternate, upper: upper, to: &body)
        case UInt8(ascii: "f"):
            appendFixed(DecimalDigits(exactly: value), precision: Int(spec.precision ?? 6), alternate: spec.alternate, to: &body)
        default:
            appendGeneral(DecimalDigits(exactly: value), precision: Int(spec.precision ?? 6), alternate: spec.alternate, upper: upper, to: &body)
        }
        pad(body, sign: sign, prefix: prefix, spec: spec, zeroAllowed: true, to: &out)
    }

    /// Appends a string converted by a `%s` spec with width and/or precision.
    public static func append(string: [UInt8], spec: FormatSpec, to out: inout [UInt8]) {
        var body = string
        if let precision = spec.precision, body.count > Int(precision) { body.removeLast(body.count - Int(precision)) }
        pad(body, sign: [], prefix: [], spec: spec, zeroAllowed: false, to: &out)
    }

    // MARK: Conversions

    /// "%.{p}e": d.ddd…e±XX
    static func appendExponential(_ exact: DecimalDigits, precision: Int, alternate: Bool, upper: Bool, to out: inout [UInt8]) {
        var exponent = 0
        var d = exact
        if !exact.isZero {
            d = exact.rounded(toDigits: precision + 1)
            exponent = d.point - 1
        }
        out.append(0x30 + d[0])
        if precision > 0 || alternate { out.append(UInt8(ascii: ".")) }
        for i in 0..<precision { out.append(0x30 + d[i + 1]) }
        appendExponent(exponent, upper: upper, to: &out)
    }

    /// "%.{p}f": the integer part, then p fraction digits.
    static func appendFixed(_ exact: DecimalDigits, precision: Int, alternate: Bool, to out: inout [UInt8]) {
        let d = exact.isZero ? exact : exact.rounded(toDigits: exact.point + precision)
        if d.isZero || d.point <= 0 {
            out.append(0x30)
        } else {
            for i in 0..<d.point { out.append(0x30 + d[i]) }
        }
        if precision > 0 || alternate { out.append(UInt8(ascii: ".")) }
        for i in 0..<precision { out.append(d.isZero ? 0x30 : 0x30 + d[d.point + i]) }
    }

    /// "%.{p}g": exponential or fixed depending on the exponent; trailing zeros removed unless '#'.
    static func appendGeneral(_ exact: DecimalDigits, precision: Int, alternate: Bool, upper: Bool, to out: inout [UInt8]) {
        let p = precision == 0 ? 1 : precision
        var exponent = 0
        if !exact.isZero { exponent = exact.rounded(toDigits: p).point - 1 }
        let start = out.count
        let useFixed = exponent < p && exponent >= -4
        if alternate && !exact.isZero && exact.point == p && exponent == p {
            // glibc quirk, reproduced for fidelity: it picks the style from the unrounded
            // exponent, and when rounding then carries past `p` integer digits it prints the
            // mantissa with no fraction digits ("%#.2g" of 99.5 is "1.e+02").
            appendExponential(exact, precision: 0, alternate: true, upper: upper, to: &out)
            return
        }
        if useFixed {
            appendFixed(exact, precision: p - 1 - exponent, alternate: alternate, to: &out)
        } else {
            appendExponential(exact, precision: p - 1, alternate: alternate, upper: upper, to: &out)
        }
        guard !alternate, let dot = out[start...].firstIndex(of: UInt8(ascii: ".")) else { return }
        var mantissaEnd = out.count
        if !useFixed { mantissaEnd = out[start...].firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) ?? out.count }
        var cut = mantissaEnd
        while cut > dot + 1 && out[cut - 1] == 0x30 { cut -= 1 }
        if cut == dot + 1 { cut = dot }
        out.removeSubrange(cut..<mantissaEnd)
    }

    /// "e+05", "e-300": sign and at least two digits.
    static func appendExponent(_ exponent: Int, upper: Bool, to out: inout [UInt8]) {
        out.append(upper ? UInt8(ascii: "E") : UInt8(ascii: "e"))
        out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let magnitude = exponent < 0 ? -exponent : exponent
        if magnitude < 10 { out.append(0x30) }
        appendUnsigned(UInt64(magnitude), base: 10, upper: false, to: &out)
    }

    /// Digits of `value` in `base` (8, 10 or 16).
    static func appendUnsigned(_ value: UInt64, base: UInt64, upper: Bool, to out: inout [UInt8]) {
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes ≥ 22 octal digits
        withUnsafeMutableBytes(of: &buffer) { digits in
            var n = value
            var count = 0
            repeat {
                let d = UInt8(truncatingIfNeeded: n % base)
                digits[count] = d < 10 ? 0x30 + d : (upper ? 0x37 : 0x57) + d
                n /= base
                count += 1
            } while n > 0
            while count > 0 { count -= 1; out.append(digits[count]) }
        }
    }

    /// Applies width: left-aligned with spaces, zero-padded after sign and prefix, or right-aligned.
    static func pad(_ body: [UInt8], sign: [UInt8], prefix: [UInt8], spec: FormatSpec, zeroAllowed: Bool, to out: inout [UInt8]) {
        let length = sign.count + prefix.count + body.count
        let fill = max(0, Int(spec.width ?? 0) - length)
        if spec.leftAlign {
            out.append(contentsOf: sign); out.append(contentsOf: prefix); out.append(contentsOf: body)
            out.append(contentsOf: [UInt8](repeating: 0x20, count: fill))
        } else if spec.zeroPad && zeroAllowed {
            out.append(contentsOf: sign); out.append(contentsOf: prefix)
            out.append(contentsOf: [UInt8](repeating: 0x30, count: fill))
            out.append(contentsOf: body)
        } else {
            out.append(contentsOf: [UInt8](repeating: 0x20, count: fill))
            out.append(contentsOf: sign); out.append(contentsOf: prefix); out.append(contentsOf: body)
        }
    }
}
