// The lexical analyzer (the reference's llex.c): bytes in, tokens out.
//
// It mirrors the reference closely because error messages depend on its internals: the
// "near" part of a message quotes the lexer's token buffer, which holds the raw text of
// the last token read (escapes already decoded), or the partial text of a bad token.
// Any byte sequence is accepted without trapping; bytes outside ASCII are single-byte
// symbols that the parser rejects.

/// The end-of-input marker for `Lexer.current`.
let endOfInput: Int32 = -1

/// Lexer state: the input, the current character, line numbers and the token buffer.
final class Lexer {
    let input: [UInt8]
    /// Index of the next unread byte.
    var position = 0
    /// The current character (a byte, or `endOfInput`).
    var current: Int32 = endOfInput
    /// Line of the current character.
    var line: Int32 = 1
    /// Line of the last token consumed (instructions get this line).
    var lastLine: Int32 = 1
    /// The token buffer (the reference's `ls->buff`).
    var buffer: [UInt8] = []
    /// The current token and the look-ahead token (`kind == TK.eos` when there is none).
    var token = Token()
    var lookahead = Token(kind: TK.eos)
    /// The short chunk name that prefixes messages.
    let chunkID: [UInt8]

    init(input: [UInt8], chunkName: [UInt8]) {
        self.input = input
        self.chunkID = ChunkID.make(chunkName)
        advance()
    }

    // MARK: Characters

    /// Reads the next character into `current`.
    @inline(__always) func advance() {
        if position < input.count {
            current = Int32(input[position])
            position += 1
        } else {
            current = endOfInput
        }
    }

    @inline(__always) func save(_ c: Int32) {
        buffer.append(UInt8(truncatingIfNeeded: c))
    }

    @inline(__always) func saveAndAdvance() {
        save(current)
        advance()
    }

    var currentIsNewline: Bool { current == 10 || current == 13 }

    /// Skips a line break ("\n", "\r", "\n\r" or "\r\n") and counts the line.
    func newline() throws(LuaSyntaxError) {
        let old = current
        advance()
        if currentIsNewline && current != old { advance() }
        line &+= 1
        if line >= Int32.max { throw error("chunk has too many lines", token: 0) }
    }

    /// Advances over `c` if it is the current character.
    func checkNext(_ c: UInt8) -> Bool {
        if current == Int32(c) {
            advance()
            return true
        }
        return false
    }

    /// Saves and advances over the current character if it is `a` or `b`.
    func checkNext2(_ a: UInt8, _ b: UInt8) -> Bool {
        if current == Int32(a) || current == Int32(b) {
            saveAndAdvance()
            return true
        }
        return false
    }

    // MARK: Errors

    /// `lexerror`: "chunk:line: msg near 'token'" (no "near" part when `token` is 0).
    @inline(never)
    func error(_ message: [UInt8], token: Int32) -> LuaSyntaxError {
        var text = chunkID + [UInt8(ascii: ":")] + Chars.decimal(Int64(line)) + [UInt8](": ") + message
        if token != 0 {
            text += [UInt8](" near ") + describeForMessage(token)
        }
        return LuaSyntaxError(message: text)
    }

    @inline(never)
    func error(_ message: StaticString, token: Int32) -> LuaSyntaxError {
        error(TK.bytes(message), token: token)
    }

    /// `txtToken`: names, strings and numerals are quoted from the token buffer.
    func describeForMessage(_ token: Int32) -> [UInt8] {
        switch token {
        case TK.name, TK.string, TK.flt, TK.int:
            var text = buffer
            if let nul = text.firstIndex(of: 0) { text.removeSubrange(nul...) }
            return [0x27] + text + [0x27]
        default:
            return TK.describe(token)
        }
    }

    /// `luaX_syntaxerror`: an error located at the current token.
    @inline(never)
    func syntaxError(_ message: [UInt8]) -> LuaSyntaxError {
        error(message, token: token.kind)
    }

    @inline(never)
    func syntaxError(_ message: StaticString) -> LuaSyntaxError {
        error(TK.bytes(message), token: token.kind)
    }

    // MARK: Tokens

    /// `luaX_next`: moves to the next token.
    @inline(never)
    func next() throws(LuaSyntaxError) {
        lastLine = line
        if lookahead.kind != TK.eos {
            token = lookahead
            lookahead = Token(kind: TK.eos)
        } else {
            token = try scan()
        }
    }

    /// `luaX_lookahead`: reads the token after the current one.
    func peek() throws(LuaSyntaxError) -> Int32 {
        lookahead = try scan()
        return lookahead.kind
    }

    /// `llex`: reads one token.
    @inline(never)
    func scan() throws(LuaSyntaxError) -> Token {
        buffer.removeAll(keepingCapacity: true)
        while true {
            switch current {
            case 10, 13:
                try newline()
            case 32, 12, 9, 11:  // ' ', '\f', '\t', '\v'
                advance()
            case 45:  // '-' or a comment
                advance()
                if current != 45 { return Token(kind: 45) }
                advance()
                if current == 91 {  // '[': maybe a long comment
                    let sep = skipSeparator()
                    buffer.removeAll(keepingCapacity: true)
                    if sep >= 2 {
                        _ = try readLongString(separator: sep, isComment: true)
                        buffer.removeAll(keepingCapacity: true)
                        continue
                    }
                }
                while !currentIsNewline && current != endOfInput { advance() }
            case 91:  // '['
                let sep = skipSeparator()
                if sep >= 2 {
                    return Token(kind: TK.string, text: try readLongString(separator: sep, isComment: false))
                } else if sep == 0 {
                    throw error("invalid long string delimiter", token: TK.string)
                }
                return Token(kind: 91)
            case 61:  // '='
                advance()
                return Token(kind: checkNext(61) ? TK.eq : 61)
            case 60:  // '<'
                advance()
                if checkNext(61) { return Token(kind: TK.le) }
                if checkNext(60) { return Token(kind: TK.shl) }
                return Token(kind: 60)
            case 62:  // '>'
                advance()
                if checkNext(61) { return Token(kind: TK.ge) }
                if checkNext(62) { return Token(kind: TK.shr) }
                return Token(kind: 62)
            case 47:  // '/'
                advance()
                return Token(kind: checkNext(47) ? TK.idiv : 47)
            case 126:  // '~'
                advance()
                return Token(kind: checkNext(61) ? TK.ne : 126)
            case 58:  // ':'
                advance()
                return Token(kind: checkNext(58) ? TK.dbcolon : 58)
            case 34, 39:  // '"' or '\''
                return Token(kind: TK.string, text: try readString(delimiter: current))
            case 46:  // '.', '..', '...' or a numeral
                saveAndAdvance()
                if checkNext(46) {
                    return Token(kind: checkNext(46) ? TK.dots : TK.concat)
                }
                if !Chars.isDigit(current) { return Token(kind: 46) }
                return try readNumeral()
            case 48...57:
                return try readNumeral()
            case endOfInput:
                return Token(kind: TK.eos)
            default:
                if Chars.isAlpha(current) {
                    repeat { saveAndAdvance() } while Chars.isAlnum(current)
                    if let word = TK.reserved(buffer) { return Token(kind: word) }
                    return Token(kind: TK.name, text: buffer)
                }
                let c = current
                advance()
                return Token(kind: c)
            }
        }
    }
}

// MARK: Character classes (the reference's lctype, C locale, ASCII only)

/// Character classes and small text helpers of the compiler.
enum Chars {
    @inline(__always) static func isDigit(_ c: Int32) -> Bool { c >= 48 && c <= 57 }
    @inline(__always) static func isAlpha(_ c: Int32) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95
    }
    @inline(__always) static func isAlnum(_ c: Int32) -> Bool { isAlpha(c) || isDigit(c) }
    @inline(__always) static func isHexDigit(_ c: Int32) -> Bool {
        isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
    }
    @inline(__always) static func isSpace(_ c: Int32) -> Bool { c == 32 || (c >= 9 && c <= 13) }
    @inline(__always) static func hexValue(_ c: Int32) -> Int32 {
        isDigit(c) ? c - 48 : (c | 0x20) - 97 + 10
    }

    /// Decimal digits of an integer (for messages).
    static func decimal(_ value: Int64) -> [UInt8] {
        var digits: [UInt8] = []
        var v = value.magnitude
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
        } while v != 0
        if value < 0 { digits.append(UInt8(ascii: "-")) }
        return digits.reversed()
    }
}
