// Timestamps for receipts, as RFC 3339 (section 5.6) UTC date-times: `2026-01-01T00:00:00Z`.
//
// The core has no clock and no calendar library (Embedded Swift, no Foundation): the host passes
// Unix seconds and this converts them with the calendar os.date uses (Lua's CivilCalendar:
// H. Hinnant's days-to-civil algorithm, proleptic Gregorian, no leap seconds, as RFC 3339
// section 5.6 permits for `time-second` = 00…59).

import Lua

/// Formats Unix times as RFC 3339 UTC date-times.
public enum RFC3339 {
    /// `YYYY-MM-DDTHH:MM:SSZ` for `unixSeconds` (seconds since 1970-01-01T00:00:00Z).
    ///
    /// Years are clamped to 0000…9999, the range RFC 3339's four-digit `date-fullyear` can write.
    public static func utc(_ unixSeconds: Int64) -> [UInt8] {
        // 0000-01-01 and 9999-12-31T23:59:59, so every intermediate below stays far from overflow.
        let seconds = min(max(unixSeconds, -62_167_219_200), 253_402_300_799)
        let t = CivilCalendar.breakDown(seconds)
        var out: [UInt8] = []
        out.reserveCapacity(20)
        append(t.year, digits: 4, to: &out); out.append(0x2D)
        append(t.month, digits: 2, to: &out); out.append(0x2D)
        append(t.day, digits: 2, to: &out); out.append(0x54)
        append(t.hour, digits: 2, to: &out); out.append(0x3A)
        append(t.minute, digits: 2, to: &out); out.append(0x3A)
        append(t.second, digits: 2, to: &out); out.append(0x5A)
        return out
    }

    private static func append(_ value: Int64, digits: Int, to out: inout [UInt8]) {
        var v = value
        var buffer = [UInt8](repeating: 0x30, count: digits)
        var i = digits - 1
        while i >= 0 { buffer[i] = 0x30 + UInt8(v % 10); v /= 10; i -= 1 }
        out.append(contentsOf: buffer)
    }
}
