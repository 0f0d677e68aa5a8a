// The constant table (lcode.c's `addk` and friends).
//
// The reference caches "value → constant index" in one table shared by all functions of a
// chunk, and checks the cached index against the current function's constants. Because a
// nested function overwrites entries, the enclosing function can end up with duplicate
// constants; listings show those duplicates, so the cache is reproduced as it is, with the
// same keys (integral floats get a perturbed key so they do not collide with integers).

/// A key of the constant cache, normalized as a Lua table normalizes keys.
enum ConstantKey: Equatable {
    case int(Int64)
    case float(UInt64)
    case string([UInt8])
    case bool(Bool)
    /// The reference uses the scanner table itself as the key for nil.
    case nilKey

    /// A float key: floats with integral values are integer keys.
    static func number(_ d: Double) -> ConstantKey {
        if let i = FloatToInteger.exact(d) { return .int(i) }
        return .float(d.bitPattern)
    }

    /// A deterministic hash (FNV-1a over the key's bytes).
    var hash: UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: UInt64) {
            var v = v
            for _ in 0..<8 {
                h = (h ^ (v & 0xFF)) &* 0x100_0000_01b3
                v >>= 8
            }
        }
        switch self {
        case .int(let i): mix(1); mix(UInt64(bitPattern: i))
        case .float(let bits): mix(2); mix(bits)
        case .string(let s):
            mix(3)
            for c in s { h = (h ^ UInt64(c)) &* 0x100_0000_01b3 }
        case .bool(let b): mix(b ? 4 : 5)
        case .nilKey: mix(6)
        }
        return h
    }
}

/// Open-addressing hash map from constant keys to constant indices.
struct ConstantCache {
    private var keys: [ConstantKey?] = Array(repeating: nil, count: 64)
    private var values: [Int32] = Array(repeating: 0, count: 64)
    private var count = 0

    /// Slot of `key`, or of the empty slot where it belongs.
    private func slot(_ key: ConstantKey) -> Int {
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: key.hash) & mask
        while let k = keys[i], k != key { i = (i + 1) & mask }
        return i
    }

    subscript(key: ConstantKey) -> Int32? {
        get {
            let i = slot(key)
            return keys[i] == nil ? nil : values[i]
        }
        set {
            guard let value = newValue else { return }
            let i = slot(key)
            if keys[i] == nil {
                keys[i] = key
                count += 1
            }
            values[i] = value
            if count * 4 >= keys.count * 3 { grow() }
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = Array(repeating: nil, count: oldKeys.count * 2)
        values = Array(repeating: 0, count: oldKeys.count * 2)
        count = 0
        for (i, k) in oldKeys.enumerated() {
            if let k { self[k] = oldValues[i] }
        }
    }
}

/// Most constants a function may have (the reference's MAXARG_Ax limit for its array).
let maxConstants = Int(InstructionLimits.maxAx)

extension Parser {
    /// `addk`: the index of constant `v`, reusing the cached entry when it is still valid.
    func addConstant(_ key: ConstantKey, _ v: Constant) throws(LuaSyntaxError) -> Int32 {
        let f = fs.f
        if let k = constantCache[key], Int(k) < f.constants.count, Parser.rawEqual(f.constants[Int(k)], v) {
            return k
        }
        if f.constants.count >= maxConstants {
            throw Parser.limitError("constants", maxConstants)
        }
        let k = Int32(f.constants.count)
        constantCache[key] = k
        f.constants.append(v)
        // The entry, its cache slot, and a string's bytes (CompilerMemory in the cost model).
        if case .string(let b) = v { countMemory(64 + b.count) } else { countMemory(48) }
        return k
    }

    /// The reference's "too many X (limit is N)" from its memory manager.
    static func limitError(_ what: StaticString, _ limit: Int) -> LuaSyntaxError {
        LuaSyntaxError(message: [UInt8]("too many ") + TK.bytes(what) + [UInt8](" (limit is ")
                       + Chars.decimal(Int64(limit)) + [UInt8(ascii: ")")], kind: .limit)
    }

    /// Same type and raw-equal value (floats compare numerically).
    static func rawEqual(_ a: Constant, _ b: Constant) -> Bool {
        switch (a, b) {
        case (.nil_, .nil_): true
        case let (.bool(x), .bool(y)): x == y
        case let (.int(x), .int(y)): x == y
        case let (.float(x), .float(y)): x == y
        case let (.string(x), .string(y)): x == y
        default: false
        }
    }

    /// `stringK`.
    func stringConstant(_ s: [UInt8]) throws(LuaSyntaxError) -> Int32 {
        try addConstant(.string(s), .string(s))
    }

    /// `luaK_intK`.
    func integerConstant(_ n: Int64) throws(LuaSyntaxError) -> Int32 {
        try addConstant(.int(n), .int(n))
    }

    /// `luaK_numberK`: integral floats are cached under a slightly perturbed key.
    func floatConstant(_ r: Double) throws(LuaSyntaxError) -> Int32 {
        guard let ik = FloatToInteger.exact(r) else {
            return try addConstant(.number(r), .float(r))
        }
        let q = 1.0 / 4_503_599_627_370_496.0  // 2^-52
        let key = ik == 0 ? q : r + r * q
        return try addConstant(.number(key), .float(r))
    }

    func boolConstant(_ b: Bool) throws(LuaSyntaxError) -> Int32 {
        try addConstant(.bool(b), .bool(b))
    }

    func nilConstant() throws(LuaSyntaxError) -> Int32 {
        try addConstant(.nilKey, .nil_)
    }

    /// `fitsC`: fits in a signed 8-bit operand.
    static func fitsC(_ i: Int64) -> Bool {
        UInt64(bitPattern: i) &+ UInt64(InstructionLimits.offsetSC) <= UInt64(InstructionLimits.maxC)
    }

    /// `fitsBx`: fits in the signed sBx operand.
    static func fitsBx(_ i: Int64) -> Bool {
        -Int64(InstructionLimits.offsetSBx) <= i && i <= Int64(InstructionLimits.maxBx - InstructionLimits.offsetSBx)
    }

    /// `luaK_int`: LOADI for small integers, else a constant.
    func loadInteger(_ reg: Int32, _ i: Int64) throws(LuaSyntaxError) {
        if Parser.fitsBx(i) {
            codeAsBx(.loadI, reg, Int32(i))
        } else {
            codeLoadConstant(reg, try integerConstant(i))
        }
    }

    /// `luaK_float`: LOADF for small integral floats, else a constant.
    func loadFloat(_ reg: Int32, _ d: Double) throws(LuaSyntaxError) {
        if let i = FloatToInteger.exact(d), Parser.fitsBx(i) {
            codeAsBx(.loadF, reg, Int32(i))
        } else {
            codeLoadConstant(reg, try floatConstant(d))
        }
    }
}
