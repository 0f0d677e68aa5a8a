// LibM microbenchmark: Tandem's correctly rounded exp, log, pow (and the others) against the
// platform's glibc on the same inputs, in the same process. Build and run with bench/libm/run.sh.
// Prints ns per call (best of several passes) and the ratio ours/glibc.
import Glibc

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Deterministic inputs (SplitMix64).
var state: UInt64 = 0x9E37_79B9_7F4A_7C15
func next() -> Double {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Double((z ^ (z >> 31)) >> 11) / 9007199254740992
}

let count = 1 << 20
let passes = 7
var sink = 0.0

func measure(_ inputs: [Double], _ f: (Double) -> Double) -> Double {
    var best = Double.infinity
    for _ in 0..<passes {
        let start = now()
        var s = 0.0
        for x in inputs { s += f(x) }
        best = min(best, now() - start)
        sink += s
    }
    return best / Double(inputs.count) * 1e9
}

func row(_ name: String, _ inputs: [Double], ours: (Double) -> Double, glibc: (Double) -> Double) {
    let a = measure(inputs, ours), b = measure(inputs, glibc)
    let pad = String(repeating: " ", count: max(0, 8 - name.count))
    print("\(name)\(pad)  tandem \(fmt(a)) ns   glibc \(fmt(b)) ns   ratio \(fmt(a / b))")
}

func fmt(_ v: Double) -> String {
    let r = (v * 100).rounded() / 100
    return String(r)
}

let expIn = (0..<count).map { _ in next() * 1400 - 700 }
let logIn = (0..<count).map { _ in Glibc.exp(next() * 1400 - 700) }
let unitIn = (0..<count).map { _ in next() * 2 - 1 }
let trigIn = (0..<count).map { _ in next() * 20 - 10 }
let powX = (0..<count).map { _ in Glibc.exp(next() * 20 - 10) }
let powY = (0..<count).map { _ in next() * 60 - 30 }
let powIdx = (0..<count).map { Double($0) }

print("LibM microbenchmark: \(count) inputs per function, best of \(passes) passes")
row("exp", expIn, ours: LibM.exp, glibc: Glibc.exp)
row("log", logIn, ours: LibM.log, glibc: Glibc.log)
row("pow", powIdx, ours: { LibM.pow(powX[Int($0)], powY[Int($0)]) }, glibc: { Glibc.pow(powX[Int($0)], powY[Int($0)]) })
row("log2", logIn, ours: LibM.log2, glibc: Glibc.log2)
row("log10", logIn, ours: LibM.log10, glibc: Glibc.log10)
row("sin", trigIn, ours: LibM.sin, glibc: Glibc.sin)
row("cos", trigIn, ours: LibM.cos, glibc: Glibc.cos)
row("tan", trigIn, ours: LibM.tan, glibc: Glibc.tan)
row("asin", unitIn, ours: LibM.asin, glibc: Glibc.asin)
row("acos", unitIn, ours: LibM.acos, glibc: Glibc.acos)
row("atan", trigIn, ours: { LibM.atan($0, 1) }, glibc: { Glibc.atan2($0, 1) })
if sink == 42 { print(sink) }
