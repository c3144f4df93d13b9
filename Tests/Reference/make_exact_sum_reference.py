#!/usr/bin/env python3
"""Write Tests/Fixtures/reference/exact-sum.json: sums of doubles computed with exact rationals
(fractions.Fraction), the oracle for GlassboxCore's ExactSum (ExactSumTests).

For every case the fixture stores
- "values": the addends as 16-hex-digit IEEE 754 bit patterns (so no decimal parsing is involved);
- "sum": the bit pattern of the exact sum rounded to nearest, ties to even (float(Fraction) rounds
  correctly in CPython; an overflow is +inf / -inf; an exact zero is +0.0, the ExactSum rule);
- "text": the exact sum in ExactSum's canonical text: "0", or "[-]0x<odd hex>p<e>" = hex * 2**e.
Where math.fsum (also correctly rounded, Shewchuk's algorithm) can sum the case without an
intermediate overflow, it must agree with the Fraction result; this cross-checks the oracle.

The addends come from a seeded random.Random, so the file is reproducible.

Usage:
  python Tests/Reference/make_exact_sum_reference.py           # (re)write the fixture
  python Tests/Reference/make_exact_sum_reference.py --check   # recompute; exit 1 if the file differs
"""
from __future__ import annotations

import math
import random
import struct
import sys
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixture_file import write_or_check  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "Fixtures" / "reference" / "exact-sum.json"
TINY = 2.0 ** -1074
MAX = sys.float_info.max


def bits(x: float) -> str:
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def from_bits(r: random.Random) -> float:
    """A random finite double, uniform over bit patterns (every exponent equally likely)."""
    while True:
        x = struct.unpack("<d", struct.pack("<Q", r.getrandbits(64)))[0]
        if math.isfinite(x):
            return x


def exact_text(q: Fraction) -> str:
    if q == 0:
        return "0"
    sign = "-" if q < 0 else ""
    q = abs(q)
    den = q.denominator
    assert den & (den - 1) == 0, "a sum of doubles has a power-of-two denominator"
    m, e = q.numerator, -(den.bit_length() - 1)
    while m % 2 == 0:
        m //= 2
        e += 1
    return f"{sign}0x{m:x}p{e}"


def rounded(q: Fraction) -> float:
    try:
        x = float(q)
    except OverflowError:
        return math.inf if q > 0 else -math.inf
    return 0.0 if x == 0 else x


def case(name: str, values: list[float]) -> dict:
    q = sum((Fraction(v) for v in values), Fraction(0))
    s = rounded(q)
    try:
        f = math.fsum(values)
        if math.isfinite(f) or math.isinf(s):
            assert (f == s) and (f != 0 or s == 0), f"{name}: fsum {f!r} != Fraction {s!r}"
    except OverflowError:
        pass
    return {"name": name, "values": [bits(v) for v in values], "sum": bits(s), "text": exact_text(q)}


def build() -> dict:
    r = random.Random(20261207)
    cases = [
        case("empty", []),
        case("negative zeros", [-0.0, -0.0]),
        case("1e308 + 1 - 1e308", [1e308, 1.0, -1e308]),
        case("overflowing partial sum comes back", [MAX, MAX, -MAX]),
        case("sum beyond the largest double", [MAX, MAX]),
        case("sum beyond the largest double, negative", [-MAX, -MAX, -MAX]),
        case("1000 smallest subnormals", [TINY] * 1000),
        case("subnormals meeting the normal range", [2.0 ** -1022 - TINY, TINY]),
        case("ten tenths", [0.1] * 10),
        case("tie to even, down", [2.0 ** 53, 1.0]),
        case("tie to even, up", [2.0 ** 53, 3.0]),
        case("just above the tie", [2.0 ** 53, 1.0, TINY]),
        case("just below the tie", [1.0, 2.0 ** -53, -TINY]),
        case("tie at 1 + ulp", [1.0 + 2.0 ** -52, 2.0 ** -53]),
        case("carry into a new binade", [2.0 ** 53 - 1, 0.5, 0.25]),
        case("largest and smallest", [MAX, TINY, -MAX]),
        case("exact cancellation", [1.5, -0.75, -0.75]),
    ]
    for k in range(6):
        n = r.choice([5, 50, 300])
        cases.append(case(f"random bit patterns {k}", [from_bits(r) for _ in range(n)]))
    for k in range(4):
        xs = [r.random() for _ in range(1000)]
        cases.append(case(f"probabilities {k}", xs))
    for k in range(4):
        xs = [r.uniform(-1, 1) * 10.0 ** r.randint(-300, 300) for _ in range(400)]
        cases.append(case(f"mixed magnitudes {k}", xs))
    for k in range(3):
        xs = [r.uniform(-1, 1) * 10.0 ** r.randint(-20, 20) for _ in range(300)]
        ys = [-x for x in xs] + [r.uniform(-1, 1) * 1e-30 for _ in range(3)]
        zs = xs + ys
        r.shuffle(zs)
        cases.append(case(f"massive cancellation {k}", zs))
    for k in range(2):
        xs = [struct.unpack("<d", struct.pack("<Q", r.getrandbits(52) | (r.getrandbits(1) << 63)))[0] for _ in range(1000)]
        cases.append(case(f"random subnormals {k}", xs))
    xs = [r.choice([1.0, -1.0]) * r.random() * 2.0 ** r.randint(-60, 60) for _ in range(5000)]
    cases.append(case("5000 values, 120 binades", xs))
    return {
        "about": "exact sums of doubles (fractions.Fraction), written by Tests/Reference/make_exact_sum_reference.py",
        "cases": cases,
    }


def main() -> int:
    return write_or_check(OUT, build, __doc__)


if __name__ == "__main__":
    sys.exit(main())
