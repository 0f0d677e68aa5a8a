// Compile-time arithmetic on numeric literals (lcode.c `validop` + lobject.c
// `luaO_rawarith`), with the same integer/float rules as the VM: integer operations wrap,
// `/` and `^` always work on floats, bitwise operations need integral operands. Operations
// that could raise an error (division by zero, non-integral bitwise operands) are not
// folded; the caller also refuses NaN and zero float results.

/// Arithmetic operations in the reference's LUA_OP* order.
enum ArithmeticOperation: Int32 {
    case add, sub, mul, mod, pow, div, idiv, band, bor, bxor, shl, shr, unm, bnot
}

enum ConstantFolding {
    /// The folded value of `v1 op v2` (`v2` is a dummy 0 for unary operations), or nil when
    /// the reference would not fold it.
    static func fold(_ op: ArithmeticOperation, _ v1: NumericValue, _ v2: NumericValue) -> NumericValue? {
        switch op {
        case .band, .bor, .bxor, .shl, .shr, .bnot:
            guard let i1 = v1.asExactInteger, let i2 = v2.asExactInteger else { return nil }
            return .integer(integerArithmetic(op, i1, i2))
        case .div, .pow:
            if op == .div && v2.asDouble == 0 { return nil }
            return .float(floatArithmetic(op, v1.asDouble, v2.asDouble))
        case .mod, .idiv:
            if v2.asDouble == 0 { return nil }
            fallthrough
        default:
            if case .integer(let i1) = v1, case .integer(let i2) = v2 {
                return .integer(integerArithmetic(op, i1, i2))
            }
            return .float(floatArithmetic(op, v1.asDouble, v2.asDouble))
        }
    }

    /// `intarith`.
    static func integerArithmetic(_ op: ArithmeticOperation, _ a: Int64, _ b: Int64) -> Int64 {
        switch op {
        case .add: return a &+ b
        case .sub: return a &- b
        case .mul: return a &* b
        case .mod:
            if b == 0 || b == -1 { return 0 }
            let r = a % b
            return (r != 0 && (r ^ b) < 0) ? r + b : r
        case .idiv:
            if b == 0 || b == -1 { return 0 &- a }
            var q = a / b
            if (a ^ b) < 0 && a % b != 0 { q -= 1 }
            return q
        case .band: return a & b
        case .bor: return a | b
        case .bxor: return a ^ b
        case .shl: return shiftLeft(a, b)
        case .shr: return shiftLeft(a, 0 &- b)
        case .unm: return 0 &- a
        case .bnot: return ~a
        case .pow, .div: return 0  // never integer operations
        }
    }

    /// `luaV_shiftl`: logical shifts; 64 or more positions give 0.
    static func shiftLeft(_ x: Int64, _ y: Int64) -> Int64 {
        if y < 0 {
            if y <= -64 { return 0 }
            return Int64(bitPattern: UInt64(bitPattern: x) >> UInt64(0 &- y))
        }
        if y >= 64 { return 0 }
        return Int64(bitPattern: UInt64(bitPattern: x) << UInt64(y))
    }

    /// `numarith`.
    static func floatArithmetic(_ op: ArithmeticOperation, _ a: Double, _ b: Double) -> Double {
        switch op {
        case .add: return a + b
        case .sub: return a - b
        case .mul: return a * b
        case .div: return a / b
        case .pow: return b == 2 ? a * a : LibM.pow(a, b)
        case .idiv: return (a / b).rounded(.down)
        case .unm: return -a
        case .mod: return floatModulo(a, b)  // the VM's own, so folding and running agree
        default: return 0  // bitwise operations never work on floats
        }
    }
}
