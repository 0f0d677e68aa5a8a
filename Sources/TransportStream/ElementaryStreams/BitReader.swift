// Bit-level reading of elementary-stream headers: fixed-width fields (MSB first) and the
// Exp-Golomb codes of H.264/HEVC parameter sets (ITU-T H.264 9.1, H.265 9.2).
//
// NAL units escape 00 00 0x (x <= 3) as 00 00 03 0x (H.264 7.4.1, emulation_prevention_three_byte);
// `BitReader(nal:)` drops those bytes while reading. Reads past the end give zeros and set
// `overrun`, so a truncated or hostile header yields a refusal, never a trap.

/// Reads bits MSB-first from a byte buffer.
///
/// The reading methods are `@inline(never)`: the header parsers call them a few hundred
/// times and run a handful of times per stream, so an inlined copy at each call only made
/// the wasm module bigger.
struct BitReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let unescape: Bool
    private var index = 0
    private var bit = 0
    private var zeros = 0
    /// Set once a read went past the end of the buffer.
    private(set) var overrun = false

    /// Reads plain bytes.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        unescape = false
    }

    /// Reads a NAL unit's payload, skipping emulation-prevention bytes.
    init(nal bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        unescape = true
    }

    /// The next `count` (0...32) bits as an unsigned value.
    @inline(never)
    mutating func bits(_ count: Int) -> UInt32 {
        var v: UInt32 = 0
        var n = 0
        while n < count {
            v = v << 1 | UInt32(nextBit())
            n += 1
        }
        return v
    }

    /// The next bit as a flag.
    @inline(never)
    mutating func flag() -> Bool { nextBit() != 0 }

    /// Skips `count` bits.
    @inline(never)
    mutating func skip(_ count: Int) {
        var n = 0
        while n < count && !overrun {
            _ = nextBit()
            n += 1
        }
    }

    /// ue(v): unsigned Exp-Golomb. Codes longer than 31 leading zeros are refused (overrun).
    @inline(never)
    mutating func ue() -> UInt32 {
        var leading = 0
        while nextBit() == 0 {
            leading += 1
            if leading > 31 || overrun { overrun = true; return 0 }
        }
        if leading == 0 { return 0 }
        let rest = UInt64(bits(leading))
        let value = (UInt64(1) << UInt64(leading)) - 1 + rest
        return value > UInt64(UInt32.max) ? UInt32.max : UInt32(value)
    }

    /// se(v): signed Exp-Golomb.
    @inline(never)
    mutating func se() -> Int32 {
        let k = Int64(ue())
        let v = k & 1 == 1 ? (k + 1) / 2 : -(k / 2)
        return Int32(clamping: v)
    }

    @inline(never)
    private mutating func nextBit() -> UInt8 {
        if bit == 0 && unescape && index < bytes.count {
            // 00 00 03 followed by anything: the 03 is not part of the payload.
            if zeros >= 2 && bytes[index] == 3 {
                index += 1
                zeros = 0
            }
        }
        guard index < bytes.count else {
            overrun = true
            return 0
        }
        let b = bytes[index]
        let value = (b >> UInt8(7 - bit)) & 1
        bit += 1
        if bit == 8 {
            bit = 0
            zeros = b == 0 ? zeros + 1 : 0
            index += 1
        }
        return value
    }
}
