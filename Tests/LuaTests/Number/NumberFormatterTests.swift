import TestSupport
import Foundation
import Testing
@testable import Lua

/// The number formatter against glibc's snprintf (the reference interpreter's formatter on this
/// platform) over many generated doubles and format specs, and against `lua5.4` itself for
/// `tostring`, `string.format` and spec errors.
@Suite struct NumberFormatterTests {
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

    static func sample(_ count: Int, seed: UInt64) -> [Double] {
        var random = SplitMix(seed: seed)
        var values: [Double] = [0, -0.0, 1, -1, 0.5, 0.1, 0.2, 0.3, 1.5, 2.5, 0.125, 1e14, 1e15, 1e16, 1e-5, 1e-4,
                                123456789012345680, 9007199254740992, 1e308, 1.7976931348623157e308, -1.7976931348623157e308,
                                .leastNonzeroMagnitude, 2 * .leastNonzeroMagnitude, 2.2250738585072014e-308, Double.leastNormalMagnitude.nextDown, 100, 1e21, 1e22, 1e23,
                                0.000123456789, 3.14159265358979, 2.718281828459045, 1.0 / 3.0, 2.0 / 3.0, 9.5, 10.5,
                                0.05, 0.15, 0.25, 0.35, 999999.5, 9999999999999.5, 99999999999999.5, 0.9999999999999999,
                                99.5, 9.95, 0.0000995, 0.00009999999999999999, 99999999999999.99, 1e100, 123456.789e-300]
        for _ in 0..<count {
            let d = random.interestingDouble()
            values.append(random.below(4) == 0 ? -d : d)
        }
        return values
    }

    @Test func tostringMatchesGlibcG14() {
        var mismatches = 0
        for value in Self.sample(20000, seed: 1) + [.infinity, -.infinity] {
            var expected = NumberReference.printf("%.14g", value)
            if expected.allSatisfy({ $0 == "-" || $0.isNumber }) { expected += ".0" }
            let actual = String(decoding: NumberFormatter.format(value), as: UTF8.self)
            if actual != expected {
                mismatches += 1
                if mismatches < 5 { Issue.record("tostring(\(value)) bits \(value.bitPattern): \(actual) != \(expected)") }
            }
            var g14: [UInt8] = []
            NumberFormatter.appendG14(value, to: &g14)
            #expect(String(decoding: g14, as: UTF8.self) == NumberReference.printf("%.14g", value))
        }
        #expect(mismatches == 0)
    }

    static let floatFormats = [
        "%e", "%.0e", "%.1e", "%.3e", "%.15e", "%.16e", "%.17e", "%.25e", "%.99e", "%E", "%#.0e",
        "%f", "%.0f", "%.1f", "%.3f", "%.10f", "%.17f", "%.20f", "%.99f", "%#.0f", "%+.0f",
        "%g", "%.0g", "%.1g", "%.2g", "%.14g", "%.15g", "%.16g", "%.17g", "%.18g", "%.30g", "%.99g",
        "%#g", "%#.1g", "%#.2g", "%#.14g", "%#.20g", "%G", "%+g", "% .3e", "%12.4f", "%-12.4f|", "%012.4f",
        "%+012.3e", "%-+20.2e|", "% 030.10g", "%099.99f", "%99.99e", "%5g", "%-#15.3G|",
        "%a", "%A", "%.0a", "%.1a", "%.3a", "%.12a", "%.13a", "%.20a", "%#a", "%#.0a", "%20a", "%-+20.2a|", "%030a",
    ]

    @Test(arguments: floatFormats)
    func conversionsMatchGlibc(format: String) {
        var mismatches = 0
        for value in Self.sample(1000, seed: UInt64(format.utf8.reduce(7) { $0 &* 31 &+ Int($1) }.magnitude)) {
            let expected = NumberReference.printf(format, value)
            let actual = ours(format, value)
            if expected != actual {
                mismatches += 1
                if mismatches < 5 { Issue.record("\(format) of \(value) (bits \(value.bitPattern)): \(actual) != \(expected)") }
            }
        }
        #expect(mismatches == 0)
    }

    /// The fast digit generator agrees with the exact expansion whenever it answers, and it
    /// answers for nearly every value (otherwise tostring silently takes the slow path).
    @Test func fastDigitsAgreeWithExactExpansion() {
        var answered = 0, asked = 0
        for value in Self.sample(3000, seed: 3) where value != 0 {
            let magnitude = value.magnitude
            let exact = DecimalDigits(exactly: magnitude)
            for count in [1, 2, 6, 14, 17] {
                asked += 1
                guard let fast = FastDigits.significant(magnitude, count: count) else { continue }
                answered += 1
                let rounded = exact.rounded(toDigits: count)
                var digits: UInt64 = 0
                for i in 0..<count { digits = digits * 10 + UInt64(rounded[i]) }
                #expect(fast.digits == digits && fast.exponent == rounded.point - 1, "\(value) at \(count) digits")
            }
            if let fixed = FastDigits.fixed(magnitude, fractionDigits: 3) {
                let rounded = exact.rounded(toDigits: exact.point + 3)
                var digits: UInt64 = 0
                for i in 0..<max(0, rounded.point + 3) { digits = digits * 10 + UInt64(rounded[i]) }
                #expect(fixed == digits, "\(value) %.3f")
            }
        }
        #expect(answered * 100 >= asked * 97, "fast path answered \(answered) of \(asked)")
    }

    @Test func extremeMagnitudesAtFullPrecision() {
        let values: [Double] = [1e308, -1.7976931348623157e308, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, 2.2250738585072014e-308, 0.1, 1e-300, 1e22, 2.0.squareRoot()]
        for value in values {
            for format in ["%.99f", "%99.99f", "%-99.99f", "%.99e", "%.99g", "%#.99g", "%.99a", "%f", "%.0f"] {
                #expect(ours(format, value) == NumberReference.printf(format, value), "\(format) \(value)")
            }
        }
        #expect(ours("%.99f", 1e308).utf8.count == 409)
    }

    @Test func nonFiniteValuesMatchGlibcNegativeNaN() {
        // One NaN spelling on every target: whatever NaN comes in, we print what glibc prints
        // for a NaN with the sign bit set (the x86-64 default NaN of 0/0).
        let negativeNaN = -Double.nan
        let positiveNaN = Double(bitPattern: 0x7FF8_0000_0000_0001)
        for format in ["%f", "%5.1f", "%-8e|", "%+g", "% G", "%010f", "%a", "%A", "%#.3E", "%-+12g|", "%.0f"] {
            for value in [Double.infinity, -Double.infinity] {
                #expect(ours(format, value) == NumberReference.printf(format, value), "\(format) \(value)")
            }
            #expect(ours(format, positiveNaN) == NumberReference.printf(format, negativeNaN), "\(format) nan")
            #expect(ours(format, negativeNaN) == NumberReference.printf(format, negativeNaN), "\(format) -nan")
        }
        #expect(NumberFormatter.format(Double.nan) == Array("-nan".utf8))
        #expect(NumberFormatter.format(-Double.nan) == Array("-nan".utf8))
        #expect(NumberFormatter.format(Double.infinity) == Array("inf".utf8))
        #expect(NumberFormatter.format(-Double.infinity) == Array("-inf".utf8))
    }

    @Test(arguments: ["%d", "%5d", "%-5d|", "%05d", "%+d", "% d", "%.3d", "%.0d", "%08.3d", "%x", "%X", "%#x", "%#X",
                      "%o", "%#o", "%#.0o", "%#.3o", "%10.5x", "%-#10x|", "%i", "%u", "%+.0i", "%099d", "%-99.99d|", "%#099x",
                      "%.99o", "%5c", "%-3c|", "%c"])
    func integerConversionsMatchGlibc(format: String) {
        var random = SplitMix(seed: 99)
        var values: [Int64] = [0, 1, -1, 42, Int64.max, Int64.min, 255, -255, 4096, 65, 200]
        for _ in 0..<500 { values.append(Int64(bitPattern: random.next()) >> Int64(random.below(64))) }
        var cFormat = format
        for c in ["d", "i", "x", "X", "o", "u"] { cFormat = cFormat.replacingOccurrences(of: c, with: "ll" + c) }
        for v in values {
            if format.hasSuffix("c") || format.hasSuffix("c|") {
                let byte = Int32(truncatingIfNeeded: v) & 0xFF
                guard byte != 0 else { continue }
                #expect(ours(format, v) == NumberReference.printf(format, byte), "\(format) \(v)")
            } else {
                #expect(ours(format, v) == NumberReference.printf(cFormat, v), "\(format) \(v)")
            }
        }
    }

    @Test func integerTextMatchesDescription() {
        var random = SplitMix(seed: 5)
        for _ in 0..<20000 {
            let v = Int64(bitPattern: random.next()) >> Int64(random.below(64))
            #expect(NumberFormatter.format(v) == Array(String(v).utf8))
        }
        #expect(NumberFormatter.format(Int64.min) == Array("-9223372036854775808".utf8))
    }

    /// Spec errors and accepted specs against the reference's `string.format`: random specs over
    /// the spec alphabet; accepted numeric specs must also produce the reference's text.
    @Test func randomSpecsMatchLua() throws {
        var random = SplitMix(seed: 2024)
        let alphabet = Array("-+ #0123456789.".utf8)
        let conversions = Array("diucxXoaAeEfgGsqpFyzn%".utf8)
        var specs: [[UInt8]] = [Array("%10.123d".utf8), Array("%".utf8), Array("%-----------------------d".utf8),
                                Array("%99.99f".utf8), Array("%.d".utf8), Array("%0-5d".utf8), Array("%10q".utf8)]
        for _ in 0..<1500 {
            var spec: [UInt8] = [UInt8(ascii: "%")]
            for _ in 0..<random.below(7) { spec.append(alphabet[random.below(alphabet.count)]) }
            spec.append(conversions[random.below(conversions.count)])
            specs.append(spec)
        }
        specs = specs.filter { $0 != Array("%%".utf8) }
        var script = ""
        for spec in specs {
            let conversion = spec.last.map { Character(Unicode.Scalar($0)) } ?? " "
            let argument = "aAeEfgG".contains(conversion) ? "-1234.5678" : ("sqp".contains(conversion) ? "'x'" : "1234567")
            script += "do local ok, r = pcall(string.format, \(NumberReference.luaLiteral(spec)), \(argument)); print(ok and ('ok ' .. r) or ('error ' .. r)) end\n"
        }
        let lines = try NumberReference.runLua(script).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (i, spec) in specs.enumerated() {
            let expected = lines[i]
            let conversion = spec.last ?? 0
            switch FormatSpec.parse(spec, at: 1) {
            case .failure(let error):
                #expect(expected == "error " + String(decoding: error.message, as: UTF8.self), "\(String(decoding: spec, as: UTF8.self))")
            case .success(let (parsed, end)):
                #expect(end == spec.count)
                guard expected.hasPrefix("ok ") else {
                    Issue.record("\(String(decoding: spec, as: UTF8.self)) accepted, reference says \(expected)")
                    continue
                }
                var out: [UInt8] = Array("ok ".utf8)
                if "aAeEfgG".utf8.contains(conversion) {
                    NumberFormatter.append(-1234.5678, spec: parsed, to: &out)
                } else if "diucxXo".utf8.contains(conversion) {
                    NumberFormatter.append(Int64(1234567), spec: parsed, to: &out)
                } else if conversion == UInt8(ascii: "s") {
                    NumberFormatter.append(string: Array("x".utf8), spec: parsed, to: &out)
                } else {
                    continue  // %q and %p belong to the string library
                }
                #expect(String(decoding: out, as: UTF8.self) == expected, "\(String(decoding: spec, as: UTF8.self))")
            }
        }
    }

    /// `tostring` and `string.format` against the reference interpreter itself.
    @Test func tostringAndFormatMatchLua() throws {
        let values = Self.sample(400, seed: 77)
        let formats = ["%.14g", "%.3f", "%g", "%.99f", "%e", "%.0e", "%a", "%#.2g", "%.17g"]
        var script = ""
        for v in values {
            let literal = NumberReference.printf("%a", v)
            script += "print(tostring(\(literal)))\n"
            for f in formats { script += "print(string.format('\(f)', \(literal)))\n" }
        }
        for i in [Int64.min, Int64.max, 0, -1, 12345] { script += "print(tostring(\(i == Int64.min ? "math.mininteger" : String(i))))\n" }
        let lines = try NumberReference.runLua(script).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var line = 0
        for v in values {
            #expect(String(decoding: NumberFormatter.format(v), as: UTF8.self) == lines[line], "tostring \(v)")
            line += 1
            for f in formats {
                #expect(ours(f, v) == lines[line], "\(f) \(v)")
                line += 1
            }
        }
        for i in [Int64.min, Int64.max, 0, -1, 12345] {
            #expect(String(decoding: NumberFormatter.format(i), as: UTF8.self) == lines[line])
            line += 1
        }
    }

    @Test func specsWithOutOfRangeFieldsDoNotTrap() {
        var spec = FormatSpec(conversion: UInt8(ascii: "f"))
        spec.width = Int32.max
        spec.precision = Int32.max
        var out: [UInt8] = []
        NumberFormatter.append(1e308, spec: spec, to: &out)
        #expect(out.count == 409)
        spec.precision = -7
        spec.width = Int32.min
        out = []
        NumberFormatter.append(0.5, spec: spec, to: &out)
        #expect(out == Array("0.500000".utf8))
        #expect(throws: Never.self) { _ = FormatSpec.parse([], at: 5); _ = FormatSpec.parse(Array("%d".utf8), at: -3) }
    }
}
