#!/usr/bin/env python3
"""Write Tests/Fixtures/reference/audit-exact-sums.json: audit rows and their per-group tallies with every
sum correctly rounded (math.fsum, cross-checked with fractions.Fraction), the oracle for the exact sums of
GlassboxAudit's tallies (ConfusionTally / GroupTally, ExactTallyTests).

Rows: one string per row, "score outcome weight group", the doubles as 16-hex-digit IEEE 754 bit patterns
(no decimal parsing), the group an index into "groups". Scores are probabilities over many binades, weights span 1e-6 ... 1e6, so plain
left-to-right double sums of the tallies depend on the order of the rows (the script checks that a
reversed and a shuffled order change at least one of them). For every group and for all rows, with the
decision score >= 0.5:
- "rows": tp, fp, tn, fn row counts;
- "weighted": the per-cell weight sums, sum(w*s), sum(w*(y-s)*(y-s)) (each row's term computed in double,
  left to right, as the Swift code computes it), each the exact sum rounded to nearest, ties to even;
- "unweighted": sum(s) and sum((y-s)*(y-s)).

Usage:
  python Tests/Reference/make_audit_exact_sum_reference.py           # (re)write the fixture
  python Tests/Reference/make_audit_exact_sum_reference.py --check   # recompute; exit 1 if the file differs
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
OUT = ROOT / "Tests" / "Fixtures" / "reference" / "audit-exact-sums.json"
GROUPS = ["a", "b", "c"]


def bits(x: float) -> str:
    return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]


def correctly_rounded(values: list[float]) -> float:
    f = math.fsum(values)
    q = sum((Fraction(v) for v in values), Fraction(0))
    assert f == float(q), "fsum and Fraction disagree"
    return 0.0 if f == 0 else f


def naive(values: list[float]) -> float:
    total = 0.0
    for v in values:
        total += v
    return total


def tally(rows: list[tuple[float, float, float, int]]) -> dict:
    cells = {"tp": [], "fp": [], "tn": [], "fn": []}
    ws, wd, s1, d1 = [], [], [], []
    for s, y, w, _ in rows:
        positive = s >= 0.5
        cell = ("tp" if positive else "fn") if y == 1 else ("fp" if positive else "tn")
        cells[cell].append(w)
        d = y - s
        ws.append(w * s)
        wd.append(w * d * d)
        s1.append(s)
        d1.append(d * d)
    weighted = {k: bits(correctly_rounded(v)) for k, v in cells.items()}
    weighted["scoreSum"] = bits(correctly_rounded(ws))
    weighted["squaredErrorSum"] = bits(correctly_rounded(wd))
    return {
        "rows": {k: len(v) for k, v in cells.items()},
        "weighted": weighted,
        "unweighted": {"scoreSum": bits(correctly_rounded(s1)), "squaredErrorSum": bits(correctly_rounded(d1))},
        "terms": [ws, wd, s1, d1, *cells.values()],
    }


def build() -> dict:
    r = random.Random(16)
    rows = []
    for _ in range(1000):
        s = r.random() ** r.choice([1, 3, 9])          # probabilities, many near 0
        y = 1.0 if r.random() < 0.2 + 0.6 * s else 0.0
        w = r.uniform(0.5, 1.5) * 10.0 ** r.randint(-6, 6)
        rows.append((s, y, w, r.randrange(len(GROUPS))))
    groups = {g: tally([row for row in rows if row[3] == k]) for k, g in enumerate(GROUPS)}
    overall = tally(rows)
    # The fixture is only a test of order-freedom if plain sums of these rows depend on the order.
    shuffled = rows[:]
    r2 = random.Random(7)
    r2.shuffle(shuffled)
    moved = any(naive(a) != naive(b) for a, b in zip(overall["terms"], tally(shuffled)["terms"]) if len(a) > 1)
    moved = moved or any(naive(t) != naive(t[::-1]) for t in overall["terms"])
    assert moved, "plain sums of these rows do not depend on the order: make the data harder"
    for t in [overall, *groups.values()]:
        del t["terms"]
    return {
        "about": "audit rows and per-group tallies with correctly rounded sums (math.fsum = Fraction), "
                 "written by Tests/Reference/make_audit_exact_sum_reference.py; decision score >= 0.5",
        "groups": GROUPS,
        "rows": [f"{bits(s)} {int(y)} {bits(w)} {g}" for s, y, w, g in rows],
        "tallies": groups,
        "overall": overall,
    }


def main() -> int:
    return write_or_check(OUT, build, __doc__)


if __name__ == "__main__":
    sys.exit(main())
