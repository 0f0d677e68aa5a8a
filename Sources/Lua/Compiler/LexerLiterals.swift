// Literals: numerals, short strings with their escapes, and long brackets (llex.c).

extension Lexer {
    /// `read_numeral`: reads liberally (digits, hex digits, dots, exponent marks with an
    /// optional sign after them) and lets the number parser reject malformed numerals, so
    /// "3x" or "0xe+" produce "malformed number near '...'".
    func readNumeral() throws(LuaSyntaxError) -> Token {
        var expo: (UInt8, UInt8) = (UInt8(ascii: "E"), UInt8(ascii: "e"))
        let first = current
        saveAndAdvance()
        if first == 48 && checkNext2(UInt8(ascii: "x"), UInt8(ascii: "X")) {
            expo = (UInt8(ascii: "P"), UInt8(ascii: "p"))
        }
        while true {
            if checkNext2(expo.0, expo.1) {
                _ = checkNext2(UInt8(ascii: "-"), UInt8(ascii: "+"))
            } else if Chars.isHexDigit(current) || current == 46 {
                saveAndAdvance()
            } else {
                break
            }
        }
        if Chars.isAlpha(current) { saveAndAdvance() }  // a numeral touching a letter is an error
        switch NumberParser.parse(buffer) {
        case .integer(let i)?: return Token(kind: TK.int, integer: i)
        case .float(let d)?: return Token(kind: TK.flt, number: d)
        case nil: throw error("malformed number", token: TK.flt)
        }
    }

    /// `skip_sep`: reads '[' or ']' followed by '='s. Returns the count of '='s + 2 for a
    /// well-formed bracket, 1 for a lone bracket, 0 for '[=' without its second bracket.
    func skipSeparator() -> Int {
        var count = 0
        let s = current
        saveAndAdvance()
        while current == 61 {
            saveAndAdvance()
            count += 1
        }
        return current == s ? count + 2 : (count == 0 ? 1 : 0)
    }

    /// `read_long_string`: the contents of a long string or comment; line breaks of any
    /// kind become "\n" and a first line break is skipped.
    func readLongString(separator: Int, isComment: Bool) throws(LuaSyntaxError) -> [UInt8] {
        let startLine = line
        saveAndAdvance()  // the second '['
        if currentIsNewline { try newline() }
        loop: while true {
            switch current {
            case endOfInput:
                let what: [UInt8] = isComment ? [UInt8]("comment") : [UInt8]("string")
                let msg = [UInt8]("unfinished long ") + what + [UInt8](" (starting at line ")
                    + Chars.decimal(Int64(startLine)) + [UInt8(ascii: ")")]
                throw error(msg, token: TK.eos)
            case 93:  // ']'
                if skipSeparator() == separator {
                    saveAndAdvance()  // the second ']'
                    break loop
                }
            case 10, 13:
                save(10)
                try newline()
                if isComment { buffer.removeAll(keepingCapacity: true) }
            default:
                if isComment { advance() } else { saveAndAdvance() }
            }
        }
        if isComment { return [] }
        let end = buffer.count - separator
        guard separator <= end else { return [] }
        return Array(buffer[separator..<end])
    }

    /// `esccheck`: raises `message` (near the escape read so far) unless `condition` holds.
    func escapeCheck(_ condition: Bool, _ message: StaticString) throws(LuaSyntaxError) {
        if !condition {
            if current != endOfInput { saveAndAdvance() }  // include it in the message
            throw error(message, token: TK.string)
        }
    }

    /// `gethexa`: saves the previous character and reads one hexadecimal digit.
    func readHexDigit() throws(LuaSyntaxError) -> Int32 {
        saveAndAdvance()
        try escapeCheck(Chars.isHexDigit(current), "hexadecimal digit expected")
        return Chars.hexValue(current)
    }

    /// `readhexaesc`: "\xXX".
    func readHexEscape() throws(LuaSyntaxError) -> Int32 {
        var r = try readHexDigit()
        r = (r << 4) + (try readHexDigit())
        buffer.removeLast(2)
        return r
    }

    /// `readutf8esc`: "\u{XXX}", at most 2^31 - 1.
    func readUTF8Escape() throws(LuaSyntaxError) -> UInt32 {
        var removed = 4  // '\', 'u', '{' and the first digit
        saveAndAdvance()  // 'u'
        try escapeCheck(current == 123, "missing '{'")
        var r = UInt32(try readHexDigit())
        while true {
            saveAndAdvance()
            if !Chars.isHexDigit(current) { break }
            removed += 1
            try escapeCheck(r <= (0x7FFF_FFFF >> 4), "UTF-8 value too large")
            r = (r << 4) + UInt32(Chars.hexValue(current))
        }
        try escapeCheck(current == 125, "missing '}'")
        advance()
        buffer.removeLast(min(removed, buffer.count))
        return r
    }

    /// `luaO_utf8esc`: the (extended, up to 6-byte) UTF-8 encoding of `x`.
    static func utf8Encode(_ x: UInt32) -> [UInt8] {
        if x < 0x80 { return [UInt8(x)] }
        var bytes: [UInt8] = []
        var x = x
        var firstByteMax: UInt32 = 0x3F
        repeat {
            bytes.append(UInt8(0x80 | (x & 0x3F)))
            x >>= 6
            firstByteMax >>= 1
        } while x > firstByteMax
        bytes.append(UInt8(truncatingIfNeeded: (~firstByteMax << 1) | x))
        return bytes.reversed()
    }

    /// `readdecesc`: "\ddd", at most 255.
    func readDecimalEscape() throws(LuaSyntaxError) -> Int32 {
        var r: Int32 = 0
        var i = 0
        while i < 3 && Chars.isDigit(current) {
            r = 10 * r + current - 48
            saveAndAdvance()
            i += 1
        }
        try escapeCheck(r <= 255, "decimal escape too large")
        buffer.removeLast(i)
        return r
    }

    /// `read_string`: a short string; the buffer keeps the delimiters (for messages).
    func readString(delimiter: Int32) throws(LuaSyntaxError) -> [UInt8] {
        saveAndAdvance()
        while current != delimiter {
            switch current {
            case endOfInput:
                throw error("unfinished string", token: TK.eos)
            case 10, 13:
                throw error("unfinished string", token: TK.string)
            case 92:  // '\\'
                try readEscape()
            default:
                saveAndAdvance()
            }
        }
        saveAndAdvance()
        return Array(buffer[1..<(buffer.count - 1)])
    }

    /// One escape sequence; the '\\' is in the buffer until the escape is decoded.
    func readEscape() throws(LuaSyntaxError) {
        saveAndAdvance()  // keep '\\' for error messages
        var c: Int32
        switch current {
        case 97: c = 7  // \a
        case 98: c = 8  // \b
        case 102: c = 12  // \f
        case 110: c = 10  // \n
        case 114: c = 13  // \r
        case 116: c = 9  // \t
        case 118: c = 11  // \v
        case 120: c = try readHexEscape()  // \x
        case 117:  // \u{...}
            let bytes = Lexer.utf8Encode(try readUTF8Escape())  // removes "\\u{..."
            buffer += bytes
            return
        case 10, 13:  // an escaped line break is a "\n"
            try newline()
            buffer.removeLast()
            save(10)
            return
        case 92, 34, 39:
            c = current
        case endOfInput:
            return  // "unfinished string" comes next
        case 122:  // \z skips the following white space
            buffer.removeLast()
            advance()
            while Chars.isSpace(current) {
                if currentIsNewline { try newline() } else { advance() }
            }
            return
        default:
            try escapeCheck(Chars.isDigit(current), "invalid escape sequence")
            c = try readDecimalEscape()
            buffer.removeLast()
            save(c)
            return
        }
        advance()
        buffer.removeLast()
        save(c)
    }
}
