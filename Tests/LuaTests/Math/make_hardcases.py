#!/usr/bin/env python3
"""Builds hardcases.txt from CORE-MATH's worst-case files (`<function>.wc` in
https://gitlab.inria.fr/core-math/core-math, src/binary64/<function>/; most come from
Lefèvre's tables of hard-to-round cases, https://www.vinc17.net/research/testlibm/).

Usage: python3 Tests/LuaTests/Math/make_hardcases.py DIR [PER_FUNCTION] > Tests/LuaTests/Math/hardcases.txt
where DIR holds exp.wc, log.wc, … (atan.wc becomes atan2(y, 1), Lua's math.atan(y)).
Output lines: "<function> <x bits hex> [<y bits hex>]"; only the inputs, never results —
the expected values always come from mpmath.
"""
import os
import struct
import sys

FILES = ["exp", "log", "log2", "log10", "pow", "sin", "cos", "tan", "asin", "acos", "atan", "atan2"]


def bits(text):
    return "%x" % struct.unpack("<Q", struct.pack("<d", float.fromhex(text)))[0]


def read(path):
    out = []
    with open(path) as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line or any(s in line.lower() for s in ("nan", "inf")):
                continue
            values = []
            for token in line.split(","):
                try:
                    values.append(bits(token.strip()))
                except ValueError:  # annotations such as "ERANGE"
                    pass
            if values:
                out.append(values)
    return out


def main():
    directory = sys.argv[1]
    per = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    print("# Hard-to-round inputs (inputs only) sampled from CORE-MATH's .wc files by make_hardcases.py")
    for name in FILES:
        path = os.path.join(directory, name + ".wc")
        if not os.path.exists(path):
            continue
        cases = read(path)
        step = max(1, len(cases) // per)
        for args in cases[::step][:per]:
            if name == "atan":
                print("atan2", args[0], bits("0x1p+0"))
            else:
                print(name, *args[:2 if name in ("pow", "atan2") else 1])


main()
