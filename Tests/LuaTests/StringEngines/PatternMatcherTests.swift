import Foundation
import TestSupport
import Testing
@testable import Lua

/// The pattern engine against lua5.4's string.find on a corpus of subjects and patterns,
/// including every error message, and a no-trap sweep of random patterns.
@Suite struct PatternMatcherTests {
    /// string.find(s, p) rendered as the Lua script below renders it.
    static func find(_ s: [UInt8], _ p: [UInt8]) -> String {
        s.withUnsafeBufferPointer { sb in
            p.withUnsafeBufferPointer { pb in
                if PatternMatcher.hasNoSpecials(pb) {  // string.find's plain fast path
                    guard let at = PatternMatcher.find(pb, in: sb, from: 0) else { return "nil" }
                    return "\(at + 1) \(at + pb.count)"
                }
                var start = 0
                var patternStart = 0
                let anchored = pb.first == UInt8(ascii: "^")
                if anchored { patternStart = 1 }
                var matcher = PatternMatcher(subject: sb, pattern: pb)
                do {
                    while true {
                        if let end = try matcher.match(at: start, patternStart: patternStart) {
                            var parts = ["\(start + 1)", "\(end)"]
                            for i in 0..<matcher.captureCount {
                                let c = try matcher.capture(i, matchStart: start, matchEnd: end)
                                parts.append(c.isPosition ? "\(c.start + 1)" : "'" + String(decoding: sb[c.start..<c.start + c.length], as: UTF8.self) + "'")
                            }
                            return parts.joined(separator: " ")
                        }
                        start += 1
                        if anchored || start > sb.count { return "nil" }
                    }
                } catch let error as PatternError {
                    return "error: " + String(decoding: error.message, as: UTF8.self)
                } catch {
                    return "unexpected error"
                }
            }
        }
    }

    static let cases: [(String, String)] = [
        ("hello world", "o"), ("hello world", "l+"), ("hello world", "l*"), ("hello world", "l-o"), ("hello", "x?h"),
        ("hello world", "^h"), ("hello world", "^w"), ("hello world", "d$"), ("hello world", "o$"), ("abc", "$"), ("", ".*"),
        ("key = value", "(%w+)%s*=%s*(%w+)"), ("  trim  ", "^%s*(.-)%s*$"), ("f(a(b)c)d", "%b()"), ("[[x]]", "%b[]"),
        ("THE (quick) fox", "%f[%a]%a+"), ("hello", "()ll()"), ("abcabc", "(abc)%1"), ("abab", "(a)(b)%2"),
        ("2024-11-22", "(%d+)-(%d+)-(%d+)"), ("x = 0x1F;", "0x(%x+)"), ("a.b.c", "%."), ("a+b", "[+]"), ("a]b", "[]]"),
        ("a-b", "[a-]"), ("a^b", "[%^]"), ("abc", "[^a]+"), ("ABCdef", "%u+"), ("ABCdef", "%l+"), ("a\tb", "%c"),
        ("a,b;c", "%p"), ("abc123", "%W"), ("abc", "%A"), ("hello", "(h)(e)(l)(l)(o)"), ("aaa", "a-b"), ("aaab", "a-b"),
        ("abc", "(()"), ("abc", "%"), ("abc", "[a"), ("abc", "[%"), ("abc", "(a"), ("abc", "a)"), ("abc", "%1"),
        ("abc", "(a)%2"), ("abc", "%b"), ("abc", "%ba"), ("abc", "%f"), ("abc", "%fa"), ("abc", "%g+"),
        ("x", String(repeating: "(", count: 33) + String(repeating: ")", count: 33)), ("abc", "()%1"),
        (String(repeating: "a", count: 300), String(repeating: "a?", count: 300) + String(repeating: "a", count: 300)),
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "a*a*a*a*a*a*b"), ("one two  three", "%s%s"), ("end", "d%f[%z]"),
        ("THE END", "%f[%w]%w+%f[%W]"), ("[]", "[]]"), ("a", "[^]]"), ("x%y", "%%"), ("tab\there", "[%s]"),
    ]

    @Test func findAgreesWithLua() throws {
        var script = "local function show(ok, ...) if not ok then local m = ... ; m = m:gsub('^[^:]*:%d+: ', ''); print('error: ' .. m) return end\n"
        script += "  local t = table.pack(...) if t[1] == nil then print('nil') return end\n"
        script += "  for i = 1, t.n do if type(t[i]) == 'string' then t[i] = \"'\" .. t[i] .. \"'\" else t[i] = tostring(t[i]) end end\n"
        script += "  print(table.concat(t, ' ', 1, t.n)) end\n"
        for (s, p) in Self.cases { script += "show(pcall(string.find, \(luaQuote(s)), \(luaQuote(p))))\n" }
        let lines = try runLuaScript(script).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, (s, p)) in Self.cases.enumerated() {
            #expect(Self.find(Array(s.utf8), Array(p.utf8)) == lines[i], "find(\(s.prefix(20)), \(p.prefix(40)))")
        }
    }

    /// Random patterns over a small alphabet of special characters never trap.
    @Test func randomPatternsNeverTrap() {
        let alphabet = Array("()%[]^$*+-?.ab1fbx".utf8)
        var random = SplitMix(seed: 42)
        for _ in 0..<20000 {
            var p: [UInt8] = []
            let state = random.next()
            for k in 0..<Int(state >> 60) { p.append(alphabet[Int((state >> UInt64(k * 4 % 56)) & 0xF) % alphabet.count]) }
            _ = Self.find(Array("ab(ba)[x]1f".utf8), p)
        }
    }
}

/// A Lua string literal for `s` (decimal escapes for anything unusual).
func luaQuote(_ s: String) -> String {
    var out = "\""
    for b in s.utf8 {
        if b >= 0x20 && b < 0x7F && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") { out.append(Character(Unicode.Scalar(b))) } else { out += "\\\(b)" }
    }
    return out + "\""
}

/// Runs a Lua script with the reference interpreter and returns its standard output.
func runLuaScript(_ script: String) throws -> String {
    let data = try ProcessRunner.run("/usr/bin/lua5.4", ["-"], input: Array(script.utf8)).stdout
    return String(decoding: data, as: UTF8.self)
}
