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
        var out = ListingText()
        var counter = 0
        printFunction(p, full: full, limit: limit, counter: &counter, into: &out)
        return out.bytes
    }

    private static func printFunction(_ f: Prototype, full: Bool, limit: Int, counter: inout Int, into out: inout ListingText) {
        if out.count > limit { return }
        counter += 1
        let address = counter
        // Nested functions are numbered in the order they will be printed.
        var children: [Int] = []
        var next = counter
        for child in f.prototypes {
            next += 1
            children.append(next)
            next += countFunctions(child) - 1
        }
        printHeader(f, address, into: &out)
        printCode(f, children, limit: limit, into: &out)
        if full { printDebug(f, address, limit: limit, into: &out) }
        for child in f.prototypes { printFunction(child, full: full, limit: limit, counter: &counter, into: &out) }
    }

    private static func countFunctions(_ f: Prototype) -> Int {
        var n = 1
        for child in f.prototypes { n += countFunctions(child) }
        return n
    }

    // MARK: Sections

    private static func printHeader(_ f: Prototype, _ address: Int, into out: inout ListingText) {
        out.put("\n")
        out.put(f.lineDefined == 0 ? "main" : "function")
        out.put(" <")
        if let c = f.source.first, c == UInt8(ascii: "@") || c == UInt8(ascii: "=") {
            out.put(cString: f.source.dropFirst())
        } else if f.source.first == 0x1B {
            out.put("(bstring)")
        } else {
            out.put("(string)")
        }
        out.put(byte: UInt8(ascii: ":"))
        out.put(int: Int64(f.lineDefined))
        out.put(byte: UInt8(ascii: ","))
        out.put(int: Int64(f.lastLineDefined))
        out.put("> (")
        out.put(f.code.count, counted: "instruction")
        out.put(" at ")
        out.put(address: address)
        out.put(")\n")
        out.put(int: Int64(f.numParams))
        if f.isVararg { out.put(byte: UInt8(ascii: "+")) }
        out.put(" param")
        if f.numParams != 1 { out.put(byte: UInt8(ascii: "s")) }
        out.put(", ")
        out.put(Int(f.maxStackSize), counted: "slot")
        out.put(", ")
        out.put(f.upvalues.count, counted: "upvalue")
        out.put(", ")
        out.put(f.localVariables.count, counted: "local")
        out.put(", ")
        out.put(f.constants.count, counted: "constant")
        out.put(", ")
        out.put(f.prototypes.count, counted: "function")
        out.put("\n")
    }

    private static func printDebug(_ f: Prototype, _ address: Int, limit: Int, into out: inout ListingText) {
        sectionTitle("constants (", f.constants.count, address, into: &out)
        for (i, k) in f.constants.enumerated() {
            if out.count > limit { return }
            out.tab(Int64(i))
            out.put(byte: 9)
            switch k {
            case .nil_: out.put(byte: UInt8(ascii: "N"))
            case .bool: out.put(byte: UInt8(ascii: "B"))
            case .float: out.put(byte: UInt8(ascii: "F"))
            case .int: out.put(byte: UInt8(ascii: "I"))
            case .string: out.put(byte: UInt8(ascii: "S"))
            }
            out.put(byte: 9)
            constant(k, into: &out)
            out.put(byte: 10)
        }
        sectionTitle("locals (", f.localVariables.count, address, into: &out)
        for (i, v) in f.localVariables.enumerated() {
            if out.count > limit { return }
            out.tab(Int64(i))
            out.put(byte: 9)
            out.put(cString: v.name[...])
            out.tab(Int64(v.startPC) + 1)
            out.tab(Int64(v.endPC) + 1)
            out.put(byte: 10)
        }
        sectionTitle("upvalues (", f.upvalues.count, address, into: &out)
        for (i, u) in f.upvalues.enumerated() {
            if out.count > limit { return }
            out.tab(Int64(i))
            out.put(byte: 9)
            out.put(cString: u.name[...])
            out.tab(u.inStack ? 1 : 0)
            out.tab(Int64(u.index))
            out.put(byte: 10)
        }
    }

    /// "constants (3) for 0x1:\n".
    private static func sectionTitle(_ title: StaticString, _ n: Int, _ address: Int, into out: inout ListingText) {
        out.put(title)
        out.put(int: Int64(n))
        out.put(") for ")
        out.put(address: address)
        out.put(":\n")
    }

    // MARK: Constants

    /// `PrintConstant`.
    static func constant(_ k: Constant, into out: inout ListingText) {
        switch k {
        case .nil_: out.put("nil")
        case .bool(let b): out.put(b ? "true" : "false")
        case .int(let i): out.put(int: i)
        case .float(let d): NumberFormatter.appendFloat(d, to: &out.bytes)
        case .string(let s): quotedString(s, into: &out)
        }
    }

    /// `PrintString`: C-style escapes, other unprintable bytes as \ddd.
    static func quotedString(_ s: [UInt8], into out: inout ListingText) {
        out.put(byte: UInt8(ascii: "\""))
        for c in s {
            let escape: UInt8
            switch c {
            case 34: escape = 34
            case 92: escape = 92
            case 7: escape = UInt8(ascii: "a")
            case 8: escape = UInt8(ascii: "b")
            case 12: escape = UInt8(ascii: "f")
            case 10: escape = UInt8(ascii: "n")
            case 13: escape = UInt8(ascii: "r")
            case 9: escape = UInt8(ascii: "t")
            case 11: escape = UInt8(ascii: "v")
            default:
                if c >= 0x20 && c < 0x7F {
                    out.put(byte: c)
                } else {
                    out.put(byte: 92)
                    out.put(byte: 48 + c / 100)
                    out.put(byte: 48 + (c / 10) % 10)
                    out.put(byte: 48 + c % 10)
                }
                continue
            }
            out.put(byte: 92)
            out.put(byte: escape)
        }
        out.put(byte: UInt8(ascii: "\""))
    }
}
