// CRC-32/MPEG-2 (ISO/IEC 13818-1 annex A): polynomial 0x04C11DB7, initial value 0xFFFFFFFF,
// no bit reflection, no final XOR. Run over a whole section including its CRC_32 field, the
// result is 0 exactly when the section is intact.

enum CRC32 {
    /// Byte-at-a-time lookup table, built once.
    static let table: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 256)
        for i in 0..<256 {
            var c = UInt32(i) << 24
            for _ in 0..<8 { c = (c & 0x8000_0000) != 0 ? (c << 1) ^ 0x04C1_1DB7 : c << 1 }
            t[i] = c
        }
        return t
    }()

    /// CRC of `count` bytes at `data`.
    static func compute(_ data: UnsafePointer<UInt8>, count: Int) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        table.withUnsafeBufferPointer { t in
            for i in 0..<count {
                crc = (crc << 8) ^ t[Int(UInt8(truncatingIfNeeded: crc >> 24) ^ data[i])]
            }
        }
        return crc
    }
}
