// Binary chunks, writing side: `string.dump` (follows ldump.c of Lua 5.4.4 for the header).
//
// A chunk starts with exactly the header lua5.4 writes (signature "\x1bLua", version 0x54,
// format 0, LUAC_DATA, the sizes of Instruction/lua_Integer/lua_Number, LUAC_INT and
// LUAC_NUM), so tools that sniff chunks (and the official tests) see a 5.4 chunk. What follows
// is Tandem's own format, marked "Tndm" plus a format version, because Tandem's prototypes
// are not the reference's in-memory layout: integers are LEB128 varints (signed ones
// zigzag-encoded), everything else is bytes in a fixed order, little-endian. Loading it back
// is ChunkUndump.swift; every chunk loaded passes the bytecode verifier, so a chunk is only
// ever data, never trusted code.

/// The binary chunk format shared by the dumper and the undumper.
enum BinaryChunkFormat {
    /// lua5.4's header: signature, version, format, LUAC_DATA, the three sizes.
    static let header: [UInt8] = [0x1B, 0x4C, 0x75, 0x61, 0x54, 0x00, 0x19, 0x93, 0x0D, 0x0A, 0x1A, 0x0A, 4, 8, 8]
    /// LUAC_INT (0x5678) and LUAC_NUM (370.5), as lua_Integer and lua_Number, little-endian.
    static let checkInteger: Int64 = 0x5678
    static let checkNumber: Double = 370.5
    /// Tandem's marker and the version of what follows.
    static let marker: [UInt8] = [UInt8]("Tndm")
    static let version: UInt8 = 1

    // Constant tags.
    static let tagNil: UInt8 = 0, tagFalse: UInt8 = 1, tagTrue: UInt8 = 2, tagInteger: UInt8 = 3
    static let tagFloat: UInt8 = 4, tagString: UInt8 = 5
}

/// Serializes a prototype tree (ldump.c's luaU_dump).
struct ChunkWriter {
    var out: [UInt8] = []
    let strip: Bool

    init(strip: Bool) { self.strip = strip }

    mutating func byte(_ b: UInt8) { out.append(b) }

    mutating func fixed64(_ v: UInt64) {
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
    }

    /// Unsigned LEB128.
    mutating func varint(_ vIn: UInt64) {
        var v = vIn
        while v >= 0x80 { out.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }

    mutating func count(_ n: Int) { varint(UInt64(n)) }

    /// Zigzag-encoded signed varint.
    mutating func signed(_ v: Int64) { varint(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

    mutating func bytes(_ s: [UInt8]) { count(s.count); out += s }

    /// An optional string: 0 for absent, else length + 1 and the bytes (ldump's dumpString).
    mutating func optionalString(_ s: [UInt8]?) {
        guard let s else { varint(0); return }
        varint(UInt64(s.count) + 1)
        out += s
    }

    /// The whole chunk for the main prototype `p`.
    mutating func chunk(_ p: Prototype) {
        out += BinaryChunkFormat.header
        fixed64(UInt64(bitPattern: BinaryChunkFormat.checkInteger))
        fixed64(BinaryChunkFormat.checkNumber.bitPattern)
        out += BinaryChunkFormat.marker
        byte(BinaryChunkFormat.version)
        function(p, parentSource: nil)
    }

    /// dumpFunction: a nested function's source is omitted when it equals its parent's.
    mutating func function(_ p: Prototype, parentSource: [UInt8]?) {
        if strip || (parentSource != nil && parentSource! == p.source) { optionalString(nil) } else { optionalString(p.source) }
        signed(Int64(p.lineDefined))
        signed(Int64(p.lastLineDefined))
        byte(p.numParams)
        byte(p.isVararg ? 1 : 0)
        byte(p.maxStackSize)
        count(p.code.count)
        for i in p.code { for s in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: i >> UInt32(s))) } }
        count(p.constants.count)
        for c in p.constants {
            switch c {
            case .nil_: byte(BinaryChunkFormat.tagNil)
            case .bool(let b): byte(b ? BinaryChunkFormat.tagTrue : BinaryChunkFormat.tagFalse)
            case .int(let v): byte(BinaryChunkFormat.tagInteger); fixed64(UInt64(bitPattern: v))
            case .float(let d): byte(BinaryChunkFormat.tagFloat); fixed64(d.bitPattern)
            case .string(let s): byte(BinaryChunkFormat.tagString); bytes(s)
            }
        }
        count(p.upvalues.count)
        for u in p.upvalues { byte(u.inStack ? 1 : 0); byte(u.index); byte(u.kind) }
        count(p.prototypes.count)
        for child in p.prototypes { function(child, parentSource: p.source) }
        // Debug information (dumpDebug); all of it is dropped when stripping.
        count(strip ? 0 : p.lineInfo.count)
        if !strip { for l in p.lineInfo { signed(Int64(l)) } }
        count(strip ? 0 : p.localVariables.count)
        if !strip {
            for v in p.localVariables { bytes(v.name); signed(Int64(v.startPC)); signed(Int64(v.endPC)) }
        }
        count(strip ? 0 : p.upvalues.count)
        if !strip { for u in p.upvalues { bytes(u.name) } }
    }
}

extension LuaState {
    /// `string.dump(f, strip)`: the binary chunk of a Lua function, or nil for native functions.
    func dumpFunction(_ f: LuaValue, strip: Bool) -> [UInt8]? {
        guard f.tag == .luaFunction else { return nil }
        var w = ChunkWriter(strip: strip)
        w.chunk(f.luaClosure.pointee.proto.pointee.info)
        return w.out
    }
}
