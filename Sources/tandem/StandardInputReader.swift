// The shell's standard input, read as it is needed (lua.c reads stdin through one FILE that
// `io.read` and the REPL share): the script's reads pull blocks from it, and the REPL reads its
// next line from what the script left. `yes | tandem run -e 'print(io.read())'` ends after
// one line, as with lua5.4, instead of waiting for an end of input that never comes.

import Glibc

/// Buffered reads of file descriptor 0, shared by the interpreter's `io` library and the REPL.
final class StandardInputReader {
    private var buffer: [UInt8] = []
    private static let blockSize = 1 << 16

    /// The next bytes: what is buffered, or else one `read` (what a pipe or terminal has
    /// ready, up to 64 KiB). Empty at end of file.
    func nextBlock() -> [UInt8] {
        if buffer.isEmpty { readMore() }
        defer { buffer.removeAll(keepingCapacity: true) }
        return buffer
    }

    /// The next line without its newline (lua.c's REPL: fgets, then the '\n' removed); nil at
    /// end of file with nothing read.
    func readLine() -> [UInt8]? {
        var scanned = 0
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                let line = Array(buffer[..<newline])
                buffer.removeFirst(newline + 1)
                return line
            }
            scanned = buffer.count
            if !readMore() {
                if buffer.isEmpty { return nil }
                defer { buffer.removeAll() }
                return buffer
            }
        }
    }

    /// Puts back bytes a reader took but did not use; they are read again first.
    func unread(_ bytes: [UInt8]) {
        buffer.insert(contentsOf: bytes, at: 0)
    }

    /// One read(2) appended to the buffer; false at end of file or on an error.
    @discardableResult
    private func readMore() -> Bool {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        while true {
            let n = block.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            buffer.append(contentsOf: block[..<n])
            return true
        }
    }
}
