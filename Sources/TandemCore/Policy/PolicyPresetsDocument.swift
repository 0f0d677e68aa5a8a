// Policies: the presets as a document ("kind":"policy_presets"), so a host that shows them (the
// page's policy editor, through the wasm module's `tandem_policy_presets`) shows the very source
// the core runs for `policy=NAME` — compiled in from policies/*.lua (PolicyPresets.swift) — and
// never a copy of its own.
//
//   {"kind":"policy_presets","version":1,
//    "presets":[{"name":"archive","source_sha256":"<hex>","source":"-- archive: …"}, …],
//    "digest":"sha256:…"}

/// Writes the `policy_presets` document.
public enum PolicyPresetsDocument {
    /// The presets in name order, each with its source and the SHA-256 a report's `policy`
    /// member names it by.
    public static func make() -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.field("kind", "policy_presets")
        w.field("version", 1)
        w.key("presets")
        w.beginArray()
        for name in PolicyPresets.names {
            let bytes = name.withUTF8Buffer { Array($0) }
            guard let source = PolicyPresets.source(named: bytes) else { continue }
            w.beginObject()
            w.field("name", string: bytes)
            w.key("source_sha256")
            w.hex(SHA256.hash(source))
            w.field("source", string: source)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return ResultDocument.seal(w)
    }
}
