import Foundation
import TestSupport
import Testing
@testable import Lua

/// LibM against correctly rounded values from mpmath (reference.py) — bit for bit, on random
/// inputs and on a sample of CORE-MATH's hard-to-round cases (hardcases.txt) — and against
/// C99 Annex F special values. The full run is sweep.py.
@Suite struct LibMTests {
    /// Distance in units in the last place between two doubles of the same sign.
    static func ulps(_ a: Double, _ b: Double) -> UInt64 {
        if a == b { return 0 }
        if a.isNaN && b.isNaN { return 0 }
        func key(_ v: Double) -> Int64 {
            let bits = Int64(bitPattern: v.bitPattern)
            return bits < 0 ? Int64.min - bits : bits
        }
        let d = key(a).subtractingReportingOverflow(key(b)).partialValue
        return d.magnitude
    }

    /// Runs reference.py on the cases and returns the expected doubles.
    static func reference(_ cases: [(String, [Double])]) throws -> [Double] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("reference.py").path
        var text = ""
        for (name, args) in cases { text += name + " " + args.map { String($0.bitPattern, radix: 16) }.joined(separator: " ") + "\n" }
        let data = try ProcessRunner.run("python3", [script], input: Array(text.utf8)).stdout
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            $0 == "nan" ? .nan : Double(bitPattern: UInt64($0, radix: 16)!)
        }
    }

    static func generator(seed: UInt64) -> () -> UInt64 {
        var random = SplitMix(seed: seed)
        return { random.next() }
    }

    /// Inputs spread over magnitudes plus hard cases for each function.
    static func inputs(_ name: String) -> [[Double]] {
        let next = generator(seed: 0x9E3779B97F4A7C15 ^ UInt64(name.utf8.count))
        func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * Double(next() >> 11) / 9007199254740992 }
        func logUniform(_ lo: Double, _ hi: Double) -> Double { Foundation.exp(uniform(Foundation.log(lo), Foundation.log(hi))) }
        var out: [[Double]] = []
        switch name {
        case "sin", "cos", "tan":
            for _ in 0..<1500 { out.append([uniform(-10, 10)]) }
            for _ in 0..<500 { out.append([logUniform(1e-10, 1e300) * (next() & 1 == 0 ? 1 : -1)]) }
            out += [[1e22], [0x1p1000], [1.5707963267948966], [3.141592653589793], [6.283185307179586],
                    [355], [103993], [1e15], [0x1p1023], [4.71238898038469], [7.0685834705770345], [0.7853981633974483]]
        case "asin", "acos":
            for _ in 0..<1500 { out.append([uniform(-1, 1)]) }
            out += [[1], [-1], [0.5], [-0.5], [0.9999999999999999], [1e-300], [0.49999999999999994], [0.7071067811865476]]
        case "exp":
            for _ in 0..<1500 { out.append([uniform(-745, 709.7)]) }
            for _ in 0..<300 { out.append([uniform(-1, 1)]) }
            out += [[709.782712893384], [-745.1332191019411], [-708.4], [1e-300], [0.6931471805599453]]
        case "log", "log2", "log10":
            for _ in 0..<1500 { out.append([logUniform(1e-300, 1e300)]) }
            for _ in 0..<300 { out.append([uniform(0.5, 2)]) }
            // near 1, where log x is small and the first stage's c is 1 or close to it
            for _ in 0..<300 { out.append([1 + (next() & 1 == 0 ? 1 : -1) * Foundation.exp2(uniform(-52, -5))]) }
            out += [[5e-324], [1.0000000000000002], [0.9999999999999999], [1e308], [1000], [1024], [10], [2.718281828459045]]
        case "atan2":
            for _ in 0..<1500 { out.append([uniform(-5, 5), uniform(-5, 5)]) }
            for _ in 0..<300 { out.append([logUniform(1e-300, 1e300), logUniform(1e-300, 1e300) * -1]) }
        default:  // pow
            for _ in 0..<1500 { out.append([logUniform(1e-5, 1e5), uniform(-60, 60)]) }
            for _ in 0..<300 { out.append([uniform(0.9, 1.1), uniform(-1e4, 1e4)]) }
            for _ in 0..<200 { out.append([-logUniform(0.1, 10), Double(Int(uniform(-40, 40)))]) }
            // x near 1 with large |y|: log x's absolute error is multiplied by y
            for _ in 0..<200 {
                let sign = next() & 1 == 0 ? 1.0 : -1.0
                out.append([1 + sign * Foundation.exp2(uniform(-40, -6)), -sign * Foundation.exp2(uniform(3, 30))])
            }
            out += [[2, 0.5], [10, 15], [2, -1074], [2, 1023], [1.0000000000000002, 1e15], [10, -5], [7, 1.0 / 3]]
        }
        return out
    }

    static func evaluate(_ name: String, _ a: [Double]) -> Double {
        switch name {
        case "sin": LibM.sin(a[0]); case "cos": LibM.cos(a[0]); case "tan": LibM.tan(a[0])
        case "asin": LibM.asin(a[0]); case "acos": LibM.acos(a[0]); case "exp": LibM.exp(a[0])
        case "log": LibM.log(a[0]); case "log2": LibM.log2(a[0]); case "log10": LibM.log10(a[0])
        case "atan2": LibM.atan(a[0], a[1])
        default: LibM.pow(a[0], a[1])
        }
    }

    /// Every third hard case of hardcases.txt for the function.
    static func hardCases(_ name: String) throws -> [[Double]] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("hardcases.txt")
        let lines = try String(contentsOf: path, encoding: .utf8).split(separator: "\n")
        var out: [[Double]] = []
        for (i, line) in lines.enumerated() where i % 3 == 0 {
            let parts = line.split(separator: " ")
            guard parts.first.map(String.init) == name else { continue }
            out.append(parts.dropFirst().map { Double(bitPattern: UInt64($0, radix: 16)!) })
        }
        return out
    }

    @Test(arguments: ["sin", "cos", "tan", "asin", "acos", "exp", "log", "log2", "log10", "atan2", "pow"])
    func correctlyRoundedLikeMpmath(function: String) throws {
        let cases = try Self.inputs(function) + Self.hardCases(function)
        let expected = try Self.reference(cases.map { (function, $0) })
        #expect(expected.count == cases.count)
        var worst: UInt64 = 0
        var exact = 0
        for (i, args) in cases.enumerated() where i < expected.count {
            let got = Self.evaluate(function, args)
            let distance = Self.ulps(got, expected[i])
            worst = max(worst, distance)
            if distance == 0 { exact += 1 }
            if distance != 0 { Issue.record("\(function)\(args) = \(got), correctly rounded \(expected[i]) (\(distance) ulp)") }
        }
        #expect(worst == 0, "LibM.\(function): \(cases.count) inputs, \(exact) correctly rounded")
    }

    @Test func fmodIsExactAndMatchesGlibc() {
        let next = Self.generator(seed: 12345)
        for _ in 0..<20000 {
            let x = Double(bitPattern: next()), y = Double(bitPattern: next())
            let ours = LibM.fmod(x, y), theirs = Foundation.fmod(x, y)
            #expect(ours.bitPattern == theirs.bitPattern || (ours.isNaN && theirs.isNaN), "fmod(\(x), \(y))")
        }
        #expect(LibM.fmod(-7, 3) == -1 && LibM.fmod(7, -3) == 1 && LibM.fmod(-0.0, 1).sign == .minus)
        #expect(LibM.fmod(5.5, .infinity) == 5.5 && LibM.fmod(1, 0).isNaN && LibM.fmod(.infinity, 1).isNaN)
    }

    /// Special values per C99 Annex F, compared with glibc.
    @Test func specialValuesMatchGlibc() {
        let specials: [Double] = [0, -0.0, 1, -1, 0.5, -0.5, 2, -2, 3, -3, .infinity, -.infinity, .nan, 5e-324, -5e-324, 1e308]
        for x in specials {
            for (name, ours, theirs) in [("sin", LibM.sin(x), Foundation.sin(x)), ("cos", LibM.cos(x), Foundation.cos(x)),
                                         ("tan", LibM.tan(x), Foundation.tan(x)), ("exp", LibM.exp(x), Foundation.exp(x)),
                                         ("log", LibM.log(x), Foundation.log(x)), ("log2", LibM.log2(x), Foundation.log2(x)),
                                         ("log10", LibM.log10(x), Foundation.log10(x)), ("asin", LibM.asin(x), Foundation.asin(x)),
                                         ("acos", LibM.acos(x), Foundation.acos(x))] {
                #expect(ours.bitPattern == theirs.bitPattern || (ours.isNaN && theirs.isNaN), "\(name)(\(x)): \(ours) vs \(theirs)")
            }
            for y in specials {
                let p = LibM.pow(x, y), q = Foundation.pow(x, y)
                #expect(p.bitPattern == q.bitPattern || (p.isNaN && q.isNaN), "pow(\(x), \(y)): \(p) vs \(q)")
                let a = LibM.atan(x, y), b = Foundation.atan2(x, y)
                #expect(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN), "atan2(\(x), \(y)): \(a) vs \(b)")
            }
        }
    }

    /// Arbitrary bit patterns never trap and stay in each function's range.
    @Test func arbitraryInputsNeverTrap() {
        let next = Self.generator(seed: 777)
        for _ in 0..<50000 {
            let x = Double(bitPattern: next()), y = Double(bitPattern: next())
            for v in [LibM.sin(x), LibM.cos(x)] { #expect(v.isNaN || v.magnitude <= 1) }
            for v in [LibM.asin(x), LibM.atan(x, y)] { #expect(v.isNaN || v.magnitude <= 3.1415926535897936) }
            #expect(LibM.acos(x).isNaN || (0...3.1415926535897936).contains(LibM.acos(x)))
            #expect(LibM.exp(x).isNaN || LibM.exp(x) >= 0)
            _ = (LibM.tan(x), LibM.log(x), LibM.log2(x), LibM.log10(x), LibM.pow(x, y), LibM.fmod(x, y))
        }
    }
}

/// The exact slow path (MPFixed) on its own: Ziv's test sends few inputs there, so random
/// inputs go to it directly and must round exactly as mpmath does.
@Suite struct LibMSlowPathTests {
    static func check(_ name: String, _ cases: [[Double]], _ slow: ([Double]) -> Double) throws {
        let expected = try LibMTests.reference(cases.map { (name, $0) })
        #expect(expected.count == cases.count)
        for (i, args) in cases.enumerated() where i < expected.count {
            let got = slow(args)
            #expect(got.bitPattern == expected[i].bitPattern, "slow \(name)\(args) = \(got), correctly rounded \(expected[i])")
        }
    }

    static func inputs(_ count: Int, _ seed: UInt64, _ make: (() -> Double) -> [Double]) -> [[Double]] {
        let next = LibMTests.generator(seed: seed)
        let unit = { Double(next() >> 11) / 9007199254740992 }
        return (0..<count).map { _ in make(unit) }
    }

    @Test func expLogPow() throws {
        try Self.check("exp", Self.inputs(150, 1) { [$0() * 1480 - 745] }) {
            let (w, k) = MPFixed.exp(MPFixed($0[0])); return w.rounded(timesPowerOfTwo: k)
        }
        try Self.check("log", Self.inputs(150, 2) { [Foundation.exp($0() * 1400 - 700)] }) { MPFixed.log($0[0]).rounded(timesPowerOfTwo: 0) }
        try Self.check("pow", Self.inputs(150, 3) { u in [Foundation.exp(u() * 20 - 10), u() * 60 - 30] }) {
            let (w, k) = MPFixed.exp(MPFixed.log($0[0]) * MPFixed($0[1])); return w.rounded(timesPowerOfTwo: k)
        }
    }

    /// exp, log and pow's double-double second stage on its own (the first stage leaves it
    /// only about one input in a few hundred): with the exact path behind it, still correctly rounded.
    @Test func secondStageOfExpLogPow() throws {
        try Self.check("exp", Self.inputs(400, 7) { [$0() * 1480 - 745] }) { LibM.expSecondStage($0[0]) }
        try Self.check("log", Self.inputs(400, 8) { [Foundation.exp($0() * 1400 - 700)] }) { LibM.logSecondStage($0[0]) }
        try Self.check("pow", Self.inputs(400, 9) { u in [Foundation.exp(u() * 20 - 10), u() * 60 - 30] }) { LibM.powSecondStage($0[0], $0[1]) }
    }

    @Test func trigonometric() throws {
        try Self.check("sin", Self.inputs(150, 4) { u in [Foundation.exp(u() * 60 - 20) * (u() < 0.5 ? -1 : 1)] }) {
            let (n, r) = MPFixed.reduce($0[0]); let (s, c) = MPFixed.sinCos(r)
            return [s, c, -s, -c][n].rounded(timesPowerOfTwo: 0)
        }
        try Self.check("asin", Self.inputs(150, 5) { [$0()] }) { MPFixed.asin($0[0], seed: Foundation.asin($0[0])).rounded(timesPowerOfTwo: 0) }
        try Self.check("atan2", Self.inputs(150, 6) { u in [1 + u(), 1 + u()] }) {
            MPFixed.atan($0[0], $0[1], seed: Foundation.atan2($0[0], $0[1])).rounded(timesPowerOfTwo: 0)
        }
    }
}
