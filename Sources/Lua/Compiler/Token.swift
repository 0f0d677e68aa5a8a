// Tokens of the Lua 5.4 lexer (the reference's llex.h and `luaX_tokens`).
//
// Single-byte symbols are represented by their byte value (0–255); reserved words and
// multi-byte symbols by the codes below, in the reference's order, because error messages
// spell tokens from that order.

/// Token codes above the single-byte range.
enum TK {
    static let firstReserved: Int32 = 256
    static let and: Int32 = 256, break_: Int32 = 257, do_: Int32 = 258, else_: Int32 = 259
    static let elseif: Int32 = 260, end: Int32 = 261, false_: Int32 = 262, for_: Int32 = 263
    static let function: Int32 = 264, goto: Int32 = 265, if_: Int32 = 266, in_: Int32 = 267
    static let local: Int32 = 268, nil_: Int32 = 269, not: Int32 = 270, or: Int32 = 271
    static let repeat_: Int32 = 272, return_: Int32 = 273, then: Int32 = 274, true_: Int32 = 275
    static let until: Int32 = 276, while_: Int32 = 277
    static let idiv: Int32 = 278, concat: Int32 = 279, dots: Int32 = 280, eq: Int32 = 281
    static let ge: Int32 = 282, le: Int32 = 283, ne: Int32 = 284, shl: Int32 = 285, shr: Int32 = 286
    static let dbcolon: Int32 = 287, eos: Int32 = 288
    static let flt: Int32 = 289, int: Int32 = 290, name: Int32 = 291, string: Int32 = 292

    /// Spellings of the codes from `firstReserved` on (the reference's `luaX_tokens`).
    static let spellings: [StaticString] = [
        "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if",
        "in", "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
        "//", "..", "...", "==", ">=", "<=", "~=", "<<", ">>", "::", "<eof>",
        "<number>", "<integer>", "<name>", "<string>",
    ]

    /// Number of reserved words (the first entries of `spellings`).
    static let reservedCount = 22

    /// Bytes of a StaticString.
    static func bytes(_ s: StaticString) -> [UInt8] {
        Array(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// The reserved-word code spelled by `name`, or nil for an ordinary name.
    static func reserved(_ name: [UInt8]) -> Int32? {
        guard name.count >= 2 && name.count <= 8 else { return nil }
        for i in 0..<reservedCount {
            let s = spellings[i]
            if s.utf8CodeUnitCount == name.count
                && UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount).elementsEqual(name) {
                return firstReserved + Int32(i)
            }
        }
        return nil
    }

    /// `luaX_token2str`: how messages quote a token code.
    static func describe(_ token: Int32) -> [UInt8] {
        if token < firstReserved {
            if token >= 0x20 && token < 0x7F { return [0x27, UInt8(token), 0x27] }
            // Control characters and bytes outside ASCII print as '<\N>'.
            return [UInt8]("'<\\") + Chars.decimal(Int64(token)) + [UInt8](">'")
        }
        let index = Int(token - firstReserved)
        guard index >= 0 && index < spellings.count else { return [] }
        let text = bytes(spellings[index])
        return token < eos ? [0x27] + text + [0x27] : text
    }
}

/// A token and its semantic value.
struct Token {
    var kind: Int32 = 0
    /// Names and strings.
    var text: [UInt8] = []
    var integer: Int64 = 0
    var number: Double = 0
}
