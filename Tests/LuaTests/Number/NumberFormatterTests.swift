import Foundation
import Testing
@testable import Lua

/// The number formatter against glibc's snprintf (the reference interpreter's formatter on
/// this platform) over many generated doubles and format specs, and `tostring` against lua5.4.
@Suite struct NumberFormatterTests {
    /// glibc's rendering of one double.
    func glibc(_ format: String, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 2048)
        _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        return String(cString: buffer)
    }

    func glibc(_ format: String, _ value: Int64) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        return String(cString: buffer)
    }

    func ours(_ format: String, _ value: Double) -> String {
        let bytes = Array(format.utf8)
        guard case .success(let (spec, end)) = FormatSpec.parse(bytes, at: 1) else { return "<spec error>" }
        var out: [UInt8] = []
        NumberFormatter.append(value, spec: spec, to: &out)
        out.append(contentsOf: bytes[end...])
        return String(decoding: out, as: UTF8.self)
    }

    func ours(_ format: String, _ value: Int64) -> String {
        let bytes = Array(format.utf8)
        guard case .success(let (spec, end)) = FormatSpec.parse(bytes, at: 1) else { return "<spec error>" }
        var out: [UInt8] = []
        NumberFormatter.append(value, spec: spec, to: &out)
        out.append(contentsOf: bytes[end...])
        return String(decoding: out, as: UTF8.self)
    }

    /// A fixed-seed generator of interesting doubles: random bit patterns, integers, powers,
    /// decimal fractions, halfway cases, subnormals and extremes.
    static func sampleDoubles(count: Int) -> [Double] {
        var state: UInt64 = 0x2545F4914F6CDD1D
        func next() -> UInt64 { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state }
        var values: [Double] = [0, -0.0, 1, -1, 0.5, 0.1, 0.2, 0.3, 1.5, 2.5, 0.125, 1e14, 1e15, 1e16, 1e-5, 1e-4,
                                123456789012345678, 9007199254740993, 1e308, 1.7976931348623157e308,
                                5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 100, 1e21, 1e22, 1e23,
                                0.000123456789, 3.14159265358979, 2.718281828459045, 1.0 / 3.0, 2.0 / 3.0, 9.5, 10.5,
                                0.05, 0.15, 0.25, 0.35, 999999.5, 9999999999999.5, 0.9999999999999999]
        for _ in 0..<count {
            switch next() % 5 {
            case 0: values.append(Double(bitPattern: next()))
            case 1: values.append(Double(Int64(bitPattern: next()) >> Int64(next() % 60)))
            case 2: values.append(Double(next() % 100_000) / 1000 + 0.0005)
            case 3: values.append(Double(Int64(next() % 2_000_001) - 1_000_000) * 0.5)
            default: values.append(Double(sign: .plus, exponent: Int(next() % 2000) - 1000, significand: 1 + Double(next() % 1024) / 1024))
            }
        }
        return values.filter { $0.isFinite }
    }

    @Test func tostringFormatMatchesGlibcG14() {
        for value in Self.sampleDoubles(count: 4000) {
            var out: [UInt8] = []
            NumberFormatter.appendG14(value, to: &out)
            #expect(String(decoding: out, as: UTF8.self) == glibc("%.14g", value), "\(value.bitPattern)")
        }
    }

    @Test(arguments: ["%e", "%.0e", "%.3e", "%.17e", "%E", "%f", "%.0f", "%.3f", "%.20f", "%#.0f", "%g", "%.0g", "%.1g",
                      "%.17g", "%#g", "%G", "%+g", "% .3e", "%12.4f", "%-12.4f|", "%012.4f", "%+012.3e", "%a", "%A",
                      "%.0a", "%.3a", "%.20a", "%#a", "%20a", "%-+20.2a|", "%099.99f"])
    func conversionsMatchGlibc(format: String) {
        var mismatches = 0
        for value in Self.sampleDoubles(count: 600) {
            let expected = glibc(format, value)
            let actual = ours(format, value)
            if expected != actual {
                mismatches += 1
                if mismatches < 5 { Issue.record("\(format) of \(value) (bits \(value.bitPattern)): \(actual) != \(expected)") }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func hugeFixedPrecision() {
        for value in [1e308, -1.7976931348623157e308, 5e-324, 0.1] {
            #expect(ours("%.99f", value) == glibc("%.99f", value))
        }
    }

    @Test(arguments: ["%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%.0d", "%08.3d", "%x", "%X", "%#x", "%#X",
                      "%o", "%#o", "%#.0o", "%10.5x", "%-#10x|", "%i", "%u"])
    func integerConversionsMatchGlibc(format: String) {
        var state: UInt64 = 99
        var values: [Int64] = [0, 1, -1, 42, Int64.max, Int64.min, 255, -255, 4096]
        for _ in 0..<300 { state = state &* 6364136223846793005 &+ 1; values.append(Int64(bitPattern: state) >> Int64(state % 63)) }
        let cFormat = format.replacingOccurrences(of: "d", with: "lld").replacingOccurrences(of: "i", with: "lli")
            .replacingOccurrences(of: "x", with: "llx").replacingOccurrences(of: "X", with: "llX")
            .replacingOccurrences(of: "o", with: "llo").replacingOccurrences(of: "u", with: "llu")
        for v in values { #expect(ours(format, v) == glibc(cFormat, v), "\(format) \(v)") }
    }

    @Test func nonFiniteValues() {
        #expect(ours("%f", .infinity) == "inf")
        #expect(ours("%+E", .infinity) == "+INF")
        #expect(ours("%05.1f", -.infinity) == " -inf")
        #expect(ours("%g", .nan) == "-nan")  // the one NaN spelling (documented choice)
        #expect(ours("%5.1f", .nan) == " -nan")
        #expect(glibc("%05.1f", -.infinity) == " -inf")
    }

    @Test func specParsingFollowsLua544() {
        func error(_ f: String) -> String? {
            if case .failure(let e) = FormatSpec.parse(Array(f.utf8), at: 1) { return String(decoding: e.message, as: UTF8.self) }
            return nil
        }
        #expect(error("%10.123d") == "invalid conversion specification: '%10.123d'")
        #expect(error("%123d") == "invalid conversion specification: '%123d'")
        #expect(error("%y") == "invalid conversion '%y' to 'format'")
        #expect(error("%05c") == "invalid conversion specification: '%05c'")
        #expect(error("%#d") == "invalid conversion specification: '%#d'")
        #expect(error("%-----------------------d") == "invalid format (too long)")
        #expect(error("%10q") == "specifier '%q' cannot have modifiers")
        #expect(error("%-5.2s") == nil)
        #expect(error("%99.99f") == nil)
    }

    /// `tostring` against the reference interpreter itself.
    @Test func tostringMatchesLua() throws {
        let values = Self.sampleDoubles(count: 300)
        var script = ""
        for v in values { script += "print(string.format('%a', \(hex(v))) == '' or tostring(\(hex(v))))\n" }
        let lines = try runLua(script).split(separator: "\n", omittingEmptySubsequences: false)
        for (i, v) in values.enumerated() {
            #expect(String(decoding: NumberFormatter.format(v), as: UTF8.self) == String(lines[i]), "\(v)")
        }
    }

    func hex(_ v: Double) -> String { glibc("%a", v) }
}

/// Runs a Lua script with the reference interpreter and returns its standard output.
func runLua(_ script: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/lua5.4")
    process.arguments = ["-"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(script.data(using: .utf8)!)
    input.fileHandleForWriting.closeFile()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}
