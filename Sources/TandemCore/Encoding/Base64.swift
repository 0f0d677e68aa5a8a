// Base64 (RFC 4648, with padding) for byte strings that are not valid UTF-8 and so cannot be
// carried losslessly as JSON strings (script output, Lua strings).

import Lua

/// Base64 encoding and decoding.
public enum Base64 {
    private static let alphabet = [UInt8]("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    /// Encodes `data` with `=` padding.
    ///
    /// One group of up to three bytes per step, and one append site: the five inlined appends
    /// of the full-group and tail cases each carried the array's growth path.
    public static func encode(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((data.count + 2) / 3 * 4)
        var i = 0
        while i < data.count {
            let rest = min(data.count - i, 3)
            var n = UInt32(data[i]) << 16
            if rest > 1 { n |= UInt32(data[i + 1]) << 8 }
            if rest > 2 { n |= UInt32(data[i + 2]) }
            // `rest` bytes fill `rest + 1` characters; `=` pads the group to four.
            for k in 0..<4 {
                out.append(k <= rest ? alphabet[Int(n >> UInt32(18 - 6 * k) & 63)] : 0x3D)
            }
            i += rest
        }
        return out
    }

    /// Decodes padded Base64; `nil` for anything malformed.
    public static func decode(_ text: [UInt8]) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 4 * 3)
        var i = 0
        while i < text.count {
            var n: UInt32 = 0
            var padding = 0
            for k in 0..<4 {
                let c = text[i + k]
                let v: UInt32
                switch c {
                case 0x41...0x5A: v = UInt32(c - 0x41)
                case 0x61...0x7A: v = UInt32(c - 0x61 + 26)
                case 0x30...0x39: v = UInt32(c - 0x30 + 52)
                case 0x2B: v = 62
                case 0x2F: v = 63
                case 0x3D where i + 4 == text.count && k >= 2: v = 0; padding += 1
                default: return nil
                }
                if padding > 0 && c != 0x3D { return nil }
                n = n << 6 | v
            }
            out.append(UInt8(n >> 16 & 0xFF))
            if padding < 2 { out.append(UInt8(n >> 8 & 0xFF)) }
            if padding < 1 { out.append(UInt8(n & 0xFF)) }
            i += 4
        }
        return out
    }
}
