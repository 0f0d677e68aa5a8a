// The instruction set.
//
// Tandem's VM is register based and uses the instruction set of Lua 5.4 (the same opcodes,
// operands and encodings), so `luac5.4 -l` listings can check the code generator instruction
// for instruction and the debug information the VM derives from bytecode (variable names in
// error messages) follows the reference. The layout of a 32-bit instruction:
//
//   iABC    C(8) | B(8) | k(1) | A(8) | Op(7)
//   iABx        Bx(17)         | A(8) | Op(7)
//   iAsBx      sBx(17, excess-K)| A(8) | Op(7)
//   iAx             Ax(25)            | Op(7)
//   isJ             sJ(25, excess-K)  | Op(7)

/// The operation codes, in the reference's order (their raw values are the encoded opcodes).
public enum OpCode: UInt8, CaseIterable {
    case move, loadI, loadF, loadK, loadKX, loadFalse, lFalseSkip, loadTrue, loadNil
    case getUpval, setUpval
    case getTabUp, getTable, getI, getField
    case setTabUp, setTable, setI, setField
    case newTable, `self`
    case addI, addK, subK, mulK, modK, powK, divK, idivK, bandK, borK, bxorK, shrI, shlI
    case add, sub, mul, mod, pow, div, idiv, band, bor, bxor, shl, shr
    case mmBin, mmBinI, mmBinK
    case unm, bnot, not, len, concat
    case close, tbc, jmp
    case eq, lt, le, eqK, eqI, ltI, leI, gtI, geI
    case test, testSet
    case call, tailCall, `return`, return0, return1
    case forLoop, forPrep, tForPrep, tForCall, tForLoop
    case setList, closure, vararg, varargPrep, extraArg

    /// The reference's spelling (`OP_GETTABUP` → `GETTABUP`), used by the disassembler.
    public var name: StaticString {
        switch self {
        case .move: "MOVE"; case .loadI: "LOADI"; case .loadF: "LOADF"; case .loadK: "LOADK"
        case .loadKX: "LOADKX"; case .loadFalse: "LOADFALSE"; case .lFalseSkip: "LFALSESKIP"
        case .loadTrue: "LOADTRUE"; case .loadNil: "LOADNIL"; case .getUpval: "GETUPVAL"
        case .setUpval: "SETUPVAL"; case .getTabUp: "GETTABUP"; case .getTable: "GETTABLE"
        case .getI: "GETI"; case .getField: "GETFIELD"; case .setTabUp: "SETTABUP"
        case .setTable: "SETTABLE"; case .setI: "SETI"; case .setField: "SETFIELD"
        case .newTable: "NEWTABLE"; case .self: "SELF"; case .addI: "ADDI"; case .addK: "ADDK"
        case .subK: "SUBK"; case .mulK: "MULK"; case .modK: "MODK"; case .powK: "POWK"
        case .divK: "DIVK"; case .idivK: "IDIVK"; case .bandK: "BANDK"; case .borK: "BORK"
        case .bxorK: "BXORK"; case .shrI: "SHRI"; case .shlI: "SHLI"; case .add: "ADD"
        case .sub: "SUB"; case .mul: "MUL"; case .mod: "MOD"; case .pow: "POW"; case .div: "DIV"
        case .idiv: "IDIV"; case .band: "BAND"; case .bor: "BOR"; case .bxor: "BXOR"
        case .shl: "SHL"; case .shr: "SHR"; case .mmBin: "MMBIN"; case .mmBinI: "MMBINI"
        case .mmBinK: "MMBINK"; case .unm: "UNM"; case .bnot: "BNOT"; case .not: "NOT"
        case .len: "LEN"; case .concat: "CONCAT"; case .close: "CLOSE"; case .tbc: "TBC"
        case .jmp: "JMP"; case .eq: "EQ"; case .lt: "LT"; case .le: "LE"; case .eqK: "EQK"
        case .eqI: "EQI"; case .ltI: "LTI"; case .leI: "LEI"; case .gtI: "GTI"; case .geI: "GEI"
        case .test: "TEST"; case .testSet: "TESTSET"; case .call: "CALL"; case .tailCall: "TAILCALL"
        case .return: "RETURN"; case .return0: "RETURN0"; case .return1: "RETURN1"
        case .forLoop: "FORLOOP"; case .forPrep: "FORPREP"; case .tForPrep: "TFORPREP"
        case .tForCall: "TFORCALL"; case .tForLoop: "TFORLOOP"; case .setList: "SETLIST"
        case .closure: "CLOSURE"; case .vararg: "VARARG"; case .varargPrep: "VARARGPREP"
        case .extraArg: "EXTRAARG"
        }
    }

    /// Operand format of an instruction.
    public enum Mode { case iABC, iABx, iAsBx, iAx, isJ }

    /// The operand format of this opcode (the reference's `luaP_opmodes`, bits 0–2).
    public var mode: Mode {
        switch self {
        case .loadI, .loadF: .iAsBx
        case .loadK, .loadKX, .forLoop, .forPrep, .tForPrep, .tForLoop, .closure: .iABx
        case .jmp: .isJ
        case .extraArg: .iAx
        default: .iABC
        }
    }

    /// True when the instruction writes register A (`luaP_opmodes` bit 3); used by the
    /// symbolic execution that names variables in error messages.
    public var setsA: Bool {
        switch self {
        case .setUpval, .setTabUp, .setTable, .setI, .setField, .mmBin, .mmBinI, .mmBinK,
             .close, .tbc, .jmp, .eq, .lt, .le, .eqK, .eqI, .ltI, .leI, .gtI, .geI, .test,
             .tailCall, .return, .return0, .return1, .tForPrep, .tForCall, .setList,
             .varargPrep, .extraArg:
            false
        default: true
        }
    }

    /// True for tests, which must be followed by a jump (bit 4).
    public var isTest: Bool {
        switch self {
        case .eq, .lt, .le, .eqK, .eqI, .ltI, .leI, .gtI, .geI, .test, .testSet: true
        default: false
        }
    }
}
