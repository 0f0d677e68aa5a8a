// Running a shell command for the core's tests (reference digests from sha256sum, base64).

import TestSupport

/// Runs a shell command and returns its standard output without the trailing newline.
func shell(_ command: String) throws -> String {
    var text = try ProcessRunner.run("/bin/sh", ["-c", command]).output
    while text.hasSuffix("\n") { text.removeLast() }
    return text
}
