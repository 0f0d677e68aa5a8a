#!/usr/bin/env python3
"""Writes Sources/TandemCore/Policy/PolicyPresets.swift from policies/*.lua: the presets are
compiled into the shared core (the wasm module has no file system), and the .lua files stay the
readable originals. TandemCoreTests checks that the Swift file matches them; run this after
editing a preset:  python3 policies/generate_presets.py
"""
import pathlib

root = pathlib.Path(__file__).resolve().parent
out = root.parent / "Sources/TandemCore/Policy/PolicyPresets.swift"
presets = sorted(root.glob("*.lua"))
lines = [
    "// Policies: the presets, generated from policies/*.lua by policies/generate_presets.py — do not",
    "// edit; edit the .lua file and run the script (a test checks that both agree).",
    "",
    "/// The preset policies by name.",
    "enum PolicyPresets {",
    "    /// The presets' names, in order.",
    "    static let names: [StaticString] = [" + ", ".join(f'"{p.stem}"' for p in presets) + "]",
    "",
    "    /// The source of the preset called `name`, or `nil`.",
    "    static func source(named name: [UInt8]) -> [UInt8]? {",
]
for p in presets:
    text = p.read_text()
    assert '"""#' not in text
    lines.append(f'        if name == Array("{p.stem}".utf8) {{')
    lines.append('            return Array(#"""')
    lines.extend(("            " + l) if l else "" for l in text.rstrip("\n").split("\n"))
    lines.append('            """#.utf8) + [0x0A]')
    lines.append("        }")
lines += ["        return nil", "    }", "}", ""]
out.write_text("\n".join(lines))
print(f"wrote {out.relative_to(root.parent)} ({len(presets)} presets)")
