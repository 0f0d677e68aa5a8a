// The text of a bytecode listing as luac.c's printf calls write it: the buffer the
// disassembler (Disassembler.swift, DisassemblerCode.swift) appends to.

/// A listing being written, one piece at a time.
///
/// Every method is out of line on purpose: written as `[UInt8]("…") + dec(n) + …`
/// expressions, each line of the listing built and freed array temporaries, and the
/// appends were inlined at each of some two hundred places (the disassembler was about
/// 17 kB of the wasm module). A listing is made once per request, so the calls cost
/// nothing that matters.
struct ListingText {
    /// The text so far.
    var bytes: [UInt8] = []

    /// Bytes written so far (the listing's limit is checked against it).
    var count: Int { bytes.count }

    /// A fixed text.
    @inline(never)
    mutating func put(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// One byte.
    @inline(never)
    mutating func put(byte c: UInt8) { bytes.append(c) }

    /// A decimal integer ("%d").
    @inline(never)
    mutating func put(int v: Int64) { NumberFormatter.appendInteger(v, to: &bytes) }

    /// A tab, then a decimal integer ("\t%d").
    @inline(never)
    mutating func tab(_ v: Int64) {
        bytes.append(9)
        NumberFormatter.appendInteger(v, to: &bytes)
    }

    /// A name as C's "%s" prints it: up to its first NUL byte.
    @inline(never)
    mutating func put(cString s: ArraySlice<UInt8>) {
        bytes.append(contentsOf: s.prefix(while: { $0 != 0 }))
    }

    /// The stand-in for a function's address: "0x" and the function's number in hex.
    @inline(never)
    mutating func put(address n: Int) {
        put("0x")
        var shift = 0
        while n >> shift >= 16 { shift += 4 }
        while shift >= 0 {
            let d = UInt8(truncatingIfNeeded: (n >> shift) & 15)
            bytes.append(d < 10 ? 48 + d : 87 + d)
            shift -= 4
        }
    }

    /// "1 slot" / "2 slots".
    @inline(never)
    mutating func put(_ n: Int, counted word: StaticString) {
        put(int: Int64(n))
        bytes.append(32)
        put(word)
        if n != 1 { bytes.append(UInt8(ascii: "s")) }
    }

    /// Operands separated by spaces ("%d %d %d"); the absent ones are not printed.
    @inline(never)
    mutating func put(operands a: Int64, _ b: Int64? = nil, _ c: Int64? = nil, _ d: Int64? = nil) {
        put(int: a)
        guard let b else { return }
        bytes.append(32)
        put(int: b)
        guard let c else { return }
        bytes.append(32)
        put(int: c)
        guard let d else { return }
        bytes.append(32)
        put(int: d)
    }
}
