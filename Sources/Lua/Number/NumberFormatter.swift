// Number to text, exactly as the reference prints on x86-64 glibc, without libc.
//
// `tostring` uses "%.14g" (plus ".0" when the result looks like an integer); `string.format`
// uses the conversions below. Decimal conversions take their digits from `FastDigits` (one
// 64×128-bit product, up to 17 digits, written straight into the output) or, when that cannot
// decide the rounding or more digits are needed, from `DecimalDigits`, the exact expansion of
// the double; both round half-to-even on the exact binary value, as glibc's printf does in
// the default rounding mode.
//
// NaN has one spelling everywhere: "-nan" ("-NAN"), which is what the reference prints for the
// NaNs x86-64 arithmetic produces (0/0, inf-inf). wasm does not define the sign of a NaN
// result, so printing the sign bit would break native/wasm parity; the reference prints "nan"
// only for NaNs with the sign bit clear, such as -(0/0).
//
// Widths and precisions beyond Lua's two-digit limit (only possible for hand-built specs) are
// clamped to 0…99, which bounds every result to a few hundred bytes.

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

    /// Appends the decimal text of an integer (`tostring`, `%d`, concatenation).
    public static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendUnsigned(value.magnitude, base: 10, upper: false, to: &out)
    }

    /// Appends a float as `tostring` writes it: "%.14g", then ".0" when that looks like an
    /// integer ("1e+15" and "inf" stay as they are); NaN is "-nan" (see the file comment).
    public static func appendFloat(_ value: Double, to out: inout [UInt8]) {
        // Integral values of at most 14 digits print as the integer plus ".0".
        if value.magnitude < 1e14 && value == value.rounded(.towardZero) {
            if value.sign == .minus { out.append(UInt8(ascii: "-")) }
            appendUnsigned(UInt64(value.magnitude), base: 10, upper: false, to: &out)
            out.append(UInt8(ascii: "."))
            out.append(UInt8(ascii: "0"))
            return
        }
        let start = out.count
        appendG14(value, to: &out)
        var index = start
        while index < out.count {
            let c = out[index]
            if !(c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39)) { return }
            index += 1
        }
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0"))
    }

    /// Appends a float as "%.14g" writes it (no ".0" suffix), as `io.write` prints floats.
    public static func appendG14(_ value: Double, to out: inout [UInt8]) {
        if value.isNaN || value.sign == .minus { out.append(UInt8(ascii: "-")) }
        if !value.isFinite {
            appendNonFinite(value, upper: false, to: &out)
            return
        }
        appendGeneral(value.magnitude, precision: 14, alternate: false, upper: false, to: &out)
    }

    // MARK: string.format

    /// Appends `value` converted by a `%d %i %u %c %o %x %X` spec. Octal, hexadecimal and `%u`
    /// treat the integer as unsigned, as C does with Lua's `LUA_INTEGER_FMT` modifiers; `%c`
    /// writes the low byte.
    public static func append(_ value: Int64, spec: FormatSpec, to out: inout [UInt8]) {
        let start = out.count
        if spec.conversion == UInt8(ascii: "c") {
            out.append(UInt8(truncatingIfNeeded: value))
            applyWidth(spec, start: start, zeroStart: start, zeroAllowed: false, to: &out)
            return
        }
        let magnitude: UInt64
        var base: UInt64 = 16
        let upper = spec.conversion == UInt8(ascii: "X")
        switch spec.conversion {
        case UInt8(ascii: "d"), UInt8(ascii: "i"):
            if value < 0 {
                out.append(UInt8(ascii: "-"))
            } else if spec.forceSign {
                out.append(UInt8(ascii: "+"))
            } else if spec.spaceSign {
                out.append(UInt8(ascii: " "))
            }
            magnitude = value.magnitude
            base = 10
        case UInt8(ascii: "u"):
            magnitude = UInt64(bitPattern: value)
            base = 10
        case UInt8(ascii: "o"):
            magnitude = UInt64(bitPattern: value)
            base = 8
        default:
            magnitude = UInt64(bitPattern: value)
            if spec.alternate && value != 0 {
                out.append(UInt8(ascii: "0"))
                out.append(upper ? UInt8(ascii: "X") : UInt8(ascii: "x"))
            }
        }
        let bodyStart = out.count
        let precision = clamped(spec.precision)
        if !(precision == 0 && value == 0) { appendUnsigned(magnitude, base: base, upper: upper, to: &out) }
        if let precision, out.count - bodyStart < precision {
            out.insert(contentsOf: repeatElement(0x30, count: precision - (out.count - bodyStart)), at: bodyStart)
        }
        if base == 8 && spec.alternate && (out.count == bodyStart || out[bodyStart] != 0x30) {
            out.insert(0x30, at: bodyStart)
        }
        applyWidth(spec, start: start, zeroStart: bodyStart, zeroAllowed: precision == nil, to: &out)
    }

    /// Appends `value` converted by a `%e %E %f %F %g %G %a %A` spec.
    public static func append(_ value: Double, spec: FormatSpec, to out: inout [UInt8]) {
        let start = out.count
        let upper = spec.conversion < UInt8(ascii: "a")
        if value.isNaN || value.sign == .minus {
            out.append(UInt8(ascii: "-"))
        } else if spec.forceSign {
            out.append(UInt8(ascii: "+"))
        } else if spec.spaceSign {
            out.append(UInt8(ascii: " "))
        }
        guard value.isFinite else {
            appendNonFinite(value, upper: upper, to: &out)
            applyWidth(spec, start: start, zeroStart: start, zeroAllowed: false, to: &out)
            return
        }
        let precision = clamped(spec.precision)
        let magnitude = value.magnitude
        var zeroStart = out.count
        switch spec.conversion | 0x20 {
        case UInt8(ascii: "a"):
            out.append(UInt8(ascii: "0"))
            out.append(upper ? UInt8(ascii: "X") : UInt8(ascii: "x"))
            zeroStart = out.count
            HexFloat.append(magnitude, precision: precision, alternate: spec.alternate, upper: upper, to: &out)
        case UInt8(ascii: "e"):
            appendExponential(magnitude, precision: precision ?? 6, alternate: spec.alternate, upper: upper, to: &out)
        case UInt8(ascii: "f"):
            appendFixed(magnitude, precision: precision ?? 6, alternate: spec.alternate, to: &out)
        default:
            appendGeneral(magnitude, precision: precision ?? 6, alternate: spec.alternate, upper: upper, to: &out)
        }
        applyWidth(spec, start: start, zeroStart: zeroStart, zeroAllowed: true, to: &out)
    }

    /// Appends a string converted by a `%s` spec with width and/or precision (the caller
    /// handles the reference's special cases: no modifiers, or no precision and ≥ 100 bytes).
    public static func append(string: [UInt8], spec: FormatSpec, to out: inout [UInt8]) {
        let start = out.count
        let precision = clamped(spec.precision) ?? string.count
        out.append(contentsOf: string[0..<min(precision, string.count)])
        applyWidth(spec, start: start, zeroStart: start, zeroAllowed: false, to: &out)
    }

    // MARK: Conversions

    /// "%.{p}e" of a non-negative finite value: d.ddd…e±XX.
    static func appendExponential(_ value: Double, precision: Int, alternate: Bool, upper: Bool, to out: inout [UInt8]) {
        if value == 0 || precision < 17, let fast = FastDigits.significant(value, count: precision + 1) {
            appendDigits(fast.digits, count: precision + 1, pointAfter: precision > 0 || alternate ? 1 : nil, to: &out)
            appendExponent(fast.exponent, upper: upper, to: &out)
        } else {
            let digits = DecimalDigits(exactly: value).rounded(toDigits: precision + 1)
            writeExponential(digits, precision: precision, alternate: alternate, upper: upper, to: &out)
        }
    }

    /// "%.{p}f" of a non-negative finite value: the integer part, then p fraction digits.
    static func appendFixed(_ value: Double, precision: Int, alternate: Bool, to out: inout [UInt8]) {
        if let scaled = FastDigits.fixed(value, fractionDigits: precision) {
            let count = max(FastDigits.digitCount(scaled), precision + 1)
            appendDigits(scaled, count: count, pointAfter: precision > 0 || alternate ? count - precision : nil, to: &out)
        } else {
            let exact = DecimalDigits(exactly: value)
            writeFixed(exact.rounded(toDigits: exact.point + precision), fractionDigits: precision, alternate: alternate, to: &out)
        }
    }

    /// "%.{p}g" of a non-negative finite value: exponential or fixed depending on the decimal
    /// exponent after rounding to p significant digits; trailing zeros removed unless '#'.
    static func appendGeneral(_ value: Double, precision: Int, alternate: Bool, upper: Bool, to out: inout [UInt8]) {
        let p = precision == 0 ? 1 : precision
        if value == 0 || p <= 17, let fast = FastDigits.significant(value, count: p) {
            writeGeneral(fast.digits, exponent: fast.exponent, precision: p, carried: fast.carried,
                         alternate: alternate, upper: upper, to: &out)
        } else {
            let exact = DecimalDigits(exactly: value)
            let digits = exact.rounded(toDigits: p)
            writeGeneral(digits, precision: p, carried: digits.point != exact.point, alternate: alternate, upper: upper, to: &out)
        }
    }

    /// %g from `digits` (exactly `p` digits, or 0) whose first digit has decimal exponent `exponent`.
    static func writeGeneral(_ digits: UInt64, exponent: Int, precision p: Int, carried: Bool, alternate: Bool, upper: Bool, to out: inout [UInt8]) {
        if alternate && carried && exponent == p {
            // glibc quirk, reproduced for fidelity: it picks the style from the unrounded
            // exponent, and when rounding then carries past `p` integer digits it prints the
            // mantissa with no fraction digits ("%#.2g" of 99.5 is "1.e+02").
            appendDigits(1, count: 1, pointAfter: 1, to: &out)
            appendExponent(exponent, upper: upper, to: &out)
            return
        }
        let useFixed = exponent >= -4 && exponent < p
        var n = digits
        var fraction = useFixed ? p - 1 - exponent : p - 1  // fraction digits before trimming
        var count = p                                       // digits of n to print
        if !alternate {
            while fraction > 0 && n % 10 == 0 { n /= 10; fraction -= 1; count -= 1 }
        }
        let point = fraction > 0 || alternate
        if !useFixed {
            appendDigits(n, count: count, pointAfter: point ? 1 : nil, to: &out)
            appendExponent(exponent, upper: upper, to: &out)
        } else if exponent >= 0 {
            appendDigits(n, count: count, pointAfter: point ? exponent + 1 : nil, to: &out)
        } else {
            // 0.000ddd: the leading zeros are extra digits of a zero-padded integer.
            appendDigits(n, count: count - exponent, pointAfter: 1, to: &out)
        }
    }

    /// Appends the last `count` decimal digits of `n` (zero-padded on the left), with a '.'
    /// after the first `pointAfter` of them when given.
    static func appendDigits(_ n: UInt64, count: Int, pointAfter: Int?, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0x30, count: count + (pointAfter == nil ? 0 : 1)))
        let split = pointAfter ?? count  // digits at index ≥ split move one place right
        var rest = n
        var index = count - 1
        while rest > 0 && index >= 0 {
            out[start + index + (index >= split ? 1 : 0)] = 0x30 + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            index -= 1
        }
        if let pointAfter { out[start + pointAfter] = UInt8(ascii: ".") }
    }

    /// Writes exactly rounded digits as d.ddd…e±XX with `precision` fraction digits.
    static func writeExponential(_ d: DecimalDigits, precision: Int, alternate: Bool, upper: Bool, to out: inout [UInt8]) {
        out.append(0x30 + d[0])
        if precision > 0 || alternate { out.append(UInt8(ascii: ".")) }
        var i = 1
        while i <= precision { out.append(0x30 + d[i]); i += 1 }
        appendExponent(d.isZero ? 0 : d.point - 1, upper: upper, to: &out)
    }

    /// Writes exact digits rounded at the `fractionDigits` position as fixed-point text.
    static func writeFixed(_ d: DecimalDigits, fractionDigits: Int, alternate: Bool, to out: inout [UInt8]) {
        if d.point <= 0 {
            out.append(0x30)
        } else {
            var i = 0
            while i < d.point { out.append(0x30 + d[i]); i += 1 }
        }
        if fractionDigits > 0 || alternate { out.append(UInt8(ascii: ".")) }
        var i = 0
        while i < fractionDigits { out.append(0x30 + d[d.point + i]); i += 1 }
    }

    /// %g from exactly rounded digits (`precision` significant digits, value non-zero).
    static func writeGeneral(_ d: DecimalDigits, precision p: Int, carried: Bool, alternate: Bool, upper: Bool, to out: inout [UInt8]) {
        let exponent = d.point - 1
        if alternate && carried && exponent == p {
            writeExponential(d, precision: 0, alternate: true, upper: upper, to: &out)  // the glibc quirk above
        } else if exponent >= -4 && exponent < p {
            var fraction = p - 1 - exponent
            if !alternate { fraction = min(fraction, max(0, d.significantCount - d.point)) }
            writeFixed(d, fractionDigits: fraction, alternate: alternate, to: &out)
        } else {
            var fraction = p - 1
            if !alternate { fraction = min(fraction, max(0, d.significantCount - 1)) }
            writeExponential(d, precision: fraction, alternate: alternate, upper: upper, to: &out)
        }
    }

    /// "inf" or "nan" (upper case for %E %G %A); callers write the sign.
    static func appendNonFinite(_ value: Double, upper: Bool, to out: inout [UInt8]) {
        let word: StaticString = value.isNaN ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf")
        word.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// "e+05", "e-300": sign and at least two digits.
    static func appendExponent(_ exponent: Int, upper: Bool, to out: inout [UInt8]) {
        out.append(upper ? UInt8(ascii: "E") : UInt8(ascii: "e"))
        out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        let magnitude = exponent.magnitude
        if magnitude < 10 { out.append(0x30) }
        appendUnsigned(UInt64(truncatingIfNeeded: magnitude), base: 10, upper: false, to: &out)
    }

    /// Digits of `value` in `base` (8, 10 or 16), written in place without temporary storage.
    static func appendUnsigned(_ value: UInt64, base: UInt64, upper: Bool, to out: inout [UInt8]) {
        let start = out.count
        let letters: UInt8 = upper ? 0x37 : 0x57
        var n = value
        repeat {
            let d = UInt8(truncatingIfNeeded: n % base)
            out.append(d < 10 ? 0x30 + d : letters + d)
            n /= base
        } while n > 0
        var a = start, b = out.count - 1
        while a < b { out.swapAt(a, b); a += 1; b -= 1 }
    }

    /// Pads the text written since `start` to the spec's width: spaces after it ('-'), zeros
    /// at `zeroStart` (after sign and "0x"; '0' flag, when allowed), or spaces before it.
    static func applyWidth(_ spec: FormatSpec, start: Int, zeroStart: Int, zeroAllowed: Bool, to out: inout [UInt8]) {
        let width = clamped(spec.width) ?? 0
        let length = out.count - start
        guard width > length else { return }
        let fill = width - length
        if spec.leftAlign {
            out.append(contentsOf: repeatElement(0x20, count: fill))
        } else if spec.zeroPad && zeroAllowed {
            out.insert(contentsOf: repeatElement(0x30, count: fill), at: zeroStart)
        } else {
            out.insert(contentsOf: repeatElement(0x20, count: fill), at: start)
        }
    }

    /// A width or precision limited to 0…99 (negative counts as absent, as in C).
    @inline(__always)
    static func clamped(_ value: Int32?) -> Int? {
        guard let value, value >= 0 else { return nil }
        return Int(min(value, 99))
    }
}
