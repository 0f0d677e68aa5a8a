// string.find, string.match, string.gmatch and string.gsub (lstrlib.c's str_find_aux, gmatch
// and str_gsub) on top of `PatternMatcher`, which does the matching itself. This file turns
// arguments into a subject, a pattern and a start position, walks the subject the way the
// reference does (anchors, the "no special characters" fast path, the rule that an empty
// match right where the previous match ended does not count), and turns captures into Lua
// values.
//
// Step cost (rates in VM/CostModel.swift): one step per match attempt (a start position
// tried), charged every `attemptsPerCharge` attempts and when the function returns; a plain
// search is a byte scan; gsub's result is a copy, and its buffer is counted against the memory
// budget while it grows (`ResultBuffer`). Inside an attempt, the matcher's backtracking work costs one step per `matchWorkPerStep` units,
// and an attempt that would exceed the remaining steps stops there, so no pattern outlives
// the step budget (the reference can backtrack for hours on "a*a*a*a*a*a*b").

extension StringLibrary {
    /// Match attempts charged to the step budget at a time.
    static let attemptsPerCharge = 4096
    /// Matcher work units per step (CostModel.matchWorkPerStep).
    static let matchWorkPerStep = Int(CostModel.matchWorkPerStep)

    // MARK: Matching with Lua errors

    /// Runs one match attempt, turning pattern errors into Lua errors (they are `luaL_error`s,
    /// so they carry the caller's position).
    @inline(__always)
    static func attempt(_ L: LuaState, _ m: inout PatternMatcher, at start: Int, patternStart: Int) throws(LuaError) -> Int? {
        let (limit, overflow) = Int(clamping: L.remainingSteps).multipliedReportingOverflow(by: matchWorkPerStep)
        m.workLimit = overflow ? Int.max : limit
        let end: Int?
        do throws(PatternError) {
            end = try m.match(at: start, patternStart: patternStart)
        } catch {
            if error.isWorkLimit { try L.addSteps(Int64(m.work / matchWorkPerStep) + 1) }
            throw L.error(error.message)
        }
        let steps = m.work / matchWorkPerStep
        if steps > 0 {
            m.work -= steps * matchWorkPerStep
            try L.addSteps(Int64(steps))
        }
        return end
    }

    /// Capture `i` of the last match of `m` spanning `start..<end` (capture 0 is the whole
    /// match when the pattern has none), as a Lua value: a string, or an integer for a
    /// position capture.
    static func captureValue(_ L: LuaState, _ m: inout PatternMatcher, _ s: UnsafeBufferPointer<UInt8>, _ i: Int,
                             start: Int, end: Int) throws(LuaError) -> LuaValue {
        let c: PatternCapture
        do throws(PatternError) {
            c = try m.capture(i, matchStart: start, matchEnd: end)
        } catch {
            throw L.error(error.message)
        }
        if c.isPosition { return .integer(Int64(c.start) + 1) }
        return try L.newString(UnsafeBufferPointer(rebasing: s[c.start..<c.start + c.length]))
    }

    /// push_captures: all captures, or the whole match when the pattern has none and
    /// `wholeMatch` is true (find passes false: it already returned the match's bounds).
    static func pushCaptures(_ L: LuaState, _ m: inout PatternMatcher, _ s: UnsafeBufferPointer<UInt8>,
                             start: Int, end: Int, wholeMatch: Bool) throws(LuaError) -> Int {
        let n = m.captureCount == 0 && wholeMatch ? 1 : m.captureCount
        for i in 0..<n { try L.push(try captureValue(L, &m, s, i, start: start, end: end)) }
        return n
    }

    // MARK: find and match

    /// string.find(s, pattern [, init [, plain]])
    static func find(_ L: LuaState) throws(LuaError) -> Int { try findOrMatch(L, find: true) }

    /// string.match(s, pattern [, init])
    static func match(_ L: LuaState) throws(LuaError) -> Int { try findOrMatch(L, find: false) }

    /// str_find_aux: the first match at or after `init`; find returns its bounds and the
    /// captures, match the captures (or the whole match).
    static func findOrMatch(_ L: LuaState, find: Bool) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        let p = try L.checkBytes(2)
        let initial = startPosition(try L.optionalInteger(3, 1), length: s.count) - 1
        if initial > Int64(s.count) {  // starts after the end: nothing can match
            try L.push(.nil)
            return 1
        }
        var start = Int(initial)
        if find && (!L.argument(4).isFalsy || PatternMatcher.hasNoSpecials(p)) {
            // Charged per byte examined (positions and compared bytes); the search gives up
            // when that exceeds what the remaining steps buy.
            let (limit, overflow) = Int(clamping: L.remainingSteps).multipliedReportingOverflow(by: Int(CostModel.bytesScannedPerStep))
            var work = 0
            let found = PatternMatcher.find(p, in: s, from: start, work: &work, workLimit: overflow ? Int.max : limit)
            try L.chargeScan(work)
            if !overflow && work > limit { try L.addSteps(1) }  // (gave up: never a wrong "not found")
            if let at = found {
                try L.push(.integer(Int64(at) + 1))
                try L.push(.integer(Int64(at) + Int64(p.count)))
                return 2
            }
        } else {
            let anchored = p.first == UInt8(ascii: "^")
            var m = PatternMatcher(subject: s, pattern: p)
            var attempts = 0
            while true {
                attempts += 1
                if let end = try attempt(L, &m, at: start, patternStart: anchored ? 1 : 0) {
                    try L.addSteps(Int64(attempts))
                    if find {
                        try L.push(.integer(Int64(start) + 1))
                        try L.push(.integer(Int64(end)))
                        return try pushCaptures(L, &m, s, start: start, end: end, wholeMatch: false) + 2
                    }
                    return try pushCaptures(L, &m, s, start: start, end: end, wholeMatch: true)
                }
                if anchored || start >= s.count { break }
                start += 1
                if attempts == attemptsPerCharge {
                    try L.addSteps(Int64(attempts))
                    attempts = 0
                }
            }
            try L.addSteps(Int64(attempts))
        }
        try L.push(.nil)
        return 1
    }

    // MARK: gmatch

    /// string.gmatch(s, pattern [, init]): an iterator over the matches. Its state lives in
    /// the iterator's upvalues: subject, pattern, next start offset, end of the last match
    /// (-1 before the first), so the strings stay alive as long as the iterator.
    static func gmatch(_ L: LuaState) throws(LuaError) -> Int {
        let s = try L.checkString(1)
        let p = try L.checkString(2)
        let length = L.buffer(of: s).count
        var start = startPosition(try L.optionalInteger(3, 1), length: length) - 1
        if start > Int64(length) { start = Int64(length) + 1 }
        try L.push(try L.newFunction("gmatch_aux", upvalues: [s, p, .integer(start), .integer(-1)], gmatchStep))
        return 1
    }

    /// gmatch_aux: the next match that does not end where the previous one ended.
    static func gmatchStep(_ L: LuaState) throws(LuaError) -> Int {
        let s = L.buffer(of: L.upvalue(1))
        let p = L.buffer(of: L.upvalue(2))
        let lastMatch = L.upvalue(4).integerPayload
        // The stored offset is in 0...count+1 (set by gmatch or by a previous match).
        var start = Int(max(0, min(L.upvalue(3).integerPayload, Int64(s.count) + 1)))
        var m = PatternMatcher(subject: s, pattern: p)
        var attempts = 0
        while start <= s.count {
            attempts += 1
            if let end = try attempt(L, &m, at: start, patternStart: 0), Int64(end) != lastMatch {
                try L.addSteps(Int64(attempts))
                L.setUpvalue(3, .integer(Int64(end)))
                L.setUpvalue(4, .integer(Int64(end)))
                return try pushCaptures(L, &m, s, start: start, end: end, wholeMatch: true)
            }
            start += 1
            if attempts == attemptsPerCharge {
                try L.addSteps(Int64(attempts))
                attempts = 0
            }
        }
        try L.addSteps(Int64(attempts))
        return 0
    }

    // MARK: gsub

    /// string.gsub(s, pattern, repl [, n]): replaces up to n matches (all by default) by a
    /// string with %0–%9 references, the value of a table at the first capture, or the
    /// result of a function called with the captures; nil/false keep the match. Returns the
    /// new string (the original one if nothing changed) and the number of matches.
    static func gsub(_ L: LuaState) throws(LuaError) -> Int {
        let s = try L.checkBytes(1)
        let p = try L.checkBytes(2)
        let kind = L.argumentType(3)
        let maxReplacements = try L.optionalInteger(4, Int64(s.count) + 1)
        guard kind == .number || kind == .string || kind == .function || kind == .table else {
            throw L.argumentTypeError(3, "string/function/table")
        }
        let replacement = kind == .string || kind == .number ? try L.checkBytes(3) : UnsafeBufferPointer(start: nil, count: 0)
        let anchored = p.first == UInt8(ascii: "^")
        var m = PatternMatcher(subject: s, pattern: p)
        var out = ResultBuffer()
        defer { out.release(L) }
        var src = 0, copied = 0  // s[copied..<src] is unmatched text not yet copied to `out`
        var lastMatch = -1
        var count: Int64 = 0
        var changed = false
        var attempts = 0
        while count < maxReplacements {
            attempts += 1
            if attempts == attemptsPerCharge {
                try L.addSteps(Int64(attempts))
                attempts = 0
            }
            if let end = try attempt(L, &m, at: src, patternStart: anchored ? 1 : 0), end != lastMatch {
                count += 1
                try out.append(L, UnsafeBufferPointer(rebasing: s[copied..<src]))
                if kind == .string || kind == .number {
                    try appendExpansion(L, replacement, &m, s, start: src, end: end, to: &out)
                    changed = true
                } else if try appendReplacementValue(L, kind, &m, s, start: src, end: end, to: &out) {
                    changed = true
                }
                src = end
                copied = end
                lastMatch = end
            } else if src < s.count {
                src += 1
            } else {
                break
            }
            if anchored { break }
        }
        try L.addSteps(Int64(attempts))
        if changed {
            try out.append(L, UnsafeBufferPointer(rebasing: s[copied..<s.count]))
            try L.chargeCopy(out.bytes.count)
            try L.push(try L.newString(out.bytes))
        } else {
            try L.push(L.argument(1))
        }
        try L.push(.integer(count))
        return 2
    }

    /// add_s: appends the replacement string with %0–%9 and %% expanded.
    static func appendExpansion(_ L: LuaState, _ r: UnsafeBufferPointer<UInt8>, _ m: inout PatternMatcher,
                                _ s: UnsafeBufferPointer<UInt8>, start: Int, end: Int, to out: inout ResultBuffer) throws(LuaError) {
        try L.chargeScan(r.count)  // the replacement is searched for '%' at every match
        var literal = 0  // r[literal..<i] is literal text not yet appended
        var i = 0
        while i < r.count {
            if r[i] != UInt8(ascii: "%") {
                i += 1
                continue
            }
            try out.append(L, UnsafeBufferPointer(rebasing: r[literal..<i]))
            let c: UInt8 = i + 1 < r.count ? r[i + 1] : 0  // the reference sees the final NUL
            if c == UInt8(ascii: "%") {
                try out.append(L, c)
            } else if c == UInt8(ascii: "0") {
                try out.append(L, UnsafeBufferPointer(rebasing: s[start..<end]))
            } else if c &- 0x30 < 10 {
                let v = try captureValue(L, &m, s, Int(c) - 0x31, start: start, end: end)
                if v.isString {
                    try out.append(L, L.buffer(of: v))
                } else {
                    var digits: [UInt8] = []
                    NumberFormatter.appendInteger(v.integerPayload, to: &digits)
                    try out.append(L, digits)
                }
            } else {
                throw L.error("invalid use of '%' in replacement string")
            }
            i += 2
            literal = i
        }
        try out.append(L, UnsafeBufferPointer(rebasing: r[literal..<r.count]))
    }

    /// add_value for a table or function replacement: appends the value it gives, or the
    /// matched text when that is nil or false. Returns whether the text changed.
    static func appendReplacementValue(_ L: LuaState, _ kind: LuaType, _ m: inout PatternMatcher, _ s: UnsafeBufferPointer<UInt8>,
                                       start: Int, end: Int, to out: inout ResultBuffer) throws(LuaError) -> Bool {
        if kind == .function {
            try L.push(L.argument(3))
            let n = try pushCaptures(L, &m, s, start: start, end: end, wholeMatch: true)
            try L.call(arguments: n, results: 1)
        } else {
            try L.push(try captureValue(L, &m, s, 0, start: start, end: end))
            let value = try L.get(L.argument(3), L.top())
            L.pop()
            try L.push(value)
        }
        let value = L.top()
        defer { L.pop() }
        if value.isFalsy {
            try out.append(L, UnsafeBufferPointer(rebasing: s[start..<end]))
            return false
        }
        if value.isString {
            try out.append(L, L.buffer(of: value))
        } else if value.isNumber {
            try out.append(L, L.numberToBytes(value))
        } else {
            throw L.error([UInt8]("invalid replacement value (a ") + value.typeName.bytes + [UInt8(ascii: ")")])
        }
        return true
    }
}
