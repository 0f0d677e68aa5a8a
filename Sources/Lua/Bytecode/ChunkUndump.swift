// Binary chunks, reading side: `load` of a chunk made by `string.dump` (follows lundump.c of
// Lua 5.4.4 for the header checks and messages, and lauxlib/ldo.c for the mode checks).
//
// A binary chunk is untrusted input like any source text: the reader checks every length
// against the bytes that remain (so a corrupted count cannot make it allocate), limits the
// nesting of functions, and hands the prototypes to the bytecode verifier (Verifier.swift and
// `LuaState.verify`) before anything runs. Whatever is wrong gives lundump's
// "<name>: bad binary format (<why>)" message; running out of bytes is "truncated chunk", as
// the official tests expect of every proper prefix of a chunk.

/// Why a chunk was rejected.
struct ChunkFormatError: Error {
    let why: StaticString
}

/// Reads a prototype tree (lundump.c's luaU_undump).
struct ChunkReader {
    let data: [UInt8]
    var position = 0

    init(_ data: [UInt8]) { self.data = data }

    var remaining: Int { data.count - position }

    mutating func byte() throws(ChunkFormatError) -> UInt8 {
        guard position < data.count else { throw ChunkFormatError(why: "truncated chunk") }
        position += 1
        return data[position - 1]
    }

    mutating func block(_ n: Int) throws(ChunkFormatError) -> [UInt8] {
        guard n >= 0 && n <= remaining else { throw ChunkFormatError(why: "truncated chunk") }
        position += n
        return Array(data[(position - n)..<position])
    }

    mutating func fixed64() throws(ChunkFormatError) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(try byte()) << (8 * UInt64(i)) }
        return v
    }

    /// Unsigned LEB128, at most 10 bytes and 64 bits.
    mutating func varint() throws(ChunkFormatError) -> UInt64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            if shift == 63 && b > 1 { throw ChunkFormatError(why: "integer overflow") }
            v |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return v }
            shift += 7
            if shift > 63 { throw ChunkFormatError(why: "integer overflow") }
        }
    }

    /// A count of items that take at least `minSize` bytes each: never more than the bytes left.
    mutating func count(minSize: Int = 1) throws(ChunkFormatError) -> Int {
        let n = try varint()
        guard n <= UInt64(remaining / max(minSize, 1)) else { throw ChunkFormatError(why: "truncated chunk") }
        return Int(n)
    }

    mutating func signed32() throws(ChunkFormatError) -> Int32 {
        let u = try varint()
        let v = Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
        guard let r = Int32(exactly: v) else { throw ChunkFormatError(why: "integer overflow") }
        return r
    }

    mutating func bytes() throws(ChunkFormatError) -> [UInt8] {
        try block(try count(minSize: 1))
    }

    mutating func optionalString() throws(ChunkFormatError) -> [UInt8]? {
        let n = try varint()
        if n == 0 { return nil }
        guard n - 1 <= UInt64(remaining) else { throw ChunkFormatError(why: "truncated chunk") }
        return try block(Int(n - 1))
    }

    /// checkHeader: each field read first (so a short chunk is "truncated"), then compared.
    mutating func header() throws(ChunkFormatError) {
        let h = BinaryChunkFormat.header
        if try block(4) != Array(h[0..<4]) { throw ChunkFormatError(why: "not a binary chunk") }
        if try byte() != h[4] { throw ChunkFormatError(why: "version mismatch") }
        if try byte() != h[5] { throw ChunkFormatError(why: "format mismatch") }
        if try block(6) != Array(h[6..<12]) { throw ChunkFormatError(why: "corrupted chunk") }
        if try byte() != h[12] { throw ChunkFormatError(why: "Instruction size mismatch") }
        if try byte() != h[13] { throw ChunkFormatError(why: "lua_Integer size mismatch") }
        if try byte() != h[14] { throw ChunkFormatError(why: "lua_Number size mismatch") }
        if try fixed64() != UInt64(bitPattern: BinaryChunkFormat.checkInteger) { throw ChunkFormatError(why: "integer format mismatch") }
        if try fixed64() != BinaryChunkFormat.checkNumber.bitPattern { throw ChunkFormatError(why: "float format mismatch") }
        if try block(4) != BinaryChunkFormat.marker { throw ChunkFormatError(why: "not a Tandem chunk") }
        if try byte() != BinaryChunkFormat.version { throw ChunkFormatError(why: "format mismatch") }
    }

    /// loadFunction. `parentSource` is what a nested function without its own source uses.
    mutating func function(parentSource: [UInt8]?, depth: Int) throws(ChunkFormatError) -> Prototype {
        // The compiler's own limit on nested functions (LUAI_MAXCCALLS) bounds recursion here.
        guard depth < 200 else { throw ChunkFormatError(why: "too many nested functions") }
        let p = Prototype()
        let source = try optionalString()
        p.source = source ?? parentSource ?? [UInt8]("=?")
        p.lineDefined = try signed32()
        p.lastLineDefined = try signed32()
        p.numParams = try byte()
        let vararg = try byte()
        guard vararg <= 1 else { throw ChunkFormatError(why: "bad vararg flag") }
        p.isVararg = vararg == 1
        p.maxStackSize = try byte()
        let nc = try count(minSize: 4)
        p.code.reserveCapacity(nc)
        for _ in 0..<nc {
            var i: UInt32 = 0
            for s in 0..<4 { i |= UInt32(try byte()) << UInt32(8 * s) }
            p.code.append(i)
        }
        let nk = try count(minSize: 1)
        p.constants.reserveCapacity(nk)
        for _ in 0..<nk {
            switch try byte() {
            case BinaryChunkFormat.tagNil: p.constants.append(.nil_)
            case BinaryChunkFormat.tagFalse: p.constants.append(.bool(false))
            case BinaryChunkFormat.tagTrue: p.constants.append(.bool(true))
            case BinaryChunkFormat.tagInteger: p.constants.append(.int(Int64(bitPattern: try fixed64())))
            case BinaryChunkFormat.tagFloat: p.constants.append(.float(Double(bitPattern: try fixed64())))
            case BinaryChunkFormat.tagString: p.constants.append(.string(try bytes()))
            default: throw ChunkFormatError(why: "bad constant")
            }
        }
        let nu = try count(minSize: 3)
        for _ in 0..<nu {
            let inStack = try byte(), index = try byte(), kind = try byte()
            guard inStack <= 1, kind <= 3 else { throw ChunkFormatError(why: "bad upvalue") }
            p.upvalues.append(UpvalueDescription(name: [], inStack: inStack == 1, index: index, kind: kind))
        }
        let np = try count(minSize: 1)
        for _ in 0..<np { p.prototypes.append(try function(parentSource: p.source, depth: depth + 1)) }
        // Debug information: absent (stripped) or complete.
        let nl = try count(minSize: 1)
        guard nl == 0 || nl == nc else { throw ChunkFormatError(why: "bad line information") }
        for _ in 0..<nl { p.lineInfo.append(try signed32()) }
        if nl == 0 { p.lineInfo = Array(repeating: -1, count: nc) }
        let nv = try count(minSize: 3)
        for _ in 0..<nv {
            let name = try bytes()
            let start = try signed32(), end = try signed32()
            guard start >= 0, start <= end, Int(end) <= nc else { throw ChunkFormatError(why: "bad local variable") }
            p.localVariables.append(LocalVariable(name: name, startPC: start, endPC: end))
        }
        let nn = try count(minSize: 1)
        guard nn == 0 || nn == nu else { throw ChunkFormatError(why: "bad upvalue names") }
        for i in 0..<nn { p.upvalues[i].name = try bytes() }
        return p
    }
}

/// `load`'s handling of text and binary chunks.
enum BinaryChunk {
    /// The first byte of every binary chunk (LUA_SIGNATURE[0]).
    static let signature: UInt8 = 0x1B

    /// Loads `source` (text or binary) as `load`/`loadfile` do: `mode` ("b", "t", "bt")
    /// decides what is accepted, with the reference's messages (checkmode in ldo.c).
    /// The function's first upvalue is set to `env` (the globals by default).
    static func load(_ L: LuaState, _ source: [UInt8], chunkName: [UInt8], mode: [UInt8],
                     env: LuaValue?) throws(LuaError) -> Result<LuaValue, LuaLoadError> {
        let mode = L.cString(mode)  // (strchr on a C string)
        let isBinary = source.first == signature
        let needed: UInt8 = isBinary ? UInt8(ascii: "b") : UInt8(ascii: "t")
        if !mode.contains(needed) {
            var m = [UInt8]("attempt to load a ")
            m += isBinary ? [UInt8]("binary") : [UInt8]("text")
            m += [UInt8](" chunk (mode is '")
            m += mode
            m += [UInt8]("')")
            return .failure(LuaLoadError(message: m))
        }
        if !isBinary {
            switch try L.load(source: source, chunkName: chunkName, env: env, chargeSteps: true) {
            case .success(let f): return .success(f)
            case .failure(let e): return .failure(e)
            }
        }
        return try L.loadBinary(source, chunkName: chunkName, env: env)
    }
}

extension LuaState {
    /// Undumps, verifies and instantiates a binary chunk (luaU_undump + lua_load).
    func loadBinary(_ chunk: [UInt8], chunkName: [UInt8], env: LuaValue?) throws(LuaError) -> Result<LuaValue, LuaLoadError> {
        // lundump's name for messages.
        let name: [UInt8]
        if let c = chunkName.first, c == UInt8(ascii: "@") || c == UInt8(ascii: "=") { name = Array(chunkName.dropFirst()) }
        else if chunkName.first == BinaryChunk.signature { name = [UInt8]("binary string") }
        else { name = chunkName }
        func bad(_ why: StaticString) -> Result<LuaValue, LuaLoadError> {
            var m = name
            m += [UInt8](": bad binary format (")
            m += why.bytes
            m += [UInt8](")")
            return .failure(LuaLoadError(message: m))
        }
        try consumeSteps(Int64(chunk.count) / 16)
        var reader = ChunkReader(chunk)
        let proto: Prototype
        do throws(ChunkFormatError) {
            try reader.header()
            proto = try reader.function(parentSource: nil, depth: 0)
        } catch {
            return bad(error.why)
        }
        guard ChunkVerifier.verifyTree(proto), let p = try instantiate(proto, depth: 0) else {
            return bad("malformed bytecode")
        }
        let cl = try newLuaClosure(p)
        for i in 0..<Int(p.pointee.upvalueCount) {
            cl.pointee.upvalues[i] = try newClosedUpvalue(i == 0 ? (env ?? g.pointee.globals) : .nil)
        }
        return .success(LuaValue(cl))
    }
}
