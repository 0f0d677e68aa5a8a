// Function prototypes: what the compiler produces and the VM runs.

/// A constant in a prototype's constant table.
///
/// Strings are raw bytes (Lua strings are byte strings); the VM interns them into its own
/// heap when it first instantiates the prototype.
public enum Constant: Equatable {
    case nil_
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string([UInt8])

    /// Constants compare by kind and raw value; `float` compares bit patterns so that
    /// `0.0` and `-0.0` (and NaNs) stay distinct entries, as the reference's constant table does.
    public static func == (l: Constant, r: Constant) -> Bool {
        switch (l, r) {
        case (.nil_, .nil_): true
        case let (.bool(x), .bool(y)): x == y
        case let (.int(x), .int(y)): x == y
        case let (.float(x), .float(y)): x.bitPattern == y.bitPattern
        case let (.string(x), .string(y)): x == y
        default: false
        }
    }
}

/// Describes how a closure captures one upvalue.
public struct UpvalueDescription {
    /// The upvalue's name, for debug information (`_ENV` for the main chunk's environment).
    public var name: [UInt8]
    /// True when the upvalue is a register of the enclosing function, false when it is one of
    /// the enclosing function's own upvalues.
    public var inStack: Bool
    /// The register or upvalue index in the enclosing function.
    public var index: UInt8
    /// The kind of variable: 0 regular, 1 `<const>`, 2 `<close>`, 3 compile-time constant.
    public var kind: UInt8

    public init(name: [UInt8], inStack: Bool, index: UInt8, kind: UInt8) {
        self.name = name; self.inStack = inStack; self.index = index; self.kind = kind
    }
}

/// A local variable's name and the pc range where it is active (debug information).
public struct LocalVariable {
    public var name: [UInt8]
    /// First instruction where the variable is active.
    public var startPC: Int32
    /// First instruction where the variable is dead.
    public var endPC: Int32

    public init(name: [UInt8], startPC: Int32, endPC: Int32) {
        self.name = name; self.startPC = startPC; self.endPC = endPC
    }
}

/// A compiled function: code, constants, nested functions and debug information.
///
/// Prototypes are immutable once compiled and shared by all closures made from them.
public final class Prototype {
    public var code: [Instruction] = []
    public var constants: [Constant] = []
    public var prototypes: [Prototype] = []
    public var upvalues: [UpvalueDescription] = []
    /// Source line of each instruction (same length as `code`).
    public var lineInfo: [Int32] = []
    public var localVariables: [LocalVariable] = []
    public var numParams: UInt8 = 0
    public var isVararg: Bool = false
    /// Registers this function needs (the VM reserves them on each call).
    public var maxStackSize: UInt8 = 2
    /// Line where the function starts (0 for the main chunk).
    public var lineDefined: Int32 = 0
    /// Line where the function ends (0 for the main chunk).
    public var lastLineDefined: Int32 = 0
    /// The chunk name as given to `load` (e.g. `@script.lua`, `=stdin` or the source text).
    public var source: [UInt8] = []

    public init() {}
}
