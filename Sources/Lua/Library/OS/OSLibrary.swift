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
            try L.setFunction(os, "exit", OSLibrary.exit)
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
        try L.pushOutOfLine(.float(Double(L.g.pointee.stepsUsed) / 100_000_000))
        return 1
    }

    static func getenv(_ L: LuaState) throws(LuaError) -> Int {
        let name = L.bytes(of: try L.checkString(1))
        if let entry = L.g.pointee.options.environment.first(where: { $0.name == name }) {
            try L.pushOutOfLine(try L.newString(entry.value))
        } else {
            try L.pushOutOfLine(.nil)
        }
        return 1
    }

    static func setlocale(_ L: LuaState) throws(LuaError) -> Int {
        let v = L.argument(1)
        let name = v.isNil ? [] : try L.checkCString(1)
        _ = try L.checkOption(2, "all", ["all", "collate", "ctype", "monetary", "numeric", "time"])
        if v.isNil || name.isEmpty || name == [UInt8]("C") || name == [UInt8]("POSIX") {
            try L.pushOutOfLine(try L.newString("C"))
        } else {
            try L.pushOutOfLine(.nil)
        }
        return 1
    }

    static func difftime(_ L: LuaState) throws(LuaError) -> Int {
        let t1 = try L.checkInteger(1)
        let t2 = try L.checkInteger(2)  // (both required since 5.4)
        // glibc subtracts in x86-64's long double, where the difference of two 64-bit times
        // is exact: one rounding, of the exact difference, to a double.
        let (d, overflow) = t1.subtractingReportingOverflow(t2)
        let magnitude = overflow ? t1.magnitude &+ t2.magnitude : d.magnitude  // (overflow: opposite signs)
        try L.pushOutOfLine(.float((t1 < t2 ? -1.0 : 1.0) * Double(magnitude)))
        return 1
    }

    static func time(_ L: LuaState) throws(LuaError) -> Int {
        let t = L.argument(1)
        if t.isNil {
            try L.pushOutOfLine(.integer(L.hostTime ?? 0))
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
        // mktime fails (-1) when the normalized date's year does not fit a struct tm (as
        // gmtime, DateFields); lua5.4 also refuses a result of -1, a valid time.
        guard total != -1, let tm = DateFields(total) else {
            throw L.error("time result cannot be represented in this installation")
        }
        // setallfields: the table gets the normalized date, as mktime leaves it.
        for (k, v) in tm.tableFields { try L.set(t, try L.newString(k), .integer(v)) }
        try L.set(t, try L.newString("isdst"), .false)
        try L.pushOutOfLine(.integer(total))
        return 1
    }

    /// `os.date([format [, time]])` (os_date): the time is checked, broken down (failing where
    /// gmtime would), then the format is checked conversion by conversion as it is written out;
    /// an invalid conversion is reported with the rest of the format (up to a NUL byte, as the
    /// reference's "%s" prints it). "*t" must be the whole format (strcmp).
    static func date(_ L: LuaState) throws(LuaError) -> Int {
        var format = L.argument(1).isNil ? [UInt8]("%c") : L.bytes(of: try L.checkString(1))
        let t = L.argument(2).isNil ? (L.hostTime ?? 0) : try L.checkInteger(2)
        if format.first == UInt8(ascii: "!") { format.removeFirst() }
        guard let tm = DateFields(t) else { throw L.error("date result cannot be represented in this installation") }
        if L.cString(format) == [UInt8]("*t") {
            let r = try L.newTable(hashCapacity: 9)
            for (k, v) in tm.tableFields { try L.setField(r, k, .integer(v)) }
            try L.setField(r, "isdst", .false)
            try L.pushOutOfLine(r)
            return 1
        }
        var out: [UInt8] = []
        var i = 0
        while i < format.count {
            let c = format[i]
            i += 1
            if c != UInt8(ascii: "%") { out.append(c); continue }
            guard let length = DateFormat.conversionLength(format[i...]) else {
                let rest = L.cString(Array(format[i...]))
                throw L.argumentError(1, [UInt8]("invalid conversion specifier '%") + rest + [UInt8(ascii: "'")])
            }
            DateFormat.convert(format[i..<i + length], tm, into: &out)
            i += length
        }
        try L.pushOutOfLine(try L.newString(out))
        return 1
    }
}
