// Receipt ids: time-ordered and unique across instances without coordination, in the layout of
// ULID (github.com/ulid/spec): 48 bits of Unix milliseconds, then 80 random bits from the
// system's CSPRNG, written as 26 Crockford base32 digits. Ids sort as text in time order (to
// the millisecond), which the ledger's listing and `before=` cursor rely on; two instances
// collide only if they draw the same 80 random bits in the same millisecond.

import Foundation
import TandemCore

/// Makes and checks receipt ids.
public enum ReceiptID {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// A new id for the current time.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(milliseconds: UInt64(Date().timeIntervalSince1970 * 1000), random: (generator.next(), generator.next()))
    }

    /// The id of `milliseconds` and 80 bits taken from `random` (its first 16 and all 64 bits).
    static func make(milliseconds: UInt64, random: (UInt64, UInt64)) -> String {
        // 128 bits: time (48) | random (80); 26 digits of 5 bits hold 130, so the top 2 are zero.
        let high = (milliseconds & 0xFFFF_FFFF_FFFF) << 16 | (random.0 & 0xFFFF)
        let low = random.1
        var out = [UInt8](repeating: 0, count: 26)
        for i in 0..<26 {
            let shift = (25 - i) * 5  // bit offset of this digit from the right end of the 128 bits
            let value: UInt64
            if shift >= 64 { value = high >> (shift - 64) }
            else if shift > 59 { value = (low >> shift) | (high << (64 - shift)) }
            else { value = low >> shift }
            out[i] = alphabet[Int(value & 31)]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True for 26 Crockford base32 digits (upper case), the only ids the ledger hands out.
    public static func isWellFormed(_ id: Substring) -> Bool {
        id.utf8.count == 26 && id.utf8.first.map { $0 <= 0x37 } == true && id.utf8.allSatisfy { alphabet.contains($0) }
    }
}

/// The current UTC time as RFC 3339 (seconds).
func nowRFC3339() -> [UInt8] { RFC3339.utc(Int64(Date().timeIntervalSince1970.rounded(.down))) }
