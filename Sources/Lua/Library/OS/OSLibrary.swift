// The safe parts of the os library (io is in IOLibrary.swift; the file functions are in
// OSFiles.swift).
//
// The clock and calendar are deterministic: `os.time()` is the host time recorded in the
// run options (0 if none), dates are computed in UTC whatever the `!` prefix says, and
// `os.clock()` counts VM steps (100,000,000 steps per second). `os.setlocale` knows only the "C" locale.

enum OSLibrary {
    static func open(_ L: LuaState) throws(LuaError) {
        let os = try L.registerLibrary("os", functions)
        if L.g.pointee.options.allowsExit {
            try L.rawSet(os, try L.newString("exit"), try L.newFunction("exit", OSLibrary.exit))
        }
    }

    nonisolated(unsafe) static let functions: [LuaLibraryFunction] = [
        .init("clock", clock), .init("date", date), .init("difftime", difftime), .init("getenv", getenv),
        .init("remove", remove), .init("rename", rename), .init("setlocale", setlocale), .init("time", time), .init("tmpname", tmpname),
    ]

    /// `os.exit([code [, close]])` for the shell (os_exit): `true` is status 0, `false` is 1,
    /// a number is the status (default 0). Ends the run; the host closes the state if asked.
    static func exit(_ L: LuaState) throws(LuaError) -> Int {
        let v = L.argument(1)
        let status: Int64
        if v.isBoolean { status = v.isFalsy ? 1 : 0 } else { status = try L.optionalInteger(1, 0) }
        throw L.exitRequested(status: Int32(truncatingIfNeeded: status), close: !L.argument(2).isFalsy)
    }

    static func clock(_ L: LuaState) throws(LuaError) -> Int {
        try L.push(.float(Double(L.g.pointee.stepsUsed) / 100_000_000))
        return 1
    }

    static func getenv(_ L: LuaState) throws(LuaError) -> Int {
        let name = L.bytes(of: try L.checkString(1))
        if let entry = L.g.pointee.options.environment.first(where: { $0.name == name }) {
            try L.push(try L.newString(entry.value))
        } else {
            try L.push(.nil)
        }
        return 1
    }

    static func setlocale(_ L: LuaState) throws(LuaError) -> Int {
        let v = L.argument(1)
        let name = v.isNil ? [] : L.bytes(of: try L.checkString(1))
        _ = try L.checkOption(2, "all", ["all", "collate", "ctype", "monetary", "numeric", "time"])
        if v.isNil || name.isEmpty || name == [UInt8]("C") || name == [UInt8]("POSIX") {
            try L.push(try L.newString("C"))
        } else {
            try L.push(.nil)
        }
        return 1
    }

    static func difftime(_ L: LuaState) throws(LuaError) -> Int {
        let t1 = try L.checkInteger(1)
        let t2 = try L.optionalInteger(2, 0)
        try L.push(.float(Double(t1) - Double(t2)))
        return 1
    }

    static func time(_ L: LuaState) throws(LuaError) -> Int {
        let t = L.argument(1)
        if t.isNil {
            try L.push(.integer(L.hostTime ?? 0))
            return 1
        }
        try L.checkType(1, .table)
        func field(_ name: StaticString, _ def: Int64?, _ delta: Int64) throws(LuaError) -> Int64 {
            let v = try L.get(t, try L.newString(name))
            if v.isNil {
                guard let def else { throw L.error([UInt8]("field '") + name.bytes + [UInt8]("' missing in date table")) }
                return def
            }
            guard let n = L.toInteger(v) else {
                if v.isNumber || L.toNumber(v) != nil {
                    throw L.error([UInt8]("field '") + name.bytes + [UInt8]("' is not an integer"))
                }
                throw L.error([UInt8]("field '") + name.bytes + [UInt8]("' is not an integer"))
            }
            let (r, o) = n.subtractingReportingOverflow(delta)
            if o || r > Int64(Int32.max) || r < Int64(Int32.min) {
                throw L.error([UInt8]("field '") + name.bytes + [UInt8]("' is out-of-bound"))
            }
            return n
        }
        let year = try field("year", nil, 1900)
        let month = try field("month", nil, 1)
        let day = try field("day", nil, 0)
        let hour = try field("hour", 12, 0)
        let minute = try field("min", 0, 0)
        let second = try field("sec", 0, 0)
        // Normalize like mktime (UTC): months first, then days.
        var y = year, m = month - 1
        y += m >= 0 ? m / 12 : (m - 11) / 12
        m = ((m % 12) + 12) % 12
        let days = CivilCalendar.days(year: y, month: m + 1, day: 1) + (day - 1)
        let total = days * 86400 + hour * 3600 + minute * 60 + second
        // setallfields: the table gets the normalized date, as mktime leaves it.
        let bt = CivilCalendar.breakDown(total)
        let fields: [(StaticString, Int64)] = [("year", bt.year), ("month", bt.month), ("day", bt.day),
                                               ("hour", bt.hour), ("min", bt.minute), ("sec", bt.second),
                                               ("yday", bt.yearDay + 1), ("wday", bt.weekday + 1)]
        for (k, v) in fields { try L.set(t, try L.newString(k), .integer(v)) }
        try L.set(t, try L.newString("isdst"), .false)
        try L.push(.integer(total))
        return 1
    }

    static let weekdayNames: [StaticString] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    static let monthNames: [StaticString] = ["January", "February", "March", "April", "May", "June", "July",
                                             "August", "September", "October", "November", "December"]

    static func date(_ L: LuaState) throws(LuaError) -> Int {
        var format = L.argument(1).isNil ? [UInt8]("%c") : L.bytes(of: try L.checkString(1))
        let t = L.argument(2).isNil ? (L.hostTime ?? 0) : try L.checkInteger(2)
        if format.first == UInt8(ascii: "!") { format.removeFirst() }
        let bt = CivilCalendar.breakDown(t)
        if format.starts(with: [UInt8]("*t")) {
            let r = try L.newTable(hashCapacity: 9)
            let fields: [(StaticString, Int64)] = [("year", bt.year), ("month", bt.month), ("day", bt.day),
                                                   ("hour", bt.hour), ("min", bt.minute), ("sec", bt.second),
                                                   ("wday", bt.weekday + 1), ("yday", bt.yearDay + 1)]
            for (k, v) in fields { try L.rawSet(r, try L.newString(k), .integer(v)) }
            try L.rawSet(r, try L.newString("isdst"), .false)
            try L.push(r)
            return 1
        }
        var out: [UInt8] = []
        var i = 0
        while i < format.count {
            let c = format[i]
            if c != UInt8(ascii: "%") { out.append(c); i += 1; continue }
            i += 1
            guard i < format.count else { throw L.argumentError(1, "invalid conversion specifier '%'") }
            var spec = format[i]
            if spec == UInt8(ascii: "E") || spec == UInt8(ascii: "O") {
                let allowed = spec == UInt8(ascii: "E") ? [UInt8]("cCxXyY") : [UInt8]("deHImMSuUVwWy")
                guard i + 1 < format.count, allowed.contains(format[i + 1]) else {
                    let end = min(i + 2, format.count)
                    throw L.argumentError(1, [UInt8]("invalid conversion specifier '%") + Array(format[i..<end]) + [UInt8(ascii: "'")])
                }
                i += 1
                spec = format[i]
            }
            guard let piece = strftime(spec, bt) else {
                throw L.argumentError(1, [UInt8]("invalid conversion specifier '%") + [spec] + [UInt8(ascii: "'")])
            }
            out += piece
            i += 1
        }
        try L.push(try L.newString(out))
        return 1
    }

    /// One strftime conversion in the "C" locale.
    static func strftime(_ spec: UInt8, _ t: CivilCalendar.BrokenTime) -> [UInt8]? {
        func pad(_ v: Int64, _ width: Int, _ fill: UInt8 = UInt8(ascii: "0")) -> [UInt8] {
            var d = decimal(v)
            while d.count < width { d.insert(fill, at: 0) }
            return d
        }
        let hour12 = t.hour % 12 == 0 ? 12 : t.hour % 12
        switch spec {
        case UInt8(ascii: "a"): return Array(weekdayNames[Int(t.weekday)].bytes.prefix(3))
        case UInt8(ascii: "A"): return weekdayNames[Int(t.weekday)].bytes
        case UInt8(ascii: "b"), UInt8(ascii: "h"): return Array(monthNames[Int(t.month - 1)].bytes.prefix(3))
        case UInt8(ascii: "B"): return monthNames[Int(t.month - 1)].bytes
        case UInt8(ascii: "c"):
            return (strftime(UInt8(ascii: "a"), t) ?? []) + [32] + (strftime(UInt8(ascii: "b"), t) ?? []) + [32]
                + pad(t.day, 2, 32) + [32] + (strftime(UInt8(ascii: "T"), t) ?? []) + [32] + decimal(t.year)
        case UInt8(ascii: "C"): return pad(t.year / 100, 2)
        case UInt8(ascii: "d"): return pad(t.day, 2)
        case UInt8(ascii: "D"), UInt8(ascii: "x"):
            return pad(t.month, 2) + [47] + pad(t.day, 2) + [47] + pad(t.year % 100, 2)
        case UInt8(ascii: "e"): return pad(t.day, 2, 32)
        case UInt8(ascii: "F"): return decimal(t.year) + [45] + pad(t.month, 2) + [45] + pad(t.day, 2)
        case UInt8(ascii: "g"): return pad(isoYear(t) % 100, 2)
        case UInt8(ascii: "G"): return decimal(isoYear(t))
        case UInt8(ascii: "H"): return pad(t.hour, 2)
        case UInt8(ascii: "I"): return pad(hour12, 2)
        case UInt8(ascii: "j"): return pad(t.yearDay + 1, 3)
        case UInt8(ascii: "m"): return pad(t.month, 2)
        case UInt8(ascii: "M"): return pad(t.minute, 2)
        case UInt8(ascii: "n"): return [10]
        case UInt8(ascii: "p"): return t.hour < 12 ? [UInt8]("AM") : [UInt8]("PM")
        case UInt8(ascii: "r"): return pad(hour12, 2) + [58] + pad(t.minute, 2) + [58] + pad(t.second, 2) + [32] + (t.hour < 12 ? [UInt8]("AM") : [UInt8]("PM"))
        case UInt8(ascii: "R"): return pad(t.hour, 2) + [58] + pad(t.minute, 2)
        case UInt8(ascii: "S"): return pad(t.second, 2)
        case UInt8(ascii: "t"): return [9]
        case UInt8(ascii: "T"), UInt8(ascii: "X"): return pad(t.hour, 2) + [58] + pad(t.minute, 2) + [58] + pad(t.second, 2)
        case UInt8(ascii: "u"): return decimal(t.weekday == 0 ? 7 : t.weekday)
        case UInt8(ascii: "U"): return pad((t.yearDay + 7 - t.weekday) / 7, 2)
        case UInt8(ascii: "V"): return pad(isoWeek(t), 2)
        case UInt8(ascii: "w"): return decimal(t.weekday)
        case UInt8(ascii: "W"): return pad((t.yearDay + 7 - (t.weekday + 6) % 7) / 7, 2)
        case UInt8(ascii: "y"): return pad(t.year % 100, 2)
        case UInt8(ascii: "Y"): return decimal(t.year)
        case UInt8(ascii: "z"): return [UInt8]("+0000")
        case UInt8(ascii: "Z"): return [UInt8]("GMT")
        case UInt8(ascii: "%"): return [37]
        default: return nil
        }
    }

    /// ISO 8601 week number.
    static func isoWeek(_ t: CivilCalendar.BrokenTime) -> Int64 {
        let wdayMon = (t.weekday + 6) % 7
        let week = (t.yearDay - wdayMon + 10) / 7
        if week < 1 {
            let prev = CivilCalendar.breakDown((CivilCalendar.days(year: t.year, month: 1, day: 1) - 1) * 86400)
            return isoWeek(prev)
        }
        let daysInYear: Int64 = (t.year % 4 == 0 && (t.year % 100 != 0 || t.year % 400 == 0)) ? 366 : 365
        if week == 53 && (t.yearDay - wdayMon + 3) >= daysInYear { return 1 }
        return week
    }

    /// ISO 8601 week-based year.
    static func isoYear(_ t: CivilCalendar.BrokenTime) -> Int64 {
        let w = isoWeek(t)
        if w >= 52 && t.month == 1 { return t.year - 1 }
        if w == 1 && t.month == 12 { return t.year + 1 }
        return t.year
    }
}
