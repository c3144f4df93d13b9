#!/usr/bin/env python3
"""Writes a numeric CSV for the reader benchmark: ROWS x COLS full-precision floats.

Every value is printed with 17 significant digits (repr-style round trip, e.g. -0.43182397214738212),
so the file exercises the slow-path-free Eisel-Lemire parser and weighs about 590 MB at 1e6 x 30.

    python Benchmarks/csv/make_numeric_csv.py --rows 1000000 --cols 30 --seed 1
"""
import argparse
import os

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cols", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=None, help="default: Benchmarks/data/numeric_<rows>x<cols>.csv")
    args = parser.parse_args()

    here = os.path.dirname(os.path.abspath(__file__))
    out = args.out or os.path.join(here, "..", "data", f"numeric_{args.rows}x{args.cols}.csv")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    rng = np.random.default_rng(args.seed)
    header = ",".join(f"x{j}" for j in range(args.cols))
    chunk = 50_000
    with open(out, "w", newline="\n") as f:
        f.write(header + "\n")
        for start in range(0, args.rows, chunk):
            n = min(chunk, args.rows - start)
            block = rng.standard_normal((n, args.cols))
            lines = "\n".join(",".join("%.17g" % v for v in row) for row in block)
            f.write(lines + "\n")
    print(out)


if __name__ == "__main__":
    main()
