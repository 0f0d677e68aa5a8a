// A listing of prototypes in the format of `luac5.4 -l` / `luac5.4 -l -l` (luac.c's
// PrintFunction), so tests can compare the compiler's output with the reference compiler's
// line by line. Addresses, which luac prints with "%p", are replaced by a function counter
// ("0x1", "0x2", … in listing order); tests normalize them on both sides.

/// Prints prototypes as `luac5.4 -l` does.
public enum Disassembler {
    /// The listing of `p` and its nested functions; `full` adds the constants, locals and
    /// upvalues sections (`-l -l`). Printing stops after the first line that takes the
    /// listing past `limit` bytes, so a host bounding its output never builds more than
    /// that plus one line (a line is at most as long as the constants it quotes).
    public static func listing(_ p: Prototype, full: Bool = true, limit: Int = Int.max) -> [UInt8] {
        var out: [UInt8] = []
        var counter = 0
        printFunction(p, full: full, limit: limit, counter: &counter, into: &out)
        return out
    }

    private static func printFunction(_ f: Prototype, full: Bool, limit: Int, counter: inout Int, into out: inout [UInt8]) {
        if out.count > limit { return }
        counter += 1
        let address = [UInt8]("0x") + hex(counter)
        // Nested functions are numbered in the order they will be printed.
        var childAddresses: [[UInt8]] = []
        var next = counter
        for child in f.prototypes {
            next += 1
            childAddresses.append([UInt8]("0x") + hex(next))
            next += countFunctions(child) - 1
        }
        printHeader(f, address, into: &out)
        printCode(f, childAddresses, limit: limit, into: &out)
        if full { printDebug(f, address, limit: limit, into: &out) }
        for child in f.prototypes { printFunction(child, full: full, limit: limit, counter: &counter, into: &out) }
    }

    private static func countFunctions(_ f: Prototype) -> Int {
        var n = 1
        for child in f.prototypes { n += countFunctions(child) }
        return n
    }

    // MARK: Sections

    private static func printHeader(_ f: Prototype, _ address: [UInt8], into out: inout [UInt8]) {
        var s: [UInt8]
        if let c = f.source.first, c == UInt8(ascii: "@") || c == UInt8(ascii: "=") {
            s = Array(f.source.dropFirst())
        } else if f.source.first == 0x1B {
            s = [UInt8]("(bstring)")
        } else {
            s = [UInt8]("(string)")
        }
        if let nul = s.firstIndex(of: 0) { s.removeSubrange(nul...) }
        out += [UInt8]("\n") + (f.lineDefined == 0 ? bytes("main") : bytes("function")) + [UInt8](" <")
        out += s + [UInt8(ascii: ":")] + dec(Int64(f.lineDefined)) + [UInt8(ascii: ",")] + dec(Int64(f.lastLineDefined))
        out += [UInt8]("> (") + counted(f.code.count, "instruction") + [UInt8](" at ") + address + [UInt8](")\n")
        out += dec(Int64(f.numParams)) + (f.isVararg ? [UInt8(ascii: "+")] : []) + [UInt8](" param")
        if f.numParams != 1 { out.append(UInt8(ascii: "s")) }
        out += [UInt8](", ") + counted(Int(f.maxStackSize), "slot") + [UInt8](", ")
        out += counted(f.upvalues.count, "upvalue") + [UInt8](", ")
        out += counted(f.localVariables.count, "local") + [UInt8](", ")
        out += counted(f.constants.count, "constant") + [UInt8](", ")
        out += counted(f.prototypes.count, "function") + [UInt8]("\n")
    }

    private static func printDebug(_ f: Prototype, _ address: [UInt8], limit: Int, into out: inout [UInt8]) {
        out += [UInt8]("constants (") + dec(Int64(f.constants.count)) + [UInt8](") for ") + address + [UInt8](":\n")
        for (i, k) in f.constants.enumerated() {
            if out.count > limit { return }
            out += [9] + dec(Int64(i)) + [9]
            switch k {
            case .nil_: out.append(UInt8(ascii: "N"))
            case .bool: out.append(UInt8(ascii: "B"))
            case .float: out.append(UInt8(ascii: "F"))
            case .int: out.append(UInt8(ascii: "I"))
            case .string: out.append(UInt8(ascii: "S"))
            }
            out.append(9)
            constant(k, into: &out)
            out.append(10)
        }
        out += [UInt8]("locals (") + dec(Int64(f.localVariables.count)) + [UInt8](") for ") + address + [UInt8](":\n")
        for (i, v) in f.localVariables.enumerated() {
            if out.count > limit { return }
            out += [9] + dec(Int64(i)) + [9] + cString(v.name) + [9] + dec(Int64(v.startPC) + 1)
                + [9] + dec(Int64(v.endPC) + 1) + [10]
        }
        out += [UInt8]("upvalues (") + dec(Int64(f.upvalues.count)) + [UInt8](") for ") + address + [UInt8](":\n")
        for (i, u) in f.upvalues.enumerated() {
            if out.count > limit { return }
            out += [9] + dec(Int64(i)) + [9] + cString(u.name) + [9] + (u.inStack ? [UInt8(ascii: "1")] : [UInt8(ascii: "0")])
                + [9] + dec(Int64(u.index)) + [10]
        }
    }

    // MARK: Helpers

    /// "1 slot" / "2 slots".
    private static func counted(_ n: Int, _ word: StaticString) -> [UInt8] {
        var s = dec(Int64(n)) + [UInt8(ascii: " ")] + bytes(word)
        if n != 1 { s.append(UInt8(ascii: "s")) }
        return s
    }

    static func bytes(_ s: StaticString) -> [UInt8] {
        Array(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    static func dec(_ v: Int64) -> [UInt8] {
        var out: [UInt8] = []
        NumberFormatter.appendInteger(v, to: &out)
        return out
    }

    private static func hex(_ v: Int) -> [UInt8] {
        let digits = [UInt8]("0123456789abcdef")
        var out: [UInt8] = []
        var v = v
        repeat {
            out.append(digits[v & 15])
            v >>= 4
        } while v != 0
        return out.reversed()
    }

    /// A name as C's "%s" prints it (up to a NUL byte).
    static func cString(_ s: [UInt8]) -> [UInt8] {
        if let nul = s.firstIndex(of: 0) { return Array(s[..<nul]) }
        return s
    }

    /// `PrintConstant`.
    static func constant(_ k: Constant, into out: inout [UInt8]) {
        switch k {
        case .nil_: out += bytes("nil")
        case .bool(let b): out += b ? bytes("true") : bytes("false")
        case .int(let i): NumberFormatter.appendInteger(i, to: &out)
        case .float(let d): NumberFormatter.appendFloat(d, to: &out)
        case .string(let s): quotedString(s, into: &out)
        }
    }

    /// `PrintString`: C-style escapes, other unprintable bytes as \ddd.
    static func quotedString(_ s: [UInt8], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for c in s {
            switch c {
            case 34: out += [92, 34]
            case 92: out += [92, 92]
            case 7: out += [92, UInt8(ascii: "a")]
            case 8: out += [92, UInt8(ascii: "b")]
            case 12: out += [92, UInt8(ascii: "f")]
            case 10: out += [92, UInt8(ascii: "n")]
            case 13: out += [92, UInt8(ascii: "r")]
            case 9: out += [92, UInt8(ascii: "t")]
            case 11: out += [92, UInt8(ascii: "v")]
            default:
                if c >= 0x20 && c < 0x7F {
                    out.append(c)
                } else {
                    out += [92, 48 + c / 100, 48 + (c / 10) % 10, 48 + c % 10]
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
