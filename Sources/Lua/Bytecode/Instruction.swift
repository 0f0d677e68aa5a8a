// Encoding and decoding of 32-bit instructions (see OpCode.swift for the layout).

/// One encoded VM instruction.
public typealias Instruction = UInt32

/// Operand limits and the excess-K offsets of the signed operands.
public enum InstructionLimits {
    public static let maxA: Int32 = 255
    public static let maxB: Int32 = 255
    public static let maxC: Int32 = 255
    public static let maxBx: Int32 = (1 << 17) - 1
    public static let offsetSBx: Int32 = maxBx >> 1
    public static let maxAx: Int32 = (1 << 25) - 1
    public static let maxSJ: Int32 = (1 << 25) - 1
    public static let offsetSJ: Int32 = maxSJ >> 1
    /// Offset of the signed 8-bit operands `sB` and `sC`.
    public static let offsetSC: Int32 = maxC >> 1
    /// The "no register" value of A.
    public static let noReg: Int32 = maxA
}

extension Instruction {
    /// The opcode, or `nil` for a word that is not a valid instruction.
    @inline(__always) public var opcode: OpCode? { OpCode(rawValue: UInt8(truncatingIfNeeded: self & 0x7F)) }
    /// Raw 7-bit opcode field.
    @inline(__always) public var opcodeRaw: UInt8 { UInt8(truncatingIfNeeded: self & 0x7F) }
    @inline(__always) public var a: Int32 { Int32(truncatingIfNeeded: (self >> 7) & 0xFF) }
    @inline(__always) public var k: Bool { (self >> 15) & 1 != 0 }
    @inline(__always) public var b: Int32 { Int32(truncatingIfNeeded: (self >> 16) & 0xFF) }
    @inline(__always) public var sB: Int32 { b - InstructionLimits.offsetSC }
    @inline(__always) public var c: Int32 { Int32(truncatingIfNeeded: (self >> 24) & 0xFF) }
    @inline(__always) public var sC: Int32 { c - InstructionLimits.offsetSC }
    @inline(__always) public var bx: Int32 { Int32(truncatingIfNeeded: self >> 15) }
    @inline(__always) public var sBx: Int32 { bx - InstructionLimits.offsetSBx }
    @inline(__always) public var ax: Int32 { Int32(truncatingIfNeeded: self >> 7) }
    @inline(__always) public var sJ: Int32 { Int32(truncatingIfNeeded: self >> 7) - InstructionLimits.offsetSJ }

    /// Encodes an iABC instruction. Operands must already be within their limits.
    public static func abc(_ op: OpCode, _ a: Int32, _ b: Int32, _ c: Int32, k: Bool = false) -> Instruction {
        UInt32(op.rawValue) | UInt32(truncatingIfNeeded: a) << 7 | (k ? 1 << 15 : 0)
            | UInt32(truncatingIfNeeded: b) << 16 | UInt32(truncatingIfNeeded: c) << 24
    }
    /// Encodes an iABx instruction.
    public static func abx(_ op: OpCode, _ a: Int32, _ bx: Int32) -> Instruction {
        UInt32(op.rawValue) | UInt32(truncatingIfNeeded: a) << 7 | UInt32(truncatingIfNeeded: bx) << 15
    }
    /// Encodes an iAsBx instruction.
    public static func asbx(_ op: OpCode, _ a: Int32, _ sbx: Int32) -> Instruction {
        abx(op, a, sbx + InstructionLimits.offsetSBx)
    }
    /// Encodes an iAx instruction.
    public static func ax(_ op: OpCode, _ ax: Int32) -> Instruction {
        UInt32(op.rawValue) | UInt32(truncatingIfNeeded: ax) << 7
    }
    /// Encodes an isJ instruction.
    public static func sj(_ op: OpCode, _ sj: Int32, k: Bool = false) -> Instruction {
        UInt32(op.rawValue) | UInt32(truncatingIfNeeded: sj + InstructionLimits.offsetSJ) << 7 | (k ? 1 << 15 : 0)
    }

    /// Returns this instruction with field A replaced.
    public func with(a: Int32) -> Instruction { (self & ~(0xFF << 7)) | UInt32(truncatingIfNeeded: a) << 7 }
    /// Returns this instruction with field B replaced.
    public func with(b: Int32) -> Instruction { (self & ~(0xFF << 16)) | UInt32(truncatingIfNeeded: b) << 16 }
    /// Returns this instruction with field C replaced.
    public func with(c: Int32) -> Instruction { (self & ~(0xFF << 24)) | UInt32(truncatingIfNeeded: c) << 24 }
    /// Returns this instruction with flag k replaced.
    public func with(k: Bool) -> Instruction { (self & ~(1 << 15)) | (k ? 1 << 15 : 0) }
    /// Returns this instruction with field Bx replaced.
    public func with(bx: Int32) -> Instruction { (self & 0x7FFF) | UInt32(truncatingIfNeeded: bx) << 15 }
    /// Returns this instruction with field sJ replaced.
    public func with(sJ: Int32) -> Instruction { (self & 0x7F) | UInt32(truncatingIfNeeded: sJ + InstructionLimits.offsetSJ) << 7 }
    /// Returns this instruction with the opcode replaced.
    public func with(op: OpCode) -> Instruction { (self & ~0x7F) | UInt32(op.rawValue) }
}
