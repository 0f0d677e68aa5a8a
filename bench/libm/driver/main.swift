// LibM driver for Tests/LuaTests/Math/sweep.py: compiled together with Sources/Lua/Math
// (swiftc -O Sources/Lua/Math/*.swift bench/libm/driver/main.swift -lm). Reads lines
// "<function> <x bits hex> [<y bits hex>]" on stdin and prints each result's bits in hex.
// The functions `exp1`, `log1`, `logq` (first stages) and `exp2` (exp's second stage) print
// hi and lo (and the exps their k) instead, `logdd` log's second stage (logFast) hi and lo, and
// `pow1` (pow's first stage) hi, x0, q, err and k (or "-" outside its range), for
// Tests/LuaTests/Math/first_stage_errors.py.

func evaluate(_ name: Substring, _ a: [Double]) -> Double {
    switch name {
    case "exp": return LibM.exp(a[0])
    case "log": return LibM.log(a[0])
    case "log2": return LibM.log2(a[0])
    case "log10": return LibM.log10(a[0])
    case "pow": return LibM.pow(a[0], a[1])
    case "sin": return LibM.sin(a[0])
    case "cos": return LibM.cos(a[0])
    case "tan": return LibM.tan(a[0])
    case "asin": return LibM.asin(a[0])
    case "acos": return LibM.acos(a[0])
    case "atan2": return LibM.atan(a[0], a[1])
    default: return .nan
    }
}

func hex(_ v: Double) -> String { String(v.bitPattern, radix: 16) }

var out = ""
while let line = readLine() {
    let parts = line.split(separator: " ")
    guard let name = parts.first else { continue }
    let args = parts.dropFirst().map { Double(bitPattern: UInt64($0, radix: 16) ?? 0) }
    switch name {
    case "exp1":
        let e = LibM.expFirstStage(args[0], 0)
        out += "\(hex(e.hi)) \(hex(e.lo)) \(e.k)"
    case "log1":
        let l = LibM.logFirstStage(args[0].bitPattern)
        out += "\(hex(l.hi)) \(hex(l.lo))"
    case "exp2":
        let (v, k) = LibM.expDD(DD(args[0]))
        out += "\(hex(v.hi)) \(hex(v.lo)) \(k)"
    case "pow1":
        if let p = LibM.powFirstStageParts(args[0].bitPattern, args[1]) {
            let k = Int((p.scaleBits >> 52) & 0x7FF) - 1023
            out += "\(hex(p.hi)) \(hex(p.x0)) \(hex(p.q)) \(hex(p.err)) \(k)"
        } else {
            out += "-"
        }
    case "logdd":
        let (m, k) = LibM.logArgument(args[0])
        let l = LibM.logFast(m, k)
        out += "\(hex(l.hi)) \(hex(l.lo))"
    case "logq":
        let l = LibM.logQuickStage(args[0].bitPattern)
        out += "\(hex(l.hi)) \(hex(l.lo))"
    default:
        out += hex(evaluate(name, args))
    }
    out += "\n"
    if out.utf8.count > 1 << 16 { print(out, terminator: ""); out = "" }
}
print(out, terminator: "")
