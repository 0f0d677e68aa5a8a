// `tandem validate --policy`: the policy member of a stream report as the terminal shows it,
// and the exit status its decision sets (0 accept, 4 review, 5 reject, 6 the policy failed).

import TandemCore

/// Reads the `policy` member of a sealed stream report.
enum PolicySummary {
    /// "policy web-upload: review" and one indented line per message (or the policy's error).
    static func text(of document: [UInt8]) -> [UInt8] {
        guard let policy = (try? JSONReader.parse(document))?["policy"] else { return [] }
        let name = policy["name"]?.bytes ?? Array("(custom)".utf8)
        var out = Array("\npolicy ".utf8) + name + Array(": ".utf8)
        if let decision = policy["decision"]?.bytes {
            out += decision + [0x0A]
        } else {
            out += Array("failed (".utf8) + (policy["status"]?.bytes ?? []) + Array(")\n  ".utf8) + (policy["error"]?.bytes ?? []) + [0x0A]
        }
        if case .array(let messages)? = policy["messages"] {
            for message in messages { out += Array("  ".utf8) + (message.bytes ?? []) + [0x0A] }
        }
        return out
    }

    /// The exit status for the document's policy decision.
    static func exitStatus(of document: [UInt8]) -> Int32 {
        switch (try? JSONReader.parse(document))?["policy"]?["decision"]?.bytes.map({ String(decoding: $0, as: UTF8.self) }) {
        case "accept": 0
        case "review": 4
        case "reject": 5
        default: 6
        }
    }
}
