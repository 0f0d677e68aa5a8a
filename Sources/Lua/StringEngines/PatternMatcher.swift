// Lua patterns (§6.4.1 of the manual), with the semantics and error messages of Lua 5.4.4's
// lstrlib.c: single-character classes, sets, the quantifiers * + - ?, anchors, captures and
// position captures, back-references %1–%9, %b and %f. The matcher backtracks recursively like
// the reference, and like it counts its depth: past 200 levels it stops with "pattern too
// complex", so no pattern can exhaust the Swift stack. Repetition of a single character class
// is a loop, not recursion, exactly as in the reference.
//
// The depth guard does not bound time: "a*a*a*a*a*b" backtracks polynomially in the subject
// (exponentially in the pattern), and the reference simply runs for ever. So the matcher also
// counts its work — one unit per `doMatch` call, per pattern item it examines and per subject
// byte a repetition or `%b` scans — and stops with a budget error past `workLimit`; the caller converts work into steps.

/// A pattern error; `message` is the reference's text (e.g. "malformed pattern (missing ']')").
public struct PatternError: Error {
    public var message: [UInt8]
    /// True when the match was stopped by `PatternMatcher.workLimit`, not by the pattern.
    public var isWorkLimit = false
    init(_ text: StaticString) { message = text.withUTF8Buffer { Array($0) } }
    init(bytes: [UInt8]) { message = bytes }

    /// The error of a match that exceeded its work limit.
    static let workLimit = PatternError(bytes: [UInt8]("pattern matching exceeded its work limit"), isWorkLimit: true)
    private init(bytes: [UInt8], isWorkLimit: Bool) {
        message = bytes
        self.isWorkLimit = isWorkLimit
    }

    static func invalidCaptureIndex(_ n: Int) -> PatternError {
        var m = [UInt8]("invalid capture index %")
        NumberFormatter.appendInteger(Int64(n), to: &m)
        return PatternError(bytes: m)
    }
}

/// One capture of a match.
public struct PatternCapture {
    /// Offset of the captured text in the subject (0-based).
    public var start: Int
    /// Length of the captured text, or `PatternCapture.position` for a position capture `()`.
    public var length: Int

    /// The `length` of a position capture.
    public static let position = -2
    /// The `length` of a capture still open.
    static let unfinished = -1

    /// True for a position capture; its value is `start + 1`.
    public var isPosition: Bool { length == Self.position }
}

/// State of one match attempt: subject, pattern and captures. Keep one per `gmatch`/`gsub`
/// loop and call `match(at:)` repeatedly; nothing is allocated per match.
public struct PatternMatcher {
    /// Maximum number of captures (LUA_MAXCAPTURES).
    public static let maxCaptures = 32
    /// Maximum recursion depth of the matcher (MAXCCALLS).
    static let maxDepth = 200

    let subject: UnsafeBufferPointer<UInt8>
    let pattern: UnsafeBufferPointer<UInt8>
    /// Captures of the last successful match; `captureCount` of them are valid.
    private var captures = CaptureSlots()
    /// Number of captures of the last match.
    public private(set) var captureCount = 0
    private var depth = 0
    /// Work done so far (see the file comment); the caller may read and reset it.
    public var work = 0
    /// Work after which a match attempt stops with `PatternError.workLimit`.
    public var workLimit = Int.max

    /// Prepares matching `pattern` against `subject`. Both buffers must outlive the matcher.
    public init(subject: UnsafeBufferPointer<UInt8>, pattern: UnsafeBufferPointer<UInt8>) {
        self.subject = subject
        self.pattern = pattern
    }

    /// Tries to match the pattern starting at pattern offset `patternStart` (1 to skip a '^')
    /// against the subject at `subjectStart`. Returns the end offset of the match, or nil.
    public mutating func match(at subjectStart: Int, patternStart: Int = 0) throws(PatternError) -> Int? {
        captureCount = 0
        depth = Self.maxDepth
        return try doMatch(subjectStart, patternStart)
    }

    /// The value of capture `i` for a match spanning `start..<end`: with no captures, capture 0
    /// is the whole match. Errors as the reference's `get_onecapture`.
    public mutating func capture(_ i: Int, matchStart start: Int, matchEnd end: Int) throws(PatternError) -> PatternCapture {
        if i >= captureCount {
            if i != 0 { throw PatternError.invalidCaptureIndex(i + 1) }
            return PatternCapture(start: start, length: end - start)
        }
        let c = captures[i]
        if c.length == PatternCapture.unfinished { throw PatternError("unfinished capture") }
        return c
    }

    /// True when `pattern` has none of the characters that make it more than a literal.
    public static func hasNoSpecials(_ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in pattern {
            switch c {
            case UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"),
                 UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "%"), UInt8(ascii: "-"):
                return false
            default: continue
            }
        }
        return true
    }

    /// Plain substring search (`lmemfind`): the first offset ≥ `from` where `needle` occurs.
    public static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var work = 0
        return find(needle, in: haystack, from: from, work: &work, workLimit: Int.max)
    }

    /// `find` that counts its work in `work` — one unit per position tried and per byte
    /// compared there (a naive search is O(n·m), like the reference's lmemfind) — and gives
    /// up (returning nil with `work > workLimit`) once it exceeds `workLimit`.
    public static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from: Int,
                            work: inout Int, workLimit: Int) -> Int? {
        let n = needle.count
        if n == 0 { return from }
        guard n <= haystack.count - from, let first = needle.first,
              let h = haystack.baseAddress, let nb = needle.baseAddress else { return nil }
        var i = from
        let last = haystack.count - n
        while i <= last {
            work &+= 1
            if haystack[i] == first {
                let k = 1 + commonPrefixLength(h + i + 1, nb + 1, n - 1)
                work &+= k
                if k == n { return i }
            }
            if work > workLimit { return nil }
            i += 1
        }
        return nil
    }

    // MARK: - The matcher (do_match)

    private mutating func doMatch(_ sStart: Int, _ pStart: Int) throws(PatternError) -> Int? {
        depth -= 1
        if depth == 0 { throw PatternError("pattern too complex") }
        defer { depth += 1 }
        try spend(1)
        var s = sStart
        var p = pStart
        while p < pattern.count {
            // Every pattern item examined is a unit too: one call can walk the whole pattern
            // (optional items skipped at the end of the subject), so counting calls alone let
            // a backtracking pattern do hundreds of items' work per unit (found by fuzzing).
            try spend(1)
            switch pattern[p] {
            case UInt8(ascii: "("):
                if p + 1 < pattern.count && pattern[p + 1] == UInt8(ascii: ")") {
                    return try startCapture(s, p + 2, length: PatternCapture.position)
                }
                return try startCapture(s, p + 1, length: PatternCapture.unfinished)
            case UInt8(ascii: ")"):
                return try endCapture(s, p + 1)
            case UInt8(ascii: "$") where p + 1 == pattern.count:
                return s == subject.count ? s : nil
            case UInt8(ascii: "%") where p + 1 < pattern.count && pattern[p + 1] == UInt8(ascii: "b"):
                guard let next = try matchBalance(s, p + 2) else { return nil }
                s = next
                p += 4
                continue
            case UInt8(ascii: "%") where p + 1 < pattern.count && pattern[p + 1] == UInt8(ascii: "f"):
                p += 2
                guard p < pattern.count, pattern[p] == UInt8(ascii: "[") else {
                    throw PatternError("missing '[' after '%f' in pattern")
                }
                let end = try pattern.classEnd(p)
                let previous: UInt8 = s == 0 ? 0 : subject[s - 1]
                let current: UInt8 = s < subject.count ? subject[s] : 0
                if !pattern.matchBracketClass(previous, p, end - 1) && pattern.matchBracketClass(current, p, end - 1) {
                    p = end
                    continue
                }
                return nil
            case UInt8(ascii: "%") where p + 1 < pattern.count && Self.isDigit(pattern[p + 1]):
                guard let next = try matchCapture(s, Int(pattern[p + 1])) else { return nil }
                s = next
                p += 2
                continue
            default:
                break
            }
            // A single-character class, possibly followed by a quantifier.
            let ep = try pattern.classEnd(p)
            let epChar: UInt8 = ep < pattern.count ? pattern[ep] : 0
            let matches = s < subject.count && pattern.singleMatch(subject[s], p, ep)
            if !matches {
                if epChar == UInt8(ascii: "*") || epChar == UInt8(ascii: "?") || epChar == UInt8(ascii: "-") {
                    p = ep + 1  // accept the empty match
                    continue
                }
                return nil
            }
            switch epChar {
            case UInt8(ascii: "?"):
                if let result = try doMatch(s + 1, ep + 1) { return result }
                p = ep + 1
            case UInt8(ascii: "+"):
                return try maxExpand(s + 1, p, ep)
            case UInt8(ascii: "*"):
                return try maxExpand(s, p, ep)
            case UInt8(ascii: "-"):
                return try minExpand(s, p, ep)
            default:
                s += 1
                p = ep
            }
        }
        return s
    }

    /// Greedy repetition: count the longest run, then back off one by one.
    private mutating func maxExpand(_ s: Int, _ p: Int, _ ep: Int) throws(PatternError) -> Int? {
        var count = 0
        if pattern[p] == UInt8(ascii: "%") {
            // A class such as %a or %d (the common case): the class letter is read once, not
            // through singleMatch's switch on every byte.
            let cl = pattern[p + 1]
            while s &+ count < subject.count && Self.matchClass(subject[s &+ count], cl) { count &+= 1 }
        } else {
            while s &+ count < subject.count && pattern.singleMatch(subject[s &+ count], p, ep) { count &+= 1 }
        }
        try spend(count)
        while count >= 0 {
            if let result = try doMatch(s + count, ep + 1) { return result }
            count -= 1
        }
        return nil
    }

    /// Lazy repetition: try the rest first, then take one more character.
    private mutating func minExpand(_ start: Int, _ p: Int, _ ep: Int) throws(PatternError) -> Int? {
        var s = start
        while true {
            if let result = try doMatch(s, ep + 1) { return result }
            if s < subject.count && pattern.singleMatch(subject[s], p, ep) { s += 1 } else { return nil }
        }
    }

    private mutating func startCapture(_ s: Int, _ p: Int, length: Int) throws(PatternError) -> Int? {
        if captureCount >= Self.maxCaptures { throw PatternError("too many captures") }
        captures[captureCount] = PatternCapture(start: s, length: length)
        captureCount += 1
        let result = try doMatch(s, p)
        if result == nil { captureCount -= 1 }
        return result
    }

    private mutating func endCapture(_ s: Int, _ p: Int) throws(PatternError) -> Int? {
        var level = captureCount - 1
        while level >= 0 && captures[level].length != PatternCapture.unfinished { level -= 1 }
        if level < 0 { throw PatternError("invalid pattern capture") }
        captures[level].length = s - captures[level].start
        let result = try doMatch(s, p)
        if result == nil { captures[level].length = PatternCapture.unfinished }
        return result
    }

    /// %bxy: a balanced run from x to its matching y.
    private mutating func matchBalance(_ s: Int, _ p: Int) throws(PatternError) -> Int? {
        guard p + 1 < pattern.count else { throw PatternError("malformed pattern (missing arguments to '%b')") }
        guard s < subject.count, subject[s] == pattern[p] else { return nil }
        let open = pattern[p], close = pattern[p + 1]
        var level = 1
        var i = s + 1
        while i < subject.count {
            let c = subject[i]
            if c == close {
                level -= 1
                if level == 0 { try spend(i - s); return i + 1 }
            } else if c == open {
                level += 1
            }
            i += 1
        }
        try spend(i - s)
        return nil
    }

    /// %1–%9: the same text as an earlier capture.
    private mutating func matchCapture(_ s: Int, _ digit: Int) throws(PatternError) -> Int? {
        let index = digit - Int(UInt8(ascii: "1"))
        guard index >= 0, index < captureCount, captures[index].length != PatternCapture.unfinished else {
            throw PatternError.invalidCaptureIndex(index + 1)
        }
        let c = captures[index]
        // A position capture has length CAP_POSITION (-2) in the reference, which its unsigned
        // length check turns into "never matches".
        if c.isPosition { return nil }
        let length = c.length
        guard subject.count - s >= length else { return nil }
        try spend(length)
        for k in 0..<length where subject[c.start + k] != subject[s + k] { return nil }
        return s + length
    }

    /// Counts `units` of work; past `workLimit` the attempt stops.
    @inline(__always)
    private mutating func spend(_ units: Int) throws(PatternError) {
        work &+= units
        if work > workLimit { throw PatternError.workLimit }
    }

    /// `%a`-style classes in the C locale; an upper-case letter is the complement; any other
    /// character stands for itself.
    static func matchClass(_ c: UInt8, _ cl: UInt8) -> Bool {
        let result: Bool
        switch cl | 0x20 {
        case UInt8(ascii: "a"): result = CharacterClass.isAlpha(c)
        case UInt8(ascii: "c"): result = c < 0x20 || c == 0x7F
        case UInt8(ascii: "d"): result = c >= 0x30 && c <= 0x39
        case UInt8(ascii: "g"): result = c > 0x20 && c < 0x7F
        case UInt8(ascii: "l"): result = c >= 0x61 && c <= 0x7A
        case UInt8(ascii: "p"): result = CharacterClass.isPunctuation(c)
        case UInt8(ascii: "s"): result = c == 0x20 || (c >= 0x09 && c <= 0x0D)
        case UInt8(ascii: "u"): result = c >= 0x41 && c <= 0x5A
        case UInt8(ascii: "w"): result = CharacterClass.isAlpha(c) || (c >= 0x30 && c <= 0x39)
        case UInt8(ascii: "x"): result = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66)
        case UInt8(ascii: "z"): result = c == 0  // deprecated, still accepted by 5.4
        default: return cl == c
        }
        let isLetter = (cl | 0x20) >= 0x61 && (cl | 0x20) <= 0x7A
        return isLetter && cl < 0x61 ? !result : result
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
}

/// The pattern's single-character classes. They read only the pattern, so they are methods of
/// its buffer rather than of the matcher: a non-mutating call from the matcher's mutating
/// methods passed the whole matcher (with its inline captures) by copy.
extension UnsafeBufferPointer where Element == UInt8 {
    /// The offset just after the single-character class starting at `p`.
    fileprivate func classEnd(_ start: Int) throws(PatternError) -> Int {
        var p = start
        let c = self[p]
        p += 1
        if c == UInt8(ascii: "%") {
            if p >= count { throw PatternError("malformed pattern (ends with '%')") }
            return p + 1
        }
        if c == UInt8(ascii: "[") {
            if p < count && self[p] == UInt8(ascii: "^") { p += 1 }
            repeat {  // look for the closing ']' (a ']' right after '[' or '[^' is literal)
                if p >= count { throw PatternError("malformed pattern (missing ']')") }
                let cc = self[p]
                p += 1
                if cc == UInt8(ascii: "%") {
                    if p >= count { throw PatternError("malformed pattern (missing ']')") }
                    p += 1
                }
            } while p >= count || self[p] != UInt8(ascii: "]")
            return p + 1
        }
        return p
    }

    /// Does character `c` match the class spanning self[p..<ep]?
    fileprivate func singleMatch(_ c: UInt8, _ p: Int, _ ep: Int) -> Bool {
        switch self[p] {
        case UInt8(ascii: "."): return true
        case UInt8(ascii: "%"): return PatternMatcher.matchClass(c, self[p + 1])
        case UInt8(ascii: "["): return matchBracketClass(c, p, ep - 1)
        default: return self[p] == c
        }
    }

    /// Does `c` match the set `[...]` from `p` (the '[') to `ec` (the ']')?
    fileprivate func matchBracketClass(_ c: UInt8, _ start: Int, _ ec: Int) -> Bool {
        var p = start + 1
        var matchesWhenFound = true
        if self[p] == UInt8(ascii: "^") { matchesWhenFound = false; p += 1 }
        while p < ec {
            if self[p] == UInt8(ascii: "%") {
                p += 1
                if PatternMatcher.matchClass(c, self[p]) { return matchesWhenFound }
                p += 1
            } else if p + 2 < ec && self[p + 1] == UInt8(ascii: "-") {
                if self[p] <= c && c <= self[p + 2] { return matchesWhenFound }
                p += 3
            } else {
                if self[p] == c { return matchesWhenFound }
                p += 1
            }
        }
        return !matchesWhenFound
    }
}

/// The captures of a match, `PatternMatcher.maxCaptures` of them stored inline: a matcher
/// allocates nothing (gmatch makes one per match), and setting a capture is a store, without
/// an array's uniqueness check. Every index the matcher uses is below its `captureCount`,
/// which `startCapture` keeps at most `maxCaptures`.
struct CaptureSlots {
    private typealias C = PatternCapture
    private var storage: (C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C,
                          C, C, C, C, C, C, C, C, C, C, C, C, C, C, C, C)

    init() {
        let z = C(start: 0, length: 0)
        storage = (z, z, z, z, z, z, z, z, z, z, z, z, z, z, z, z,
                   z, z, z, z, z, z, z, z, z, z, z, z, z, z, z, z)
    }

    /// Capture `i` (mutating access: reading through the tuple's address copies nothing).
    subscript(i: Int) -> PatternCapture {
        @inline(__always) mutating get {
            precondition(UInt(bitPattern: i) < UInt(PatternMatcher.maxCaptures))
            return withUnsafeMutablePointer(to: &storage) { UnsafeMutableRawPointer($0).load(fromByteOffset: i &* MemoryLayout<C>.stride, as: C.self) }
        }
        @inline(__always) set {
            precondition(UInt(bitPattern: i) < UInt(PatternMatcher.maxCaptures))
            withUnsafeMutablePointer(to: &storage) { UnsafeMutableRawPointer($0).storeBytes(of: newValue, toByteOffset: i &* MemoryLayout<C>.stride, as: C.self) }
        }
    }
}

/// The C locale's character classes (ASCII only), shared by patterns and the string library.
public enum CharacterClass {
    @inline(__always) public static func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    @inline(__always) public static func isPunctuation(_ c: UInt8) -> Bool {
        (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E)
    }
}
