// The process environment, read in one place for the commands' TANDEM_* variables.

import Foundation

/// Reads environment variables.
enum ProcessEnvironment {
    /// The value of `name`, or nil when it is unset or empty.
    static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }
}
