// The compiler's entry point: Lua source text → `Prototype` (the reference's `luaY_parser`
// and `mainfunc`), generating the same code as the reference compiler (Lua 5.4.4): same
// instructions, registers, constants (including the reference's duplicate constants), line
// information and debug information, so `luac5.4 -l -l` listings compare line for line.
//
// Files: Token, Lexer, LexerLiterals (llex.c); FunctionState (lparser.h data);
// ParserScopes, ParserBlocks, ParserExpressions, ParserStatements, ParserDeclarations
// (lparser.c); CodeEmit, CodeConstants, CodeExpressions, CodeOperators, ConstantFolding
// (lcode.c); ChunkID (luaO_chunkid).
//
// Nesting is bounded as in the reference: statements, expression levels and assignment
// targets count "C levels" (200 in all, shared with the caller's), so recursion depth is
// bounded on every target (about 1 KB of stack per level in optimized builds).

/// An error raised while compiling a chunk.
public struct LuaSyntaxError: Error {
    /// How the reference would raise this error.
    public enum Kind: Sendable {
        /// A syntax error (status LUA_ERRSYNTAX), e.g. "x:1: unexpected symbol near '='".
        case syntax
        /// "C stack overflow" from too deep nesting: the reference raises it as a runtime
        /// error, so a message handler active around `load` (as in `lua.c`) sees it.
        case cStackOverflow
        /// A limit of the reference's memory manager ("too many functions (limit is N)"),
        /// also raised as a runtime error without position.
        case limit
        /// Nesting went on past the C-stack limit while already beyond it (LUA_ERRERR).
        case errorInErrorHandling
        /// The compiler's arrays outgrew the memory it was given (`memoryLimit`), "not
        /// enough memory" as the reference's LUA_ERRMEM says; a `LuaState` turns it into
        /// the memory budget error.
        case memory
        /// The compiler's searches (names, labels, gotos) exceeded `workLimit`; a `LuaState`
        /// turns it into the step budget error.
        case workLimit
    }

    /// The message, exactly as the reference reports it.
    public var message: [UInt8]
    /// How the error is raised (a syntax error, or one of the runtime errors of the parser).
    public var kind: Kind

    /// An error with the given message.
    public init(message: [UInt8], kind: Kind = .syntax) {
        self.message = message
        self.kind = kind
    }
}

/// Compiles Lua 5.4 source text into function prototypes.
public enum Compiler {
    /// Compiles a chunk. `chunkName` is as given to `load` ("@file.lua", "=stdin", or the
    /// source text itself). The result is the main function: a vararg function with one
    /// upvalue, `_ENV`.
    public static func compile(source: [UInt8], chunkName: [UInt8]) throws(LuaSyntaxError) -> Prototype {
        try compile(source: source, chunkName: chunkName, cLevel: 2)
    }

    /// Compiles a chunk while `cLevel` "C levels" are already in use by the caller (the
    /// reference counts parser nesting in the same counter as C calls and fails at 200).
    /// `lua5.4 script.lua`, `luac5.4` and `load` called from a main chunk parse at level 2.
    /// `memoryLimit` bounds the compiler's own arrays (code, constants, debug information,
    /// prototypes), counted in the VM's platform-independent units (`Parser.memoryUsed`), so a
    /// chunk whose compiled form would exceed the memory budget fails before it is built.
    /// `work` receives the searches done (see `Parser.work`); past `workLimit` the compile
    /// stops with a `.workLimit` error.
    public static func compile(source: [UInt8], chunkName: [UInt8], cLevel: Int32,
                               memoryLimit: Int64 = Int64.max, workLimit: Int64 = Int64.max,
                               work: inout Int64) throws(LuaSyntaxError) -> Prototype {
        let parser = Parser(source: source, chunkName: chunkName, cLevel: cLevel)
        parser.memoryLimit = memoryLimit
        parser.workLimit = workLimit
        defer { work = parser.work }
        return try parser.mainFunction()
    }

    /// `compile` with a memory limit and no work accounting.
    public static func compile(source: [UInt8], chunkName: [UInt8], cLevel: Int32,
                               memoryLimit: Int64 = Int64.max) throws(LuaSyntaxError) -> Prototype {
        var work: Int64 = 0
        return try compile(source: source, chunkName: chunkName, cLevel: cLevel, memoryLimit: memoryLimit, work: &work)
    }

    /// What `luaL_loadfile` does before parsing a file: drops a UTF-8 byte-order mark and a
    /// first line starting with '#' (keeping its line break so line numbers stay right).
    public static func skipShebang(_ source: [UInt8]) -> [UInt8] {
        var start = 0
        if source.count >= 3 && source[0] == 0xEF && source[1] == 0xBB && source[2] == 0xBF { start = 3 }
        guard start < source.count && source[start] == UInt8(ascii: "#") else {
            return start == 0 ? source : Array(source[start...])
        }
        var i = start
        while i < source.count && source[i] != UInt8(ascii: "\n") { i += 1 }
        // Keep the '\n' (or add one when the file has a single line).
        return [UInt8(ascii: "\n")] + (i < source.count ? Array(source[(i + 1)...]) : [])
    }
}

/// The parser and code generator state for one chunk (the reference's `LexState` plus
/// `Dyndata`); the code generator's functions are extensions of it.
final class Parser {
    let lex: Lexer
    /// The function being compiled.
    var fs: FunctionState
    /// Active local variables of all functions being compiled.
    var activeVariables: [VariableDesc] = []
    /// Pending gotos and active labels.
    var pendingGotos: [LabelDesc] = []
    var activeLabels: [LabelDesc] = []
    /// The constant cache shared by all functions (the reference's scanner table).
    var constantCache = ConstantCache()
    /// C levels in use (parser nesting counts here, as in the reference).
    var cLevel: Int32
    /// Memory the compiled form takes so far, in the VM's units (`countMemory`), and the
    /// most it may take. Counting is cheap and non-throwing where arrays grow; the limit is
    /// checked at every nesting level and statement (`checkMemory`), and one statement or
    /// expression level adds only a bounded amount between two checks.
    var memoryUsed: Int64 = 0
    var memoryLimit: Int64 = Int64.max
    /// Entries examined by the searches whose cost is not proportional to the source
    /// (names among active locals and upvalues, labels, pending gotos: quadratic in the
    /// worst case, as in the reference), and the most allowed; checked with the memory.
    var work: Int64 = 0
    var workLimit: Int64 = Int64.max
    let source: [UInt8]

    init(source: [UInt8], chunkName: [UInt8], cLevel: Int32) {
        self.lex = Lexer(input: source, chunkName: chunkName)
        self.source = ChunkID.cString(chunkName)  // the reference gets names as C strings
        self.cLevel = cLevel
        let main = Prototype()
        self.fs = FunctionState(f: main, previous: nil, firstLocal: 0, firstLabel: 0)
    }

    /// `mainfunc`: the main chunk is a vararg function with the upvalue `_ENV`.
    func mainFunction() throws(LuaSyntaxError) -> Prototype {
        openFunction(fs)
        try setVararg(parameters: 0)
        fs.f.upvalues.append(UpvalueDescription(name: Parser.envName, inStack: true, index: 0,
                                                kind: VariableKind.regular))
        try lex.next()
        try statementList()
        try check(TK.eos)
        try closeFunction()
        return fs.f
    }

    static let envName: [UInt8] = [UInt8]("_ENV")

    /// Counts `bytes` of compiler memory (see `memoryUsed`).
    @inline(__always) func countMemory(_ bytes: Int) { memoryUsed &+= Int64(bytes) }

    /// Counts `n` entries examined by a search (see `work`).
    @inline(__always) func countWork(_ n: Int) { if n > 0 { work &+= Int64(n) } }

    /// Fails with "not enough memory" once the compiled form outgrew `memoryLimit`, or
    /// with a work-limit error once the searches exceeded `workLimit`.
    @inline(__always) func checkMemory() throws(LuaSyntaxError) {
        if memoryUsed > memoryLimit { throw LuaSyntaxError(message: [UInt8]("not enough memory"), kind: .memory) }
        if work > workLimit { throw LuaSyntaxError(message: [UInt8]("compiler work limit exceeded"), kind: .workLimit) }
    }

    /// `enterlevel`: counts one nesting level, failing like the reference's C-stack check.
    func enterLevel() throws(LuaSyntaxError) {
        try checkMemory()
        cLevel &+= 1
        if cLevel >= 200 {
            if cLevel == 200 {
                throw LuaSyntaxError(message: [UInt8]("C stack overflow"), kind: .cStackOverflow)
            } else if cLevel >= 220 {
                throw LuaSyntaxError(message: [UInt8]("error in error handling"), kind: .errorInErrorHandling)
            }
        }
    }

    /// `leavelevel`.
    @inline(__always) func leaveLevel() { cLevel &-= 1 }
}
