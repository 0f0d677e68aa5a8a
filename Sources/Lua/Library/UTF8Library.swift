// The utf8 library (the reference's lutf8lib.c of Lua 5.4.4): char, charpattern, codepoint,
// codes, len, offset.
//
// Decoding accepts the reference's extended UTF-8 (up to six bytes, code points up to
// 0x7FFFFFFF) in lax mode; strict mode (the default) also rejects code points above 0x10FFFF
// and surrogates. Overlong forms are always invalid. Where the C code relies on the string's
// terminating '\0', reads past the end give 0 here.
//
// Cost model (VM/CostModel.swift): scanning functions charge the bytes they examine
// (`bytesScannedPerStep`); `char` and `codepoint` also charge per value (`stepsPerElement`).

/// Registers `utf8`.
enum UTF8Library {
    static func open(_ L: LuaState) throws(LuaError) {
        let strictIterator = try L.newFunction("for iterator", { L throws(LuaError) in try iterate(L, strict: true) })
        let laxIterator = try L.newFunction("for iterator", { L throws(LuaError) in try iterate(L, strict: false) })
        let utf8 = try L.registerLibrary("utf8", functions)
        try L.setFunction(utf8, "codes", upvalues: [strictIterator, laxIterator], codes)
        try L.setField(utf8, "charpattern", try L.newString(charPattern))
    }

    nonisolated(unsafe) static let functions: [LuaLibraryFunction] = [
        .init("offset", offset), .init("codepoint", codepoint), .init("char", char), .init("len", len),
    ]

    /// Matches exactly one UTF-8 byte sequence (UTF8PATT): "[\0-\x7F\xC2-\xFD][\x80-\xBF]*".
    static let charPattern: [UInt8] = [0x5B, 0x00, 0x2D, 0x7F, 0xC2, 0x2D, 0xFD, 0x5D,
                                       0x5B, 0x80, 0x2D, 0xBF, 0x5D, 0x2A]

    static let maxUnicode: UInt32 = 0x10FFFF
    static let maxUTF: UInt32 = 0x7FFFFFFF

    /// The byte at `i`, or 0 past the end (the C string's terminator).
    @inline(__always)
    static func byte(_ s: UnsafeBufferPointer<UInt8>, _ i: Int64) -> UInt8 {
        i >= 0 && i < Int64(s.count) ? s[Int(i)] : 0
    }

    /// Whether the byte at `i` is a continuation byte (iscont).
    @inline(__always)
    static func isContinuation(_ s: UnsafeBufferPointer<UInt8>, _ i: Int64) -> Bool {
        byte(s, i) & 0xC0 == 0x80
    }

    /// A relative string position: negative counts from the end (u_posrelat).
    static func relativePosition(_ pos: Int64, _ length: Int64) -> Int64 {
        if pos >= 0 { return pos }
        if 0 &- UInt64(bitPattern: pos) > UInt64(length) { return 0 }
        return length + pos + 1
    }

    /// Decodes the sequence starting at `i`: the code point and the index after it, or nil
    /// if the bytes are not a valid sequence (utf8_decode).
    static func decode(_ s: UnsafeBufferPointer<UInt8>, _ i: Int64, strict: Bool) -> (code: UInt32, next: Int64)? {
        var c = UInt32(byte(s, i))
        var result: UInt32 = 0
        var next = i + 1
        if c >= 0x80 {
            var count: Int64 = 0  // continuation bytes read
            while c & 0x40 != 0 {
                count += 1
                let cc = UInt32(byte(s, i + count))
                if cc & 0xC0 != 0x80 { return nil }
                result = (result &<< 6) | (cc & 0x3F)
                c &<<= 1
            }
            if count > 5 { return nil }
            result |= (c & 0x7F) &<< UInt32(count * 5)
            if result > maxUTF || result < smallestCode(count) { return nil }
            next += count
        } else {
            result = c
        }
        if strict && (result > maxUnicode || (0xD800...0xDFFF).contains(result)) { return nil }
        return (result, next)
    }

    /// The smallest code point that needs `count` continuation bytes, so shorter (overlong)
    /// encodings are rejected; a lone non-ASCII byte (count 0) is always invalid.
    @inline(__always)
    static func smallestCode(_ count: Int64) -> UInt32 {
        switch count {
        case 1: 0x80
        case 2: 0x800
        case 3: 0x10000
        case 4: 0x200000
        case 5: 0x4000000
        default: ~0
        }
    }

    /// Appends the extended UTF-8 encoding of `x` (≤ 0x7FFFFFFF) (luaO_utf8esc).
    static func encode(_ xIn: UInt32, into out: inout [UInt8]) {
        var x = xIn
        if x < 0x80 { out.append(UInt8(x)); return }
        var tail: [UInt8] = []
        var firstByteMax: UInt32 = 0x3F  // largest value that still fits in the first byte
        repeat {
            tail.append(UInt8(0x80 | (x & 0x3F)))
            x >>= 6
            firstByteMax >>= 1
        } while x > firstByteMax
        out.append(UInt8(truncatingIfNeeded: (~firstByteMax << 1) | x))
        out.append(contentsOf: tail.reversed())
    }

    /// Charges the scanning of `bytes` bytes (see the file comment).
    @inline(__always)
    static func chargeScan(_ L: LuaState, _ bytes: Int64) throws(LuaError) {
        try L.chargeScan(Int(clamping: bytes))
    }

    // MARK: Functions

    /// `utf8.char(...)`: the concatenated encodings of the arguments.
    static func char(_ L: LuaState) throws(LuaError) -> Int {
        let n = L.argumentCount
        try L.chargeElements(n)
        var out: [UInt8] = []
        var i = 1
        while i <= n {
            let code = UInt64(bitPattern: try L.checkInteger(i))
            if code > UInt64(maxUTF) { throw L.argumentError(i, "value out of range") }
            encode(UInt32(code), into: &out)
            i += 1
        }
        try L.pushOutOfLine(try L.newString(out))
        return 1
    }

    /// `utf8.len(s [, i [, j [, lax]]])`: the number of characters starting in [i, j], or
    /// fail and the position of the first invalid byte.
    static func len(_ L: LuaState) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        let length = Int64(s.count)
        var posi = relativePosition(try L.optionalInteger(2, 1), length)
        var posj = relativePosition(try L.optionalInteger(3, -1), length)
        let lax = !L.argument(4).isFalsy
        guard 1 <= posi, posi - 1 <= length else { throw L.argumentError(2, "initial position out of bounds") }
        posi -= 1
        posj -= 1
        if !(posj < length) { throw L.argumentError(3, "final position out of bounds") }
        var n: Int64 = 0
        let start = posi
        while posi <= posj {
            guard let (_, next) = decode(s, posi, strict: !lax) else {
                try chargeScan(L, posi - start)
                try L.pushOutOfLine(.nil)
                try L.pushOutOfLine(.integer(posi + 1))
                return 2
            }
            posi = next
            n += 1
        }
        try chargeScan(L, posi - start)
        try L.pushOutOfLine(.integer(n))
        return 1
    }

    /// `utf8.codepoint(s [, i [, j [, lax]]])`: the code points of the characters starting in
    /// [i, j].
    static func codepoint(_ L: LuaState) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        let length = Int64(s.count)
        let posi = relativePosition(try L.optionalInteger(2, 1), length)
        let pose = relativePosition(try L.optionalInteger(3, posi), length)
        let lax = !L.argument(4).isFalsy
        if !(posi >= 1) { throw L.argumentError(2, "out of bounds") }
        if !(pose <= length) { throw L.argumentError(3, "out of bounds") }
        if posi > pose { return 0 }
        if pose - posi >= Int64(Int32.max) { throw L.error("string slice too long") }
        let count = Int(pose - posi) + 1  // an upper bound for the number of results
        if !(try TableLibrary.canGrowStack(L, count)) { throw L.error("stack overflow (string slice too long)") }
        try L.chargeElements(count)
        var results = 0
        var i = posi - 1
        while i < pose {
            guard let (code, next) = decode(s, i, strict: !lax) else { throw L.error("invalid UTF-8 code") }
            try L.pushOutOfLine(.integer(Int64(code)))
            results += 1
            i = next
        }
        return results
    }

    /// `utf8.offset(s, n [, i])`: the byte position where the n-th character (counting from
    /// position i) starts; n == 0 finds the start of the character containing byte i.
    static func offset(_ L: LuaState) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        let length = Int64(s.count)
        var n = try L.checkInteger(2)
        var posi = relativePosition(try L.optionalInteger(3, n >= 0 ? 1 : length + 1), length)
        guard 1 <= posi, posi - 1 <= length else { throw L.argumentError(3, "position out of bounds") }
        posi -= 1
        let start = posi
        if n == 0 {
            while posi > 0 && isContinuation(s, posi) { posi -= 1 }
        } else {
            if isContinuation(s, posi) { throw L.error("initial position is a continuation byte") }
            if n < 0 {
                while n < 0 && posi > 0 {  // move back
                    repeat { posi -= 1 } while posi > 0 && isContinuation(s, posi)
                    n += 1
                }
            } else {
                n -= 1  // do not move for the first character
                while n > 0 && posi < length {
                    repeat { posi += 1 } while isContinuation(s, posi)
                    n -= 1
                }
            }
        }
        try chargeScan(L, posi > start ? posi - start : start - posi)
        try L.pushOutOfLine(n == 0 ? .integer(posi + 1) : .nil)
        return 1
    }

    /// `utf8.codes(s [, lax])`: the iterator, `s` and 0 for a generic `for`.
    static func codes(_ L: LuaState) throws(LuaError) -> Int {
        let lax = !L.argument(2).isFalsy
        _ = try L.checkString(1)
        try L.pushOutOfLine(L.upvalue(lax ? 2 : 1))
        try L.pushOutOfLine(L.argument(1))
        try L.pushOutOfLine(.integer(0))
        return 3
    }

    /// The iterator of `codes`: skips the continuation bytes of the current character and
    /// returns the position and code point of the next one (iter_aux).
    static func iterate(_ L: LuaState, strict: Bool) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        let length = UInt64(s.count)
        var n = UInt64(bitPattern: L.toInteger(L.argument(2)) ?? 0)
        if n < length {
            while isContinuation(s, Int64(n)) { n += 1 }
        }
        if n >= length { return 0 }  // also when the control value was negative
        try chargeScan(L, 16)
        guard let (code, _) = decode(s, Int64(n), strict: strict) else { throw L.error("invalid UTF-8 code") }
        try L.pushOutOfLine(.integer(Int64(n) + 1))
        try L.pushOutOfLine(.integer(Int64(code)))
        return 2
    }
}
