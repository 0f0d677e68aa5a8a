// Reading and writing whole files for the commands ("-" is standard input), with the messages
// of lua5.4's luaL_loadfilex ("cannot open F: <strerror>", "cannot read F: <strerror>").

import ArgumentParser
import Foundation

/// Why a file could not be read, worded as lua5.4 words it (without the program name).
struct ReadFailure: Error {
    var message: String
}

/// Reads a whole file, or standard input for "-", through C stdio as lua5.4 does: a missing
/// file fails at `fopen`, a folder at the first read (EISDIR), each with the system's message.
/// Works for pipes and process substitutions (`/dev/fd/N`) too.
func readScript(_ path: String) -> Result<[UInt8], ReadFailure> {
    if path == "-" { return .success(Array(FileHandle.standardInput.readDataToEndOfFile())) }
    guard let file = fopen(path, "rb") else {
        return .failure(ReadFailure(message: "cannot open \(path): \(String(cString: strerror(errno)))"))
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        bytes += chunk[..<n]
        if n < chunk.count { break }
    }
    if ferror(file) != 0 {
        return .failure(ReadFailure(message: "cannot read \(path): \(String(cString: strerror(errno)))"))
    }
    return .success(bytes)
}

/// Reads a whole file, or standard input for "-"; throws the reason as a usage error.
func readInput(_ path: String) throws -> [UInt8] {
    switch readScript(path) {
    case .success(let bytes): return bytes
    case .failure(let failure): throw ValidationError(failure.message)
    }
}

/// Writes `bytes` to `path`, replacing the file.
func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        throw ValidationError("cannot write \(path)")
    }
}
