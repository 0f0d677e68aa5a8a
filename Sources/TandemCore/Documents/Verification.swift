// Verification: the server re-runs a client's request natively and says whether the client's
// claimed document digest holds.
//
//   {"kind":"verification","version":1,"verified":true|false,"claimed":"sha256:…",
//    "actual":"sha256:…","document":{…the server's own sealed document…}}
//
// The claim is checked for its form first (`sha256:` and 64 lowercase hex digits), so a
// malformed claim is a refusal (400), not a mismatch (422).

import Lua

/// Writes `verification` documents.
public enum VerificationDocument {
    /// Compares `claimed` with the digest of `document` (the server's own result) and returns the
    /// sealed verification document and whether the claim holds.
    public static func make(claimed: [UInt8], document: [UInt8]) -> (bytes: [UInt8], verified: Bool) {
        let actual = digestMember(of: document)
        let verified = actual != nil && actual == claimed
        var w = JSONWriter()
        w.beginObject()
        w.field("kind", "verification")
        w.field("version", 1)
        w.field("verified", verified)
        w.key("claimed")
        w.string(claimed)
        w.key("actual")
        if let actual { w.string(actual) } else { w.null() }
        w.key("document")
        w.raw(document)
        w.endObject()
        return (ResultDocument.seal(w), verified)
    }

    /// The `sha256:…` value of a sealed document's digest member.
    public static func digestMember(of document: [UInt8]) -> [UInt8]? {
        guard ResultDocument.body(of: document) != nil else { return nil }
        let n = document.count
        return Array(document[(n - 2 - 71)..<(n - 2)])  // "sha256:" + 64 hex digits, before `"}`
    }

    /// Checks that `claim` has the form of a document digest (`sha256:` + 64 lowercase hex digits).
    public static func parseClaim(_ claim: [UInt8]?) throws(RequestError) -> [UInt8] {
        guard let claim else { throw RequestError("missing the claimed digest (\"sha256:\" and 64 hex digits)") }
        let prefix = [UInt8]("sha256:")
        guard claim.count == prefix.count + 64, Array(claim.prefix(prefix.count)) == prefix,
              claim.dropFirst(prefix.count).allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) })
        else { throw RequestError("the claimed digest must be \"sha256:\" followed by 64 lowercase hex digits") }
        return claim
    }
}
