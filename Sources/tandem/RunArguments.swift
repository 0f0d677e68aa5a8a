// The command line of `tandem run`, read the way lua.c reads its own (lua.c: collectargs,
// runargs): options come first and in order (`-e` and `-l` run in the order given), the first
// argument that is not an option is the script, and everything after it belongs to the script.
// swift-argument-parser cannot express that order-sensitivity, so this small reader does it
// and the command declares the rest.

import ArgumentParser

/// The parsed `tandem run` command line.
struct RunArguments {
    /// One `-e STAT`, `-l NAME` or `-W` in command-line order (lua.c's runargs).
    enum Action: Equatable {
        case execute(String)
        case require(name: String, global: String)
        case warningsOn
    }

    /// A command line lua.c refuses (collectargs → print_usage): reported as lua.c does, with
    /// the usage text, and exit status 1.
    struct UsageError: Error {
        /// The offending argument, e.g. "-x" or "-e" (without its statement).
        var option: String
    }

    var actions: [Action] = []
    /// Whether a `-e` was given (lua.c's has_e: then standard input is not run).
    var hasExecute: Bool { actions.contains { if case .execute = $0 { true } else { false } } }
    var script: String?
    var scriptArguments: [String] = []
    /// Options before the script, for `arg[-n]…arg[-1]` as lua.c sets them.
    var interpreterArguments: [String] = []
    var json = false
    var interactive = false
    var version = false
    var warnings = false
    var ignoreEnvironment = false
    var seed: UInt64?
    var hostTime: Int64?
    var inputPath: String?
    var steps: Int64?
    var memoryBytes: Int64?
    var outputBytes: Int64?
    var callDepth: Int32?
    var modules: [(name: String, path: String)] = []

    /// Reads `arguments` (what follows `tandem run`).
    init(_ arguments: [String]) throws {
        var index = 0
        func value(_ name: String) throws -> String {
            index += 1
            guard index < arguments.count else { throw ValidationError("'\(name)' needs argument") }
            return arguments[index]
        }
        /// The statement or module of `-e`/`-l`: lua.c refuses a missing one and one that
        /// looks like an option.
        func operand(_ name: String) throws -> String {
            guard index + 1 < arguments.count, !arguments[index + 1].hasPrefix("-") else { throw UsageError(option: name) }
            index += 1
            return arguments[index]
        }
        func integer(_ name: String) throws -> Int64 {
            let text = try value(name)
            guard let n = Int64(text) else { throw ValidationError("'\(name)' needs an integer, not '\(text)'") }
            return n
        }
        parsing: while index < arguments.count {
            let a = arguments[index]
            switch a {
            case "--json": json = true
            case "--seed": seed = UInt64(bitPattern: try integer(a))
            case "--host-time": hostTime = try integer(a)
            case "--input": inputPath = try value(a)
            case "--steps": steps = try integer(a)
            case "--memory-bytes": memoryBytes = try integer(a)
            case "--output-bytes": outputBytes = try integer(a)
            case "--call-depth": callDepth = Int32(clamping: try integer(a))
            case "--module":
                let spec = try value(a)
                guard let eq = spec.firstIndex(of: "="), eq != spec.startIndex else { throw ValidationError("--module needs NAME=FILE") }
                modules.append((String(spec[..<eq]), String(spec[spec.index(after: eq)...])))
            case "-e": actions.append(.execute(try operand(a)))
            case "-l": actions.append(Self.require(try operand(a)))
            case "-i": interactive = true; version = true
            case "-v": version = true
            case "-W": warnings = true; actions.append(.warningsOn)
            case "-E": ignoreEnvironment = true
            case "--": index += 1; break parsing
            case "-": break parsing
            default:
                if a.hasPrefix("-e") { actions.append(.execute(String(a.dropFirst(2)))) }
                else if a.hasPrefix("-l") { actions.append(Self.require(String(a.dropFirst(2)))) }
                else if a.hasPrefix("-") { throw UsageError(option: a) }
                else { break parsing }
            }
            index += 1
        }
        interpreterArguments = Array(arguments[..<index])
        if index < arguments.count {
            script = arguments[index]
            scriptArguments = Array(arguments[(index + 1)...])
        }
    }

    /// `-l g=mod` requires `mod` into global `g`; `-l mod` into global `mod` (lua.c dolibrary).
    static func require(_ spec: String) -> Action {
        if let eq = spec.firstIndex(of: "=") {
            return .require(name: String(spec[spec.index(after: eq)...]), global: String(spec[..<eq]))
        }
        return .require(name: spec, global: spec)
    }
}
