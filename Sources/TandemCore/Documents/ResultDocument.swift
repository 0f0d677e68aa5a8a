// Sealing and checking result documents.
//
// A result document is a canonical JSON object whose last member is
// `"digest":"sha256:<64 hex digits>"`, the SHA-256 of the document's bytes *without* that member
// (i.e. of the object closed right after its previous member). Verification recomputes it.

import Lua

/// Seals canonical JSON objects with their digest and checks sealed documents.
public enum ResultDocument {
    /// Appends the digest member to a complete canonical object written by `writer`.
    ///
    /// `writer` must hold exactly one JSON object with at least one member.
    public static func seal(_ writer: JSONWriter) -> [UInt8] {
        seal(body: writer.bytes)
    }

    /// Appends the digest member to `body`, a complete canonical JSON object.
    public static func seal(body: [UInt8]) -> [UInt8] {
        let digest = SHA256.hash(body)
        var out = body
        out.removeLast()  // the closing brace
        out.append(contentsOf: digestPrefix)
        for b in digest { out.append(JSONWriter.hexDigit(b >> 4)); out.append(JSONWriter.hexDigit(b & 15)) }
        out.append(contentsOf: [0x22, 0x7D])
        return out
    }

    /// The length of the trailing `,"digest":"sha256:…"}` member, closing brace included.
    static let digestSuffixLength = digestPrefix.count + 64 + 2
    /// The bytes that open the digest member.
    static let digestPrefix = [UInt8](",\"digest\":\"sha256:")

    /// Returns the unsealed body of a sealed document, or `nil` when `document` does not end in
    /// a well-formed digest member.
    public static func body(of document: [UInt8]) -> [UInt8]? {
        let n = document.count
        guard n > digestSuffixLength + 1 else { return nil }
        let start = n - digestSuffixLength
        for i in 0..<digestPrefix.count where document[start + i] != digestPrefix[i] { return nil }
        guard document[n - 2] == 0x22, document[n - 1] == 0x7D else { return nil }
        var body = Array(document[0..<start])
        body.append(0x7D)
        return body
    }

    /// True when `document` carries a digest member that matches its contents.
    public static func verify(_ document: [UInt8]) -> Bool {
        guard let body = body(of: document) else { return false }
        return seal(body: body) == document
    }
}
