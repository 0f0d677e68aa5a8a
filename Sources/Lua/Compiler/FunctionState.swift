// The compiler's working data (the reference's lparser.h): expression descriptors, local
// variable descriptors, blocks, labels and the state of each function being compiled.

/// "No jump": the end of a jump list.
let noJump: Int32 = -1
/// The "no register" value (for TESTSET patching).
let noRegister: Int32 = 255
/// Most registers a function may use.
let maxRegisters: Int32 = 255
/// Most local variables a function may have active at once.
let maxVariables = 200
/// Most upvalues a function may have.
let maxUpvalues = 255
/// Array items stored by one SETLIST.
let fieldsPerFlush: Int32 = 50
/// Longest string that the reference keeps as a "short" (interned) string.
let maxShortStringLength = 40
/// The reference's LUA_MULTRET.
let multipleReturns: Int32 = -1

/// What an expression descriptor describes (the reference's `expkind`).
enum ExpKind: UInt8 {
    /// No value (an empty expression list).
    case void
    case nil_, true_, false_
    /// A constant in the constant table; `info` is its index.
    case k
    /// Numeric and string literals; the value is in `nval`, `ival` or `strval`.
    case kFlt, kInt, kStr
    /// A value in a fixed register `info`.
    case nonReloc
    /// A local variable: `info` its register, `aux` its compiler index.
    case local
    /// An upvalue; `info` is its index.
    case upval
    /// A compile-time constant local; `info` is its absolute index in the active variables.
    case const_
    /// `t[k]` with the table in register `info` and the key in register `aux`.
    case indexed
    /// `upvalue[k]` with the upvalue `info` and the string constant `aux`.
    case indexUp
    /// `t[i]` with the table in register `info` and the integer `aux`.
    case indexI
    /// `t.name` with the table in register `info` and the string constant `aux`.
    case indexStr
    /// A comparison; `info` is the pc of its jump.
    case jmp
    /// A value that can be put in any register; `info` is the pc of its instruction.
    case reloc
    /// A call; `info` is the pc of the CALL.
    case call
    /// `...`; `info` is the pc of the VARARG.
    case vararg

    /// `vkisvar`: can be assigned to.
    var isVariable: Bool { rawValue >= ExpKind.local.rawValue && rawValue <= ExpKind.indexStr.rawValue }
    /// `vkisindexed`.
    var isIndexed: Bool { rawValue >= ExpKind.indexed.rawValue && rawValue <= ExpKind.indexStr.rawValue }
    /// `hasmultret`.
    var hasMultipleResults: Bool { self == .call || self == .vararg }
}

/// An expression being compiled (the reference's `expdesc`).
struct ExpDesc {
    var kind: ExpKind
    /// Generic use (see `ExpKind`); the table of an indexed expression; a local's register.
    var info: Int32 = 0
    /// The key of an indexed expression; a local's compiler index.
    var aux: Int32 = 0
    var ival: Int64 = 0
    var nval: Double = 0
    var strval: [UInt8] = []
    /// Jump list "exit when true".
    var t: Int32 = noJump
    /// Jump list "exit when false".
    var f: Int32 = noJump

    init(_ kind: ExpKind, _ info: Int32 = 0) {
        self.kind = kind
        self.info = info
    }

    /// `hasjumps`.
    var hasJumps: Bool { t != f }
}

/// Kinds of local variables (also stored in upvalue descriptions).
enum VariableKind {
    static let regular: UInt8 = 0
    static let const_: UInt8 = 1
    static let toClose: UInt8 = 2
    /// A `<const>` whose value is known at compile time: it has no register.
    static let compileTimeConstant: UInt8 = 3
}

/// An active local variable (the reference's `Vardesc`).
struct VariableDesc {
    var kind: UInt8 = VariableKind.regular
    /// Register holding the variable.
    var register: Int32 = 0
    /// Index of its entry in the prototype's `localVariables`.
    var debugIndex: Int32 = 0
    var name: [UInt8]
    /// The value of a compile-time constant.
    var value: Constant = .nil_
}

/// A label or a pending goto (the reference's `Labeldesc`).
struct LabelDesc {
    var name: [UInt8]
    var pc: Int32
    var line: Int32
    /// Active variables at that position.
    var activeVariables: Int32
    /// True when the goto leaves the scope of a variable that needs closing.
    var close: Bool = false
}

/// A block being compiled (the reference's `BlockCnt`).
struct BlockInfo {
    /// Index of the first label of this block.
    var firstLabel: Int
    /// Index of the first pending goto of this block.
    var firstGoto: Int
    /// Active locals outside the block.
    var activeVariables: Int32
    /// Some variable of the block is captured as an upvalue (or is to be closed).
    var hasUpvalue = false
    var isLoop: Bool
    /// Inside the scope of a to-be-closed variable.
    var insideTBC: Bool
}

/// A function being compiled (the reference's `FuncState`).
final class FunctionState {
    let f: Prototype
    let previous: FunctionState?
    /// Active blocks, innermost last.
    var blocks: [BlockInfo] = []
    /// pc of the last jump target (instructions before it may not be merged with later ones).
    var lastTarget: Int32 = 0
    /// Index of the function's first local variable in the parser's active-variable list.
    let firstLocal: Int
    /// Index of the function's first label in the parser's label list.
    let firstLabel: Int
    /// Number of active local variables.
    var activeVariables: Int32 = 0
    /// First free register.
    var freeRegister: Int32 = 0
    /// The function must close upvalues when returning.
    var needClose = false

    init(f: Prototype, previous: FunctionState?, firstLocal: Int, firstLabel: Int) {
        self.f = f
        self.previous = previous
        self.firstLocal = firstLocal
        self.firstLabel = firstLabel
    }

    /// Number of instructions so far (the next pc).
    var pc: Int32 { Int32(f.code.count) }
}
