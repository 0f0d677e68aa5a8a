// string.format (lstrlib.c's str_format): walks the format, hands each conversion spec to
// `FormatSpec` (parsing with the reference's checks) and each value to `NumberFormatter`
// (exact conversions, no libc), and writes `%q` literals itself (addliteral/addquoted/
// quotefloat). Argument checks and spec checks happen in the reference's order, which decides
// which error a doubly wrong call reports.

extension StringLibrary {
    /// Room reserved before formatting one number: the longest item is "%99.99f" of the
    /// largest double (309 integer digits, point, 99 decimals, sign), about 410 bytes.
    static let maxNumberItem = 512

    /// string.format(fmt, ...)
    static func format(_ L: LuaState) throws(LuaError) -> Int {
        let top = L.argumentCount
        let source = try L.checkBytes(1)
        let fmt = Array(source)
        var out = ResultBuffer()
        defer { out.release(L) }
        var arg = 1
        var i = 0
        while i < fmt.count {
            if fmt[i] != UInt8(ascii: "%") {
                var j = i + 1
                while j < fmt.count && fmt[j] != UInt8(ascii: "%") { j += 1 }
                try out.append(L, UnsafeBufferPointer(rebasing: source[i..<j]))
                i = j
            } else if i + 1 < fmt.count && fmt[i + 1] == UInt8(ascii: "%") {
                try out.append(L, UInt8(ascii: "%"))
                i += 2
            } else {
                arg += 1
                if arg > top { throw L.argumentError(arg, "no value") }
                i = try formatItem(L, fmt, at: i + 1, argument: arg, to: &out)
            }
        }
        try L.chargeCopy(out.bytes.count)
        try L.push(try L.newString(out.bytes))
        return 1
    }

    /// Formats argument `arg` by the spec starting at `fmt[index]` (just after the '%');
    /// returns the index after the spec.
    static func formatItem(_ L: LuaState, _ fmt: [UInt8], at index: Int, argument arg: Int,
                           to out: inout ResultBuffer) throws(LuaError) -> Int {
        let spec: FormatSpec
        let next: Int
        switch FormatSpec.parse(fmt, at: index) {
        case .success(let parsed): (spec, next) = parsed
        case .failure(let failure): throw try specError(L, fmt, at: index, argument: arg, failure)
        }
        switch spec.conversion {
        case UInt8(ascii: "c"), UInt8(ascii: "d"), UInt8(ascii: "i"), UInt8(ascii: "u"), UInt8(ascii: "o"),
             UInt8(ascii: "x"), UInt8(ascii: "X"):
            let n = try L.checkInteger(arg)
            try out.reserve(L, maxNumberItem)
            NumberFormatter.append(n, spec: spec, to: &out.bytes)
        case UInt8(ascii: "a"), UInt8(ascii: "A"), UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "f"),
             UInt8(ascii: "g"), UInt8(ascii: "G"):
            let x = try L.checkDouble(arg)
            try out.reserve(L, maxNumberItem)
            NumberFormatter.append(x, spec: spec, to: &out.bytes)
        case UInt8(ascii: "s"):
            let text = try L.toDisplayString(L.argument(arg))
            try L.push(text)  // keep it reachable while it is copied
            defer { L.pop() }
            let bytes = L.buffer(of: text)
            if next - index == 1 {  // plain "%s": the whole string, zeros included
                try out.append(L, bytes)
            } else {
                if bytes.contains(0) { throw L.argumentError(arg, "string contains zeros") }
                if spec.precision == nil && bytes.count >= 100 {
                    try out.append(L, bytes)  // too long to pad: kept whole, as the reference does
                } else {
                    // At most 99 bytes are shown: a precision has two digits, and without
                    // one the string is shorter than 100.
                    try out.reserve(L, 200)
                    NumberFormatter.append(string: Array(bytes.prefix(100)), spec: spec, to: &out.bytes)
                }
            }
        case UInt8(ascii: "q"):
            try appendLiteral(L, arg, to: &out)
        case UInt8(ascii: "p"):
            try out.reserve(L, 128)
            NumberFormatter.append(string: pointerText(L, L.argument(arg)), spec: spec, to: &out.bytes)
        default:  // FormatSpec accepts only the conversions above
            throw L.error([UInt8]("invalid conversion '%") + [spec.conversion] + [UInt8]("' to 'format'"))
        }
        return next
    }

    /// The error for a spec `FormatSpec` refused. A bad width or precision (checkformat) is
    /// reported after the argument check for the conversions whose argument the reference
    /// converts first (integers, e/f/g floats, strings). Never inlined (nor are `%q` and `%p`):
    /// V8 optimizes `format` as one function, and its cold paths made that compile take longer.
    @inline(never)
    static func specError(_ L: LuaState, _ fmt: [UInt8], at index: Int, argument arg: Int,
                          _ failure: FormatSpecError) throws(LuaError) -> LuaError {
        var end = index
        while end < fmt.count, isSpecSpanCharacter(fmt[end]) { end += 1 }
        let conversion: UInt8 = end < fmt.count ? fmt[end] : 0
        let checkformatPrefix = [UInt8]("invalid conversion specification")
        if failure.message.starts(with: checkformatPrefix) {
            switch conversion {
            case UInt8(ascii: "d"), UInt8(ascii: "i"), UInt8(ascii: "u"), UInt8(ascii: "o"), UInt8(ascii: "x"),
                 UInt8(ascii: "X"):
                _ = try L.checkInteger(arg)
            case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "f"), UInt8(ascii: "g"), UInt8(ascii: "G"):
                _ = try L.checkNumber(arg)
            case UInt8(ascii: "s"):
                let text = try L.toDisplayString(L.argument(arg))
                if L.buffer(of: text).contains(0) { throw L.argumentError(arg, "string contains zeros") }
            default:
                break
            }
            return L.error(failure.message)
        }
        if conversion == 0 && end < fmt.count && failure.message.starts(with: [UInt8]("invalid conversion '")) {
            // The reference prints the spec as a C string: it stops at the NUL.
            var form: [UInt8] = [UInt8(ascii: "%")]
            form.append(contentsOf: fmt[index..<end])
            return L.error([UInt8]("invalid conversion '") + form + [UInt8]("' to 'format'"))
        }
        return L.error(failure.message)
    }

    /// The characters `getformat` spans before the conversion: flags, digits and '.'.
    static func isSpecSpanCharacter(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "#"), UInt8(ascii: " "), UInt8(ascii: "."),
             UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: false
        }
    }

    /// What `%p` shows: "(null)" for values that are not objects, as in the reference, else
    /// the object's per-run number written as `tostring` writes it ("0x" and at least 8 hex
    /// digits) in place of an address, so the text is the same on every target and run.
    /// See `LuaState.pointerIdentity` for which strings share a number.
    @inline(never)
    static func pointerText(_ L: LuaState, _ v: LuaValue) -> [UInt8] {
        guard let id = L.pointerIdentity(v) else { return [UInt8]("(null)") }
        return [UInt8]("0x") + hex8(id)
    }

    // MARK: %q

    /// addliteral: a value written so that Lua reads it back: quoted strings, integers in
    /// decimal (the minimum integer in hexadecimal), floats in hexadecimal, nil and booleans.
    @inline(never)
    static func appendLiteral(_ L: LuaState, _ arg: Int, to out: inout ResultBuffer) throws(LuaError) {
        let v = L.argument(arg)
        switch v.type {
        case .string:
            let s = L.buffer(of: v)
            try out.reserve(L, s.count > (Int.max - 2) / 4 ? Int.max : s.count * 4 + 2)  // worst case: all "\ddd"
            appendQuoted(s, to: &out.bytes)
        case .number:
            try out.reserve(L, maxNumberItem)
            if v.isInteger {
                let n = v.integerPayload
                if n == Int64.min {
                    out.bytes.append(contentsOf: [UInt8]("0x8000000000000000"))
                } else {
                    NumberFormatter.appendInteger(n, to: &out.bytes)
                }
            } else {
                appendQuotedFloat(v.floatPayload, to: &out.bytes)
            }
        case .nil, .boolean:
            try out.append(L, L.buffer(of: try L.toDisplayString(v)))
        default:
            throw L.argumentError(arg, "value has no literal form")
        }
    }

    /// quotefloat: "1e9999", "-1e9999", "(0/0)", or the "%a" hexadecimal form.
    static func appendQuotedFloat(_ x: Double, to out: inout [UInt8]) {
        if x == .infinity {
            out.append(contentsOf: [UInt8]("1e9999"))
        } else if x == -.infinity {
            out.append(contentsOf: [UInt8]("-1e9999"))
        } else if x.isNaN {
            out.append(contentsOf: [UInt8]("(0/0)"))
        } else {
            NumberFormatter.append(x, spec: FormatSpec(conversion: UInt8(ascii: "a")), to: &out)
        }
    }

    /// addquoted: the string in double quotes; '"', '\\' and newline escaped with a
    /// backslash, other control characters as \ddd (three digits only when a digit follows).
    static func appendQuoted(_ s: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for i in 0..<s.count {
            let c = s[i]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") || c == UInt8(ascii: "\n") {
                out.append(UInt8(ascii: "\\"))
                out.append(c)
            } else if c < 0x20 || c == 0x7F {
                out.append(UInt8(ascii: "\\"))
                let nextIsDigit = i + 1 < s.count && s[i + 1] &- 0x30 < 10
                if nextIsDigit || c >= 100 { out.append(0x30 + c / 100) }
                if nextIsDigit || c >= 10 { out.append(0x30 + c / 10 % 10) }
                out.append(0x30 + c % 10)
            } else {
                out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
