"""Correctly rounded reference values for the LibM tests, from mpmath at 300-bit precision.

stdin: one case per line, "<function> <x-bits-hex> [<y-bits-hex>]"; stdout: the result's bits
in hex (correctly rounded to double), or "nan".
"""
import math
import struct
import sys

from mpmath import mp, mpf

mp.prec = 300


def bits_to_float(h):
    return struct.unpack("<d", struct.pack("<Q", int(h, 16)))[0]


def float_to_bits(v):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", v))[0]


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


FUNCTIONS = {
    "sin": lambda x: mp.sin(x), "cos": lambda x: mp.cos(x), "tan": lambda x: mp.tan(x),
    "asin": lambda x: mp.asin(x), "acos": lambda x: mp.acos(x),
    "exp": lambda x: mp.exp(x), "log": lambda x: mp.log(x),
    "log2": lambda x: mp.log(x, 2), "log10": lambda x: mp.log10(x),
    "atan2": lambda y, x: mp.atan2(y, x), "pow": lambda x, y: mp.power(x, y),
}

def signed_zero(name, floats):
    """C99's results that mpmath, which has no signed zero, cannot give; else None."""
    x = floats[0]
    if name in ("sin", "tan", "asin") and x == 0:
        return x
    if name == "atan2" and x == 0 and floats[1] == floats[1]:
        pi = float(mp.pi) if math.copysign(1, floats[1]) < 0 else 0.0
        return math.copysign(pi, x)
    return None


for line in sys.stdin:
    parts = line.split()
    if not parts:
        continue
    floats = [bits_to_float(h) for h in parts[1:]]
    special = signed_zero(parts[0], floats)
    if special is not None:
        print(float_to_bits(special))
        continue
    args = [mpf(f) for f in floats]
    value = FUNCTIONS[parts[0]](*args)
    if isinstance(value, mp.mpc) or value != value:
        print("nan")
    else:
        print(float_to_bits(to_double(value)))
