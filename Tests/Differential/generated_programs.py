#!/usr/bin/env python3
# Runtime differential of the Lua interpreter (Sources/Lua) over generated programs: lua5.4
# (Debian's 5.4.4, lua.c) is the reference. Each program, deterministic by seed, runs as
# `lua5.4 prog.lua` and as `tandem run prog.lua` in the same fresh folder; standard output,
# standard error and the exit status must agree byte for byte. Only the program name that
# lua.c puts before an uncaught error ("lua5.4: ", Tandem's argv[0]) is normalized, as
# Tests/Shell/shell_differential.py does; tracebacks are compared as they are.
#
#   python3 Tests/Differential/generated_programs.py [--binary .build/debug/tandem] [--seed N]
#           [--count N] [--jobs N] [--keep DIR] [-v]
#
# The blocks the programs are made of, and what is kept out of them and why, are in
# program_blocks.py (runtime semantics), syntax_blocks.py (compile errors) and libarg_blocks.py
# (library argument errors). Exit 1 on any difference; the last line is "N programs, K differences".
# Python 3 standard library only.

import argparse
import concurrent.futures
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import libarg_blocks  # noqa: E402  (beside this file)
import program_blocks  # noqa: E402
import syntax_blocks  # noqa: E402

# The blocks a program draws from, with weights: the language's everyday parts weigh more.
KINDS = [("arith_literals", 3), ("arith_locals", 3), ("int_edges", 3), ("number_format", 3),
         ("string_format_numbers", 3), ("coercions", 3), ("compare", 2), ("math_lib", 2),
         ("string_basic", 3), ("string_quote", 1), ("patterns", 4), ("split_join", 2),
         ("table_lib", 3), ("sort_records", 2), ("table_keys", 2), ("length", 1), ("closures", 2),
         ("varargs", 2), ("recursion", 1), ("metatables", 3), ("meta_index", 2), ("tbc", 1),
         ("for_loops", 3), ("while_repeat", 2), ("errors", 3), ("error_names", 3),
         ("coroutines", 3), ("pack_unpack", 2), ("utf8_lib", 2), ("conversions", 2),
         ("load_chunks", 1), ("string_methods_chain", 1), ("tracebacks", 2), ("meta_extra", 3),
         ("gc_finalizers", 1), ("assignments", 2), ("stack_overflow", 1), ("iteration", 2),
         ("require_missing", 1), ("random_seeded", 1), ("string_extra", 2), ("io_misc", 1),
         ("parse_sweep", 2), ("format_sweep", 3), ("int_sweep", 2), ("random_code", 8),
         # compile errors of mutated and broken sources (syntax_blocks.py)
         ("syntax_mutations", 4), ("syntax_lexical", 2), ("syntax_scoping", 2), ("syntax_limits", 1),
         ("syntax_chunknames", 1),
         # library functions given wrong arguments (libarg_blocks.py)
         ("libarg_calls", 5), ("libarg_methods", 2), ("libarg_tables", 1), ("libarg_os", 1), ("libarg_pack", 1),
         ("libarg_utf8", 1)]


class AllBlocks(program_blocks.Blocks, syntax_blocks.SyntaxBlocks, libarg_blocks.LibArgBlocks):
    """Every block kind over one random source."""

TIMEOUT = 30  # seconds per run: the programs are small; a hang is a difference, not a wait


def generate(seed, index):
    """Program `index` of `seed`: its prelude, its blocks (lists of lines) and its ending."""
    r = random.Random("%d:%d" % (seed, index))  # (string seeds are stable across Pythons)
    blocks = AllBlocks(r)
    names = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    chosen = [r.choices(names, weights)[0] for _ in range(r.randint(3, 12))]
    body = [["-- %s" % kind, "do"] + ["  " + line for line in getattr(blocks, kind)()] + ["end"] for kind in chosen]
    ending = blocks.ending() if r.random() < 0.25 else []
    return body, ending


def source(body, ending):
    return program_blocks.PRELUDE + "".join(line + "\n" for block in body for line in block) + \
        "".join(line + "\n" for line in ending)


def normalize(data, progname):
    """lua.c prefixes an uncaught error with its argv[0]; both names become PROG."""
    return re.sub(rb"(?m)^" + re.escape(progname) + rb": ", b"PROG: ", data)


def run(argv, folder, progname):
    try:
        p = subprocess.run(argv, cwd=folder, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        return normalize(p.stdout, progname), normalize(p.stderr, progname), p.returncode
    except subprocess.TimeoutExpired:
        return b"", b"(timed out after %d s)" % TIMEOUT, -1
    except OSError as e:  # (e.g. the binary being rebuilt meanwhile): a difference, not a crash
        return b"", ("(could not run: %s)" % e).encode(), -2


def compare(text, opts, folder):
    """Runs `text` as prog.lua under both interpreters; returns (lua5.4 result, tandem result)."""
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "prog.lua"), "w") as f:
        f.write(text)
    ref = run([opts.lua, "prog.lua"], folder, opts.lua.encode())
    ours = run([opts.binary, "run", "prog.lua"], folder, opts.binary.encode())
    return ref, ours


def minimize(body, ending, opts, folder):
    """Drops blocks (and the ending) one at a time while the programs still differ."""
    def differs(b, e):
        ref, ours = compare(source(b, e), opts, folder)
        return ref != ours
    if ending and differs(body, []):
        ending = []
    i = len(body) - 1
    while i >= 0:
        candidate = body[:i] + body[i + 1:]
        if differs(candidate, ending):
            body = candidate
        i -= 1
    return source(body, ending)


def first_difference(a, b):
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    start = max(0, i - 60)
    return i, a[start:i + 80], b[start:i + 80]


def report(index, text, ref, ours, opts):
    lines = ["DIFF  program %d of seed %d" % (index, opts.seed)]
    for what, e, a in zip(("stdout", "stderr", "status"), ref, ours):
        if e == a:
            continue
        if opts.verbose or not isinstance(e, bytes):
            lines += ["    %s lua5.4: %r" % (what, e), "    %s tandem: %r" % (what, a)]
        else:
            at, x, y = first_difference(e, a)
            lines += ["    %s differs at byte %d:" % (what, at), "      lua5.4: %r" % x, "      tandem: %r" % y]
    if opts.verbose:
        lines.append("    program:\n" + "\n".join("      " + l for l in text.splitlines()))
    return lines


def check(index, opts, tmp):
    """Generates, runs and compares program `index`; returns (agrees, report lines)."""
    body, ending = generate(opts.seed, index)
    text = source(body, ending)
    folder = os.path.join(tmp, str(index))
    ref, ours = compare(text, opts, folder)
    if ref == ours:
        shutil.rmtree(folder, ignore_errors=True)
        return True, []
    lines = report(index, text, ref, ours, opts)
    if opts.keep:
        os.makedirs(opts.keep, exist_ok=True)
        name = os.path.join(opts.keep, "seed%d_prog%d.lua" % (opts.seed, index))
        with open(name, "w") as f:
            f.write(minimize(body, ending, opts, folder))
        lines.append("    kept (minimized): %s" % name)
    shutil.rmtree(folder, ignore_errors=True)
    return False, lines


def main():
    ap = argparse.ArgumentParser(description="generated Lua programs: tandem run against lua5.4")
    ap.add_argument("--binary", default=os.environ.get("TANDEM_BINARY", ".build/debug/tandem"))
    ap.add_argument("--lua", default="lua5.4")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2, help="programs run at once (default 2)")
    ap.add_argument("--keep", metavar="DIR", help="save each differing program, minimized, in DIR")
    ap.add_argument("--print", dest="print_only", type=int, metavar="INDEX", help="print program INDEX and exit")
    ap.add_argument("-v", "--verbose", action="store_true", help="print both sides and the program in full")
    opts = ap.parse_args()
    if opts.print_only is not None:
        sys.stdout.write(source(*generate(opts.seed, opts.print_only)))
        return
    opts.binary = os.path.abspath(opts.binary)
    if not os.access(opts.binary, os.X_OK):
        sys.exit("no tandem binary at %s (swift build --product tandem)" % opts.binary)
    if shutil.which(opts.lua) is None:
        sys.exit("no %s (apt-get install lua5.4)" % opts.lua)
    if opts.keep:
        opts.keep = os.path.abspath(opts.keep)
    tmp = tempfile.mkdtemp(prefix="tandem-generated-")
    differences = 0
    started = time.monotonic()
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, opts.jobs)) as pool:
            futures = [pool.submit(check, i, opts, tmp) for i in range(opts.count)]
            for f in futures:  # (in the programs' order)
                agrees, lines = f.result()
                differences += not agrees
                if lines:
                    print("\n".join(lines), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d programs, %d differences (seed %d, %.1f s)" % (opts.count, differences, opts.seed, time.monotonic() - started))
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
