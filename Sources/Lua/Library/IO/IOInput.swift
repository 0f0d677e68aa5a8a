// io library, reading: g_read's formats over standard input or an open file, and the run's
// standard error (follows liolib.c of Lua 5.4.4: g_read, read_line, read_number/l_getn, read_chars,
// read_all, test_eof).
//
// A sandboxed run has no file descriptors. Its standard input is a byte buffer that is part
// of the request (`LuaRunOptions.input`, plus whatever a streaming host appends with
// `LuaInterpreter.appendInput`), so a run that reads input is as reproducible as one that
// does not. Its standard error is a second output buffer, next to `output`, that the host
// reads separately; both count against the one output budget.

/// What the host provides for input and output: the standard streams of a run and the files
/// `require`/`loadfile` can find (see PackageLibrary.swift), in VM-owned state.
struct HostIO {
    /// Standard input: everything the host gave so far.
    var input: [UInt8] = []
    /// How much of `input` has been consumed (the FILE's position).
    var inputPosition: Int = 0
    /// Everything written to `io.stderr`.
    var errorOutput: [UInt8] = []
    /// Where more standard input comes from when `input` is used up (a native shell host
    /// reading its process's stdin as the script asks for it); it returns no bytes at end of
    /// file. Nil in the sandboxed hosts: their input is all in the request.
    var inputSource: (() -> [UInt8])? = nil
    /// Files the host registered (`registerSearchableFile`): path and contents, in
    /// registration order (a later registration of the same path replaces the earlier one).
    var files: [(path: [UInt8], contents: [UInt8])] = []
    /// The host's file system (`LuaInterpreter.setFileSystem`); nil in a sandbox.
    var fileSystem: LuaFileSystem? = nil
    /// The files the script opened, by slot (nil: closed, free for reuse). IOFile.swift.
    var openFiles: [OpenFile?] = []
    /// How many names `os.tmpname` gave in a sandbox.
    var temporaryNames: Int64 = 0
}

extension LuaState {
    /// Appends bytes to the run's standard input (for hosts that stream input). A read that
    /// finds the buffer exhausted sees end of file, so append before running the reads.
    public func appendInput(_ bytes: [UInt8]) {
        g.pointee.hostIO.input.append(contentsOf: bytes)
    }

    /// Lets standard input grow on demand: when a read finds the buffer used up, `source` is
    /// asked for more (an empty answer is end of file). For hosts whose input is not known up
    /// front (an interactive shell); a run whose input is part of its request has none.
    public func setInputSource(_ source: @escaping () -> [UInt8]) {
        g.pointee.hostIO.inputSource = source
    }

    /// Removes and returns the input not read yet, so the host can hand it to whoever reads
    /// the stream next (lua.c's REPL reads its next line from the FILE that `io.read` left).
    public func takeUnreadInput() -> [UInt8] {
        let io = g.pointee.hostIO
        let rest = Array(io.input[min(io.inputPosition, io.input.count)...])
        g.pointee.hostIO.input = []
        g.pointee.hostIO.inputPosition = 0
        return rest
    }

    /// Everything written to `io.stderr` so far.
    public var errorOutput: [UInt8] { g.pointee.hostIO.errorOutput }

    /// Appends bytes to the run's standard error, enforcing the output budget (which counts
    /// standard output and standard error together).
    public func writeError(_ bytes: [UInt8]) throws(LuaError) {
        let used = Int64(g.pointee.output.count) + Int64(g.pointee.hostIO.errorOutput.count)
        if used + Int64(bytes.count) > g.pointee.budgets.outputBytes { throw budgetExceeded(.output) }
        g.pointee.hostIO.errorOutput.append(contentsOf: bytes)
    }
}

/// A stream `g_read` reads: standard input (the run's input buffer, refilled by the host's
/// input source) or an open file (its read-ahead buffer, refilled from the host's file
/// system). The formats (read_line, read_number, read_chars, read_all) are written once,
/// over these few primitives.
struct InputStream {
    /// The file's slot in `HostIO.openFiles`, or -1 for standard input.
    let slot: Int

    static let standardInput = InputStream(slot: -1)

    // The accessors below are out of line, and read the file's state in place: inlined, each
    // use copied the whole `OpenFile?` out of the array (retaining and releasing its two
    // buffers), 38 times over in `read` alone (InputStream.read was 7.3 kB of the module).

    /// The open files, read in place (an Array subscript would copy the element).
    @inline(__always)
    private func files<R>(_ L: LuaState, _ body: (UnsafeBufferPointer<OpenFile?>) -> R) -> R {
        L.g.pointee.hostIO.openFiles.withUnsafeBufferPointer(body)
    }

    /// The consumed count and the buffered bytes.
    @inline(never)
    func position(_ L: LuaState) -> Int {
        slot < 0 ? L.g.pointee.hostIO.inputPosition : files(L) { slot < $0.count ? $0[slot]?.inputPosition ?? 0 : 0 }
    }

    @inline(never)
    func count(_ L: LuaState) -> Int {
        slot < 0 ? L.g.pointee.hostIO.input.count : files(L) { slot < $0.count ? $0[slot]?.input.count ?? 0 : 0 }
    }

    @inline(never)
    func byte(_ L: LuaState, _ i: Int) -> UInt8 {
        slot < 0 ? L.g.pointee.hostIO.input[i] : files(L) { slot < $0.count ? $0[slot]?.input[i] ?? 0 : 0 }
    }

    @inline(never)
    func advance(_ L: LuaState, _ n: Int) {
        if slot < 0 { L.g.pointee.hostIO.inputPosition += n } else { L.g.pointee.hostIO.openFiles[slot]?.inputPosition += n }
    }

    /// The next byte without consuming it, or nil at end of input (getc + ungetc).
    @inline(never)
    func peek(_ L: LuaState) throws(LuaError) -> UInt8? {
        if remaining(L) == 0, !(try refill(L)) { return nil }
        return byte(L, position(L))
    }

    /// Bytes not yet consumed.
    func remaining(_ L: LuaState) -> Int {
        max(0, count(L) - position(L))
    }

    /// Reads more; false at end of file (or on a read error, which the file records).
    func refill(_ L: LuaState) throws(LuaError) -> Bool {
        slot < 0 ? StandardInput.refill(L) : try L.refillFile(slot)
    }

    /// Fills the buffer until `count` bytes are unread or the input ends.
    func fill(_ L: LuaState, atLeast count: Int) throws(LuaError) {
        while remaining(L) < count, try refill(L) {}
    }

    /// Consumes `n` bytes and returns them.
    func take(_ L: LuaState, _ n: Int) -> ArraySlice<UInt8> {
        let start = position(L)
        let end = start + min(n, remaining(L))
        advance(L, end - start)
        if slot < 0 { return L.g.pointee.hostIO.input[start..<end] }
        return L.g.pointee.hostIO.openFiles[slot]?.input[start..<end] ?? []
    }

    /// g_read: arguments `first...` are the formats. Returns the count
    /// of results pushed; the first failing format yields fail and ends the results.
    func read(_ L: LuaState, first: Int) throws(LuaError) -> Int {
        let last = L.argumentCount
        // Bytes read are charged like other work proportional to its size.
        if last < first {
            let ok = try readLine(L, chop: true)
            if !ok { L.pop(); try L.pushOutOfLine(.nil) }
            return 1
        }
        var results = 0
        var success = true
        var i = first
        while i <= last && success {
            let arg = L.argument(i)
            if arg.isNumber {
                let n = try L.checkInteger(i)
                if n == 0 {
                    // test_eof: "" unless at end of input.
                    try L.pushOutOfLine(try L.newString(""))
                    success = try peek(L) != nil
                } else if n < 0 {
                    // The reference casts to size_t and cannot allocate the buffer: a memory
                    // error, whose message has no position.
                    throw L.error(value: try L.newString("not enough memory"))
                } else {
                    let count = Int(clamping: n)
                    try fill(L, atLeast: count)
                    try L.consumeSteps(Int64(min(count, remaining(L))) / 64)
                    try pushBytes(L, take(L, count))
                    success = L.buffer(of: L.top()).count > 0
                }
            } else {
                var p = L.buffer(of: try L.checkString(i))[...]
                if p.first == UInt8(ascii: "*") { p = p.dropFirst() }  // the 5.2 forms "*l" etc.
                switch p.first {
                case UInt8(ascii: "n"): success = try readNumber(L)
                case UInt8(ascii: "l"): success = try readLine(L, chop: true)
                case UInt8(ascii: "L"): success = try readLine(L, chop: false)
                case UInt8(ascii: "a"):
                    try fill(L, atLeast: Int.max)
                    try L.consumeSteps(Int64(remaining(L)) / 64)
                    try pushBytes(L, take(L, remaining(L)))
                    success = true
                default: throw L.argumentError(i, "invalid format")
                }
            }
            results += 1
            i += 1
        }
        if !success { L.pop(); try L.pushOutOfLine(.nil) }
        return results
    }

    func pushBytes(_ L: LuaState, _ bytes: ArraySlice<UInt8>) throws(LuaError) {
        var failure: LuaError? = nil
        bytes.withUnsafeBufferPointer { b in
            do throws(LuaError) { try L.pushOutOfLine(try L.newString(b)) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// read_line: up to and excluding (chop) or including the next newline. Succeeds if it
    /// read a newline or anything else.
    func readLine(_ L: LuaState, chop: Bool) throws(LuaError) -> Bool {
        // Scanned as an offset from the read position: a refill moves the buffer's start.
        var length = 0
        var sawNewline = false
        while true {
            let start = position(L), end = count(L)
            while start + length < end && byte(L, start + length) != UInt8(ascii: "\n") { length += 1 }
            if start + length < end { sawNewline = true; break }
            if !(try refill(L)) { break }
        }
        try L.consumeSteps(Int64(length) / 64)
        let line = take(L, length + (sawNewline ? 1 : 0))
        try pushBytes(L, chop && sawNewline ? line.dropLast() : line)
        return sawNewline || length > 0
    }

    /// read_number (l_getn): scans at most 200 bytes that look like a numeral, consuming
    /// them, then converts them as `tonumber` would; the byte after them stays unread.
    func readNumber(_ L: LuaState) throws(LuaError) -> Bool {
        let maxLength = 200  // L_MAXLENNUM
        var buffer: [UInt8] = []
        var overflow = false
        func isSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }
        func isDigit(_ c: UInt8?, hex: Bool) -> Bool {
            guard let c else { return false }
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { return true }
            return hex && ((c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "f"))
        }
        // nextc: keep the current byte and advance (fails once the buffer is full).
        func next() throws(LuaError) -> Bool {
            if buffer.count >= maxLength { overflow = true; return false }
            guard let c = try peek(L) else { return false }
            buffer.append(c)
            advance(L, 1)
            return true
        }
        func test2(_ a: UInt8, _ b: UInt8) throws(LuaError) -> Bool {
            guard let c = try peek(L), c == a || c == b else { return false }
            return try next()
        }
        func digits(hex: Bool) throws(LuaError) -> Int {
            var count = 0
            while isDigit(try peek(L), hex: hex), try next() { count += 1 }
            return count
        }
        while let c = try peek(L), isSpace(c) { advance(L, 1) }
        _ = try test2(UInt8(ascii: "-"), UInt8(ascii: "+"))
        var count = 0
        var hex = false
        if try test2(UInt8(ascii: "0"), UInt8(ascii: "0")) {
            if try test2(UInt8(ascii: "x"), UInt8(ascii: "X")) { hex = true } else { count = 1 }
        }
        count += try digits(hex: hex)
        if try test2(UInt8(ascii: "."), UInt8(ascii: ".")) { count += try digits(hex: hex) }
        var exponent = false
        if count > 0 {
            exponent = hex ? try test2(UInt8(ascii: "p"), UInt8(ascii: "P")) : try test2(UInt8(ascii: "e"), UInt8(ascii: "E"))
        }
        if exponent {
            _ = try test2(UInt8(ascii: "-"), UInt8(ascii: "+"))
            _ = try digits(hex: false)
        }
        let value: LuaValue? = overflow ? nil : buffer.withUnsafeBufferPointer { L.stringToNumber($0) }
        if let value {
            try L.pushOutOfLine(value)
            return true
        }
        try L.pushOutOfLine(.nil)
        return false
    }
}

/// Standard input's own refill: the host's input source.
enum StandardInput {
    /// Asks the host's input source for more; false at end of file (or without a source).
    /// What was consumed is dropped first, so a script reading an endless pipe line by line
    /// holds one line at a time, not the whole stream.
    static func refill(_ L: LuaState) -> Bool {
        guard let source = L.g.pointee.hostIO.inputSource else { return false }
        let more = source()
        if more.isEmpty { return false }
        let position = L.g.pointee.hostIO.inputPosition
        if position > 0 {
            L.g.pointee.hostIO.input.removeFirst(min(position, L.g.pointee.hostIO.input.count))
            L.g.pointee.hostIO.inputPosition = 0
        }
        L.g.pointee.hostIO.input.append(contentsOf: more)
        return true
    }
}
