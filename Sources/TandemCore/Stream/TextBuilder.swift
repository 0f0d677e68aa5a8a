// Plain text in bytes for the stream report's readable summary and CSV tables: no String
// formatting or libc, so the output is the same on every target (Embedded-Swift-safe).

/// Appends ASCII text, integers and fixed-point numbers to a byte buffer.
public struct TextBuilder {
    /// The text so far.
    public private(set) var bytes: [UInt8] = []

    /// An empty builder.
    public init() {}

    /// Appends static text.
    public mutating func add(_ s: StaticString) { s.withUTF8Buffer { bytes.append(contentsOf: $0) } }

    /// Appends bytes (e.g. a service name) as they are, control characters replaced by '?'.
    public mutating func add(bytes text: [UInt8]) {
        for b in text { bytes.append(b < 0x20 || b == 0x7F ? 0x3F : b) }
    }

    /// Appends a decimal integer.
    public mutating func add(_ value: Int64) {
        if value < 0 { bytes.append(0x2D) }
        var digits: [UInt8] = []
        var v = value.magnitude
        repeat {
            digits.append(0x30 + UInt8(v % 10))
            v /= 10
        } while v > 0
        bytes.append(contentsOf: digits.reversed())
    }

    /// Appends `value / 10^scale` with exactly `decimals` digits after the point (truncated).
    public mutating func add(_ value: Int64, scale: Int, decimals: Int) {
        var unit: Int64 = 1
        for _ in 0..<scale { unit &*= 10 }
        var shown: Int64 = 1
        for _ in 0..<max(0, scale - decimals) { shown &*= 10 }
        if value < 0 { bytes.append(0x2D) }
        let m = Int64(clamping: value.magnitude)
        add(m / unit)
        guard decimals > 0 else { return }
        bytes.append(0x2E)
        let fraction = m % unit / shown
        var width: Int64 = 1
        for _ in 1..<decimals { width &*= 10 }
        var f = fraction
        while width > 0 {
            bytes.append(0x30 + UInt8(f / width % 10))
            f %= width
            width /= 10
        }
    }

    /// Appends a PID as 0x and four hex digits.
    public mutating func add(pid: UInt16) {
        add("0x")
        for shift: UInt16 in [12, 8, 4, 0] { bytes.append(JSONWriter.hexDigit(UInt8(pid >> shift & 15))) }
    }

    /// Appends a CSV field: quoted when it contains a comma, quote or line break.
    public mutating func add(csv text: [UInt8]) {
        let quote = text.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        if !quote { bytes.append(contentsOf: text); return }
        bytes.append(0x22)
        for b in text {
            if b == 0x22 { bytes.append(0x22) }
            bytes.append(b)
        }
        bytes.append(0x22)
    }

    /// Appends spaces until the current line is `column` bytes long (at least one space).
    public mutating func pad(to column: Int) {
        var start = bytes.count
        while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
        bytes.append(0x20)
        while bytes.count - start < column { bytes.append(0x20) }
    }

    /// Appends a line break.
    public mutating func newline() { bytes.append(0x0A) }

    /// True when two static texts have the same bytes.
    static func equal(_ a: StaticString, _ b: StaticString) -> Bool {
        a.withUTF8Buffer { x in b.withUTF8Buffer { y in x.elementsEqual(y) } }
    }
}
