// LibM microbenchmark: Tandem's correctly rounded exp, log, pow (and the others) against the
// platform's glibc on the same inputs, in the same process. Build and run with bench/libm/run.sh.
// Arguments `[FUNCTION ...]`: ns per call (best of several passes) and the ratio ours/glibc.
// With `count FUNCTION tandem|glibc|none N`: N calls of one function only (`none`: the same loop
// and inputs without the call), for bench/libm/callgrind.sh (instruction counts, which do not
// depend on the machine's load).
import Glibc

/// This thread's CPU time: time spent descheduled on a loaded machine does not count.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
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

let arguments = CommandLine.arguments
let counting = arguments.count == 5 && arguments[1] == "count"
let count = counting ? Int(arguments[4]) ?? 0 : 1 << 20
let passes = 9
var sink = 0.0

/// Seconds for one pass of f over the inputs.
func time(_ inputs: [Double], _ f: (Double) -> Double) -> Double {
    let start = now()
    var s = 0.0
    for x in inputs { s += f(x) }
    sink += s
    return now() - start
}

/// ns per call of each implementation, best of `passes`, the passes of the two interleaved so
/// that a change in the machine's load affects both alike.
func measure(_ row: Row) -> (ours: Double, glibc: Double) {
    var best = (ours: Double.infinity, glibc: Double.infinity)
    for _ in 0..<passes {
        best.ours = min(best.ours, time(row.inputs, row.ours))
        best.glibc = min(best.glibc, time(row.inputs, row.glibc))
    }
    let scale = 1e9 / Double(row.inputs.count)
    return (best.ours * scale, best.glibc * scale)
}

/// One benchmark row: a function, its inputs, and the two implementations.
struct Row {
    let name: String
    let inputs: [Double]
    let ours: (Double) -> Double
    let glibc: (Double) -> Double
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

let rows = [
    Row(name: "exp", inputs: expIn, ours: LibM.exp, glibc: Glibc.exp),
    Row(name: "log", inputs: logIn, ours: LibM.log, glibc: Glibc.log),
    Row(name: "pow", inputs: powIdx, ours: { LibM.pow(powX[Int($0)], powY[Int($0)]) }, glibc: { Glibc.pow(powX[Int($0)], powY[Int($0)]) }),
    Row(name: "log2", inputs: logIn, ours: LibM.log2, glibc: Glibc.log2),
    Row(name: "log10", inputs: logIn, ours: LibM.log10, glibc: Glibc.log10),
    Row(name: "sin", inputs: trigIn, ours: LibM.sin, glibc: Glibc.sin),
    Row(name: "cos", inputs: trigIn, ours: LibM.cos, glibc: Glibc.cos),
    Row(name: "tan", inputs: trigIn, ours: LibM.tan, glibc: Glibc.tan),
    Row(name: "asin", inputs: unitIn, ours: LibM.asin, glibc: Glibc.asin),
    Row(name: "acos", inputs: unitIn, ours: LibM.acos, glibc: Glibc.acos),
    Row(name: "atan", inputs: trigIn, ours: { LibM.atan($0, 1) }, glibc: { Glibc.atan2($0, 1) }),
]

if counting {
    guard let row = rows.first(where: { $0.name == arguments[2] }) else { fatalError("no function \(arguments[2])") }
    let f: (Double) -> Double = switch arguments[3] {
    case "glibc": row.glibc
    case "none": { $0 }
    default: row.ours
    }
    var s = 0.0
    for x in row.inputs { s += f(x) }
    sink += s
} else {
    print("LibM microbenchmark: \(count) inputs per function, best of \(passes) passes (thread CPU time)")
    let only = arguments.dropFirst()
    for row in rows where only.isEmpty || only.contains(row.name) {
        let (a, b) = measure(row)
        let pad = String(repeating: " ", count: max(0, 8 - row.name.count))
        print("\(row.name)\(pad)  tandem \(fmt(a)) ns   glibc \(fmt(b)) ns   ratio \(fmt(a / b))")
    }
}
if sink == 42 { print(sink) }
