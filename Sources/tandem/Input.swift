// Reading and writing whole files for the commands ("-" is standard input).

import ArgumentParser
import Foundation

/// Reads a whole file, or standard input for "-". Pipes and process substitutions
/// (`/dev/fd/N`) are read through a file handle, since they have no size to read up to.
func readInput(_ path: String) throws -> [UInt8] {
    if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
    if let data = FileManager.default.contents(atPath: path) { return Array(data) }
    guard let handle = FileHandle(forReadingAtPath: path) else { throw ValidationError("cannot read \(path)") }
    defer { try? handle.close() }
    return Array(handle.readDataToEndOfFile())
}

/// Writes `bytes` to `path`, replacing the file.
func writeFile(_ path: String, _ bytes: [UInt8]) throws {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
        throw ValidationError("cannot write \(path)")
    }
}
