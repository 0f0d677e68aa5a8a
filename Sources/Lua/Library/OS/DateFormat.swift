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

    /// Appends what glibc's strftime writes for the conversion `spec` (one character, or a
    /// modifier 'E'/'O' and one) in the "C" locale: the modifiers change nothing there.
    static func convert(_ spec: ArraySlice<UInt8>, _ t: DateFields, into out: inout [UInt8]) {
        convert(spec.last ?? 0, t, into: &out)
    }

    /// One conversion character. The composite ones are written as glibc's strftime writes
    /// them, through their formats (D_T_FMT, "%m/%d/%y", …), into the one output buffer.
    static func convert(_ c: UInt8, _ t: DateFields, into out: inout [UInt8]) {
        let hour12 = t.hour % 12 == 0 ? 12 : t.hour % 12
        switch c {
        case UInt8(ascii: "a"): append(weekdayNames[Int(t.weekday)], prefix: 3, to: &out)
        case UInt8(ascii: "A"): append(weekdayNames[Int(t.weekday)], to: &out)
        case UInt8(ascii: "b"), UInt8(ascii: "h"): append(monthNames[Int(t.month - 1)], prefix: 3, to: &out)
        case UInt8(ascii: "B"): append(monthNames[Int(t.month - 1)], to: &out)
        case UInt8(ascii: "c"): composite("%a %b %e %H:%M:%S %Y", t, into: &out)
        case UInt8(ascii: "C"): number(t.year / 100 - (t.year % 100 < 0 ? 1 : 0), 1, into: &out)
        case UInt8(ascii: "d"): number(t.day, 2, into: &out)
        case UInt8(ascii: "D"), UInt8(ascii: "x"): composite("%m/%d/%y", t, into: &out)
        case UInt8(ascii: "e"): if t.day < 10 { out.append(32) }; number(t.day, 1, into: &out)  // DO_NUMBER_SPACEPAD
        case UInt8(ascii: "F"): composite("%Y-%m-%d", t, into: &out)
        case UInt8(ascii: "g"): number((isoWeek(t).year % 100 + 100) % 100, 2, into: &out)
        case UInt8(ascii: "G"): number(isoWeek(t).year, 1, into: &out)
        case UInt8(ascii: "V"): number(isoWeek(t).days / 7 + 1, 2, into: &out)
        case UInt8(ascii: "H"): number(t.hour, 2, into: &out)
        case UInt8(ascii: "I"): number(hour12, 2, into: &out)
        case UInt8(ascii: "j"): number(t.yearDay + 1, 3, into: &out)
        case UInt8(ascii: "m"): number(t.month, 2, into: &out)
        case UInt8(ascii: "M"): number(t.minute, 2, into: &out)
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "p"): append(t.hour < 12 ? "AM" : "PM", to: &out)
        case UInt8(ascii: "r"): composite("%I:%M:%S %p", t, into: &out)
        case UInt8(ascii: "R"): composite("%H:%M", t, into: &out)
        case UInt8(ascii: "S"): number(t.second, 2, into: &out)
        case UInt8(ascii: "t"): out.append(9)
        case UInt8(ascii: "T"), UInt8(ascii: "X"): composite("%H:%M:%S", t, into: &out)
        case UInt8(ascii: "u"): number((t.weekday + 6) % 7 + 1, 1, into: &out)
        case UInt8(ascii: "U"): number((t.yearDay - t.weekday + 7) / 7, 2, into: &out)
        case UInt8(ascii: "w"): number(t.weekday, 1, into: &out)
        case UInt8(ascii: "W"): number((t.yearDay - (t.weekday + 6) % 7 + 7) / 7, 2, into: &out)
        case UInt8(ascii: "y"): number(yearInCentury(t), 2, into: &out)
        case UInt8(ascii: "Y"): number(t.year, 1, into: &out)
        case UInt8(ascii: "z"): append("+0000", to: &out)
        case UInt8(ascii: "Z"): append("GMT", to: &out)
        default: out.append(37)  // "%%"
        }
    }

    /// A composite conversion's format: its "%x" conversions converted, the rest copied.
    static func composite(_ format: StaticString, _ t: DateFields, into out: inout [UInt8]) {
        let f = UnsafeBufferPointer(start: format.utf8Start, count: format.utf8CodeUnitCount)
        var i = 0
        while i < f.count {
            if f[i] == UInt8(ascii: "%") && i + 1 < f.count {
                convert(f[i + 1], t, into: &out)
                i += 2
            } else {
                out.append(f[i])
                i += 1
            }
        }
    }

    /// The first `prefix` bytes of a name (all of it by default).
    static func append(_ s: StaticString, prefix: Int = Int.max, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: min(prefix, s.utf8CodeUnitCount)))
    }

    /// glibc's DO_NUMBER: a '-' for a negative value, then the digits, zero-padded to `digits`.
    static func number(_ v: Int32, _ digits: Int, into out: inout [UInt8]) {
        let magnitude = decimal(Int64(v.magnitude))
        if v < 0 { out.append(45) }
        for _ in 0..<max(0, digits - magnitude.count - (v < 0 ? 1 : 0)) { out.append(UInt8(ascii: "0")) }
        out.append(contentsOf: magnitude)
    }

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
