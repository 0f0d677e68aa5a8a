// Lua values.
//
// A value is a trivial 16-byte struct: a one-byte tag and an 8-byte payload. The payload holds
// an integer, the bits of a double, or the address of a heap object owned by the VM's heap
// (see GC/Heap.swift). Copying a value never touches a reference count, which keeps
// retain/release traffic out of the interpreter loop; the tracing collector decides when a
// heap object dies.

/// The tag of a value: its type, and its variant for numbers, strings and functions.
@usableFromInline
enum ValueTag: UInt8, Sendable {
    case nil_ = 0, false_, true_, integer, float
    /// A light userdata: the payload is an identity number, not an address (what
    /// `debug.upvalueid` returns); compared by identity, never collected.
    case lightUserdata
    case shortString, longString
    case table, luaFunction, nativeFunction, userdata, thread
    /// A collected key left in a table's hash part (never visible to Lua code).
    case deadKey
}

/// A Lua value.
///
/// Values referring to heap objects (strings, tables, functions, userdata, threads) are valid
/// only while the object is reachable from the VM (its stack, globals, registry, upvalues,
/// ...). A native function may keep values in Swift variables while it runs; across a call
/// back into Lua only values on the Lua stack survive a collection (see `Sources/Lua/README.md`).
public struct LuaValue: Sendable {
    @usableFromInline var payload: UInt64
    @usableFromInline var tag: ValueTag

    @inlinable @inline(__always)
    init(tag: ValueTag, payload: UInt64) { self.tag = tag; self.payload = payload }

    /// `nil`.
    public static let `nil` = LuaValue(tag: .nil_, payload: 0)
    /// `true`.
    public static let `true` = LuaValue(tag: .true_, payload: 0)
    /// `false`.
    public static let `false` = LuaValue(tag: .false_, payload: 0)

    /// A boolean value.
    @inlinable @inline(__always)
    public static func bool(_ b: Bool) -> LuaValue { LuaValue(tag: b ? .true_ : .false_, payload: 0) }
    /// An integer (subtype integer of type number).
    @inlinable @inline(__always)
    public static func integer(_ i: Int64) -> LuaValue { LuaValue(tag: .integer, payload: UInt64(bitPattern: i)) }
    /// A float (subtype float of type number).
    @inlinable @inline(__always)
    public static func float(_ d: Double) -> LuaValue { LuaValue(tag: .float, payload: d.bitPattern) }

    @inline(__always)
    init(object: UnsafeMutableRawPointer, tag: ValueTag) {
        self.tag = tag
        self.payload = UInt64(UInt(bitPattern: object))
    }

    // MARK: Type tests

    /// True for `nil`.
    @inlinable public var isNil: Bool { @inline(__always) get { tag == .nil_ } }
    /// True for `nil` and `false` (the values that test false).
    @inlinable public var isFalsy: Bool { @inline(__always) get { tag.rawValue <= ValueTag.false_.rawValue } }
    /// True for booleans.
    public var isBoolean: Bool { tag == .true_ || tag == .false_ }
    /// True for integers.
    @inlinable public var isInteger: Bool { @inline(__always) get { tag == .integer } }
    /// True for floats.
    @inlinable public var isFloat: Bool { @inline(__always) get { tag == .float } }
    /// True for numbers (integers and floats).
    @inlinable public var isNumber: Bool { @inline(__always) get { tag == .integer || tag == .float } }
    /// True for strings.
    @inlinable public var isString: Bool { @inline(__always) get { tag == .shortString || tag == .longString } }
    /// True for tables.
    @inlinable public var isTable: Bool { @inline(__always) get { tag == .table } }
    /// True for functions (Lua or native).
    public var isFunction: Bool { tag == .luaFunction || tag == .nativeFunction }
    /// True for coroutines.
    public var isThread: Bool { tag == .thread }
    /// True for full userdata.
    public var isUserdata: Bool { tag == .userdata }
    /// True for light userdata.
    public var isLightUserdata: Bool { tag == .lightUserdata }
    /// A light userdata whose identity is `id` (the reference's `lua_pushlightuserdata` of a
    /// pointer; here a per-run number, so `tostring` gives the same text on every target).
    public static func lightUserdata(_ id: Int64) -> LuaValue { LuaValue(tag: .lightUserdata, payload: UInt64(bitPattern: id)) }
    /// True if the value refers to a heap object.
    var isCollectable: Bool { tag.rawValue >= ValueTag.shortString.rawValue && tag != .deadKey }

    // MARK: Payload access (callers check the tag first)

    /// The integer payload (valid when `isInteger`).
    @inlinable public var integerPayload: Int64 { @inline(__always) get { Int64(bitPattern: payload) } }
    /// The float payload (valid when `isFloat`).
    @inlinable public var floatPayload: Double { @inline(__always) get { Double(bitPattern: payload) } }

    /// The integer, if this value is an integer.
    public var asInteger: Int64? { tag == .integer ? Int64(bitPattern: payload) : nil }
    /// The number as a double, if this value is a number (no string coercion).
    @inlinable public var asDouble: Double? {
        @inline(__always) get {
        switch tag {
        case .integer: Double(Int64(bitPattern: payload))
        case .float: Double(bitPattern: payload)
        default: nil
        }
        }
    }
    /// The boolean, if this value is a boolean.
    public var asBool: Bool? { tag == .true_ ? true : (tag == .false_ ? false : nil) }

    /// The heap object address (valid when the value is collectable).
    @inline(__always)
    var object: UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: UInt(truncatingIfNeeded: payload)).unsafelyUnwrapped
    }

    /// The type of this value, as the Lua `type` function names it.
    public var typeName: StaticString { tag.typeName }

    /// The basic type of this value, for the per-type metatables.
    var basicType: BasicType {
        switch tag {
        case .nil_, .deadKey: .nil_
        case .false_, .true_: .boolean
        case .integer, .float: .number
        case .shortString, .longString: .string
        case .table: .table
        case .luaFunction, .nativeFunction: .function
        case .userdata: .userdata
        case .lightUserdata: .lightUserdata
        case .thread: .thread
        }
    }

    /// Identity for raw equality of non-number, non-string values (same tag and payload).
    @inline(__always)
    func sameBits(_ other: LuaValue) -> Bool { tag == other.tag && payload == other.payload }
}

/// The basic Lua types (the reference's LUA_T* numbering order).
enum BasicType: Int {
    case nil_ = 0, boolean, lightUserdata, number, string, table, function, userdata, thread
    static let count = 9
}

extension ValueTag {
    /// The type name used by `type` and in error messages.
    var typeName: StaticString {
        switch self {
        case .nil_, .deadKey: "nil"
        case .false_, .true_: "boolean"
        case .integer, .float: "number"
        case .shortString, .longString: "string"
        case .table: "table"
        case .luaFunction, .nativeFunction: "function"
        case .userdata, .lightUserdata: "userdata"
        case .thread: "thread"
        }
    }
}

extension StaticString {
    /// The bytes of a static (ASCII) string.
    var bytes: [UInt8] { [UInt8](self) }
}

extension Array where Element == UInt8 {
    /// The bytes of a static string: `[UInt8]("attempt to call")`.
    ///
    /// Every fixed message and name of the core is made this way rather than with
    /// `Array("…".utf8)` on purpose: that goes through `String`, and in the wasm module it
    /// linked String's UTF-8 view and encoding checks (about 10 kB) and called them from
    /// some 270 places.
    @inline(never)
    public init(_ text: StaticString) {
        self = text.withUTF8Buffer { Array($0) }
    }
}
