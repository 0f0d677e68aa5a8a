// string.pack / string.unpack / string.packsize, the VM-independent part: reading format
// options (with Lua 5.4.4's sizes, alignment rules and messages) and encoding/decoding
// integers and floats. The string library drives the loop, because argument conversion and
// its errors interleave with the options in the reference's order.
//
// Tandem emulates the reference's platform, x86-64 Linux, on every target: int 4 bytes,
// short 2, long 8, size_t 8, lua_Integer 8, lua_Number double, native little-endian,
// maximum alignment 8, MAXSIZE = INT_MAX.

/// What one format option asks for.
public enum PackOptionKind {
    case signed, unsigned, float, number, double, fixedString, lengthPrefixedString, zeroTerminatedString
    case padding, alignPadding, none
}

/// One option read from a format, with its size and the padding that precedes it.
public struct PackOption {
    public var kind: PackOptionKind
    /// Size in bytes (integer width, string length field, `cN` length…).
    public var size: Int
    /// Padding bytes needed before the option to honour alignment.
    public var padding: Int
    /// Byte order in force for this option.
    public var littleEndian: Bool
}

/// A format error. `argument` is 1 when the reference reports it as a bad argument #1
/// ("bad argument #1 to 'pack' (…)"), nil for a plain error.
public struct PackError: Error {
    public var message: [UInt8]
    public var argument: Int?
    init(_ text: StaticString, argument: Int? = nil) { message = text.withUTF8Buffer { Array($0) }; self.argument = argument }
    init(bytes: [UInt8]) { message = bytes; argument = nil }
}

/// Reads a pack format one option at a time.
public struct PackFormatReader {
    /// The reference's MAXSIZE (INT_MAX on its platform).
    public static let maxSize = 2_147_483_647
    static let maxIntegerSize = 16
    static let nativeMaxAlign = 8

    private let format: [UInt8]
    private var index = 0
    private var littleEndian = true
    private var maxAlign = 1

    /// Starts reading `format`.
    public init(_ format: [UInt8]) { self.format = format }

    /// True when the format has been consumed (the reference stops at the first NUL too).
    public var isAtEnd: Bool { index >= format.count || format[index] == 0 }

    /// The next option, aligned for a result of `totalSize` bytes so far (getdetails).
    public mutating func next(totalSize: Int) throws(PackError) -> PackOption {
        var (kind, size) = try readOption()
        var align = size
        if kind == .alignPadding {
            if isAtEnd { throw PackError("invalid next option for option 'X'", argument: 1) }
            let (nextKind, nextSize) = try readOption()
            align = nextSize
            if nextKind == .fixedString || align == 0 { throw PackError("invalid next option for option 'X'", argument: 1) }
        }
        var padding = 0
        if align > 1 && kind != .fixedString {
            align = min(align, maxAlign)
            if align & (align - 1) != 0 { throw PackError("format asks for alignment not power of 2", argument: 1) }
            padding = (align - (totalSize & (align - 1))) & (align - 1)
        }
        if kind == .alignPadding { size = 0 }
        return PackOption(kind: kind, size: size, padding: padding, littleEndian: littleEndian)
    }

    /// getoption: one option character and its size; configuration options change state.
    private mutating func readOption() throws(PackError) -> (PackOptionKind, Int) {
        let c = format[index]
        index += 1
        switch c {
        case UInt8(ascii: "b"): return (.signed, 1)
        case UInt8(ascii: "B"): return (.unsigned, 1)
        case UInt8(ascii: "h"): return (.signed, 2)
        case UInt8(ascii: "H"): return (.unsigned, 2)
        case UInt8(ascii: "l"), UInt8(ascii: "j"): return (.signed, 8)
        case UInt8(ascii: "L"), UInt8(ascii: "J"), UInt8(ascii: "T"): return (.unsigned, 8)
        case UInt8(ascii: "f"): return (.float, 4)
        case UInt8(ascii: "n"): return (.number, 8)
        case UInt8(ascii: "d"): return (.double, 8)
        case UInt8(ascii: "i"): return (.signed, try numberWithLimit(default: 4))
        case UInt8(ascii: "I"): return (.unsigned, try numberWithLimit(default: 4))
        case UInt8(ascii: "s"): return (.lengthPrefixedString, try numberWithLimit(default: 8))
        case UInt8(ascii: "c"):
            guard let n = number() else { throw PackError("missing size for format option 'c'") }
            return (.fixedString, n)
        case UInt8(ascii: "z"): return (.zeroTerminatedString, 0)
        case UInt8(ascii: "x"): return (.padding, 1)
        case UInt8(ascii: "X"): return (.alignPadding, 0)
        case UInt8(ascii: " "): return (.none, 0)
        case UInt8(ascii: "<"), UInt8(ascii: "="): littleEndian = true; return (.none, 0)
        case UInt8(ascii: ">"): littleEndian = false; return (.none, 0)
        case UInt8(ascii: "!"): maxAlign = try numberWithLimit(default: Self.nativeMaxAlign); return (.none, 0)
        default:
            var m = [UInt8]("invalid format option '")
            m.append(c)
            m.append(UInt8(ascii: "'"))
            throw PackError(bytes: m)
        }
    }

    /// getnum: a decimal numeral, stopping before it could exceed MAXSIZE.
    private mutating func number() -> Int? {
        guard index < format.count, format[index] &- 0x30 < 10 else { return nil }
        var a = 0
        repeat {
            a = a * 10 + Int(format[index] - 0x30)
            index += 1
        } while index < format.count && format[index] &- 0x30 < 10 && a <= (Self.maxSize - 9) / 10
        return a
    }

    /// getnumlimit: a size in [1, 16].
    private mutating func numberWithLimit(default value: Int) throws(PackError) -> Int {
        let n = number() ?? value
        if n > Self.maxIntegerSize || n <= 0 {
            var m = [UInt8]("integral size (")
            NumberFormatter.appendInteger(Int64(n), to: &m)
            m.append(contentsOf: [UInt8](") out of limits [1,16]"))
            throw PackError(bytes: m)
        }
        return n
    }
}

/// Byte-level encoding and decoding of pack items.
public enum PackCodec {
    /// packint: `size` bytes of `value` (two's complement), sign-extended beyond 8 bytes.
    public static func appendInteger(_ value: Int64, size: Int, littleEndian: Bool, to out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: [UInt8](repeating: 0, count: size))
        var n = UInt64(bitPattern: value)
        for i in 0..<size {
            let byte: UInt8 = i < 8 ? UInt8(truncatingIfNeeded: n) : (value < 0 ? 0xFF : 0)
            out[start + (littleEndian ? i : size - 1 - i)] = byte
            if i < 8 { n >>= 8 }
        }
    }

    /// The 4 bytes of a single-precision float (Double → Float rounds to nearest even).
    public static func appendFloat(_ value: Double, littleEndian: Bool, to out: inout [UInt8]) {
        appendInteger(Int64(Float(value).bitPattern), size: 4, littleEndian: littleEndian, to: &out)
    }

    /// The 8 bytes of a double.
    public static func appendDouble(_ value: Double, littleEndian: Bool, to out: inout [UInt8]) {
        appendInteger(Int64(bitPattern: value.bitPattern), size: 8, littleEndian: littleEndian, to: &out)
    }

    /// unpackint: reads `size` bytes at `offset` (which the caller has bounds-checked); beyond 8
    /// bytes the extra bytes must be pure sign extension or it is the reference's error.
    public static func readInteger(_ data: UnsafeBufferPointer<UInt8>, at offset: Int, size: Int,
                                   littleEndian: Bool, signed: Bool) throws(PackError) -> Int64 {
        var result: UInt64 = 0
        let limit = min(size, 8)
        var i = limit - 1
        while i >= 0 {
            result = result << 8 | UInt64(data[offset + (littleEndian ? i : size - 1 - i)])
            i -= 1
        }
        if size < 8 {
            if signed {
                let mask: UInt64 = 1 << UInt64(size * 8 - 1)
                result = (result ^ mask) &- mask
            }
        } else if size > 8 {
            let fill: UInt8 = !signed || Int64(bitPattern: result) >= 0 ? 0 : 0xFF
            for i in limit..<size where data[offset + (littleEndian ? i : size - 1 - i)] != fill {
                var m: [UInt8] = []
                NumberFormatter.appendInteger(Int64(size), to: &m)
                m.append(contentsOf: [UInt8]("-byte integer does not fit into Lua Integer"))
                throw PackError(bytes: m)
            }
        }
        return Int64(bitPattern: result)
    }

    /// Reads a 4-byte float as a double.
    public static func readFloat(_ data: UnsafeBufferPointer<UInt8>, at offset: Int, littleEndian: Bool) -> Double {
        var bits: UInt32 = 0
        for i in 0..<4 { bits |= UInt32(data[offset + (littleEndian ? i : 3 - i)]) << UInt32(8 * i) }
        return Double(Float(bitPattern: bits))
    }

    /// Reads an 8-byte double.
    public static func readDouble(_ data: UnsafeBufferPointer<UInt8>, at offset: Int, littleEndian: Bool) -> Double {
        var bits: UInt64 = 0
        for i in 0..<8 { bits |= UInt64(data[offset + (littleEndian ? i : 7 - i)]) << UInt64(8 * i) }
        return Double(bitPattern: bits)
    }
}
