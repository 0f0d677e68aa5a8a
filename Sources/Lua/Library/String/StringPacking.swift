// string.pack, string.packsize and string.unpack (lstrlib.c's str_pack, str_packsize,
// str_unpack). `PackFormatReader` reads the options (sizes, alignment, endianness, their
// errors) and `PackCodec` encodes and decodes the items; this file drives the loops, because
// the reference interleaves argument conversion and its errors with reading the format.
// Tandem emulates the reference's x86-64 layout on every target (see PackFormat.swift).

extension StringLibrary {
    /// A format error as the reference raises it: a bad argument #1, or a plain error.
    static func packError(_ L: LuaState, _ e: PackError) -> LuaError {
        if let arg = e.argument { return L.argumentError(arg, e.message) }
        return L.error(e.message)
    }

    /// The next option of the format, with format errors turned into Lua errors.
    @inline(__always)
    static func nextOption(_ L: LuaState, _ reader: inout PackFormatReader, totalSize: Int) throws(LuaError) -> PackOption {
        do throws(PackError) {
            return try reader.next(totalSize: totalSize)
        } catch {
            throw packError(L, error)
        }
    }

    /// string.pack(fmt, v1, v2, ...): the values serialized by the format.
    static func pack(_ L: LuaState) throws(LuaError) -> Int {
        var reader = PackFormatReader(Array(try L.checkBytes(1)))
        // The reference pushes a nil after the arguments (its "mark"), so the first missing
        // value is reported as "got nil", not "got no value".
        try L.pushOutOfLine(.nil)
        var out = ResultBuffer()
        defer { out.release(L) }
        var arg = 1
        // Only its low bits matter (for alignment), so wrapping arithmetic is harmless; the
        // buffer's budget check stops a result that would really be that large.
        var total = 0
        while !reader.isAtEnd {
            let option = try nextOption(L, &reader, totalSize: total)
            total = total &+ option.padding &+ option.size
            for _ in 0..<option.padding { try out.append(L, 0) }
            arg += 1
            switch option.kind {
            case .signed, .unsigned:
                try packInteger(L, arg, option, to: &out)
            case .float:
                let x = try L.checkDouble(arg)
                try out.reserve(L, 4)
                PackCodec.appendFloat(x, littleEndian: option.littleEndian, to: &out.bytes)
            case .number, .double:
                let x = try L.checkDouble(arg)
                try out.reserve(L, 8)
                PackCodec.appendDouble(x, littleEndian: option.littleEndian, to: &out.bytes)
            case .fixedString:
                let s = try L.checkBytes(arg)
                if s.count > option.size { throw L.argumentError(arg, "string longer than given size") }
                try out.append(L, s)
                try out.reserve(L, option.size - s.count)
                for _ in s.count..<option.size { out.bytes.append(0) }
            case .lengthPrefixedString:
                let s = try L.checkBytes(arg)
                if option.size < 8 && UInt64(s.count) >= UInt64(1) << UInt64(option.size * 8) {
                    throw L.argumentError(arg, "string length does not fit in given size")
                }
                try out.reserve(L, option.size)
                PackCodec.appendInteger(Int64(s.count), size: option.size, littleEndian: option.littleEndian, to: &out.bytes)
                try out.append(L, s)
                total = total &+ s.count
            case .zeroTerminatedString:
                let s = try L.checkBytes(arg)
                if s.contains(0) { throw L.argumentError(arg, "string contains zeros") }
                try out.append(L, s)
                try out.append(L, 0)
                total = total &+ s.count &+ 1
            case .padding:
                try out.append(L, 0)
                arg -= 1
            case .alignPadding, .none:
                arg -= 1
            }
        }
        try L.chargeCopy(out.bytes.count)
        try L.pushOutOfLine(try L.newString(out.bytes))
        return 1
    }

    /// Kint/Kuint of str_pack: range check for sizes below 8 bytes, then the bytes.
    static func packInteger(_ L: LuaState, _ arg: Int, _ option: PackOption, to out: inout ResultBuffer) throws(LuaError) {
        let n = try L.checkInteger(arg)
        let size = option.size
        if option.kind == .signed {
            if size < 8 {
                let limit = Int64(1) << Int64(size * 8 - 1)
                if !(-limit <= n && n < limit) { throw L.argumentError(arg, "integer overflow") }
            }
        } else if size < 8 && UInt64(bitPattern: n) >= UInt64(1) << UInt64(size * 8) {
            throw L.argumentError(arg, "unsigned overflow")
        }
        try out.reserve(L, size)
        if option.kind == .unsigned && size > 8 && n < 0 {
            // An unsigned option is not sign-extended: the bytes past the eighth are zeros.
            let zeros = repeatElement(UInt8(0), count: size - 8)
            if !option.littleEndian { out.bytes.append(contentsOf: zeros) }
            PackCodec.appendInteger(n, size: 8, littleEndian: option.littleEndian, to: &out.bytes)
            if option.littleEndian { out.bytes.append(contentsOf: zeros) }
        } else {
            PackCodec.appendInteger(n, size: size, littleEndian: option.littleEndian, to: &out.bytes)
        }
    }

    /// string.packsize(fmt): the size of a result of `fmt`, which must not have
    /// variable-length options.
    static func packsize(_ L: LuaState) throws(LuaError) -> Int {
        var reader = PackFormatReader(Array(try L.checkBytes(1)))
        var total = 0
        while !reader.isAtEnd {
            let option = try nextOption(L, &reader, totalSize: total)
            if option.kind == .lengthPrefixedString || option.kind == .zeroTerminatedString {
                throw L.argumentError(1, "variable-length format")
            }
            // Both terms are at most MAXSIZE (2^31 - 1), so the checks cannot overflow.
            let size = option.size + option.padding
            if size > PackFormatReader.maxSize || total > PackFormatReader.maxSize - size {
                throw L.argumentError(1, "format result too large")
            }
            total += size
        }
        try L.pushOutOfLine(.integer(Int64(total)))
        return 1
    }

    /// string.unpack(fmt, s [, pos]): the values read from s at pos (default 1), then the
    /// position after the last byte read.
    static func unpack(_ L: LuaState) throws(LuaError) -> Int {
        var reader = PackFormatReader(Array(try L.checkBytes(1)))
        let data = try L.checkBytes(2)
        let start = startPosition(try L.optionalInteger(3, 1), length: data.count) - 1
        if start > Int64(data.count) { throw L.argumentError(3, "initial position out of string") }
        var pos = Int(start)
        var results = 0
        while !reader.isAtEnd {
            let option = try nextOption(L, &reader, totalSize: pos)
            if Int64(option.padding) + Int64(option.size) > Int64(data.count - pos) {
                throw L.argumentError(2, "data string too short")
            }
            pos += option.padding
            try reserveResults(L, 2, "too many results")
            results += 1
            switch option.kind {
            case .signed, .unsigned:
                let v: Int64
                do throws(PackError) {
                    v = try PackCodec.readInteger(data, at: pos, size: option.size, littleEndian: option.littleEndian,
                                                  signed: option.kind == .signed)
                } catch {
                    throw packError(L, error)
                }
                try L.pushOutOfLine(.integer(v))
            case .float:
                try L.pushOutOfLine(.float(PackCodec.readFloat(data, at: pos, littleEndian: option.littleEndian)))
            case .number, .double:
                try L.pushOutOfLine(.float(PackCodec.readDouble(data, at: pos, littleEndian: option.littleEndian)))
            case .fixedString:
                try L.pushOutOfLine(try L.newString(UnsafeBufferPointer(rebasing: data[pos..<pos + option.size])))
            case .lengthPrefixedString:
                let length: Int64
                do throws(PackError) {
                    length = try PackCodec.readInteger(data, at: pos, size: option.size, littleEndian: option.littleEndian,
                                                       signed: false)
                } catch {
                    throw packError(L, error)
                }
                let available = data.count - pos - option.size
                if UInt64(bitPattern: length) > UInt64(available) { throw L.argumentError(2, "data string too short") }
                let from = pos + option.size
                try L.pushOutOfLine(try L.newString(UnsafeBufferPointer(rebasing: data[from..<from + Int(length)])))
                pos += Int(length)
            case .zeroTerminatedString:
                var end = pos
                while end < data.count && data[end] != 0 { end += 1 }
                if end >= data.count { throw L.argumentError(2, "unfinished string for format 'z'") }
                try L.pushOutOfLine(try L.newString(UnsafeBufferPointer(rebasing: data[pos..<end])))
                pos = end + 1
            case .padding, .alignPadding, .none:
                results -= 1
            }
            pos += option.size
        }
        // The bytes read (strings copied out, 'z' terminators searched for).
        try L.chargeScan(pos - Int(start))
        try L.pushOutOfLine(.integer(Int64(pos) + 1))
        return results + 1
    }
}
