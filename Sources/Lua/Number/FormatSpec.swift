// One `string.format` conversion specification, parsed with the rules of Lua 5.4.4's
// lstrlib.c: `getformat` spans the flag/width/precision characters ("-+#0 123456789.") and
// refuses specs of 22 or more characters; `checkformat` then accepts, per conversion, only
// its allowed flags, a width of at most two digits that does not start with '0', and (where
// allowed) a precision of at most two digits.

/// A parsed conversion such as `%-08.3f`.
public struct FormatSpec {
    public var leftAlign = false
    public var forceSign = false
    public var spaceSign = false
    public var alternate = false
    public var zeroPad = false
    /// Minimum field width, if given.
    public var width: Int32?
    /// Precision, if given (`%.f` means 0).
    public var precision: Int32?
    /// The conversion character (`d`, `f`, `s`, `q`, …).
    public var conversion: UInt8

    /// Creates a spec with no flags.
    public init(conversion: UInt8) { self.conversion = conversion }

    /// Parses the spec that starts at `format[index]` (the byte after '%'). Returns the spec and
    /// the index just after its conversion character, or the reference's error message:
    /// "invalid format (too long)", "invalid conversion '%…' to 'format'",
    /// "invalid conversion specification: '%…'". `%%` is not a spec: callers handle it.
    public static func parse(_ format: [UInt8], at index: Int) -> Result<(FormatSpec, Int), FormatSpecError> {
        let index = max(0, min(index, format.count))
        var end = index
        while end < format.count, isSpanCharacter(format[end]) { end += 1 }
        let length = end - index + 1  // with the conversion character
        if length >= 22 { return .failure(FormatSpecError(message: [UInt8]("invalid format (too long)"))) }
        let conversion: UInt8 = end < format.count ? format[end] : 0
        // The spec as written ("%" and its characters), for messages only: the common case
        // allocates nothing.
        var form: [UInt8] { [0x25] + format[index..<min(end + 1, format.count)] }
        let allowed: StaticString
        let precisionAllowed: Bool
        switch conversion {
        case UInt8(ascii: "c"), UInt8(ascii: "p"): (allowed, precisionAllowed) = ("-", false)
        case UInt8(ascii: "d"), UInt8(ascii: "i"): (allowed, precisionAllowed) = ("-+0 ", true)
        case UInt8(ascii: "u"): (allowed, precisionAllowed) = ("-0", true)
        case UInt8(ascii: "o"), UInt8(ascii: "x"), UInt8(ascii: "X"): (allowed, precisionAllowed) = ("-#0", true)
        case UInt8(ascii: "a"), UInt8(ascii: "A"), UInt8(ascii: "f"), UInt8(ascii: "e"), UInt8(ascii: "E"),
             UInt8(ascii: "g"), UInt8(ascii: "G"):
            (allowed, precisionAllowed) = ("-+#0 ", true)
        case UInt8(ascii: "s"): (allowed, precisionAllowed) = ("-", true)
        case UInt8(ascii: "q"):
            if end > index { return .failure(FormatSpecError(message: [UInt8]("specifier '%q' cannot have modifiers"))) }
            return .success((FormatSpec(conversion: conversion), end + 1))
        default:
            var message = [UInt8]("invalid conversion '")
            message.append(contentsOf: form)
            message.append(contentsOf: [UInt8]("' to 'format'"))
            return .failure(FormatSpecError(message: message))
        }
        guard let spec = check(format, from: index, through: end, allowed: allowed, precisionAllowed: precisionAllowed) else {
            var message = [UInt8]("invalid conversion specification: '")
            message.append(contentsOf: form)
            message.append(0x27)
            return .failure(FormatSpecError(message: message))
        }
        return .success((spec, end + 1))
    }

    /// `checkformat` of the spec `format[start...last]` (`last` is its conversion letter):
    /// flags from `allowed`, then width and precision of up to two digits each.
    private static func check(_ form: [UInt8], from start: Int, through last: Int, allowed: StaticString,
                              precisionAllowed: Bool) -> FormatSpec? {
        var spec = FormatSpec(conversion: form[last])
        var i = start
        while i <= last, allowed.withUTF8Buffer({ $0.contains(form[i]) }) {
            switch form[i] {
            case UInt8(ascii: "-"): spec.leftAlign = true
            case UInt8(ascii: "+"): spec.forceSign = true
            case UInt8(ascii: " "): spec.spaceSign = true
            case UInt8(ascii: "#"): spec.alternate = true
            default: spec.zeroPad = true
            }
            i += 1
        }
        if form[i] != UInt8(ascii: "0") {
            spec.width = twoDigits(form, &i)
            if form[i] == UInt8(ascii: ".") && precisionAllowed {
                i += 1
                spec.precision = twoDigits(form, &i) ?? 0
            }
        }
        let c = form[i]
        guard i == last, (c | 0x20) >= UInt8(ascii: "a"), (c | 0x20) <= UInt8(ascii: "z") else { return nil }
        return spec
    }

    private static func twoDigits(_ form: [UInt8], _ i: inout Int) -> Int32? {
        var value: Int32?
        for _ in 0..<2 {
            let d = form[i] &- 0x30
            guard d < 10 else { break }
            value = (value ?? 0) * 10 + Int32(d)
            i += 1
        }
        return value
    }

    private static func isSpanCharacter(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "#"), UInt8(ascii: " "), UInt8(ascii: "."),
             UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: false
        }
    }
}

/// A malformed conversion; `message` is the reference's error text.
public struct FormatSpecError: Error {
    public var message: [UInt8]
}
