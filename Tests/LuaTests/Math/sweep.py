#!/usr/bin/env python3
"""LibM sweep: our correctly rounded functions against mpmath on many random and hard inputs.

Usage: python3 Tests/LuaTests/Math/sweep.py [--count N] [--seed S] [--hard-only] [function ...]

Compiles Sources/Lua/Math with bench/libm/driver/main.swift (swiftc -O) into /tmp/libm-driver-UID
(or the path in $LIBM_DRIVER, so that two sweeps can run at once), feeds it inputs, and
compares every result bit for bit with mpmath's value rounded to nearest (Ziv's strategy in
mpmath: the working precision doubles until the rounding is certain). Prints, per function,
the number of inputs and of misrounded results; exits 1 if any result is misrounded.
Hard cases: Tests/LuaTests/Math/hardcases.txt (CORE-MATH's published worst cases, see there).
"""
import argparse
import math
import os
import random
import struct
import subprocess
import sys
import time

from mpmath import mp, mpf

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

FUNCTIONS = {
    "exp": mp.exp, "log": mp.log, "log2": lambda x: mp.log(x, 2), "log10": mp.log10,
    "pow": mp.power, "sin": mp.sin, "cos": mp.cos, "tan": mp.tan,
    "asin": mp.asin, "acos": mp.acos, "atan2": mp.atan2,
}


def b2f(bits):
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


def f2b(v):
    return struct.unpack("<Q", struct.pack("<d", v))[0]


def to_double(v):
    """v rounded to the nearest double, subnormals and overflow included. (float() of an mpf
    rounds to 53 bits first, so a subnormal result would be rounded twice.)"""
    if v == 0:
        return 0.0
    if abs(v) < mpf(2) ** -1022:
        with mp.workprec(max(mp.prec, 64)):
            n = int(mp.nint(v * mpf(2) ** 1074))  # exact multiples of 2^-1074; ties cannot occur here
        return math.copysign(math.ldexp(abs(n), -1074), -1.0 if v < 0 else 1.0)
    try:
        return float(v)
    except OverflowError:
        return float("inf") if v > 0 else float("-inf")


def signed_zero(name, args):
    """C99's results where mpmath (which has no signed zero) cannot tell, else None."""
    x = args[0]
    if name in ("sin", "tan", "asin") and x == 0:
        return f2b(x)
    if name == "atan2" and x == 0 and args[1] == args[1]:
        negative_x = str(args[1]).startswith("-")
        pi = float(mp.pi) if negative_x else 0.0
        return f2b(-pi if str(x).startswith("-") else pi)
    return None


def reference(name, args):
    """The correctly rounded result's bits, or None for NaN."""
    special = signed_zero(name, args)
    if special is not None:
        return special
    prec = 128
    while True:
        with mp.workprec(prec):
            v = FUNCTIONS[name](*[mpf(a) for a in args])
            if isinstance(v, mp.mpc) or v != v:
                return None
            if v == 0 or mp.isinf(v):
                return f2b(to_double(v))
            eps = abs(v) * mpf(2) ** (10 - prec)
            lo, hi = to_double(v - eps), to_double(v + eps)
        if lo == hi:
            return f2b(lo)
        if prec >= 4096:  # an exact midpoint or exact result: mpmath's own rounding is exact
            with mp.workprec(4096):
                return f2b(to_double(FUNCTIONS[name](*[mpf(a) for a in args])))
        prec *= 2


def random_inputs(name, rng, n):
    def bits_positive():
        return b2f(rng.getrandbits(63) % 0x7FF0000000000000)

    def log_uniform(lo, hi):
        return 2 ** rng.uniform(lo, hi)

    def sign():
        return 1 if rng.random() < 0.5 else -1

    out = []
    for i in range(n):
        k = i % 4
        if name == "exp":
            out.append([[rng.uniform(-745.2, 709.8), rng.uniform(-1, 1), sign() * log_uniform(-60, 0), rng.uniform(-20, 20)][k]])
        elif name in ("log", "log2", "log10"):
            out.append([[bits_positive(), rng.uniform(0.5, 2), 1 + sign() * log_uniform(-52, -5), log_uniform(-20, 20)][k]])
        elif name == "pow":
            if k == 0:
                x = log_uniform(-10, 10)
                y = rng.uniform(-700, 700) / abs(mp.log(x, 2) if x != 1 else 1) / 1.45
            elif k == 1:
                x, y = log_uniform(-1020, 1020), rng.uniform(-1.1, 1.1)
            elif k == 2:
                x, y = 1 + sign() * log_uniform(-52, -10), sign() * log_uniform(0, 40)
            else:
                x, y = sign() * rng.uniform(0.1, 30), float(rng.randint(-200, 200))
            out.append([x, float(y)])
        elif name in ("sin", "cos", "tan"):
            out.append([[rng.uniform(-10, 10), sign() * log_uniform(-26, 1023), sign() * bits_positive(), rng.uniform(-1e6, 1e6)][k]])
        elif name in ("asin", "acos"):
            out.append([[rng.uniform(-1, 1), sign() * (1 - log_uniform(-53, -1)), sign() * log_uniform(-30, -1), rng.uniform(-1, 1)][k]])
        else:  # atan2
            out.append([[rng.uniform(-5, 5), sign() * log_uniform(-1000, 1000), sign() * bits_positive(), rng.uniform(-1, 1)][k],
                        [rng.uniform(-5, 5), sign() * log_uniform(-1000, 1000), sign() * bits_positive(), rng.uniform(-1, 1)][(k + i // 4) % 4]])
    return out


def hard_inputs(name):
    path = os.path.join(HERE, "hardcases.txt")
    out = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[0] == name:
                out.append([b2f(int(h, 16)) for h in parts[1:]])
    return out


def build_driver():
    exe = os.environ.get("LIBM_DRIVER", os.path.join("/tmp", f"libm-driver-{os.getuid()}"))
    sources = [os.path.join(ROOT, "Sources/Lua/Math", f) for f in sorted(os.listdir(os.path.join(ROOT, "Sources/Lua/Math"))) if f.endswith(".swift")]
    subprocess.run(["swiftc", "-O", "-wmo", *sources, os.path.join(ROOT, "bench/libm/driver/main.swift"), "-lm", "-o", exe], check=True)
    return exe


def run_driver(exe, name, inputs):
    text = "".join(name + " " + " ".join("%x" % f2b(a) for a in args) + "\n" for args in inputs)
    result = subprocess.run([exe], input=text, capture_output=True, text=True, check=True)
    return [int(h, 16) for h in result.stdout.split()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20000, help="random inputs per function")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hard-only", action="store_true")
    parser.add_argument("functions", nargs="*", default=list(FUNCTIONS))
    opts = parser.parse_args()
    exe = build_driver()
    failures = 0
    for name in opts.functions:
        rng = random.Random(f"{opts.seed}-{name}")
        inputs = hard_inputs(name) + ([] if opts.hard_only else random_inputs(name, rng, opts.count))
        start = time.time()
        got = run_driver(exe, name, inputs)
        bad = 0
        for args, ours in zip(inputs, got):
            want = reference(name, args)
            if want is None:
                ok = b2f(ours) != b2f(ours)
            else:
                ok = ours == want
            if not ok:
                bad += 1
                if bad <= 10:
                    print(f"  MISROUNDED {name}({', '.join(a.hex() for a in args)}) = {b2f(ours).hex()}, "
                          f"correctly rounded {b2f(want).hex() if want is not None else 'nan'}")
        failures += bad
        print(f"{name:6s} {len(inputs):9d} inputs  {bad:6d} misrounded  ({time.time() - start:.0f} s)", flush=True)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
