// Heap object layouts (other than strings, tables and threads, which have their own files).
//
// Every heap object is a plain struct in memory the VM allocates itself; values and other
// objects refer to it by address. The heap's registry (GC/Heap.swift) lists every object with
// its kind, and the collector frees the unreachable ones. Objects never move.

/// The kinds of heap objects.
enum ObjectKind: UInt8 {
    case string, table, luaClosure, nativeClosure, upvalue, proto, thread, userdata
}

/// A Lua function: a prototype plus its upvalues (which follow the struct in memory).
struct LuaClosureObject {
    var marked: Bool
    var upvalueCount: Int32
    /// Per-run object number, shown by `tostring` instead of an address.
    var id: Int64
    var proto: UnsafeMutablePointer<ProtoObject>
    /// The upvalue slots (tail-allocated right after this struct).
    var upvalues: UnsafeMutablePointer<UnsafeMutablePointer<UpvalueObject>>
}

/// A variable captured by closures. While "open" it lives in a thread's stack slot
/// (`value` points there); when its scope ends it is "closed": copied into the object's own
/// slot (`closedSlot`, allocated just before this header).
struct UpvalueObject {
    var marked: Bool
    var isOpen: Bool
    /// Per-run number (what `debug.upvalueid` returns).
    var id: Int64
    /// Where the variable currently is: a stack slot while open, `closedSlot` when closed.
    var value: UnsafeMutablePointer<LuaValue>
    /// Stack index of the variable while open (used to re-point after a stack reallocation).
    var stackIndex: Int
    /// Next open upvalue of the same thread (list sorted by decreasing stack index).
    var openNext: UnsafeMutablePointer<UpvalueObject>?
}

extension UnsafeMutablePointer where Pointee == UpvalueObject {
    /// The slot that holds the variable once the upvalue is closed.
    @inline(__always) var closedSlot: UnsafeMutablePointer<LuaValue> {
        (UnsafeMutableRawPointer(self) - MemoryLayout<LuaValue>.stride).assumingMemoryBound(to: LuaValue.self)
    }
}

/// The signature of a native (Swift) function callable from Lua.
///
/// The function reads its arguments through `L` (`L.argumentCount`, `L.argument(i)`, the
/// `check…` helpers), pushes its results with `L.push(_:)`, and returns how many values it
/// pushed (the topmost ones are the results). See `Sources/Lua/README.md`.
public typealias LuaNativeFunction = (_ L: LuaState) throws(LuaError) -> Int

/// Native functions whose calls are state transitions of the interpreter loop rather than
/// ordinary Swift calls (so that they do not recurse on the Swift stack and can yield).
enum SpecialFunction: UInt8 {
    case none, pcall, xpcall, yield, resume, wrapCall, pairs, dofile
}

/// A native function with optional upvalues (which follow the struct in memory).
struct NativeClosureObject {
    var marked: Bool
    var special: SpecialFunction
    var upvalueCount: Int32
    var id: Int64
    var function: LuaNativeFunction
    /// Name for tracebacks when no better name is known (e.g. "print").
    var name: StaticString
    /// The upvalues (tail-allocated).
    var upvalues: UnsafeMutablePointer<LuaValue>
}

/// A prototype instantiated in the heap: code and constants in VM-owned buffers so the
/// interpreter reads them without reference counting, plus the compiler's `Prototype` for
/// debug information (line numbers, variable names) used only when something goes wrong.
struct ProtoObject {
    var marked: Bool
    var numParams: UInt8
    var isVararg: Bool
    var maxStackSize: UInt8
    var codeCount: Int32
    var constantCount: Int32
    var protoCount: Int32
    var upvalueCount: Int32
    var code: UnsafeMutablePointer<Instruction>
    var constants: UnsafeMutablePointer<LuaValue>
    var protos: UnsafeMutablePointer<UnsafeMutablePointer<ProtoObject>>
    /// For each upvalue: 1 if it captures a register of the enclosing function.
    var upvalueInStack: UnsafeMutablePointer<UInt8>
    /// For each upvalue: the register or enclosing upvalue index.
    var upvalueIndex: UnsafeMutablePointer<UInt8>
    var info: Prototype
}

/// Full userdata: a block of bytes with a metatable and at most one user value.
struct UserdataObject {
    var marked: Bool
    /// Whether `userValue` exists (lua_newuserdatauv with 1 or 0 user values).
    var hasUserValue: Bool
    /// Marked for finalization (GC/Finalizers.swift).
    var toFinalize = false
    var id: Int64
    var metatable: UnsafeMutablePointer<TableObject>?
    var userValue: LuaValue
    var byteCount: Int
    /// The bytes (tail-allocated).
    var bytes: UnsafeMutableRawPointer
}

extension LuaValue {
    @inline(__always) var luaClosure: UnsafeMutablePointer<LuaClosureObject> {
        object.assumingMemoryBound(to: LuaClosureObject.self)
    }
    @inline(__always) var nativeClosure: UnsafeMutablePointer<NativeClosureObject> {
        object.assumingMemoryBound(to: NativeClosureObject.self)
    }
    @inline(__always) var userdataObject: UnsafeMutablePointer<UserdataObject> {
        object.assumingMemoryBound(to: UserdataObject.self)
    }
    @inline(__always) init(_ p: UnsafeMutablePointer<LuaClosureObject>) {
        self.init(object: UnsafeMutableRawPointer(p), tag: .luaFunction)
    }
    @inline(__always) init(_ p: UnsafeMutablePointer<NativeClosureObject>) {
        self.init(object: UnsafeMutableRawPointer(p), tag: .nativeFunction)
    }
    @inline(__always) init(_ p: UnsafeMutablePointer<UserdataObject>) {
        self.init(object: UnsafeMutableRawPointer(p), tag: .userdata)
    }
}

/// Platform-independent memory costs (bytes) charged for each object, modelled on the
/// reference implementation's 64-bit sizes. They drive `collectgarbage("count")`, collector
/// pacing and the memory budget identically on every target.
enum MemoryCost {
    static let stringHeader: Int64 = 24      // + length + 1
    static let table: Int64 = 56
    static let arraySlot: Int64 = 16
    static let hashNode: Int64 = 32
    static let luaClosure: Int64 = 32        // + 8 per upvalue
    static let closureUpvalueSlot: Int64 = 8
    static let nativeClosure: Int64 = 32     // + 16 per upvalue
    static let upvalue: Int64 = 40
    static let proto: Int64 = 128            // + code, constants, debug info
    static let thread: Int64 = 208           // + stack slots and call frames
    static let stackSlot: Int64 = 16
    static let callFrame: Int64 = 64
    static let userdata: Int64 = 40          // + size
}
