// Policies: a JSON document written as one Lua table constructor, so a policy can read a stream
// report as Lua values without a host API for building tables (Lua 5.4 manual §3.4.9, table
// constructors; §3.1, numerals and short literal strings). The mapping is fixed and
// deterministic: objects become tables keyed by member name, arrays become sequences from 1,
// numbers keep their JSON text (integers stay integers, decimals become floats), strings are
// written byte for byte (printable ASCII as is, every other byte as a decimal escape), `true`
// and `false` stay, and `null` becomes `nil` (the member is absent).

import Lua

/// Writes JSON values as Lua constructor source.
enum LuaLiteral {
    /// The Lua expression for `value`.
    static func source(of value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(value, into: &out)
        return out
    }

    static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: [0x6E, 0x69, 0x6C])  // nil
        case .bool(let b): out.append(contentsOf: b ? [UInt8]("true") : [UInt8]("false"))
        case .number(let text): out.append(contentsOf: text)
        case .string(let bytes): writeString(bytes, into: &out)
        case .array(let items):
            out.append(0x7B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                write(item, into: &out)
            }
            out.append(0x7D)
        case .object(let members):
            out.append(0x7B)
            for (i, member) in members.enumerated() {
                if i > 0 { out.append(0x2C) }
                out.append(0x5B)
                writeString(member.key, into: &out)
                out.append(contentsOf: [0x5D, 0x3D])
                write(member.value, into: &out)
            }
            out.append(0x7D)
        }
    }

    /// A double-quoted Lua string: printable ASCII but `"` and `\` as is, every other byte as
    /// `\ddd` (always three digits, so a following digit cannot extend the escape).
    static func writeString(_ bytes: [UInt8], into out: inout [UInt8]) {
        out.append(0x22)
        for b in bytes {
            if b >= 0x20 && b < 0x7F && b != 0x22 && b != 0x5C {
                out.append(b)
            } else {
                out.append(0x5C)
                out.append(0x30 + b / 100)
                out.append(0x30 + (b / 10) % 10)
                out.append(0x30 + b % 10)
            }
        }
        out.append(0x22)
    }
}
