// os library, the calendar: proleptic Gregorian dates in UTC, no leap seconds. The algorithms
// are H. Hinnant's "chrono-Compatible Low-Level Date Algorithms" (days_from_civil and
// civil_from_days: eras of 400 years, years starting in March so February comes last). os.time
// and os.date use them (C's timegm/gmtime), and the hosts' receipts format their RFC 3339
// timestamps with them (TandemCore's RFC3339.swift): one calendar in the code base.

/// Conversions between Unix times and calendar dates (UTC).
public enum CivilCalendar {
    /// A Unix time broken down as C's `struct tm` holds it, with `month` 1...12, `day`
    /// 1...31, `weekday` 0...6 from Sunday and `yearDay` 0...365.
    public struct BrokenTime {
        public var year, month, day, hour, minute, second, weekday, yearDay: Int64
    }

    /// Days since 1970-01-01 of the date `year`-`month`-`day` (month 1...12; a day outside
    /// the month counts on from the month's first day).
    public static func days(year yIn: Int64, month m: Int64, day d: Int64) -> Int64 {
        let y = m <= 2 ? yIn - 1 : yIn
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Year, month (1...12) and day (1...31) of the day `days` after 1970-01-01.
    public static func date(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The broken-down UTC time of the Unix time `t` (gmtime).
    public static func breakDown(_ t: Int64) -> BrokenTime {
        var days = t / 86400
        var secs = t % 86400
        if secs < 0 { secs += 86400; days -= 1 }
        let (y, m, d) = date(fromDays: days)
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
        return BrokenTime(year: y, month: m, day: d, hour: secs / 3600, minute: secs / 60 % 60, second: secs % 60,
                          weekday: weekday, yearDay: days - Self.days(year: y, month: 1, day: 1))
    }
}
