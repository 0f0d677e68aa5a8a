#!/usr/bin/env python3
"""Measured errors of exp's and log's first stages (ExpLogFirstStage.swift), of pow's
(PowFirstStage.swift), and of exp's and log's second stages (ExpLog.swift's expDD, logFast),
against mpmath.

Usage: python3 Tests/LuaTests/Math/first_stage_errors.py [--count N] [--seed S]

The first stages return e^x = 2^k·(hi + lo) and log x = hi + lo; the error bounds their Ziv tests
use are derived in the source. This script measures the largest errors on random inputs, spread
over the regions where the derivation says the error is largest (for log: every table interval,
and x near 1), so a mistake in a derivation shows up as a measured error above its bound.
Prints, per region, the largest relative error (and for log the largest absolute error) as log2;
for pow also the largest ratio of the error to the bound err that its Ziv test uses (must be < 1).
"""
import argparse
import random
import subprocess

from mpmath import mp, mpf

from sweep import b2f, build_driver, f2b

mp.prec = 200


def run(exe, name, xs):
    text = "".join(f"{name} {f2b(x):x}\n" for x in xs)
    out = subprocess.run([exe], input=text, capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()]


def log2_or_inf(v):
    return float(mp.log(v, 2)) if v > 0 else float("-inf")


def exp_inputs(rng, n):
    return {
        "uniform [-708, 709]": [rng.uniform(-708.3, 709.7) for _ in range(n)],
        "|x| < 1": [rng.uniform(-1, 1) for _ in range(n)],
        "tiny |x|": [rng.choice((-1, 1)) * 2 ** rng.uniform(-60, -9) for _ in range(n)],
        # next to the reduction's boundaries (n + 1/2)·ln2/256, where |r| is largest
        "|r| largest": [(rng.randint(-260000, 260000) + 0.5) * float(mp.log(2) / 256) * (1 + rng.uniform(-1e-9, 1e-9)) for _ in range(n)],
    }


def log_inputs(rng, n):
    def in_interval(j):
        bits = 0x3FE6A80000000000 + (j << 44) + rng.getrandbits(44)
        return b2f(bits) * 2.0 ** rng.randint(-20, 20)
    return {
        "random bits": [b2f(rng.randrange(0x0010000000000000, 0x7FF0000000000000)) for _ in range(n)],
        "every table interval": [in_interval(j) for j in range(256) for _ in range(max(1, n // 256))],
        "intervals next to 1 (k = 0)": [b2f(0x3FE6A80000000000 + (j << 44) + rng.getrandbits(44)) for j in (146, 147, 148, 150, 151, 152) for _ in range(max(1, n // 6))],
        "1 ± 2^-e": [1 + rng.choice((-1, 1)) * 2 ** rng.uniform(-52, -9) for _ in range(n)],
    }


def pow_inputs(rng, n):
    def near_one():
        return 1 + rng.choice((-1, 1)) * 2 ** rng.uniform(-40, -9.5)
    def any_y(x, zmax):
        # y with |y·log x| up to zmax, |y| < 2^13
        lx = float(mp.log(x))
        return max(-8191.0, min(8191.0, rng.uniform(-zmax, zmax) / lx)) if lx != 0 else 1.0
    out = {
        "benchmark: x = e^[-10,10], |y| < 30": [(float(mp.exp(rng.uniform(-10, 10))), rng.uniform(-30, 30)) for _ in range(n)],
        "|y·log x| near 708": [],
        "x near 1 (c = 1), large y": [],
        "every log interval, |y| < 2^13": [],
        "|r| largest (n + 1/2)·ln2/256": [],
    }
    for _ in range(n):
        x = float(mp.exp(rng.uniform(-700, 700)))
        out["|y·log x| near 708"].append((x, any_y(x, 708.2)))
        x = near_one()
        out["x near 1 (c = 1), large y"].append((x, any_y(x, 708)))
        x = b2f(0x3FE6A80000000000 + (rng.randrange(256) << 44) + rng.getrandbits(44)) * 2.0 ** rng.randint(-1000, 1000)
        out["every log interval, |y| < 2^13"].append((x, rng.choice((-1, 1)) * 2 ** rng.uniform(-20, 13)))
        x = float(mp.exp(rng.uniform(-10, 10)))
        zt = (rng.randint(-50000, 50000) + 0.5) * float(mp.log(2) / 256)
        out["|r| largest (n + 1/2)·ln2/256"].append((x, zt / float(mp.log(x))))
    return out


def pow_errors(exe, rng, n):
    print("pow first stage: max relative error of 2^k·(hi + x0 + q), and of error / err")
    for region, pairs in pow_inputs(rng, n).items():
        pairs = [(x, y) for x, y in pairs if abs(y) < 8192 and y != 0]
        text = "".join(f"pow1 {f2b(x):x} {f2b(y):x}\n" for x, y in pairs)
        out = subprocess.run([exe], input=text, capture_output=True, text=True, check=True).stdout.splitlines()
        worst = ratio = 0
        used = 0
        for (x, y), line in zip(pairs, out):
            f = line.split()
            if f[0] == "-":
                continue
            used += 1
            hi, x0, q, err = (mpf(b2f(int(v, 16))) for v in f[:4])
            got = (hi + x0 + q) * mpf(2) ** int(f[4])
            want = mp.power(mpf(x), mpf(y))
            e = abs(got - want) / want
            worst = max(worst, e)
            ratio = max(ratio, abs(got - want) / (err * mpf(2) ** int(f[4])))
        print(f"  {region:36s} {used:7d} inputs  2^{log2_or_inf(worst):.2f}  error/err {float(ratio):.3f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20000, help="inputs per region")
    parser.add_argument("--seed", type=int, default=1)
    opts = parser.parse_args()
    rng = random.Random(opts.seed)
    exe = build_driver()
    inputs = exp_inputs(rng, opts.count)
    for stage, title in (("exp1", "exp first stage"), ("exp2", "exp second stage (expDD)")):
        print(f"{title}: max relative error of 2^k·(hi + lo)")
        for region, xs in inputs.items():
            worst = 0
            for x, (hi, lo, k) in zip(xs, run(exe, stage, xs)):
                got = (mpf(b2f(int(hi, 16))) + mpf(b2f(int(lo, 16)))) * mpf(2) ** int(k)
                want = mp.exp(mpf(x))
                worst = max(worst, abs(got - want) / want)
            print(f"  {region:28s} {len(xs):7d} inputs  2^{log2_or_inf(worst):.2f}")
    pow_errors(exe, rng, opts.count)
    inputs = log_inputs(rng, opts.count)
    for stage, title in (("log1", "log first stage (log2, log10)"), ("logq", "log quick stage (log)"),
                         ("logdd", "log second stage (logFast)")):
        print(f"{title}: max relative error of hi + lo, max absolute error")
        for region, xs in inputs.items():
            worst_rel = worst_abs = 0
            for x, (hi, lo) in zip(xs, run(exe, stage, xs)):
                got = mpf(b2f(int(hi, 16))) + mpf(b2f(int(lo, 16)))
                want = mp.log(mpf(x))
                err = abs(got - want)
                worst_abs = max(worst_abs, err)
                worst_rel = max(worst_rel, err / abs(want))
            print(f"  {region:28s} {len(xs):7d} inputs  relative 2^{log2_or_inf(worst_rel):.2f}  absolute 2^{log2_or_inf(worst_abs):.2f}")


if __name__ == "__main__":
    main()
