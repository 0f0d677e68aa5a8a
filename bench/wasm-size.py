#!/usr/bin/env python3
# Size analysis of the wasm module (the "Smaller and faster" issue): where the bytes are.
#
# Reads a module that still has its name section (wasm/out/tandem.unopt.wasm, the linker's
# output before wasm-opt, or the optimized module rebuilt with names) through wabt's
# `wasm-objdump -x`, demangles the Swift names with `swift-demangle`, and prints
#   - the bytes per section,
#   - the code bytes per module (Lua, TransportStream, TandemCore, the wasm exports, the
#     Embedded stdlib and its specializations, libc/runtime),
#   - the largest functions (top N, default 50),
# as Markdown tables for BENCHMARKS.md.
# Usage: bench/wasm-size.py [MODULE.wasm] [N]
import re
import subprocess
import sys
from collections import defaultdict

path = sys.argv[1] if len(sys.argv) > 1 else "wasm/out/tandem.unopt.wasm"
top = int(sys.argv[2]) if len(sys.argv) > 2 else 50

dump = subprocess.run(["wasm-objdump", "-x", path], capture_output=True, text=True, check=True).stdout
headers = subprocess.run(["wasm-objdump", "-h", path], capture_output=True, text=True, check=True).stdout

sections = []
for line in headers.splitlines():
    m = re.match(r"\s*(\S+) start=0x[0-9a-f]+ end=0x[0-9a-f]+ \(size=0x([0-9a-f]+)\)(?: count: \d+)?(?: \"(.*)\")?", line)
    if m:
        name = m.group(1) if m.group(1) != "Custom" else '"%s"' % m.group(3)
        sections.append((name, int(m.group(2), 16)))

functions = []  # (size, mangled name)
in_code = False
for line in dump.splitlines():
    if line.startswith("Code["):
        in_code = True
        continue
    if in_code and not line.startswith(" - "):
        break
    m = re.match(r" - func\[\d+\] size=(\d+)(?: <(.*)>)?", line) if in_code else None
    if m:
        functions.append((int(m.group(1)), m.group(2) or "?"))

names = [n for _, n in functions]
demangled = subprocess.run(["swift-demangle", "--simplified"], input="\n".join(names), capture_output=True,
                           text=True, check=True).stdout.splitlines()
if len(demangled) != len(names):
    demangled = names


def module_of(mangled: str) -> str:
    """The module a function belongs to, from its mangled name."""
    m = re.match(r"\$e(\d+)([A-Za-z_]\w*)", mangled)
    if m:
        n = int(m.group(1))
        module = m.group(2)[:n]
        return {"TandemWasm": "wasm exports"}.get(module, module)
    if mangled.startswith("$e"):
        # Standard-library entities (`$es…`, `$eS…`); `Tg5` marks a generic specialization.
        return "stdlib (specialized)" if "Tg5" in mangled else "stdlib"
    if mangled.startswith("tandem_"):
        return "wasm exports"
    return "libc / runtime"


per_module = defaultdict(lambda: [0, 0])
for (size, mangled) in functions:
    entry = per_module[module_of(mangled)]
    entry[0] += size
    entry[1] += 1
code_total = sum(s for s, _ in functions)

print(f"### {path}\n")
print("| section | bytes |\n|---|---:|")
for name, size in sections:
    print(f"| {name} | {size:,} |")
print(f"\n| module | functions | code bytes | share |\n|---|---:|---:|---:|")
for module, (size, count) in sorted(per_module.items(), key=lambda kv: -kv[1][0]):
    print(f"| {module} | {count:,} | {size:,} | {100 * size / code_total:.1f}% |")
print(f"| total | {len(functions):,} | {code_total:,} | |")
print(f"\n| # | bytes | module | function |\n|---:|---:|---|---|")
ranked = sorted(zip(functions, demangled), key=lambda x: -x[0][0])[:top]
for i, ((size, mangled), readable) in enumerate(ranked, 1):
    readable = readable.replace("|", "\\|")
    if len(readable) > 110:
        readable = readable[:107] + "..."
    print(f"| {i} | {size:,} | {module_of(mangled)} | `{readable}` |")
