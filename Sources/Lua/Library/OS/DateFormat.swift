// os library, os.date's formatting: loslib.c's checkoption (Lua 5.4.4, the C99 option list)
// and, for each conversion, what glibc's strftime (time/strftime_l.c) writes in the "C" locale
// for a `struct tm` from gmtime. glibc computes the year as the C `int` tm_year + 1900, so years
// past 2^31 - 1 wrap around; the week-based year and the century follow the same int
// arithmetic. gmtime itself fails (os.date's "date result cannot be represented") when the year
// minus 1900 does not fit in an int.

/// The C `struct tm` of a UTC time, with glibc's field types.
struct DateFields {
    /// Years since 1900, as C's `int tm_year`.
    var tmYear: Int32
    var month, day, hour, minute, second, weekday, yearDay: Int32  // month 1...12, weekday 0 = Sunday, yearDay 0...365

    /// gmtime of `t`, or nil where glibc's gmtime fails (the year does not fit).
    init?(_ t: Int64) {
        let bt = CivilCalendar.breakDown(t)
        guard let tmYear = Int32(exactly: bt.year - 1900) else { return nil }
        self.tmYear = tmYear
        month = Int32(bt.month); day = Int32(bt.day); hour = Int32(bt.hour); minute = Int32(bt.minute)
        second = Int32(bt.second); weekday = Int32(bt.weekday); yearDay = Int32(bt.yearDay)
    }

    /// tm_year + 1900 in C int arithmetic (wrapping as glibc's does on x86-64).
    var year: Int32 { tmYear &+ 1900 }

    /// The integer fields of a date table, as loslib.c's setallfields writes them (for os.date's
    /// "*t" and for the table os.time normalizes), in its order; "isdst" follows, always false.
    var tableFields: [(StaticString, Int64)] {
        [("year", Int64(tmYear) + 1900), ("month", Int64(month)), ("day", Int64(day)),
         ("hour", Int64(hour)), ("min", Int64(minute)), ("sec", Int64(second)),
         ("yday", Int64(yearDay) + 1), ("wday", Int64(weekday) + 1)]
    }
}

enum DateFormat {
    /// loslib.c's LUA_STRFTIMEOPTIONS for C99: one-character conversions, then two-character ones.
    static let oneCharacter: [UInt8] = [UInt8]("aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%")
    static let twoCharacter: [UInt8] = [UInt8]("EcECExEXEyEYOdOeOHOIOmOMOSOuOUOVOwOWOy")  // (pairs)

    /// The length of the valid conversion at the start of `rest` (after a '%'), or nil
    /// (checkoption: single-character options first, then two-character ones).
    static func conversionLength(_ rest: ArraySlice<UInt8>) -> Int? {
        guard let first = rest.first else { return nil }
        if oneCharacter.contains(first) { return 1 }
        guard rest.count >= 2 else { return nil }
        let second = rest[rest.startIndex + 1]
        for i in stride(from: 0, to: twoCharacter.count, by: 2) where twoCharacter[i] == first && twoCharacter[i + 1] == second {
            return 2
        }
        return nil
    }

    static let weekdayNames: [StaticString] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let monthNames: [StaticString] = ["January", "February", "March", "April", "May", "June", "July",
                                             "August", "September", "October", "November", "December"]

    /// What glibc's strftime writes for the conversion `spec` (one character, or a modifier
    /// 'E'/'O' and one) in the "C" locale: the modifiers change nothing there.
    static func convert(_ spec: ArraySlice<UInt8>, _ t: DateFields) -> [UInt8] {
        let c = spec.last ?? 0
        func n(_ v: Int32, _ digits: Int = 2) -> [UInt8] { number(v, digits) }
        let hour12 = t.hour % 12 == 0 ? 12 : t.hour % 12
        switch c {
        case UInt8(ascii: "a"): return Array(weekdayNames[Int(t.weekday)].bytes.prefix(3))
        case UInt8(ascii: "A"): return weekdayNames[Int(t.weekday)].bytes
        case UInt8(ascii: "b"), UInt8(ascii: "h"): return Array(monthNames[Int(t.month - 1)].bytes.prefix(3))
        case UInt8(ascii: "B"): return monthNames[Int(t.month - 1)].bytes
        case UInt8(ascii: "c"):  // D_T_FMT "%a %b %e %H:%M:%S %Y"
            return convert([UInt8(ascii: "a")], t) + [32] + convert([UInt8(ascii: "b")], t) + [32] + spaced(t.day) + [32]
                + convert([UInt8(ascii: "T")], t) + [32] + n(t.year, 1)
        case UInt8(ascii: "C"): return n(t.year / 100 - (t.year % 100 < 0 ? 1 : 0), 1)
        case UInt8(ascii: "d"): return n(t.day)
        case UInt8(ascii: "D"), UInt8(ascii: "x"): return n(t.month) + [47] + n(t.day) + [47] + n(yearInCentury(t))
        case UInt8(ascii: "e"): return spaced(t.day)
        case UInt8(ascii: "F"): return n(t.year, 1) + [45] + n(t.month) + [45] + n(t.day)
        case UInt8(ascii: "g"): return n((isoWeek(t).year % 100 + 100) % 100)
        case UInt8(ascii: "G"): return n(isoWeek(t).year, 1)
        case UInt8(ascii: "V"): return n(isoWeek(t).days / 7 + 1)
        case UInt8(ascii: "H"): return n(t.hour)
        case UInt8(ascii: "I"): return n(hour12)
        case UInt8(ascii: "j"): return n(t.yearDay + 1, 3)
        case UInt8(ascii: "m"): return n(t.month)
        case UInt8(ascii: "M"): return n(t.minute)
        case UInt8(ascii: "n"): return [10]
        case UInt8(ascii: "p"): return t.hour < 12 ? [UInt8]("AM") : [UInt8]("PM")
        case UInt8(ascii: "r"): return n(hour12) + [58] + n(t.minute) + [58] + n(t.second) + [32] + convert([UInt8(ascii: "p")], t)
        case UInt8(ascii: "R"): return n(t.hour) + [58] + n(t.minute)
        case UInt8(ascii: "S"): return n(t.second)
        case UInt8(ascii: "t"): return [9]
        case UInt8(ascii: "T"), UInt8(ascii: "X"): return n(t.hour) + [58] + n(t.minute) + [58] + n(t.second)
        case UInt8(ascii: "u"): return n((t.weekday + 6) % 7 + 1, 1)
        case UInt8(ascii: "U"): return n((t.yearDay - t.weekday + 7) / 7)
        case UInt8(ascii: "w"): return n(t.weekday, 1)
        case UInt8(ascii: "W"): return n((t.yearDay - (t.weekday + 6) % 7 + 7) / 7)
        case UInt8(ascii: "y"): return n(yearInCentury(t))
        case UInt8(ascii: "Y"): return n(t.year, 1)
        case UInt8(ascii: "z"): return [UInt8]("+0000")
        case UInt8(ascii: "Z"): return [UInt8]("GMT")
        default: return [37]  // "%%"
        }
    }

    /// glibc's DO_NUMBER: a '-' for a negative value, then the digits, zero-padded to `digits`.
    static func number(_ v: Int32, _ digits: Int) -> [UInt8] {
        let magnitude = decimal(Int64(v.magnitude))
        let zeros = [UInt8](repeating: UInt8(ascii: "0"), count: max(0, digits - magnitude.count - (v < 0 ? 1 : 0)))
        return (v < 0 ? [45] : []) + zeros + magnitude
    }

    /// DO_NUMBER_SPACEPAD (2, v) for a day of the month.
    static func spaced(_ v: Int32) -> [UInt8] { v < 10 ? [32] + decimal(Int64(v)) : decimal(Int64(v)) }

    /// "%y": (tm_year % 100 + 100) % 100, in C's truncating arithmetic.
    static func yearInCentury(_ t: DateFields) -> Int32 { (t.tmYear % 100 + 100) % 100 }

    /// The ISO 8601 week-based year and the days since its first week's Monday, as glibc
    /// computes them for %G, %g and %V (iso_week_days, with int years).
    static func isoWeek(_ t: DateFields) -> (year: Int32, days: Int32) {
        func weekDays(_ yday: Int32, _ wday: Int32) -> Int32 { yday - (yday - wday + 4 + 378) % 7 + 3 }
        func isLeap(_ y: Int32) -> Int32 { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ? 1 : 0 }
        var year = t.year
        var days = weekDays(t.yearDay, t.weekday)
        if days < 0 {
            year = year &- 1
            days = weekDays(t.yearDay + 365 + isLeap(year), t.weekday)
        } else {
            let d = weekDays(t.yearDay - 365 - isLeap(year), t.weekday)
            if d >= 0 { year = year &+ 1; days = d }
        }
        return (year, days)
    }
}
