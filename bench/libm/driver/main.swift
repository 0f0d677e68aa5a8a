// LibM driver for Tests/LuaTests/Math/sweep.py: compiled together with Sources/Lua/Math
// (swiftc -O Sources/Lua/Math/*.swift bench/libm/driver/main.swift -lm). Reads lines
// "<function> <x bits hex> [<y bits hex>]" on stdin and prints each result's bits in hex.

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

var out = ""
while let line = readLine() {
    let parts = line.split(separator: " ")
    guard let name = parts.first else { continue }
    let args = parts.dropFirst().map { Double(bitPattern: UInt64($0, radix: 16) ?? 0) }
    out += String(evaluate(name, args).bitPattern, radix: 16)
    out += "\n"
    if out.utf8.count > 1 << 16 { print(out, terminator: ""); out = "" }
}
print(out, terminator: "")
